// The seat's own calls in the shape the R-34 KPI rules read.
import type {KpiCall} from '../rules/kpi.ts';
import type {CallRow} from '../client/seat-records.ts';

/** The seat's calls as the KPI rules read them. */
export function kpiCalls(calls: readonly CallRow[], agent: string): KpiCall[] {
  return calls.filter(c => c.facts.endedAt !== undefined && c.facts.direction === 'inbound').map(c => ({
    id: c.callId, team: '', agentId: agent,
    queuedAtMs: c.facts.offeredAt ?? c.facts.answeredAt ?? (c.facts.endedAt as number),
    offeredAtMs: c.facts.offeredAt,
    answeredAtMs: c.facts.answeredAt,
    endedAtMs: c.facts.endedAt as number,
    holdMs: c.facts.holdMs,
    abandoned: c.facts.answeredAt === undefined,
  }));
}

