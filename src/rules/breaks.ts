// breaks (小休) and meals have limits; an overrun is a discipline item (R-33 general);
// during an R-18 peak breaks are suspended.
import type {PolicyConfig} from './config.ts';
import type {PeakLevel} from './peak.ts';

export type BreakKind = 'break' | 'meal';

export type BreakRequest = {readonly ok: true; readonly limitMs: number} | {readonly ok: false; readonly error: string; readonly reason: 'peak_suspended' | 'limit_reached'};

/** May the agent start a break or meal now? */
export function canStartBreak(kind: BreakKind, takenThisShift: number, peak: PeakLevel, policy: PolicyConfig): BreakRequest {
  const b = policy.breaks;
  // a peak suspends breaks; meals are not breaks, but level 2 needs every seat.
  if (kind === 'break' && peak >= b.suspendAtPeakLevel) return {ok: false, reason: 'peak_suspended', error: `R-23: breaks are suspended during the peak plan (level ${peak})`};
  if (kind === 'meal' && peak >= 2) return {ok: false, reason: 'peak_suspended', error: 'R-18: level 2: every seat takes calls'};
  const max = kind === 'break' ? b.breaksPerShift : b.mealsPerShift;
  if (takenThisShift >= max) return {ok: false, reason: 'limit_reached', error: `R-23: ${max} ${kind === 'break' ? 'breaks' : 'meals'} per shift already taken`};
  return {ok: true, limitMs: (kind === 'break' ? b.breakMinutes : b.mealMinutes) * 60_000};
}

export type BreakStatus = {
  readonly kind: BreakKind;
  readonly elapsedMs: number;
  readonly limitMs: number;
  readonly remainingMs: number;
  readonly overrunMs: number;
  /** an overrun is a general discipline item (`break_overrun` / `meal_overrun`). */
  readonly violation: 'break_overrun' | 'meal_overrun' | undefined;
};

export function breakStatus(kind: BreakKind, startedAtMs: number, nowMs: number, policy: PolicyConfig): BreakStatus {
  const limitMs = (kind === 'break' ? policy.breaks.breakMinutes : policy.breaks.mealMinutes) * 60_000;
  const elapsedMs = Math.max(0, nowMs - startedAtMs);
  const overrunMs = Math.max(0, elapsedMs - limitMs);
  return {kind, elapsedMs, limitMs, remainingMs: Math.max(0, limitMs - elapsedMs), overrunMs, violation: overrunMs > 0 ? `${kind}_overrun` : undefined};
}
