// the silent-call protocol (无声电话): greet, 5 s → repeat, 5 s more → farewell and release.
import type {PolicyConfig} from './config.ts';

export type SilentStep = 'greet' | 'repeat' | 'farewell';

export type SilentCallState = {
  readonly step: SilentStep;
  readonly phrase: string;
  /** after the farewell the agent may release (disposition `silent`), unflagged by R-07. */
  readonly mayRelease: boolean;
  /** When the next step is due (ms since the call was marked silent), or undefined at the end. */
  readonly nextAtMs: number | undefined;
};

/** Where the protocol is `elapsedMs` after the agent marked the call silent. */
export function silentCall(elapsedMs: number, policy: PolicyConfig): SilentCallState {
  if (!Number.isFinite(elapsedMs) || elapsedMs < 0) throw new TypeError(`silentCall: elapsedMs must be a non-negative number, got ${elapsedMs}`);
  const s = policy.silentCall;
  const repeatAt = s.repeatAfterSeconds * 1000;
  const farewellAt = repeatAt + s.releaseAfterSeconds * 1000;
  if (elapsedMs < repeatAt) return {step: 'greet', phrase: s.greeting, mayRelease: false, nextAtMs: repeatAt};
  if (elapsedMs < farewellAt) return {step: 'repeat', phrase: s.greeting, mayRelease: false, nextAtMs: farewellAt};
  return {step: 'farewell', phrase: s.farewell, mayRelease: true, nextAtMs: undefined};
}
