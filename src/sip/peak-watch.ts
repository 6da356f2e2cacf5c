// at the switch: the center's one record of the queue length over time (its change
// points), the peak-plan level the switch enforces from it, and a timer that reports a level
// change the moment it takes effect — including when the level rises with no queue change.
// Clients are told the whole state (`QueueStats.peak`), so none of them keeps samples of its own.
import type {PolicyConfig} from '../rules/config.ts';
import {outboundAllowed, peakLevel, predictablePeakAt, type PeakState, type QueueSample} from '../rules/peak.ts';
import type {PeakStatus} from './protocol.ts';

/** Kept change points at most (a busy queue changes a few times a minute: this is many hours). */
const MAX_SAMPLES = 20_000;
const MINUTE = 60_000;

export class PeakWatch {
  readonly #policy: PolicyConfig;
  readonly #now: () => number;
  readonly #onLevel: () => void;
  #samples: QueueSample[] = [];
  #level = 0;
  #timer?: NodeJS.Timeout;
  #closed = false;

  /** `onLevel` runs whenever the level changes (the switch tells every client). */
  constructor(policy: PolicyConfig, now: () => number, onLevel: () => void) {
    this.#policy = policy;
    this.#now = now;
    this.#onLevel = onLevel;
  }

  /** The queue now holds `waiting` callers. */
  sample(waiting: number): void {
    const now = this.#now();
    const last = this.#samples.at(-1);
    if (last && last.queueLength === waiting) return;
    this.#samples.push({atMs: now, queueLength: waiting});
    this.#trim(now);
    this.#watch();
  }

  /** the level now, from the queue length over the last sustain period (with R-17 when one is declared now). */
  state(): PeakState {
    const now = this.#now();
    return peakLevel(this.#samples, now, this.#policy, {predictable: predictablePeakAt(this.#policy, now) !== undefined});
  }

  /** What clients are told with every queue message. */
  status(): PeakStatus {
    const s = this.state();
    return {
      level: s.level, actions: [...s.actions],
      ...(s.sinceMs === undefined ? {} : {sinceMs: s.sinceMs}),
      aboveSinceMs: {
        ...(s.aboveSinceMs.level1 === undefined ? {} : {level1: s.aboveSinceMs.level1}),
        ...(s.aboveSinceMs.level2 === undefined ? {} : {level2: s.aboveSinceMs.level2}),
      },
      ...(s.nextLevelAtMs === undefined ? {} : {nextLevelAtMs: s.nextLevelAtMs}),
      ...(s.predictable ? {predictable: {...s.predictable}} : {}),
    };
  }

  /** R-23 with R-18: breaks and meals are suspended at the peak level, once seats had `noticeMs` to hear of it. */
  breaksSuspended(state: string, noticeMs: number): boolean {
    if (state !== 'break' && state !== 'meal') return false;
    const peak = this.state();
    return peak.level >= this.#policy.breaks.suspendAtPeakLevel && this.#now() - (peak.sinceMs ?? this.#now()) >= noticeMs;
  }

  /** callback service stops at peak level 1 (once seats had `noticeMs` to hear of it); R-17 as outboundRefusal. */
  callbackRefusal(agentsOnOutbound: number, noticeMs: number): string | undefined {
    const peak = this.state();
    if (peak.actions.includes('stop_callbacks') && this.#now() - (peak.sinceMs ?? this.#now()) >= noticeMs) return `R-18 peak level ${peak.level}: callback service is stopped`;
    return this.outboundRefusal(agentsOnOutbound);
  }

  /**
   * during a declared predictable peak, at most N agents (default 2) on outbound callbacks
   * at once. The reason it is refused, or undefined when one more may start.
   */
  outboundRefusal(agentsOnOutbound: number): string | undefined {
    const declared = predictablePeakAt(this.#policy, this.#now());
    if (!declared) return undefined;
    const state = peakLevel([], this.#now(), this.#policy, {predictable: true});
    if (outboundAllowed(state, agentsOnOutbound)) return undefined;
    return `R-17 predictable peak "${declared.name}": at most ${state.predictable!.maxOutboundAgents} agents on outbound callbacks at once (${agentsOnOutbound} are)`;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #watch(): void {
    if (this.#closed) return;
    const peak = this.state();
    if (peak.level !== this.#level) {
      this.#level = peak.level;
      this.#onLevel();
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (peak.nextLevelAtMs !== undefined) {
      this.#timer = setTimeout(() => this.#watch(), Math.min(Math.max(0, peak.nextLevelAtMs - this.#now()) + 1, 2 ** 31 - 1));
      this.#timer.unref();
    }
  }

  /**
   * Keep what the plan and the clients still look at: one sustain period (plus the sample in
   * effect at its start) and the whole current run at or over the level-1 threshold, so "held
   * since 10:00" stays true hours later.
   */
  #trim(now: number): void {
    const level1 = this.#policy.peak.level1Queue;
    let runStart = this.#samples.length;
    while (runStart > 0 && this.#samples[runStart - 1]!.queueLength >= level1) runStart--;
    const horizon = now - this.#policy.peak.sustainMinutes * MINUTE - MINUTE;
    let windowStart = 0;
    while (windowStart + 1 < this.#samples.length && this.#samples[windowStart + 1]!.atMs < horizon) windowStart++;
    const keepFrom = Math.max(Math.min(runStart, windowStart), this.#samples.length - MAX_SAMPLES);
    if (keepFrom > 0) this.#samples = this.#samples.slice(keepFrom);
  }
}
