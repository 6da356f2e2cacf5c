// QA feedback deadlines. An individual error is fed back within 1 working day (by the
// end of the next working day of the service calendar); a common issue within 1 week.
import type {PolicyConfig} from './config.ts';
import {addBusinessDays, localMs, localTime} from './calendar.ts';

export type FeedbackKind = 'individual' | 'common';

/** Epoch ms by which feedback on a score given at `scoredAtMs` is due. */
export function feedbackDue(kind: FeedbackKind, scoredAtMs: number, policy: PolicyConfig): number {
  const q = policy.qa;
  if (kind === 'common') return scoredAtMs + q.commonIssueFeedbackDays * 86_400_000;
  const {date} = localTime(scoredAtMs, policy);
  const dueDate = q.individualFeedbackWorkingDays === 0 ? date : addBusinessDays(date, q.individualFeedbackWorkingDays, policy.calendars.service, policy);
  // End of that local day: feedback any time during the working day counts.
  return localMs(dueDate, 24 * 60, policy);
}

export type FeedbackState = 'given' | 'given_late' | 'due' | 'overdue';

export function feedbackState(dueMs: number, givenAtMs: number | undefined, nowMs: number): FeedbackState {
  if (givenAtMs !== undefined) return givenAtMs <= dueMs ? 'given' : 'given_late';
  return nowMs > dueMs ? 'overdue' : 'due';
}
