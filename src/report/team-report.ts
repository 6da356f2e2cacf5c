// R-34/R-35 team report: per agent and for the team over a day, week or month — the KPI set
// (src/rules computeKpis), per-call check flags, QA scores (final after R-28 decisions),
// discipline points (R-33) and attendance (R-20). Pure: documents are read by the caller.
import type {PolicyConfig} from '../rules/config.ts';
import {computeKpis, type KpiCall, type Kpis} from '../rules/kpi.ts';
import {disciplineLedger} from '../rules/discipline.ts';
import {localTime} from '../rules/calendar.ts';
import {calibrateEvaluators, type EvaluatorCalibration} from '../rules/qa-calibration.ts';
import type {CallRecord} from '../sync/schema.ts';
import type {ScoreView} from '../sync/lead/qa-book.ts';
import type {LedgerRecord} from '../sync/lead/ledger-book.ts';
import type {AttendanceView} from '../sync/lead/roster-records.ts';
import {checkCall} from '../sync/lead/call-checks.ts';
import {kpiCallOf} from '../sync/kpi-call.ts';
import type {PeriodRange} from './period.ts';

export type QaFigures = {readonly scored: number; readonly average: number | null; readonly disputes: number; readonly revised: number};
export type DisciplineFigures = {readonly points: number; readonly serious: number; readonly general: number; readonly dismissal: boolean};
export type AttendanceFigures = {readonly shifts: number; readonly signedIn: number; readonly late: number; readonly absences: number};

export type AgentRow = {
  readonly agent: string;
  readonly name: string;
  readonly kpis: Kpis;
  /** Per-call check flags in the period: flag → calls. */
  readonly flags: Readonly<Record<string, number>>;
  readonly qa: QaFigures;
  readonly discipline: DisciplineFigures;
  readonly attendance: AttendanceFigures;
};

export type DayRow = {readonly date: string; readonly offered: number; readonly answered: number; readonly abandoned: number; readonly serviceLevel: number; readonly ahtMs: number};

export type TeamReport = {
  readonly team: string;
  /** The team's name from the config (the id when it has none). */
  readonly teamName: string;
  readonly period: PeriodRange['period'];
  readonly label: string;
  readonly from: string;
  readonly to: string;
  readonly generatedAt: number;
  /** `generatedAt` in the center's time, e.g. "2026-12-03 18:05 UTC+8". */
  readonly generatedLocal: string;
  readonly totals: {readonly kpis: Kpis; readonly flags: Readonly<Record<string, number>>; readonly qa: QaFigures; readonly discipline: Omit<DisciplineFigures, 'dismissal'> & {readonly dismissals: number}; readonly attendance: AttendanceFigures};
  readonly agents: readonly AgentRow[];
  readonly days: readonly DayRow[];
  /** R-29: each evaluator's scores (as given, before R-28 decisions) against peers' on the same agents. */
  readonly calibration: readonly EvaluatorCalibration[];
};

export type ReportInput = {
  readonly team: string;
  readonly teamName?: string;
  readonly range: PeriodRange;
  readonly generatedAt: number;
  readonly policy: PolicyConfig;
  /** The team's agents (id → name); agents seen in records but not listed are added by id. */
  readonly agents: ReadonlyMap<string, string>;
  readonly records: readonly CallRecord[];
  /** Scores of the months the range touches (filtered by date here). */
  readonly scores: readonly ScoreView[];
  /** Ledger entries of the range's months and earlier ones (repeats and dismissal need them). */
  readonly ledger: readonly LedgerRecord[];
  readonly attendance: readonly AttendanceView[];
};

const qaFigures = (scores: readonly ScoreView[]): QaFigures => ({
  scored: scores.length,
  average: scores.length === 0 ? null : Math.round((scores.reduce((n, s) => n + s.finalPercent, 0) / scores.length) * 10) / 10,
  disputes: scores.filter(s => s.dispute).length,
  revised: scores.filter(s => s.dispute?.decision?.outcome === 'revised').length,
});

function countFlags(list: ReadonlyArray<readonly string[]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const flags of list) for (const f of flags) out[f] = (out[f] ?? 0) + 1;
  return out;
}

