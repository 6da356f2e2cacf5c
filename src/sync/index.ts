// The sync layer's public names.
export * from './schema.ts';
export * from './doc-name.ts';
export {CallLog, ORIGIN_SEAT, ORIGIN_SWITCH, type CallLogChange, type CallLogOptions} from './call-log.ts';
export {HandoverLog, type HandoverEntry} from './handover-log.ts';
export {WrapupLog} from './wrapup-log.ts';
export type {SyncIssue, IssueSink} from './issues.ts';
export {SeatStore, type SyncState, type SeatStoreOptions} from './seat-store.ts';
export {wrapupFigures} from './wrapup-figures.ts';
export {UpdateLog, readLog, RecordKind} from './update-log.ts';
