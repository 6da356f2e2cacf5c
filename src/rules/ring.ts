// R-01…R-03: the ring counter a seat shows while a call is offered, and the opening it must use.
import type {PolicyConfig} from './config.ts';
import {fillPhrase} from './phrase.ts';

export type RingState = {
  /** Rings so far: 1 at the offer, +1 every ring period. */
  readonly rings: number;
  /** Answering now is within R-01's limit (≤ 3 rings by default). */
  readonly within: boolean;
  /** Answering now needs R-02's apology and flags `late_answer`. */
  readonly late: boolean;
  readonly elapsedMs: number;
  /** When the next ring starts (the counter ticks). */
  readonly nextRingAtMs: number;
  /** When the switch gives up and redirects (RONA). */
  readonly ronaAtMs: number;
  readonly rona: boolean;
  /** The opening to say if answered now (R-02 apology + R-03 greeting). */
  readonly opening: string;
};

export type RingOptions = {
  /** trainees (实习话务员) use the trainee greeting. */
  readonly trainee?: boolean;
};

/** R-03 greeting, with R-02's apology in front when the call was answered late. */
export function openingPhrase(policy: PolicyConfig, late: boolean, options: RingOptions = {}): string {
  const greeting = fillPhrase(options.trainee ? policy.opening.traineeGreeting : policy.opening.greeting, {line: policy.lineName});
  if (!late) return greeting;
  const apology = policy.opening.apology;
  // 「您好,让您久等了」 already says 您好: don't greet twice.
  const hello = /^您好[,,]\s*/u;
  const rest = hello.test(apology) && hello.test(greeting) ? greeting.replace(hello, '') : greeting;
  return `${apology},${rest}`;
}

/** Ring state of a call offered at `offeredAtMs`, seen at `nowMs` (both epoch ms). */
export function ringState(offeredAtMs: number, nowMs: number, policy: PolicyConfig, options: RingOptions = {}): RingState {
  if (!Number.isFinite(offeredAtMs) || !Number.isFinite(nowMs)) throw new TypeError('ringState: offeredAtMs and nowMs must be finite epoch milliseconds');
  const periodMs = policy.ringPeriodSeconds * 1000;
  const elapsedMs = Math.max(0, nowMs - offeredAtMs);
  const rings = 1 + Math.floor(elapsedMs / periodMs);
  const within = rings <= policy.answerWithinRings; // exactly 3 rings is still within
  const ronaAtMs = offeredAtMs + policy.noAnswerSeconds * 1000;
  return {
    rings,
    within,
    late: !within,
    elapsedMs,
    nextRingAtMs: offeredAtMs + rings * periodMs,
    ronaAtMs,
    rona: nowMs >= ronaAtMs,
    opening: openingPhrase(policy, !within, options),
  };
}

/** the longest answer delay that still counts as "within the rings". */
export function answerLimitMs(policy: PolicyConfig): number {
  return policy.answerWithinRings * policy.ringPeriodSeconds * 1000;
}
