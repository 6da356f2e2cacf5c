// the peak-load plan (高峰期应急预案). Level 1: queue ≥ 8 waiting continuously for
// 30 min → stop callbacks, suspend breaks. Level 2: ≥ 16 for 30 min → supervisors and all
// seats take calls. A sample's queue length holds until the next sample.
import type {PolicyConfig, PredictablePeak} from './config.ts';

export type QueueSample = {
  readonly atMs: number;
  readonly queueLength: number;
};

export type PeakLevel = 0 | 1 | 2;

export const peakActions = ['stop_callbacks', 'suspend_breaks', 'supervisors_take_calls', 'all_seats_take_calls'] as const;
export type PeakAction = (typeof peakActions)[number];

/** The actions each level orders, in the order the plan lists them. */
export const actionsByLevel: Record<PeakLevel, readonly PeakAction[]> = {
  0: [],
  1: ['stop_callbacks', 'suspend_breaks'],
  2: ['stop_callbacks', 'suspend_breaks', 'supervisors_take_calls', 'all_seats_take_calls'],
};

export type PeakState = {
  readonly level: PeakLevel;
  readonly actions: readonly PeakAction[];
  /** When the current level took effect (threshold first reached + 30 min); undefined at 0. */
  readonly sinceMs: number | undefined;
  /** Per threshold: when the queue last rose to it and has stayed there since (undefined if not now). */
  readonly aboveSinceMs: {readonly level1: number | undefined; readonly level2: number | undefined};
  /** When the next level takes effect if the queue stays as it is. */
  readonly nextLevelAtMs: number | undefined;
  readonly queueLength: number;
  /** predictable-peak restrictions, when that mode is on. */
  readonly predictable?: {readonly leaveAllowed: boolean; readonly maxOutboundAgents: number};
};

export type PeakOptions = {
  /** a predictable peak (campaign, registration, process change) is declared. */
  readonly predictable?: boolean;
};

function aboveSince(samples: readonly QueueSample[], threshold: number): number | undefined {
  let since: number | undefined;
  for (const s of samples) {
    if (s.queueLength >= threshold) since ??= s.atMs;
    else since = undefined;
  }
  return since;
}

/** The R-18 level at `nowMs` from queue-length samples (any order; later ones after `nowMs` are ignored). */
export function peakLevel(samples: readonly QueueSample[], nowMs: number, policy: PolicyConfig, options: PeakOptions = {}): PeakState {
  const p = policy.peak;
  const sustainMs = p.sustainMinutes * 60_000;
  const seen = samples.filter(s => Number.isFinite(s.atMs) && Number.isFinite(s.queueLength) && s.atMs <= nowMs).sort((a, b) => a.atMs - b.atMs);
  const queueLength = seen.at(-1)?.queueLength ?? 0;
  const since1 = aboveSince(seen, p.level1Queue);
  const since2 = aboveSince(seen, p.level2Queue);
  const at1 = since1 === undefined ? undefined : since1 + sustainMs;
  const at2 = since2 === undefined ? undefined : since2 + sustainMs;
  let level: PeakLevel = 0;
  let sinceMs: number | undefined;
  // 30:00 of continuous queue reaches the level; 29:59 does not.
  if (at2 !== undefined && nowMs >= at2) [level, sinceMs] = [2, at2];
  else if (at1 !== undefined && nowMs >= at1) [level, sinceMs] = [1, at1];
  const nextLevelAtMs = level === 0 ? at1 : level === 1 ? at2 : undefined;
  return {
    level,
    actions: actionsByLevel[level],
    sinceMs,
    aboveSinceMs: {level1: since1, level2: since2},
    nextLevelAtMs,
    queueLength,
    ...(options.predictable ? {predictable: {leaveAllowed: p.predictableLeaveAllowed, maxOutboundAgents: p.predictableMaxOutboundAgents}} : {}),
  };
}

/** may one more agent start outbound callbacks? */
export function outboundAllowed(state: PeakState, agentsOnOutbound: number): boolean {
  if (state.actions.includes('stop_callbacks')) return false;
  return state.predictable ? agentsOnOutbound < state.predictable.maxOutboundAgents : true;
}

/** Epoch ms of a declared instant: a date alone is the center's local midnight (R-19 offset); `end` of a date is the next midnight. */
export function peakInstantMs(at: string, policy: PolicyConfig, end = false): number {
  if (at.length !== 10) return Date.parse(at);
  return Date.parse(`${at}T00:00:00Z`) - policy.calendars.utcOffsetMinutes * 60_000 + (end ? 86_400_000 : 0);
}

/** the declared predictable peak in force at `nowMs` (from inclusive, to exclusive), if any. */
export function predictablePeakAt(policy: PolicyConfig, nowMs: number): PredictablePeak | undefined {
  return policy.peak.predictable.find(w => peakInstantMs(w.from, policy) <= nowMs && nowMs < peakInstantMs(w.to, policy, true));
}

/**
 * declared predictable peaks touching any of the center-local days `fromDay`…`toDay`
 * (ISO dates, inclusive): no leave is approved for those days.
 */
export function predictablePeaksOnDays(policy: PolicyConfig, fromDay: string, toDay: string): PredictablePeak[] {
  const start = peakInstantMs(fromDay, policy);
  const end = peakInstantMs(toDay, policy, true);
  return policy.peak.predictable.filter(w => peakInstantMs(w.from, policy) < end && start < peakInstantMs(w.to, policy, true));
}
