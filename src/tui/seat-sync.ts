// Forwards the seat's notes into the team's synced call log (`calls/<team>/<day>` on the hub,
// y-websocket), and reports the sync state for the state bar. The seat's own day file
// (seat-records.ts) stays the crash-safe copy: after every (re)connect the notes in it are
// replayed into the document, so edits made offline or before a crash reach the hub.
import * as Y from 'yjs';
import {WebsocketProvider} from 'y-websocket';
import WebSocket from 'ws';
import {CallLog} from '../sync/call-log.ts';
import {callsDoc} from '../sync/doc-name.ts';
import type {SeatFields} from '../sync/schema.ts';
import {seatFieldsOf} from './seat-fields.ts';
import type {LocalRecords, RecordSink, SyncState} from './seat-records.ts';

export type SeatSinkOptions = {
  readonly hubUrl: string;
  readonly agent: string;
  readonly pin: string;
  readonly team: string;
  /** Center-local day, YYYY-MM-DD. */
  readonly day: string;
  readonly records: LocalRecords;
  readonly clock?: () => number;
};

export type SeatSink = RecordSink & {readonly log: CallLog; close(): void};

export function seatSink(options: SeatSinkOptions): SeatSink {
  const {records, agent} = options;
  const clock = options.clock ?? Date.now;
  const doc = new Y.Doc();
  const log = new CallLog(doc, {onIssue: () => {}});
  const provider = new WebsocketProvider(`${options.hubUrl.replace(/\/+$/, '')}/sync`, callsDoc(options.team, options.day), doc, {
    params: {agent, pin: options.pin},
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    maxBackoffTime: 5000,
  });
  let pending = 0;
  let offlineSince: number | undefined = clock();

  const push = (callId: string) => {
    const row = records.calls().find(c => c.callId === callId);
    if (!row) return;
    const wanted = seatFieldsOf(callId, row.notes, {agent, caller: row.facts.caller, at: row.notes.updatedAt ?? clock()});
    const current = log.get(callId)?.seat ?? {};
    const changed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(wanted)) {
      if (JSON.stringify((current as Record<string, unknown>)[key]) !== JSON.stringify(value)) changed[key] = value;
    }
    if (Object.keys(changed).length === 0) return;
    try {
      log.annotate(callId, changed as SeatFields, {by: agent, at: row.notes.updatedAt ?? clock()});
    } catch {
      // A field the schema refuses stays in the local file; the rest is already written.
    }
  };

  provider.on('sync', (synced: boolean) => {
    if (!synced) return;
    for (const row of records.calls()) if (Object.keys(row.notes).length > 0) push(row.callId);
    pending = 0;
    offlineSince = undefined;
    records.changed();
  });
  provider.on('status', ({status}: {status: string}) => {
    if (status !== 'connected' && offlineSince === undefined) offlineSince = clock();
    records.changed();
  });

  return {
    log,
    annotate(callId) {
      push(callId);
      if (!(provider.wsconnected && provider.synced)) pending++;
    },
    sync(): SyncState {
      if (provider.wsconnected && provider.synced) return {kind: 'synced'};
      return pending > 0 ? {kind: 'pending', pending, since: offlineSince} : {kind: 'offline', since: offlineSince};
    },
    close() {
      provider.destroy();
      doc.destroy();
    },
  };
}
