// PolicyConfig: every number and phrase of POLICY.md as a zod schema with the documents' defaults.
// A center overrides any of them from zuoxi.config.json ("policy": {...}); the mechanism stays.
// (Minimal first cut: the rules work extends this with every rule R-01…R-36.)
import {z} from 'zod';

export const PolicyConfig = z.object({
  /** ring period (China ring-back cadence 1 s on / 4 s off). */
  ringPeriodSeconds: z.number().positive().default(5),
  /** answer within this many rings. */
  answerWithinRings: z.number().int().positive().default(3),
});
export type PolicyConfig = z.infer<typeof PolicyConfig>;

export function defaultPolicy(): PolicyConfig {
  return PolicyConfig.parse({});
}
