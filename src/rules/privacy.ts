// customer numbers are masked on wallboards and supervisor views; idle seats lock.
import type {PolicyConfig} from './config.ts';

export type MaskOptions = {readonly keepPrefix?: number; readonly keepSuffix?: number; readonly maskChar?: string};

/** `maskNumber('13812345678')` → `138****5678`. Short numbers keep less, never the whole number. */
export function maskNumber(number: string, options: MaskOptions = {}): string {
  const prefix = options.keepPrefix ?? 3;
  const suffix = options.keepSuffix ?? 4;
  const mask = options.maskChar ?? '*';
  const chars = [...number];
  if (chars.length === 0) return '';
  if (chars.length > prefix + suffix) {
    return chars.slice(0, prefix).join('') + mask.repeat(chars.length - prefix - suffix) + chars.slice(chars.length - suffix).join('');
  }
  // Too short for the standard mask: show at most a third at each end so most stays hidden.
  const keep = Math.floor(chars.length / 3);
  return chars.slice(0, keep).join('') + mask.repeat(chars.length - 2 * keep) + chars.slice(chars.length - keep).join('');
}

/** maskNumber with the center's settings. */
export function maskNumberFor(number: string, policy: PolicyConfig): string {
  const p = policy.privacy;
  return maskNumber(number, {keepPrefix: p.maskKeepPrefix, keepSuffix: p.maskKeepSuffix, maskChar: p.maskChar});
}

/** the seat locks on a break or after the idle limit; unlocking needs the PIN. */
export function seatLocked(idleMs: number, onBreak: boolean, policy: PolicyConfig): boolean {
  return onBreak || idleMs >= policy.privacy.idleLockMinutes * 60_000;
}
