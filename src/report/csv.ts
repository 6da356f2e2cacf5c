// CSV export of a team report: one row per agent and a team row (rates in %), written by csv-write.ts.
import type {AgentRow, TeamReport} from './team-report.ts';
import type {Kpis} from '../rules/kpi.ts';
import {csvText} from './csv-write.ts';

const flagColumns = ['late_answer', 'long_hold', 'agent_hung_up_first', 'offers_beyond_limit', 'missing_fields', 'overdue_callback', 'complaint_not_acted'] as const;

export const csvHeader = [
  'period', 'from', 'to', 'scope', 'agent', 'name',
  'offered', 'answered', 'abandoned', 'answer_rate_pct', 'abandon_rate_pct', 'service_level_pct', 'short_abandons', 'three_ring_pct',
  'asa_s', 'aht_s', 'talk_s', 'hold_s', 'wrapup_s', 'satisfaction',
  'overflowed', 'callback_offered', 'announced_hangup', 'refused',
  ...flagColumns,
  'qa_scored', 'qa_average_pct', 'qa_disputes', 'qa_revised',
  'discipline_points', 'discipline_serious', 'discipline_general',
  'shifts', 'signed_in', 'late', 'absences',
];

/** A rate in %, empty when nothing was counted (0 calls is no rate, not 0 %). */
const p2 = (r: number, of: number) => (of === 0 ? '' : (r * 100).toFixed(2));
const s1 = (ms: number) => (ms / 1000).toFixed(1);

function kpiCells(k: Kpis): unknown[] {
  return [k.offered, k.answered, k.abandoned, p2(k.answerRate, k.offered), p2(k.abandonRate, k.offered), p2(k.serviceLevel, k.offered), k.shortAbandons, p2(k.threeRingRate, k.answered), s1(k.asaMs), s1(k.ahtMs), s1(k.talkMs), s1(k.holdMs), s1(k.wrapUpMs), k.satisfaction === undefined ? '' : k.satisfaction.toFixed(2),
    k.queueOutcomes.overflowed, k.queueOutcomes.callback, k.queueOutcomes.announce, k.queueOutcomes.reject];
}

export function reportCsv(report: TeamReport): string {
  const head = [report.period, report.from, report.to];
  const row = (r: AgentRow) => [...head, 'agent', r.agent, r.name, ...kpiCells(r.kpis), ...flagColumns.map(f => r.flags[f] ?? 0),
    r.qa.scored, r.qa.average ?? '', r.qa.disputes, r.qa.revised, r.discipline.points, r.discipline.serious, r.discipline.general,
    r.attendance.shifts, r.attendance.signedIn, r.attendance.late, r.attendance.absences];
  const t = report.totals;
  const team = [...head, 'team', report.team, '', ...kpiCells(t.kpis), ...flagColumns.map(f => t.flags[f] ?? 0),
    t.qa.scored, t.qa.average ?? '', t.qa.disputes, t.qa.revised, t.discipline.points, t.discipline.serious, t.discipline.general,
    t.attendance.shifts, t.attendance.signedIn, t.attendance.late, t.attendance.absences];
  return csvText([csvHeader, ...report.agents.map(row), team]);
}
