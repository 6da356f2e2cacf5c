// The team lead's wallboard (issue 7): what other parts of zuoxi use, by name.
export {runWallboard, type RunWallboardOptions, type WallboardHandle, type WallboardResult} from './run-wallboard.tsx';
export {startFloorSource, type FloorSource, type FloorSourceOptions} from '../../client/floor/floor-source.ts';
export {FloorModel, type FloorView, type SeatRow, type AgentDetail, type ServiceFigures, type QueueView, type QaProgress} from '../../client/floor/floor-model.ts';
export {FloorFeed, controlUrl, type FloorCredentials} from '../../client/floor/floor-feed.ts';
export {attachFloorRecords} from '../../client/floor/floor-records.ts';
export {PeakTracker, type PeakView} from '../../client/floor/peak.ts';
export {Wallboard, type WallboardProps} from './Wallboard.tsx';
export {strings, type Lang, type Strings} from './i18n.ts';
