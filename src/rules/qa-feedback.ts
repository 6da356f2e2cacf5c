// R-27 feedback deadlines and R-28 score disputes.
import type {PolicyConfig} from './config.ts';
import {addBusinessDays, dayHours, localTime, type DayHours} from './calendar.ts';

/**
 * an individual error is fed back within 1 working day (by the close of the next
 * business day of the service calendar); a common issue within 1 week (calendar days).
 */
export function feedbackDue(kind: 'individual' | 'common', foundAtMs: number, policy: PolicyConfig): number {
  if (kind === 'common') return foundAtMs + policy.qa.commonIssueFeedbackDays * 86_400_000;
  const calendar = policy.calendars.service;
  const days = policy.qa.individualFeedbackWorkingDays;
  const date = days === 0 ? localTime(foundAtMs, policy).date : addBusinessDays(localTime(foundAtMs, policy).date, days, calendar, policy);
  const hours = dayHours(date, calendar, policy);
  return hours ? hours.closeMs : (dayHours(addBusinessDays(date, 1, calendar, policy), calendar, policy) as DayHours).closeMs;
}

export type QaReview = {
  readonly id: string;
  readonly agentId: string;
  readonly evaluatorId: string;
  readonly score: number;
  readonly status: 'scored' | 'disputed' | 'final';
  readonly dispute?: {readonly reason: string; readonly atMs: number};
  readonly decision?: {readonly by: string; readonly score: number; readonly atMs: number; readonly note?: string};
};

export type QaAction =
  | {readonly type: 'dispute'; readonly by: string; readonly reason: string; readonly atMs: number}
  | {readonly type: 'decide'; readonly by: string; readonly role: 'agent' | 'lead' | 'supervisor'; readonly score: number; readonly atMs: number; readonly note?: string};

export type QaActionResult = {readonly ok: true; readonly review: QaReview} | {readonly ok: false; readonly error: string};

/** the agent disputes once; the supervisor decides the final score. */
export function applyQaAction(review: QaReview, action: QaAction): QaActionResult {
  if (review.status === 'final') return {ok: false, error: 'R-28: the score is final'};
  if (action.type === 'dispute') {
    if (action.by !== review.agentId) return {ok: false, error: 'R-28: only the evaluated agent may dispute the score'};
    if (review.status === 'disputed') return {ok: false, error: 'R-28: already disputed, waiting for the supervisor'};
    if (action.reason.trim() === '') return {ok: false, error: 'R-28: a dispute needs a reason'};
    return {ok: true, review: {...review, status: 'disputed', dispute: {reason: action.reason, atMs: action.atMs}}};
  }
  if (action.role !== 'supervisor') return {ok: false, error: 'R-28: only a supervisor decides a disputed score'};
  if (review.status !== 'disputed') return {ok: false, error: 'R-28: nothing to decide: the score is not disputed'};
  if (!Number.isFinite(action.score) || action.score < 0 || action.score > 100) return {ok: false, error: `R-28: score must be 0–100, got ${action.score}`};
  return {ok: true, review: {...review, status: 'final', score: action.score, decision: {by: action.by, score: action.score, atMs: action.atMs, ...(action.note ? {note: action.note} : {})}}};
}
