// R-19 service-hours calendars and R-08 callback due dates. Times are epoch ms; the center's
// local time is UTC + policy.calendars.utcOffsetMinutes (no clock or time-zone database here).
import type {Calendar, PolicyConfig} from './config.ts';
import type {ScriptPromise} from './script.ts';

const dayMs = 86_400_000;
const minuteMs = 60_000;
/** Bounded search: a calendar closed for two years is a configuration error. */
const maxSearchDays = 731;

const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

function dayNumber(date: string): number {
  const ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(ms)) throw new TypeError(`expected an ISO date YYYY-MM-DD, got "${date}"`);
  return ms / dayMs;
}

const isoOf = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10);

/** Add calendar days to an ISO date. */
export function addDays(date: string, days: number): string {
  return isoOf(dayNumber(date) + days);
}

export type LocalTime = {
  readonly date: string;
  /** Minutes since local midnight (fractional: seconds count). */
  readonly minutes: number;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
};

export function localTime(ms: number, policy: PolicyConfig): LocalTime {
  const shifted = new Date(ms + policy.calendars.utcOffsetMinutes * minuteMs);
  return {date: shifted.toISOString().slice(0, 10), minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() + shifted.getUTCSeconds() / 60 + shifted.getUTCMilliseconds() / minuteMs, weekday: shifted.getUTCDay()};
}

/** Epoch ms of a local date and time of day (minutes since midnight). */
export function localMs(date: string, minutes: number, policy: PolicyConfig): number {
  return dayNumber(date) * dayMs + minutes * minuteMs - policy.calendars.utcOffsetMinutes * minuteMs;
}

function calendarNamed(name: string, policy: PolicyConfig): Calendar {
  const calendar = policy.calendars.definitions[name];
  if (!calendar) throw new TypeError(`no calendar named "${name}" (have: ${Object.keys(policy.calendars.definitions).join(', ')})`);
  return calendar;
}

/** the calendar works on this local date (weekday, not a holiday, or a swapped workday). */
export function isBusinessDay(date: string, calendarName: string, policy: PolicyConfig): boolean {
  const calendar = calendarNamed(calendarName, policy);
  const {holidays, extraWorkdays} = policy.calendars;
  if (calendar.closedOnHolidays && holidays.includes(date)) return false;
  if (extraWorkdays.includes(date)) return true;
  return calendar.days.includes(new Date(dayNumber(date) * dayMs).getUTCDay());
}

export type DayHours = {readonly date: string; readonly openMs: number; readonly closeMs: number; readonly lunch?: {readonly startMs: number; readonly endMs: number}};

/** Opening hours on a local date, or undefined when closed that day. */
export function dayHours(date: string, calendarName: string, policy: PolicyConfig): DayHours | undefined {
  if (!isBusinessDay(date, calendarName, policy)) return undefined;
  const c = calendarNamed(calendarName, policy);
  return {
    date,
    openMs: localMs(date, minutesOf(c.open), policy),
    closeMs: localMs(date, minutesOf(c.close), policy),
    ...(c.lunch ? {lunch: {startMs: localMs(date, minutesOf(c.lunch.start), policy), endMs: localMs(date, minutesOf(c.lunch.end), policy)}} : {}),
  };
}

/** the line is staffed at this instant (inside hours, not at lunch). */
export function isOpen(ms: number, calendarName: string, policy: PolicyConfig): boolean {
  const hours = dayHours(localTime(ms, policy).date, calendarName, policy);
  if (!hours || ms < hours.openMs || ms >= hours.closeMs) return false;
  return !(hours.lunch && ms >= hours.lunch.startMs && ms < hours.lunch.endMs);
}

/** The first business day strictly after `date`. */
export function nextBusinessDay(date: string, calendarName: string, policy: PolicyConfig): string {
  return addBusinessDays(date, 1, calendarName, policy);
}

/** The `n`-th business day after `date` (n ≥ 1). */
export function addBusinessDays(date: string, n: number, calendarName: string, policy: PolicyConfig): string {
  if (!Number.isInteger(n) || n < 1) throw new TypeError(`addBusinessDays: n must be a positive integer, got ${n}`);
  let day = date;
  let found = 0;
  for (let i = 0; i < maxSearchDays * n; i++) {
    day = addDays(day, 1);
    if (isBusinessDay(day, calendarName, policy) && ++found === n) return day;
  }
  throw new RangeError(`calendar "${calendarName}" has no business day within ${maxSearchDays} days of ${date}`);
}

/** The next moment the line opens at or after `ms` (itself if open). */
export function nextOpening(ms: number, calendarName: string, policy: PolicyConfig): number {
  if (isOpen(ms, calendarName, policy)) return ms;
  let date = localTime(ms, policy).date;
  for (let i = 0; i <= maxSearchDays; i++, date = addDays(date, 1)) {
    const h = dayHours(date, calendarName, policy);
    if (!h) continue;
    for (const start of [h.openMs, h.lunch?.endMs]) if (start !== undefined && start >= ms && isOpen(start, calendarName, policy)) return start;
  }
  throw new RangeError(`calendar "${calendarName}" does not open within ${maxSearchDays} days`);
}

export type CallbackDue = {
  readonly kind: ScriptPromise['kind'];
  /** The calendar the callback must happen in. */
  readonly calendar: string;
  /** Earliest sensible time to call back (inside hours). */
  readonly notBeforeMs: number;
  /** Deadline; undefined for an open-ended promise (「开通后…通知您」). */
  readonly dueMs: number | undefined;
  /** Open-ended promises are tagged with the service they wait for. */
  readonly service?: string;
};

/** the callback task a script promise creates, made at `promisedAtMs`. */
export function callbackDue(promise: ScriptPromise, promisedAtMs: number, policy: PolicyConfig, options: {readonly service?: string} = {}): CallbackDue {
  const today = localTime(promisedAtMs, policy).date;
  if (promise.kind === 'open_ended') {
    const calendar = policy.calendars.service;
    return {kind: 'open_ended', calendar, notBeforeMs: nextOpening(promisedAtMs, calendar, policy), dueMs: undefined, ...(options.service ? {service: options.service} : {})};
  }
  if (promise.kind === 'next_business_day') {
    // 「明天工作时间给您回电」: within the hours of the next business day, even when promised
    // one minute before today's close.
    const calendar = promise.calendar === 'specialist' ? policy.calendars.specialist : policy.calendars.service;
    const day = dayHours(nextBusinessDay(today, calendar, policy), calendar, policy) as DayHours;
    return {kind: 'next_business_day', calendar, notBeforeMs: day.openMs, dueMs: day.closeMs};
  }
  // 「五个工作日内给您回电」: by the close of the 5th business day after today.
  const calendar = policy.calendars.service;
  const due = dayHours(addBusinessDays(today, policy.callbacks.withinWorkingDays || 1, calendar, policy), calendar, policy) as DayHours;
  return {kind: 'working_days', calendar, notBeforeMs: nextOpening(promisedAtMs, calendar, policy), dueMs: due.closeMs};
}
