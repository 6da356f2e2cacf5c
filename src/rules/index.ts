// src/rules: the policy of POLICY.md (R-01…R-36) as pure data and functions. No I/O, no
// clock, no randomness of its own: time and rng are parameters.
export {PolicyConfig, defaultPolicy, Calendar, ClockTime, IsoDate, ScriptPhrases, defaultCalendars} from './config.ts';
export {fillPhrase, phraseSlots} from './phrase.ts';
export {ringState, openingPhrase, answerLimitMs, type RingState, type RingOptions} from './ring.ts';
export {scriptCatalog, stagePhrases, scriptStageInfo, type ScriptStageId, type ScriptStageInfo, type ScriptPhrase, type ScriptPromise} from './script.ts';
export {callStages, stageOptions, advanceStage, nextStage, hangUpFlag, type CallStage, type StageOptions, type StageMove, type HangUp} from './call-stage.ts';
export {holdNudge, holdSchedule, beforeHoldPrompt, type HoldEvent, type HoldEventKind, type HoldNudge} from './hold.ts';
export {silentCall, type SilentCallState, type SilentStep} from './silent.ts';
export {offerCheck, recordOffer, noOffers, type OfferState, type OfferCheck, type OfferResult} from './offers.ts';
export {localTime, localMs, addDays, isBusinessDay, dayHours, isOpen, nextBusinessDay, addBusinessDays, nextOpening, callbackDue, type LocalTime, type DayHours, type CallbackDue} from './calendar.ts';
export {peakLevel, outboundAllowed, predictablePeakAt, predictablePeaksOnDays, peakInstantMs, peakActions, actionsByLevel, type QueueSample, type PeakLevel, type PeakAction, type PeakState, type PeakOptions} from './peak.ts';
export {seededRng, type Rng} from './rng.ts';
export {qaQuota, qaProgress, type QaAgentInput, type QaQuota, type QaProgress} from './qa-quota.ts';
export {sampleCalls, type SampleCandidate} from './qa-sampler.ts';
export {feedbackDue, applyQaAction, type QaReview, type QaAction, type QaActionResult} from './qa-feedback.ts';
export {calibrateEvaluators, type QaScore, type EvaluatorCalibration} from './qa-calibration.ts';
export {disciplineLedger, type Violation, type LedgerEntry, type MonthTotals, type AgentLedger} from './discipline.ts';
export {routeLeave, type LeaveRequest, type LeaveRouting} from './leave.ts';
export {reviewMakeUpSignIns, signInCheck, isoWeek, weekStart, type MakeUpReview, type SignInCheck} from './attendance.ts';
export {canStartBreak, breakStatus, type BreakKind, type BreakRequest, type BreakStatus} from './breaks.ts';
export {placementExam, type ExamResult} from './exam.ts';
export {computeKpis, kpiReport, periodOf, computeOutboundKpis, type OutboundAttempt, type OutboundKpis, type KpiCall, type Kpis, type KpiGroupBy, type KpiPeriod, type KpiRow} from './kpi.ts';
export {callFlags, type FlagCall, type CallFlag, type CallFlagName} from './call-flags.ts';
export {maskNumber, maskNumberFor, seatLocked, type MaskOptions} from './privacy.ts';
export {nameOf, ruleNames, callStageNames, scriptStageNames, flagNames, peakActionNames, stateNames, type Lang, type RuleId} from './i18n.ts';
export {speechRate, type SpeechRate} from './speech.ts';
export {openTicket, applyTicketAction, complaintDeadline, ticketStates, type Ticket, type TicketState, type TicketAction, type TicketResult} from './work-order.ts';
