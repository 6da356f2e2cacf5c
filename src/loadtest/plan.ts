// What each simulated call will do, drawn up front from the script with a seeded random source:
// the caller's patience and talk time and the answering agent's rings, hold, transfer,
// disposition and wrap-up. One plan per call, looked up by the caller's number when the
// switch offers the call to a seat, so caller and agent act out the same story.
import {draw, pick, seededRandom} from './dist.ts';
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

export class Planner {
  readonly #script: LoadScript;
  readonly #random: () => number;
  /** Arrivals draw from their own stream, so the shape of the load does not depend on the plans. */
  readonly #arrivals: () => number;
  #seq = 0;

  constructor(script: LoadScript, seed = script.run.seed) {
    this.#script = script;
    this.#random = seededRandom(seed);
    this.#arrivals = seededRandom(seed ^ 0x5bd1e995);
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
}
