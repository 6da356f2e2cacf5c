// Report periods (R-34: day, week, month; quarter for the R-29 evaluator review) as inclusive
// ISO date ranges in the center's calendar.
import {addDays} from '../rules/calendar.ts';
import {weekStart} from '../rules/attendance.ts';

export type ReportPeriod = 'day' | 'week' | 'month' | 'quarter';

export type PeriodRange = {
  readonly period: ReportPeriod;
  readonly from: string;
  readonly to: string;
  readonly days: readonly string[];
  /** yyyy-mm of every month the range touches (where the lead documents live). */
  readonly months: readonly string[];
  /** A label such as 2026-11, 2026-W48 or 2026-11-23. */
  readonly label: string;
};

export function periodRange(period: ReportPeriod, date: string): PeriodRange {
  let from = date;
  let to = date;
  if (period === 'week') {
    from = weekStart(date);
    to = addDays(from, 6);
  } else if (period === 'month') {
    from = `${date.slice(0, 7)}-01`;
    to = addDays(`${addDays(from, 31).slice(0, 7)}-01`, -1);
  } else if (period === 'quarter') {
    const first = Math.floor((Number(date.slice(5, 7)) - 1) / 3) * 3 + 1;
    from = `${date.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
    to = addDays(`${addDays(addDays(from, 62), 31).slice(0, 7)}-01`, -1);
  }
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  const months = [...new Set(days.map(d => d.slice(0, 7)))];
  const label = period === 'month' ? from.slice(0, 7) : period === 'quarter' ? `${from.slice(0, 4)}-Q${Math.floor(Number(from.slice(5, 7)) / 3) + 1}` : period === 'week' ? `${from}…${to}` : from;
  return {period, from, to, days, months, label};
}
