// sign-in before the shift and the make-up sign-in limit (2 per week; more count
// as absence).
import type {PolicyConfig} from './config.ts';
import {addDays} from './calendar.ts';

/** ISO week (Monday first) of an ISO date, as `YYYY-Www`. */
export function isoWeek(date: string): string {
  const day = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(day + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday of the ISO week of a date. */
export function weekStart(date: string): string {
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

export type MakeUpReview = {
  readonly week: string;
  /** Accepted make-up sign-ins (dates). */
  readonly accepted: readonly string[];
  /** Beyond the weekly limit: counted as absence. */
  readonly absences: readonly string[];
};

/** review make-up sign-ins (ISO dates), week by week, in date order. */
export function reviewMakeUpSignIns(dates: readonly string[], policy: PolicyConfig): MakeUpReview[] {
  const limit = policy.attendance.makeUpSignInsPerWeek;
  const weeks = new Map<string, string[]>();
  for (const date of [...dates].sort()) {
    const week = weeks.get(isoWeek(date)) ?? [];
    week.push(date);
    weeks.set(isoWeek(date), week);
  }
  return [...weeks.entries()].map(([week, list]) => ({week, accepted: list.slice(0, limit), absences: list.slice(limit)}));
}

export type SignInCheck = {readonly dueMs: number; readonly meetingAtMs: number; readonly onTime: boolean; readonly lateMs: number};

/** sign in 10 min before the shift, when the morning meeting starts. */
export function signInCheck(shiftStartMs: number, signedInAtMs: number | undefined, policy: PolicyConfig): SignInCheck {
  const dueMs = shiftStartMs - policy.attendance.signInMinutesBeforeShift * 60_000;
  const meetingAtMs = shiftStartMs - policy.attendance.morningMeetingMinutes * 60_000;
  if (signedInAtMs === undefined) return {dueMs, meetingAtMs, onTime: false, lateMs: Number.POSITIVE_INFINITY};
  return {dueMs, meetingAtMs, onTime: signedInAtMs <= dueMs, lateMs: Math.max(0, signedInAtMs - dueMs)};
}
