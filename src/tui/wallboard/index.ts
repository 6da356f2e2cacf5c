// The team lead's wallboard (issue 7): what other parts of zuoxi use, by name.
export {runWallboard, type RunWallboardOptions, type WallboardHandle, type WallboardResult} from './run-wallboard.tsx';
export {startFloorSource, type FloorSource, type FloorSourceOptions} from './floor-source.ts';
export {FloorModel, type FloorView, type SeatRow, type AgentDetail, type ServiceFigures, type QueueView, type QaProgress} from './floor-model.ts';
export {FloorFeed, controlUrl, type FloorCredentials} from './floor-feed.ts';
export {attachFloorRecords} from './floor-records.ts';
export {PeakTracker, type PeakView} from './peak.ts';
export {Wallboard, type WallboardProps} from './Wallboard.tsx';
export {strings, type Lang, type Strings} from './i18n.ts';
