// The wallboard's service figures over a set of calls as the floor model knows them (from the
// control channel and the day's records): counts, answer rate, R-34 service level (the one
// definition, src/rules/service-level.ts), the per-agent 3-ring rate, ASA and AHT.
import type {PolicyConfig} from '../../rules/config.ts';
import {serviceLevel, type ServiceLevelCall} from '../../rules/service-level.ts';
import type {ServiceFigures} from './floor-view.ts';

/** A call as the floor model tracks it. */
export type CallEntry = {
  callId: string;
  agent?: string;
  caller: string;
  arrivedAt?: number;
  offeredAt?: number;
  answeredAt?: number;
  endedAt?: number;
  rings?: number;
  late: boolean;
  holdMs: number;
  holdSince?: number;
  acwMs?: number;
  endReason?: string;
  hungUpBy?: string;
  direction?: 'inbound' | 'outbound';
  queue?: string;
  abandonWaitMs?: number;
  /** a lead listened in (the call log's listen-in facts). */
  listened?: boolean;
};

export function serviceFigures(calls: readonly CallEntry[], policy: PolicyConfig): ServiceFigures {
  let offered = 0;
  let answered = 0;
  let abandoned = 0;
  let within = 0;
  const slCalls: ServiceLevelCall[] = [];
  let asaSum = 0;
  let asaCount = 0;
  let ahtSum = 0;
  let ahtCount = 0;
  for (const call of calls) {
    offered++;
    const abandonedCall = call.endReason === 'abandoned' && call.answeredAt === undefined;
    if (abandonedCall) abandoned++;
    const abandonWaitMs = call.abandonWaitMs ?? (abandonedCall && call.arrivedAt !== undefined && call.endedAt !== undefined ? call.endedAt - call.arrivedAt : undefined);
    slCalls.push({
      queuedAtMs: call.arrivedAt ?? call.endedAt ?? 0, abandoned: abandonedCall,
      ...(call.queue === undefined ? {} : {queue: call.queue}),
      ...(call.answeredAt === undefined ? {} : {answeredAtMs: call.answeredAt}),
      ...(abandonWaitMs === undefined ? {} : {abandonWaitMs}),
    });
    if (call.answeredAt === undefined) continue;
    answered++;
    // the per-agent 3-ring rate.
    if (!call.late && (call.rings === undefined || call.rings <= policy.answerWithinRings)) within++;
    if (call.arrivedAt !== undefined) {
      asaSum += Math.max(0, call.answeredAt - call.arrivedAt);
      asaCount++;
    }
    if (call.endedAt !== undefined) {
      ahtSum += Math.max(0, call.endedAt - call.answeredAt) + (call.acwMs ?? 0);
      ahtCount++;
    }
  }
  return {
    ...countsWithRate({offered, answered, abandoned}),
    serviceLevel: serviceLevel(slCalls, policy).serviceLevel,
    threeRingRate: answered > 0 ? within / answered : undefined,
    asaMs: asaCount > 0 ? asaSum / asaCount : undefined,
    ahtMs: ahtCount > 0 ? ahtSum / ahtCount : undefined,
  };
}

export function countsWithRate(c: {offered: number; answered: number; abandoned: number}): ServiceFigures {
  return {offered: c.offered, answered: c.answered, abandoned: c.abandoned, answerRate: c.offered > 0 ? c.answered / c.offered : undefined};
}
