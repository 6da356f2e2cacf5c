// The lead documents (qa/, roster/, ledger/<team>/<yyyy-mm>) and the per-call checks, by name.
export {LeadWriteError, leadOrigin, type LeadContext, type BadEntry} from './lead-doc.ts';
export {QaBook, QaSample, QaScore, QaDispute, QaDecision, QaMethod, feedbackState, type ScoreView, type FeedbackState} from './qa-book.ts';
export {RosterBook, Shift, Attendance, BreakRecord, LeaveRecord, Meeting, Training, Exam, type AttendanceView, type BreakView} from './roster-book.ts';
export {LedgerBook, LedgerRecord} from './ledger-book.ts';
export {checkCall, checkDay, flagCallOf, qaCandidates, type CheckedCall, type QaCandidate} from './call-checks.ts';
