// inbound KPIs per agent/team/center and day/week/month, from a minimal call shape the
// switch's records map onto (rules do not read src/sync).
import type {PolicyConfig} from './config.ts';
import {localTime} from './calendar.ts';
import {isoWeek} from './attendance.ts';
import {serviceLevel, threeRingRate} from './service-level.ts';

export type KpiCall = {
  readonly id: string;
  readonly team: string;
  /** The queue it was answered in or last waited in (its service-level target applies). */
  readonly queue?: string;
  /** The agent who answered (or was last offered) the call. */
  readonly agentId?: string;
  /** The call entered the queue. */
  readonly queuedAtMs: number;
  /** First rang at a seat (R-01 counts rings from here). */
  readonly offeredAtMs?: number;
  readonly answeredAtMs?: number;
  readonly endedAtMs: number;
  /** Total time on hold. */
  readonly holdMs?: number;
  /** After-call work. */
  readonly wrapUpMs?: number;
  /** The caller hung up before an answer. */
  readonly abandoned?: boolean;
  /** How long an abandoned caller waited (else endedAtMs − queuedAtMs). */
  readonly abandonWaitMs?: number;
  /** Satisfaction 1–5 if surveyed. */
  readonly satisfaction?: number;
  /** What the queues' policies did with the caller (src/rules/queue-policy.ts): moved on, and how it was let go. */
  readonly overflowed?: boolean;
  readonly queueExit?: 'callback' | 'announce' | 'reject';
};

/** Calls the queues' policies acted on: overflowed to another queue, let go with a callback task, an announcement, a final response. */
export type QueueOutcomeCounts = {readonly overflowed: number; readonly callback: number; readonly announce: number; readonly reject: number};

export type Kpis = {
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  /** 接通率: answered / offered. */
  readonly answerRate: number;
  readonly abandonRate: number;
  /** answered within the queue's T of entering it ÷ offered, short abandons left out (service-level.ts). */
  readonly serviceLevel: number;
  /** Short abandons left out of the service level. */
  readonly shortAbandons: number;
  /** R-01/R-34, the handbook's per-agent figure: answered within R-01's rings ÷ answered. */
  readonly threeRingRate: number;
  /** Average speed of answer: queue entry → answer. */
  readonly asaMs: number;
  /** Average handle time: talk + hold + wrap-up. */
  readonly ahtMs: number;
  readonly talkMs: number;
  readonly holdMs: number;
  readonly wrapUpMs: number;
  readonly satisfaction: number | undefined;
  readonly queueOutcomes: QueueOutcomeCounts;
};

const avg = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function computeKpis(calls: readonly KpiCall[], policy: PolicyConfig): Kpis {
  const answered = calls.filter(c => c.answeredAtMs !== undefined);
  const abandoned = calls.filter(c => c.answeredAtMs === undefined && c.abandoned).length;
  const talk = answered.map(c => Math.max(0, c.endedAtMs - (c.answeredAtMs as number) - (c.holdMs ?? 0)));
  const hold = answered.map(c => c.holdMs ?? 0);
  const wrap = answered.map(c => c.wrapUpMs ?? 0);
  const sl = serviceLevel(calls.map(c => ({...c, abandonWaitMs: c.abandonWaitMs ?? c.endedAtMs - c.queuedAtMs})), policy);
  const rated = calls.flatMap(c => (c.satisfaction === undefined ? [] : [c.satisfaction]));
  return {
    offered: calls.length,
    answered: answered.length,
    abandoned,
    answerRate: ratio(answered.length, calls.length),
    abandonRate: ratio(abandoned, calls.length),
    serviceLevel: sl.serviceLevel ?? 0,
    shortAbandons: sl.shortAbandons,
    threeRingRate: threeRingRate(answered, policy) ?? 0,
    asaMs: avg(answered.map(c => (c.answeredAtMs as number) - c.queuedAtMs)),
    ahtMs: avg(answered.map((_, i) => talk[i] + hold[i] + wrap[i])),
    talkMs: avg(talk),
    holdMs: avg(hold),
    wrapUpMs: avg(wrap),
    satisfaction: rated.length === 0 ? undefined : avg(rated),
    queueOutcomes: {
      overflowed: calls.filter(c => c.overflowed).length,
      callback: calls.filter(c => c.queueExit === 'callback').length,
      announce: calls.filter(c => c.queueExit === 'announce').length,
      reject: calls.filter(c => c.queueExit === 'reject').length,
    },
  };
}

export type KpiGroupBy = 'agent' | 'team' | 'center';
export type KpiPeriod = 'day' | 'week' | 'month';

export type KpiRow = Kpis & {readonly key: string; readonly period: string};

/** The period a call belongs to, by its queue time in the center's local time. */
export function periodOf(ms: number, period: KpiPeriod, policy: PolicyConfig): string {
  const date = localTime(ms, policy).date;
  return period === 'day' ? date : period === 'month' ? date.slice(0, 7) : isoWeek(date);
}

/** KPIs grouped by agent/team/center and day/week/month, rows sorted by period then key. */
export function kpiReport(calls: readonly KpiCall[], groupBy: KpiGroupBy, period: KpiPeriod, policy: PolicyConfig): KpiRow[] {
  const groups = new Map<string, {key: string; period: string; calls: KpiCall[]}>();
  for (const call of calls) {
    const key = groupBy === 'agent' ? (call.agentId ?? '(unassigned)') : groupBy === 'team' ? call.team : 'center';
    const p = periodOf(call.queuedAtMs, period, policy);
    const id = `${p}\u0000${key}`;
    const group = groups.get(id) ?? {key, period: p, calls: []};
    group.calls.push(call);
    groups.set(id, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.period.localeCompare(b.period) || a.key.localeCompare(b.key))
    .map(g => ({key: g.key, period: g.period, ...computeKpis(g.calls, policy)}));
}

/** R-34 outbound: one dial attempt. */
export type OutboundAttempt = {
  readonly agentId: string;
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  /** The call was answered. */
  readonly connected: boolean;
  /** The intended person was reached. */
  readonly contacted?: boolean;
  readonly outcome?: 'success' | 'refused' | 'other';
};

export type OutboundKpis = {
  readonly dials: number;
  readonly connects: number;
  readonly contacts: number;
  readonly successes: number;
  readonly refusals: number;
  readonly connectRate: number;
  /** Refusals among the people reached. */
  readonly refusalRate: number;
  readonly successRate: number;
  /** Total time on outbound calls. */
  readonly workMs: number;
};

export function computeOutboundKpis(attempts: readonly OutboundAttempt[]): OutboundKpis {
  const connects = attempts.filter(a => a.connected);
  const contacts = connects.filter(a => a.contacted ?? a.outcome !== undefined);
  const successes = contacts.filter(a => a.outcome === 'success').length;
  const refusals = contacts.filter(a => a.outcome === 'refused').length;
  return {
    dials: attempts.length,
    connects: connects.length,
    contacts: contacts.length,
    successes,
    refusals,
    connectRate: ratio(connects.length, attempts.length),
    refusalRate: ratio(refusals, contacts.length),
    successRate: ratio(successes, contacts.length),
    workMs: attempts.reduce((sum, a) => sum + Math.max(0, a.endedAtMs - a.startedAtMs), 0),
  };
}
