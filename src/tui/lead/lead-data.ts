// What the lead console shows, read out of the documents at one instant: a plain snapshot the
// screens render (components never touch Yjs). Rebuilt on every change; the documents are a
// month of one team, small enough to read whole.
import type {PolicyConfig} from '../../rules/config.ts';
import {localTime} from '../../rules/calendar.ts';
import {computeKpis, type Kpis} from '../../rules/kpi.ts';
import type {AgentLedger} from '../../rules/discipline.ts';
import type {QaForm} from '../../rules/lead-qa-form.ts';
import {calibrateEvaluators, type EvaluatorCalibration} from '../../rules/qa-calibration.ts';
import type {CallLog} from '../../sync/call-log.ts';
import type {HandoverLog, HandoverEntry} from '../../sync/handover-log.ts';
import type {WrapupLog} from '../../sync/wrapup-log.ts';
import type {Wrapup} from '../../sync/schema.ts';
import type {QaBook, QaDispute, QaSample, ScoreView} from '../../sync/lead/qa-book.ts';
import type {RosterBook} from '../../sync/lead/roster-book.ts';
import type {Attendance, BreakView, Exam, LeaveRecord, Meeting, Shift} from '../../sync/lead/roster-records.ts';
import type {LedgerBook, LedgerRecord} from '../../sync/lead/ledger-book.ts';
import {checkDay, type CheckedCall} from '../../sync/lead/call-checks.ts';
import {kpiCallOf} from '../../sync/kpi-call.ts';

export type Sources = {
  readonly qa: QaBook;
  readonly roster: RosterBook;
  readonly ledger: LedgerBook;
  readonly calls: CallLog;
  readonly handover: HandoverLog;
  readonly wrapup: WrapupLog;
};

export type AgentQaRow = {readonly agent: string; readonly name: string; readonly calls: number; readonly flagged: number; readonly sampled: number; readonly scored: number};
export type SampleRow = QaSample & {readonly score?: ScoreView};
export type RosterRow = {readonly agent: string; readonly name: string; readonly shift?: Shift; readonly attendance?: Attendance; readonly late: boolean; /** The agent's latest break or meal today (ongoing or ended). */ readonly lastBreak?: BreakView};
export type AgentReportRow = {readonly agent: string; readonly name: string; readonly kpis: Kpis; readonly qa: number | null; readonly points: number};

export type LeadData = {
  readonly team: string;
  readonly day: string;
  readonly month: string;
  readonly now: number;
  readonly agents: ReadonlyArray<{readonly id: string; readonly name: string}>;
  readonly form: QaForm;
  readonly checked: readonly CheckedCall[];
  readonly qaRows: readonly AgentQaRow[];
  readonly samples: readonly SampleRow[];
  readonly disputes: readonly QaDispute[];
  readonly scores: readonly ScoreView[];
  readonly feedback: readonly ScoreView[];
  readonly roster: readonly RosterRow[];
  readonly leave: readonly LeaveRecord[];
  readonly meeting?: Meeting;
  readonly trainings: {readonly held: number; readonly required: number};
  /** placement exams recorded this month, by agent. */
  readonly exams: readonly Exam[];
  /** evaluators of this month's scores against their peers, with the policy's thresholds. */
  readonly calibration: {readonly evaluators: readonly EvaluatorCalibration[]; readonly threshold: number; readonly minScores: number};
  readonly ledgers: readonly (AgentLedger & {readonly name: string})[];
  readonly ledgerEntries: readonly LedgerRecord[];
  readonly handovers: readonly HandoverEntry[];
  readonly wrapups: readonly Wrapup[];
  readonly report: {readonly team: Kpis; readonly agents: readonly AgentReportRow[]; readonly hourly: readonly number[]};
};

