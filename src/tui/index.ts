// The seat's public names (the wallboard and the lead console have their own folders).
export {SeatApp, type SeatAppProps, type SignedIn} from './SeatApp.tsx';
export {runSeat, type RunSeatOptions, type SinkContext} from './run-seat.tsx';
export {SeatSession, CommandError, type SeatPort, type SeatState, type SeatSessionOptions, type Offer, type ActiveCall, type EndedCall, type Profile} from '../client/seat-session.ts';
export {LocalRecords, CallNotes, type SeatRecords, type RecordSink, type SyncState, type CallRow, type ReceivedItem} from '../client/seat-records.ts';
export {seatSink, type SeatSink, type SeatSinkOptions} from '../client/seat-sync.ts';
export {seatFieldsOf} from '../client/seat-fields.ts';
export {messages, fmt, type Lang, type Messages} from './i18n.ts';
export {realTicker, ManualTicker, type Ticker} from './ticker.ts';
export {frameDiffStream, diffFrame} from './frame-diff.ts';
