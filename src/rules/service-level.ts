// R-34 service level the way contact centers define it: calls answered within T seconds of
// entering the queue ÷ calls offered to the queue, T per queue (default 20 s), abandons shorter
// than the queue's short-abandon threshold (default 5 s) left out of both. The handbook's
// per-agent "answered within 3 rings" is a separate figure, threeRingRate. Every
// screen and report (wallboard, seat wrap-up, lead console, `zuoxi report`) counts with these.
import type {PolicyConfig} from './config.ts';
import {queuePolicy} from './queue-policy.ts';
import {answerLimitMs} from './ring.ts';

export type ServiceLevelCall = {
  /** The queue the call was answered in (or last waited in): its T and short-abandon threshold apply. */
  readonly queue?: string;
  /** The call entered the (first) queue. */
  readonly queuedAtMs: number;
  /** First rang at a seat (R-01 counts rings from here). */
  readonly offeredAtMs?: number;
  readonly answeredAtMs?: number;
  /** The caller hung up before an answer… */
  readonly abandoned?: boolean;
  /** …after waiting this long. */
  readonly abandonWaitMs?: number;
};

export type ServiceLevelVerdict = 'within' | 'outside' | 'excluded';

/** One call: answered within T of queue entry, not (answered late, abandoned, refused), or a short abandon left out. */
export function serviceLevelVerdict(call: ServiceLevelCall, policy: PolicyConfig): ServiceLevelVerdict {
  const q = queuePolicy(policy.queueing, call.queue ?? '');
  if (call.answeredAtMs !== undefined) return call.answeredAtMs - call.queuedAtMs <= q.serviceLevelSeconds * 1000 ? 'within' : 'outside';
  if (call.abandoned && (call.abandonWaitMs ?? Infinity) < q.shortAbandonSeconds * 1000) return 'excluded';
  return 'outside';
}

export type ServiceLevel = {
  /** Calls counted: offered minus short abandons. */
  readonly counted: number;
  readonly within: number;
  /** Short abandons left out. */
  readonly shortAbandons: number;
  /** within / counted, 0…1; undefined with nothing counted. */
  readonly serviceLevel: number | undefined;
};

export function serviceLevel(calls: readonly ServiceLevelCall[], policy: PolicyConfig): ServiceLevel {
  let within = 0;
  let shortAbandons = 0;
  for (const call of calls) {
    const verdict = serviceLevelVerdict(call, policy);
    if (verdict === 'within') within++;
    else if (verdict === 'excluded') shortAbandons++;
  }
  const counted = calls.length - shortAbandons;
  return {counted, within, shortAbandons, serviceLevel: counted === 0 ? undefined : within / counted};
}

/** per agent: answered within the rings ÷ answered (undefined before the first answer). */
export function threeRingRate(calls: readonly ServiceLevelCall[], policy: PolicyConfig): number | undefined {
  const limit = answerLimitMs(policy);
  const answered = calls.filter(c => c.answeredAtMs !== undefined);
  if (answered.length === 0) return undefined;
  // Within 3 rings ⇔ answered less than 3 ring periods after the seat started ringing.
  return answered.filter(c => (c.answeredAtMs as number) - (c.offeredAtMs ?? c.queuedAtMs) < limit).length / answered.length;
}
