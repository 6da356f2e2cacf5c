// R-18 as the lead watches it live: the switch's queue samples are kept (bounded) and handed to
// the pure rule `peakLevel` (src/rules/peak.ts); this file only adds what a wall needs on top:
// how long the condition has held, what is pending, and the last hour as a per-minute series.
import type {PolicyConfig} from '../../rules/config.ts';
import {peakLevel, type PeakAction, type PeakLevel, type QueueSample} from '../../rules/peak.ts';

export type {PeakAction, PeakLevel};

export type PeakView = {
  readonly level: PeakLevel;
  readonly actions: readonly PeakAction[];
  /** How long the queue has stayed at/over the current level's threshold (0 at level 0). */
  readonly heldMs: number;
  /** The queue is at/over a threshold that has not yet held for the sustain time. */
  readonly pending?: {readonly level: 1 | 2; readonly heldMs: number; readonly remainingMs: number};
  /** predictable-peak restrictions, when declared. */
  readonly predictable?: {readonly leaveAllowed: boolean; readonly maxOutboundAgents: number};
  readonly thresholds: {readonly level1: number; readonly level2: number; readonly sustainMs: number};
};

const MINUTE = 60_000;
/** Hard cap on kept samples (only change points are kept, so this is hours of a busy queue). */
const MAX_SAMPLES = 20_000;

export class PeakTracker {
  readonly #policy: PolicyConfig;
  #samples: QueueSample[] = [];
  /** Queue lengths before the first live sample, rebuilt from the day's call log. */
  #history: QueueSample[] = [];

  constructor(policy: PolicyConfig) {
    this.#policy = policy;
  }

  sample(at: number, waiting: number): void {
    if (!Number.isFinite(at) || !Number.isFinite(waiting)) return;
    const last = this.#samples.at(-1);
    // Late or reordered samples must not rewrite history: they count from the newest time seen.
    const atMs = last && at < last.atMs ? last.atMs : at;
    // Only change points matter to a step function.
    if (last && last.queueLength === waiting) return;
    this.#samples.push({atMs, queueLength: waiting});
    this.#trim(atMs);
  }

  /**
   * The queue before this wall attached, as change points (from the call log): what lets a lead
   * who attaches at 10:20 see that the queue has been ≥ 8 since 10:00.
   */
  setHistory(points: readonly QueueSample[]): void {
    this.#history = [...points].sort((a, b) => a.atMs - b.atMs);
  }

  /** History up to the first live sample, then the live samples. */
  #all(): QueueSample[] {
    if (this.#history.length === 0) return this.#samples;
    const firstLive = this.#samples[0]?.atMs ?? Number.POSITIVE_INFINITY;
    return [...this.#history.filter(p => p.atMs < firstLive), ...this.#samples];
  }

  view(now: number, options: {predictable?: boolean} = {}): PeakView {
    const state = peakLevel(this.#all(), now, this.#policy, options);
    const sustainMs = this.#policy.peak.sustainMinutes * MINUTE;
    const thresholds = {level1: this.#policy.peak.level1Queue, level2: this.#policy.peak.level2Queue, sustainMs};
    const held = (since: number | undefined) => since === undefined ? undefined : Math.max(0, now - since);
    const held1 = held(state.aboveSinceMs.level1);
    const held2 = held(state.aboveSinceMs.level2);
    const heldMs = state.level === 2 ? held2 ?? 0 : state.level === 1 ? held1 ?? 0 : 0;
    let pending: PeakView['pending'];
    if (state.level < 2 && held2 !== undefined) pending = {level: 2, heldMs: held2, remainingMs: Math.max(0, sustainMs - held2)};
    else if (state.level < 1 && held1 !== undefined) pending = {level: 1, heldMs: held1, remainingMs: Math.max(0, sustainMs - held1)};
    return {level: state.level, actions: state.actions, heldMs, pending, predictable: state.predictable, thresholds};
  }

  /** The most callers waiting in each of the last `minutes` minutes (oldest first). */
  series(now: number, minutes: number): number[] {
    const current = Math.floor(now / MINUTE);
    const out: number[] = [];
    let index = 0;
    let inEffect = 0;
    const samples = this.#all();
    for (let minute = current - minutes + 1; minute <= current; minute++) {
      const start = minute * MINUTE;
      const end = start + MINUTE;
      while (index < samples.length && samples[index].atMs < start) inEffect = samples[index++].queueLength;
      let max = inEffect;
      while (index < samples.length && samples[index].atMs < end) {
        inEffect = samples[index++].queueLength;
        max = Math.max(max, inEffect);
      }
      out.push(max);
    }
    return out;
  }

  /** When the first live sample arrived (history before it comes from the call log). */
  firstLiveAt(): number | undefined {
    return this.#samples[0]?.atMs;
  }

  #trim(now: number): void {
    // Keep the last hour (plus the sample in effect at its start) and the whole current run at
    // or above the level-1 threshold, so "held for 2 h 10 min" stays true after an hour.
    const level1 = this.#policy.peak.level1Queue;
    let runStart = this.#samples.length;
    while (runStart > 0 && this.#samples[runStart - 1].queueLength >= level1) runStart--;
    let hourStart = 0;
    while (hourStart < this.#samples.length - 1 && this.#samples[hourStart + 1].atMs <= now - 61 * MINUTE) hourStart++;
    const keepFrom = Math.max(Math.min(runStart, hourStart), this.#samples.length - MAX_SAMPLES);
    if (keepFrom > 0) this.#samples = this.#samples.slice(keepFrom);
  }
}
