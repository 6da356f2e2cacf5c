// A call record (switch facts + agent fields) as the rules' KpiCall (R-34).
import type {KpiCall} from '../rules/kpi.ts';
import type {CallRecord} from './schema.ts';

/** Undefined for records without the switch's facts (only a seat's notes reached the hub). */
export function kpiCallOf(record: CallRecord): KpiCall | undefined {
  const f = record.facts;
  if (!f) return undefined;
  const endedAtMs = f.endedAt ?? f.answeredAt ?? f.arrivedAt;
  const holdMs = f.holds.reduce((sum, h) => sum + Math.max(0, (h.end ?? endedAtMs) - h.start), 0);
  const exit = f.queueOutcomes?.find(o => o.action !== 'overflow')?.action;
  const abandoned = f.answeredAt === undefined && (f.endReason === 'abandoned' || f.hungUpBy === 'caller');
  return {
    id: f.callId,
    team: f.team,
    queue: f.queue,
    agentId: f.agent,
    queuedAtMs: f.arrivedAt,
    offeredAtMs: f.offeredAt,
    answeredAtMs: f.answeredAt,
    endedAtMs,
    holdMs,
    wrapUpMs: f.wrapEndedAt !== undefined && f.endedAt !== undefined ? Math.max(0, f.wrapEndedAt - f.endedAt) : undefined,
    abandoned,
    ...(f.abandonWaitMs === undefined ? {} : {abandonWaitMs: f.abandonWaitMs}),
    satisfaction: record.seat.workOrder?.satisfaction,
    ...(f.queueOutcomes?.some(o => o.action === 'overflow') ? {overflowed: true} : {}),
    ...(exit === undefined || exit === 'overflow' ? {} : {queueExit: exit}),
  };
}
