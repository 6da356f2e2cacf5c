// The seat's own view of a call (what it saw of the call plus the record's fields it wrote) as a
// CallRecord, so the seat derives its KPIs and QA flags (R-02, R-05, R-07, R-08, R-10,
// ) with the very functions the lead console, the QA draw and the reports use.
import type {CallFlag} from '../rules/call-flags.ts';
import type {PolicyConfig} from '../rules/config.ts';
import type {KpiCall} from '../rules/kpi.ts';
import {kpiCallOf} from './kpi-call.ts';
import {checkCall} from './lead/call-checks.ts';
import {CallFacts, type CallRecord, type Hold, type SeatFields} from './schema.ts';

/** A call as a seat keeps it (structurally the client's stored row). */
export type SeenCall = {
  readonly callId: string;
  readonly facts: {
    readonly caller: string;
    readonly queue: string;
    readonly direction: 'inbound' | 'outbound';
    readonly arrivedAt?: number;
    readonly offeredAt?: number;
    readonly answeredAt?: number;
    readonly endedAt?: number;
    readonly rings?: number;
    readonly late?: boolean;
    readonly holdMs?: number;
    readonly longestHoldMs?: number;
    readonly hungUpBy?: 'caller' | 'agent' | 'system';
    readonly endReason?: string;
    readonly silent?: boolean;
  };
  readonly fields: SeatFields;
};

/**
 * The seat only learns the total and the longest hold, so holds are rebuilt as the longest one
 * and the rest in pieces no longer than it: their sum and their maximum are what it saw.
 */
function holdsOf(total: number | undefined, longest: number | undefined): Hold[] {
  const all = Math.max(0, total ?? 0);
  const top = Math.min(all, Math.max(0, longest ?? all));
  if (all === 0) return [];
  const holds: Hold[] = [{start: 0, end: top}];
  for (let rest = all - top; rest > 0 && top > 0; rest -= top) holds.push({start: 0, end: Math.min(top, rest)});
  return holds;
}

/** The seat's call as a record owned by `agent`. */
export function recordOfSeen(row: SeenCall, agent: string): CallRecord {
  const f = row.facts;
  const reason = f.silent === true ? 'silent' : f.answeredAt === undefined && f.endedAt !== undefined ? 'abandoned' : f.endReason;
  const endReason = CallFacts.shape.endReason.safeParse(reason).data;
  const facts: CallFacts = {
    callId: row.callId, direction: f.direction, caller: f.caller, queue: f.queue, agent, team: '',
    // Queue entry when the seat kept it (R-34 counts from there), else the offer.
    arrivedAt: f.arrivedAt ?? f.offeredAt ?? f.answeredAt ?? f.endedAt ?? 0,
    offeredAt: f.offeredAt, answeredAt: f.answeredAt, endedAt: f.endedAt, rings: f.rings, lateAnswer: f.late,
    holds: holdsOf(f.holdMs, f.longestHoldMs), transfers: [], hungUpBy: f.hungUpBy, endReason, ronaAgents: [],
  };
  return {callId: row.callId, facts, seat: {owner: agent, ...row.fields}};
}

/** The seat's ended inbound calls as the KPI rules read them. */
export function kpiCalls(calls: readonly SeenCall[], agent: string): KpiCall[] {
  return calls
    .filter(c => c.facts.endedAt !== undefined && c.facts.direction === 'inbound')
    .flatMap(c => kpiCallOf(recordOfSeen(c, agent)) ?? []);
}

/** The QA flags of one of the seat's calls, as a reviewer will see them. */
export function seatCallFlags(row: SeenCall, nowMs: number, policy: PolicyConfig, agent = ''): CallFlag[] {
  return checkCall(recordOfSeen(row, agent), nowMs, policy);
}