function centerTime(ms: number, policy: PolicyConfig): string {
  const local = localTime(ms, policy);
  const minutes = Math.floor(local.minutes);
  const offset = policy.calendars.utcOffsetMinutes;
  const zone = `UTC${offset < 0 ? '-' : '+'}${Math.floor(Math.abs(offset) / 60)}${Math.abs(offset) % 60 ? `:${String(Math.abs(offset) % 60).padStart(2, '0')}` : ''}`;
  return `${local.date} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')} ${zone}`;
}

export function buildTeamReport(input: ReportInput): TeamReport {
  const {policy, range} = input;
  const inRange = (date: string) => date >= range.from && date <= range.to;
  const dateOf = (ms: number) => localTime(ms, policy).date;
  const now = input.generatedAt;

  const calls: Array<{kpi: KpiCall; flags: string[]; date: string}> = [];
  for (const record of input.records) {
    const kpi = kpiCallOf(record);
    if (!kpi || kpi.team !== input.team || !inRange(dateOf(kpi.queuedAtMs))) continue;
    calls.push({kpi, flags: checkCall(record, now, policy).map(f => f.flag), date: dateOf(kpi.queuedAtMs)});
  }
  const scores = input.scores.filter(s => inRange(s.date));
  const ledgers = disciplineLedger(input.ledger.map(e => ({agentId: e.agent, atMs: e.at, severity: e.severity, code: e.code})), policy);
  const attendance = new Map(input.attendance.map(a => [a.agent, a]));

  const ids = new Set<string>([...input.agents.keys(), ...calls.flatMap(c => (c.kpi.agentId ? [c.kpi.agentId] : []))]);
  const agents: AgentRow[] = [...ids].sort().map(agent => {
    const own = calls.filter(c => c.kpi.agentId === agent);
    const ledger = ledgers.find(l => l.agentId === agent);
    const entries = (ledger?.entries ?? []).filter(e => inRange(dateOf(e.atMs)));
    const a = attendance.get(agent);
    return {
      agent,
      name: input.agents.get(agent) ?? agent,
      kpis: computeKpis(own.map(c => c.kpi), policy),
      flags: countFlags(own.map(c => c.flags)),
      qa: qaFigures(scores.filter(s => s.agent === agent)),
      discipline: {points: entries.reduce((n, e) => n + e.points, 0), serious: entries.filter(e => e.counted === 'serious').length, general: entries.filter(e => e.counted === 'general').length, dismissal: ledger?.dismissal ?? false},
      attendance: {shifts: a?.shifts ?? 0, signedIn: a?.signedIn ?? 0, late: a?.late ?? 0, absences: (a?.absences ?? 0) + (a?.missingSignIn ?? 0)},
    };
  });

  const days: DayRow[] = range.days.map(date => {
    const k = computeKpis(calls.filter(c => c.date === date).map(c => c.kpi), policy);
    return {date, offered: k.offered, answered: k.answered, abandoned: k.abandoned, serviceLevel: k.serviceLevel, ahtMs: k.ahtMs};
  });

  const sum = (f: (r: AgentRow) => number) => agents.reduce((n, r) => n + f(r), 0);
  return {
    team: input.team,
    teamName: input.teamName ?? input.team,
    period: range.period,
    label: range.label,
    from: range.from,
    to: range.to,
    generatedAt: now,
    generatedLocal: centerTime(now, policy),
    totals: {
      kpis: computeKpis(calls.map(c => c.kpi), policy),
      flags: countFlags(calls.map(c => c.flags)),
      qa: qaFigures(scores),
      discipline: {points: sum(r => r.discipline.points), serious: sum(r => r.discipline.serious), general: sum(r => r.discipline.general), dismissals: agents.filter(r => r.discipline.dismissal).length},
      attendance: {shifts: sum(r => r.attendance.shifts), signedIn: sum(r => r.attendance.signedIn), late: sum(r => r.attendance.late), absences: sum(r => r.attendance.absences)},
    },
    agents,
    days,
    calibration: calibrateEvaluators(scores.map(s => ({evaluatorId: s.evaluator, agentId: s.agent, score: (s.total / s.max) * 100})), policy),
  };
}
