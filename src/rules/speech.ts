// speech rate target 180–250 characters a minute (normal speech is 280–350).
import type {PolicyConfig} from './config.ts';

export type SpeechRate = {
  readonly perMinute: number;
  readonly verdict: 'too_slow' | 'ok' | 'too_fast';
};

/** The rate of `characters` spoken in `durationMs`, against the target. */
export function speechRate(characters: number, durationMs: number, policy: PolicyConfig): SpeechRate {
  if (!(durationMs > 0) || !(characters >= 0)) throw new RangeError(`speechRate: need characters ≥ 0 and durationMs > 0, got ${characters} in ${durationMs} ms`);
  const perMinute = (characters * 60_000) / durationMs;
  const {minPerMinute, maxPerMinute} = policy.speechRate;
  return {perMinute, verdict: perMinute < minPerMinute ? 'too_slow' : perMinute > maxPerMinute ? 'too_fast' : 'ok'};
}