export function buildLeadData(s: Sources, options: {readonly day: string; readonly now: number; readonly policy: PolicyConfig; /** The lead: not listed among the team's agents. */ readonly lead?: string}): LeadData {
  const {day, now, policy} = options;
  const ctx = s.qa.ctx;
  const agents = [...ctx.agents.entries()].filter(([id]) => id !== options.lead).map(([id, name]) => ({id, name}));
  const nameOf = (id: string) => ctx.agents.get(id) ?? id;
  const records = s.calls.list();
  const checked = checkDay(records, now, policy).filter(c => !c.record.facts || localTime(c.record.facts.arrivedAt, policy).date === day);
  const samplesToday = s.qa.samples({date: day});
  const scores = s.qa.scores(now);
  const scoreOf = new Map(scores.map(x => [x.callId, x]));
  const answeredBy = (agent: string) => checked.filter(c => c.agent === agent && c.record.facts?.answeredAt !== undefined);
  const qaRows = agents.filter(a => answeredBy(a.id).length > 0 || samplesToday.some(x => x.agent === a.id)).map(a => {
    const mine = samplesToday.filter(x => x.agent === a.id);
    return {agent: a.id, name: a.name, calls: answeredBy(a.id).length, flagged: answeredBy(a.id).filter(c => c.flags.length > 0).length, sampled: mine.length, scored: mine.filter(x => scoreOf.has(x.callId)).length};
  });
  const shifts = s.roster.shifts({date: day});
  const attendance = s.roster.attendance({date: day});
  const breaks = s.roster.breakViews(now, {date: day});
  const roster: RosterRow[] = agents.map(a => {
    const shift = shifts.find(x => x.agent === a.id);
    const att = attendance.find(x => x.agent === a.id);
    const due = shift ? s.roster.shiftStartMs(shift) - policy.attendance.signInMinutesBeforeShift * 60_000 : undefined;
    return {
      agent: a.id, name: a.name, shift, attendance: att,
      late: due !== undefined && att?.signInAt !== undefined && !att.signInMakeUp && att.signInAt > due,
      lastBreak: breaks.filter(b => b.agent === a.id).at(-1),
    };
  });
  const ledgers = s.ledger.ledgers().map(l => ({...l, name: nameOf(l.agentId)}));
  const kpiCalls = checked.flatMap(c => {
    const k = kpiCallOf(c.record);
    return k ? [k] : [];
  });
  const hourly = Array.from({length: 24}, (_, h) => kpiCalls.filter(k => Math.floor(localTime(k.queuedAtMs, policy).minutes / 60) === h).length);
  const firstHour = hourly.findIndex(n => n > 0);
  const lastHour = 23 - [...hourly].reverse().findIndex(n => n > 0);
  const monthPoints = (agent: string) => ledgers.find(l => l.agentId === agent)?.months.find(m => m.month === ctx.month)?.points ?? 0;
  const qaAvg = (agent: string) => {
    const own = scores.filter(x => x.agent === agent);
    return own.length === 0 ? null : Math.round((own.reduce((n, x) => n + x.finalPercent, 0) / own.length) * 10) / 10;
  };
  return {
    team: ctx.team, day, month: ctx.month, now, agents, form: s.qa.form(), checked, qaRows,
    samples: samplesToday.map(x => ({...x, score: scoreOf.get(x.callId)})),
    disputes: s.qa.disputes().sort((a, b) => Number(a.decision !== undefined) - Number(b.decision !== undefined) || a.raisedAt - b.raisedAt),
    scores,
    feedback: scores.filter(x => x.feedbackGivenAt === undefined).sort((a, b) => a.feedbackDue - b.feedbackDue),
    roster,
    leave: s.roster.leave({status: 'pending'}),
    meeting: s.roster.meetings().find(m => m.date === day),
    trainings: s.roster.trainingsDue(),
    exams: s.roster.exams(),
    calibration: {
      // Percent scores, as the report computes them (src/report/team-report.ts).
      evaluators: calibrateEvaluators(scores.map(x => ({evaluatorId: x.evaluator, agentId: x.agent, score: (x.total / x.max) * 100})), policy),
      threshold: policy.qa.calibrationThreshold, minScores: policy.qa.calibrationMinScores,
    },
    ledgers,
    ledgerEntries: s.ledger.entries(),
    handovers: s.handover.list(),
    wrapups: s.wrapup.list(),
    report: {
      team: computeKpis(kpiCalls, policy),
      agents: agents.map(a => ({agent: a.id, name: a.name, kpis: computeKpis(kpiCalls.filter(k => k.agentId === a.id), policy), qa: qaAvg(a.id), points: monthPoints(a.id)})),
      hourly: firstHour < 0 ? [] : hourly.slice(firstHour, lastHour + 1),
    },
  };
}
