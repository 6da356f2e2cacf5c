// R-35 daily wrap-up figures: the agent's day from the call records, computed by the rules'
// KPI function plus the counts a post-shift review (班后会) asks about.
import {computeKpis} from '../rules/kpi.ts';
import type {PolicyConfig} from '../rules/config.ts';
import {kpiCallOf} from './kpi-call.ts';
import type {CallRecord, WrapupFigures} from './schema.ts';

/** Figures for `agent` (the calls it answered or owns, R-14) from a day's records. */
export function wrapupFigures(records: readonly CallRecord[], agent: string, policy: PolicyConfig): WrapupFigures {
  const mine = records.filter(r => (r.seat.owner ?? r.facts?.agent) === agent);
  const kpis = computeKpis(mine.flatMap(r => kpiCallOf(r) ?? []), policy);
  const figures: WrapupFigures = {
    offered: kpis.offered,
    answered: kpis.answered,
    abandoned: kpis.abandoned,
    answerRate: kpis.answerRate,
    serviceLevel: kpis.serviceLevel,
    asaMs: Math.round(kpis.asaMs),
    ahtMs: Math.round(kpis.ahtMs),
    talkMs: Math.round(kpis.talkMs),
    holdMs: Math.round(kpis.holdMs),
    wrapUpMs: Math.round(kpis.wrapUpMs),
    complaints: mine.filter(r => r.seat.complaint).length,
    workOrders: mine.filter(r => r.seat.workOrder).length,
    callbacksPromised: mine.filter(r => r.seat.callback && !r.seat.callback.done).length,
    // dispatch/volunteer/donation calls missing surname, address or phone.
    missingCallerFields: mine.filter(r => ['dispatch', 'volunteer', 'donation'].includes(r.seat.category ?? '') && !(r.seat.caller?.surname && r.seat.caller.address && r.seat.caller.phone)).length,
    lateAnswers: mine.filter(r => r.facts?.lateAnswer).length,
  };
  if (kpis.satisfaction !== undefined) figures.satisfaction = kpis.satisfaction;
  return figures;
}
