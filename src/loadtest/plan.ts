// What each simulated call will do, drawn up front from the script with a seeded random source:
// the caller's patience and talk time and the answering agent's rings, hold, transfer,
// disposition and wrap-up. One plan per call, looked up by the caller's number when the
// switch offers the call to a seat, so caller and agent act out the same story.
import {seededRng, type Rng} from '../rules/rng.ts';
import {draw, pick} from './dist.ts';
import type {Disposition} from '../sync/schema.ts';
import type {Arrival, LoadScript} from './script.ts';

export type CallPlanFull = {
  readonly seq: number;
  readonly from: string;
  readonly patienceMs: number;
  /** Rings heard before the agent accepts (≥ 1). */
  readonly rings: number;
  /** Where inside that ring the agent presses accept (0…1). */
  readonly ringFraction: number;
  /** Talk time the caller intends (hold time comes on top: the caller waits it out). */
  readonly talkMs: number;
  readonly holdMs: number | undefined;
  readonly transfer: boolean;
  readonly agentHangsUp: boolean;
  readonly notes: boolean;
  readonly disposition: Disposition;
  readonly wrapUpMs: number;
  readonly breakMs: number | undefined;
};

/** Calls per second at `elapsed` of a `duration`-second run with base `rate` (R-18 peak shape etc.). */
export function rateAt(arrival: Arrival, rate: number, elapsedS: number, durationS: number): number {
  const x = durationS > 0 ? Math.min(1, Math.max(0, elapsedS / durationS)) : 0;
  switch (arrival.pattern) {
    case 'steady':
      return rate;
    case 'ramp':
      return rate * (arrival.from + (arrival.to - arrival.from) * x);
    case 'peak':
      return rate * (x >= arrival.start && x < arrival.start + arrival.length ? arrival.peak : arrival.base);
  }
}

/** The next arrival gap (s): exponential (Poisson arrivals) or regular. */
export function nextGap(arrival: Arrival, cps: number, random: () => number): number {
  if (cps <= 0) return 0.25; // idle phase: look again shortly
  return arrival.poisson ? -Math.log(1 - random()) / cps : 1 / cps;
}

/**
 * When calls arrive, in ms from the start of arrivals: a pure function of the script, the base
 * rate and the arrival stream, so a seed fixes the whole arrival plan. (During an idle phase
 * of the pattern the process looks again every 0.25 s without placing a call.)
 */
export function* arrivalTimes(arrival: Arrival, rate: number, durationS: number, random: () => number): Generator<number, void, undefined> {
  let atMs = 0;
  while (atMs < durationS * 1000) {
    const cps = rateAt(arrival, rate, atMs / 1000, durationS);
    const at = atMs;
    atMs += nextGap(arrival, cps, random) * 1000;
    if (cps > 0) yield at;
  }
}

/** A 32-bit mixer (the splitmix32 finaliser): nearby inputs give unrelated outputs. */
function mix(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * One of a run's random streams: the one seeded PRNG of src/rules, seeded per stream through a
 * mixer, so seeds 1, 2, 3… and a run's several streams start far apart on its cycle.
 */
export function randomStream(seed: number, stream: number): Rng {
  return seededRng(mix(mix(seed) ^ stream));
}

const Stream = {plans: 0, arrivals: 1, otherCalls: 2} as const;

export class Planner {
  readonly #script: LoadScript;
  readonly #random: Rng;
  /** Arrivals draw from their own stream, so the shape of the load does not depend on the plans. */
  readonly #arrivals: Rng;
  /** Calls the run did not place draw from a third, so they do not shift the run's own plans. */
  readonly #other: Rng;
  #seq = 0;
  #otherSeq = 0;
  readonly seed: number;

  constructor(script: LoadScript, seed = script.run.seed) {
    this.#script = script;
    this.seed = seed;
    this.#random = randomStream(seed, Stream.plans);
    this.#arrivals = randomStream(seed, Stream.arrivals);
    this.#other = randomStream(seed, Stream.otherCalls);
  }

  /** The random source of the arrival process. */
  get random(): () => number {
    return this.#arrivals;
  }

  /** The next call's plan; numbers are `prefix` + an 8-digit running counter. */
  next(): CallPlanFull {
    const a = this.#script.agents;
    const c = this.#script.callers;
    const r = this.#random;
    const seq = ++this.#seq;
    const hold = r() < a.holdProbability;
    const takesBreak = r() < a.breakProbability;
    return {
      seq,
      from: `${c.numberPrefix}${String(seq).padStart(8, '0')}`,
      patienceMs: Math.round(draw(c.patienceSeconds, r) * 1000),
      rings: Math.max(1, Math.round(draw(a.ringsBeforeAccept, r))),
      ringFraction: 0.1 + r() * 0.7,
      talkMs: Math.round(draw(a.talkSeconds, r) * 1000),
      holdMs: hold ? Math.round(draw(a.holdSeconds, r) * 1000) : undefined,
      transfer: r() < a.transferProbability,
      agentHangsUp: r() < a.agentHangsUpFirst,
      notes: r() < a.notesProbability,
      disposition: pick(a.dispositions as Record<Disposition, number>, r),
      wrapUpMs: Math.round(draw(a.wrapUpSeconds, r) * 1000),
      breakMs: takesBreak ? Math.round(draw(a.breakSeconds, r) * 1000) : undefined,
    };
  }

  /**
   * The agent's side of a call this run did not place (offered to a headless seat all the same):
   * accept in the script's rings, notes and a disposition, wrap-up; no hold, transfer or early
   * hang-up, since the caller is not ours to keep on the line.
   */
  forOffer(caller: string): CallPlanFull {
    const a = this.#script.agents;
    const r = this.#other;
    return {
      seq: 900_000_000 + ++this.#otherSeq,
      from: caller,
      patienceMs: 0,
      rings: Math.max(1, Math.round(draw(a.ringsBeforeAccept, r))),
      ringFraction: 0.1 + r() * 0.7,
      talkMs: Math.round(draw(a.talkSeconds, r) * 1000),
      holdMs: undefined,
      transfer: false,
      agentHangsUp: false,
      notes: r() < a.notesProbability,
      disposition: pick(a.dispositions as Record<Disposition, number>, r),
      wrapUpMs: Math.round(draw(a.wrapUpSeconds, r) * 1000),
      breakMs: undefined,
    };
  }
}

/** The whole arrival plan of a run: when each call comes, and what it will do. */
export function arrivalPlan(script: LoadScript, rate: number, durationS: number, seed = script.run.seed): Array<{atMs: number; plan: CallPlanFull}> {
  const planner = new Planner(script, seed);
  const plan: Array<{atMs: number; plan: CallPlanFull}> = [];
  for (const atMs of arrivalTimes(script.callers.arrival, rate, durationS, planner.random)) {
    if (plan.length >= script.run.maxCalls) break;
    plan.push({atMs, plan: planner.next()});
  }
  return plan;
}
