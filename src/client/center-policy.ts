// The policy a client runs on: the one the center's switch sends in its `welcome`, so a seat or
// a wall never disagrees with the switch on ring period, after-call work or the R-10
// nudges. A missing policy (an older switch) or one that fails the schema is no reason to stop
// working: the documents' defaults, with a warning naming the problem for the person to see.
import {defaultPolicy, PolicyConfig} from '../rules/config.ts';

export type CenterPolicy = {
  readonly policy: PolicyConfig;
  /** Set when the defaults stand in for the center's policy; says why. */
  readonly warning?: string;
};

// Hundreds of load-test seats in one process get the same policy: parse it once (~1.5 ms each).
// The result is shared, so it is never mutated (nothing writes to a PolicyConfig).
let last: {readonly key: string; readonly result: CenterPolicy} | undefined;

/** Read the welcome's `policy` field (unknown: whatever came over the wire). */
export function centerPolicy(raw: unknown): CenterPolicy {
  const key = JSON.stringify(raw) ?? '';
  if (last?.key === key) return last.result;
  const result = readPolicy(raw);
  last = {key, result};
  return result;
}

function readPolicy(raw: unknown): CenterPolicy {
  if (raw === undefined) return {policy: defaultPolicy(), warning: 'the switch sent no center policy: using the default policy'};
  const parsed = PolicyConfig.safeParse(raw);
  if (parsed.success) return {policy: parsed.data};
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') || '(policy)';
  return {policy: defaultPolicy(), warning: `the center's policy is invalid (${where}: ${issue?.message ?? 'invalid'}): using the default policy`};
}
