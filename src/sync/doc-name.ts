// Names of the synced documents. Day documents (calls, handover, wrap-up) belong to the floor;
// month documents (QA, roster, discipline ledger) are the team lead's. The name is also the
// document's path on disk, so parsing it is strict: nothing but these shapes gets through.

export type DayKind = 'calls' | 'handover' | 'wrapup';
export type MonthKind = 'qa' | 'roster' | 'ledger';
export type DocKind = DayKind | MonthKind;

export const dayKinds: readonly DayKind[] = ['calls', 'handover', 'wrapup'];
export const monthKinds: readonly MonthKind[] = ['qa', 'roster', 'ledger'];

export type DocName = {
  readonly kind: DocKind;
  readonly team: string;
  /** yyyy-mm-dd for day kinds, yyyy-mm for month kinds. */
  readonly period: string;
};

const teamPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;
const dayPattern = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

export type DocNameResult = {ok: true; name: DocName} | {ok: false; error: string};

/** Parse `calls/<team>/<yyyy-mm-dd>` and friends; the error says what is wrong. */
export function parseDocName(text: string): DocNameResult {
  const parts = text.split('/');
  if (parts.length !== 3) return {ok: false, error: `document name "${clip(text)}" is not <kind>/<team>/<period>`};
  const [kind, team, period] = parts;
  if (!teamPattern.test(team)) return {ok: false, error: `document "${clip(text)}": "${clip(team)}" is not a team id`};
  if ((dayKinds as readonly string[]).includes(kind)) {
    const m = dayPattern.exec(period);
    if (!m || !realDay(Number(m[1]), Number(m[2]), Number(m[3]))) return {ok: false, error: `document "${clip(text)}": "${clip(period)}" is not a date yyyy-mm-dd`};
    return {ok: true, name: {kind: kind as DayKind, team, period}};
  }
  if ((monthKinds as readonly string[]).includes(kind)) {
    if (!monthPattern.test(period)) return {ok: false, error: `document "${clip(text)}": "${clip(period)}" is not a month yyyy-mm`};
    return {ok: true, name: {kind: kind as MonthKind, team, period}};
  }
  return {ok: false, error: `document "${clip(text)}": unknown kind "${clip(kind)}" (expected ${[...dayKinds, ...monthKinds].join(', ')})`};
}

export function formatDocName(name: DocName): string {
  return `${name.kind}/${name.team}/${name.period}`;
}

export const callsDoc = (team: string, day: string) => `calls/${team}/${day}`;
export const handoverDoc = (team: string, day: string) => `handover/${team}/${day}`;
export const wrapupDoc = (team: string, day: string) => `wrapup/${team}/${day}`;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The center's calendar day (yyyy-mm-dd) of an epoch ms in `timeZone` (default Asia/Shanghai). */
export function dayKey(epochMs: number, timeZone = 'Asia/Shanghai'): string {
  let format = formatters.get(timeZone);
  if (!format) {
    // en-CA formats dates as yyyy-mm-dd.
    format = new Intl.DateTimeFormat('en-CA', {timeZone, year: 'numeric', month: '2-digit', day: '2-digit'});
    formatters.set(timeZone, format);
  }
  return format.format(new Date(epochMs));
}

/** The month (yyyy-mm) of an epoch ms in `timeZone`. */
export function monthKey(epochMs: number, timeZone = 'Asia/Shanghai'): string {
  return dayKey(epochMs, timeZone).slice(0, 7);
}

/** Every day from `from` to `to` inclusive (yyyy-mm-dd); empty if to < from. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const start = Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10)));
  const end = Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 1, Number(to.slice(8, 10)));
  for (let t = start; t <= end && days.length < 3660; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

function realDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** How far from today a document may be created (issue 15: 400 documents for 400 dates). */
export type PeriodWindow = {readonly pastDays: number; readonly futureDays: number; readonly pastMonths: number; readonly futureMonths: number};

export const defaultPeriodWindow: PeriodWindow = {pastDays: 2, futureDays: 1, pastMonths: 13, futureMonths: 1};

/**
 * Why a document for `name` may not be created at `now` (ms), or undefined. Days are compared in
 * UTC with 14 h of margin either side, so every center time zone's today is inside.
 */
export function periodProblem(name: DocName, now: number, window: PeriodWindow = defaultPeriodWindow): string | undefined {
  const dayMs = 86_400_000;
  const margin = 14 * 3_600_000;
  if ((dayKinds as readonly string[]).includes(name.kind)) {
    const first = new Date(now - window.pastDays * dayMs - margin).toISOString().slice(0, 10);
    const last = new Date(now + window.futureDays * dayMs + margin).toISOString().slice(0, 10);
    if (name.period < first || name.period > last) return `${name.kind} for ${name.period}: the center has days ${first} … ${last} only`;
    return undefined;
  }
  const month = (offset: number) => {
    const d = new Date(now);
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + offset);
    return d.toISOString().slice(0, 7);
  };
  const first = month(-window.pastMonths);
  const last = month(window.futureMonths);
  if (name.period < first || name.period > last) return `${name.kind} for ${name.period}: the center has months ${first} … ${last} only`;
  return undefined;
}
