// what the seat says before and during a hold.
import type {PolicyConfig} from './config.ts';

export type HoldEventKind = 'nudge' | 'patience' | 'long_hold';

export type HoldEvent = {
  /** Time on hold when the event is due. */
  readonly atMs: number;
  readonly kind: HoldEventKind;
  readonly phrase: string;
};

/** said before putting the caller on hold. */
export function beforeHoldPrompt(policy: PolicyConfig): string {
  return policy.holdNudges.beforeHoldPhrase;
}

function kindAt(ms: number, policy: PolicyConfig): HoldEventKind {
  const h = policy.holdNudges;
  if (ms >= h.longHoldSeconds * 1000) return 'long_hold';
  if (ms >= h.patienceFromSeconds * 1000) return 'patience';
  return 'nudge';
}

function phraseOf(kind: HoldEventKind, policy: PolicyConfig): string {
  const h = policy.holdNudges;
  return kind === 'long_hold' ? h.callbackPhrase : kind === 'patience' ? h.patiencePhrase : h.nudgePhrase;
}

/**
 * every nudge due up to `untilMs` on hold: every 20 s, plus the moment the phrase changes
 * (45 s: thank for waiting; 120 s: propose a callback and flag `long_hold`).
 */
export function holdSchedule(policy: PolicyConfig, untilMs: number): HoldEvent[] {
  const h = policy.holdNudges;
  const times = new Set<number>();
  for (let t = h.firstSeconds * 1000; t <= untilMs; t += h.everySeconds * 1000) times.add(t);
  for (const t of [h.patienceFromSeconds * 1000, h.longHoldSeconds * 1000]) if (t <= untilMs) times.add(t);
  return [...times].sort((a, b) => a - b).map(atMs => {
    const kind = kindAt(atMs, policy);
    return {atMs, kind, phrase: phraseOf(kind, policy)};
  });
}

export type HoldNudge = {
  /** The latest nudge due at `heldMs`, if any. */
  readonly current: HoldEvent | undefined;
  /** The next one. */
  readonly next: HoldEvent;
  /** on hold ≥ 120 s: propose a callback, flag the call. */
  readonly longHold: boolean;
  /** from 45 s, 「感谢您的耐心等待」 must be said on return. */
  readonly thankOnReturn: boolean;
};

/** the nudge state after `heldMs` on hold. */
export function holdNudge(heldMs: number, policy: PolicyConfig): HoldNudge {
  if (!Number.isFinite(heldMs) || heldMs < 0) throw new TypeError(`holdNudge: heldMs must be a non-negative number, got ${heldMs}`);
  const h = policy.holdNudges;
  const horizon = heldMs + Math.max(h.everySeconds, h.firstSeconds) * 1000;
  const events = holdSchedule(policy, horizon);
  const current = events.filter(e => e.atMs <= heldMs).at(-1);
  const next = events.find(e => e.atMs > heldMs) as HoldEvent;
  return {
    current,
    next,
    longHold: heldMs >= h.longHoldSeconds * 1000,
    thankOnReturn: heldMs >= h.patienceFromSeconds * 1000,
  };
}
