// Distributions a load script draws from (rings before accepting, talk time, patience, …),
// given a random source (plan.ts: the run's seeded streams), so a run can be repeated with `seed`.
import {z} from 'zod';

const nonNeg = z.number().finite().nonnegative();

/** A number, or a distribution to draw it from. */
export const Dist = z.union([
  nonNeg,
  z.object({uniform: z.tuple([nonNeg, nonNeg])}).strict().refine(d => d.uniform[0] <= d.uniform[1], {message: 'uniform: [min, max] with min ≤ max', path: ['uniform']}),
  z.object({normal: z.object({mean: nonNeg, sd: nonNeg, min: nonNeg.optional(), max: nonNeg.optional()}).strict()}).strict(),
  z.object({exponential: z.object({mean: nonNeg, min: nonNeg.optional(), max: nonNeg.optional()}).strict()}).strict(),
  /** Weighted choice: `{"choice": {"1": 70, "2": 20, "4": 10}}` — keys are the values. */
  z.object({choice: z.record(z.string().regex(/^\d+(\.\d+)?$/, 'expected a number as key'), z.number().positive())}).strict()
    .refine(d => Object.keys(d.choice).length > 0, {message: 'choice: at least one value', path: ['choice']}),
]);
export type Dist = z.infer<typeof Dist>;

const clamp = (v: number, min = 0, max = Number.POSITIVE_INFINITY) => Math.min(max, Math.max(min, v));

/** Draw one value of `dist` using `random` (uniform in [0, 1)). */
export function draw(dist: Dist, random: () => number): number {
  if (typeof dist === 'number') return dist;
  if ('uniform' in dist) return dist.uniform[0] + random() * (dist.uniform[1] - dist.uniform[0]);
  if ('normal' in dist) {
    // Box–Muller
    const u = 1 - random();
    const v = random();
    const z0 = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return clamp(dist.normal.mean + z0 * dist.normal.sd, dist.normal.min, dist.normal.max);
  }
  if ('exponential' in dist) return clamp(-Math.log(1 - random()) * dist.exponential.mean, dist.exponential.min, dist.exponential.max);
  const entries = Object.entries(dist.choice);
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, weight] of entries) {
    r -= weight;
    if (r < 0) return Number(value);
  }
  return Number(entries[entries.length - 1][0]);
}

/** The mean of a distribution (for sizing a run before it starts). */
export function meanOf(dist: Dist): number {
  if (typeof dist === 'number') return dist;
  if ('uniform' in dist) return (dist.uniform[0] + dist.uniform[1]) / 2;
  if ('normal' in dist) return dist.normal.mean;
  if ('exponential' in dist) return dist.exponential.mean;
  const entries = Object.entries(dist.choice);
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  return entries.reduce((sum, [v, w]) => sum + Number(v) * w, 0) / total;
}

/** Pick a key of a weighted table. */
export function pick<K extends string>(weights: Readonly<Record<K, number>>, random: () => number): K {
  const entries = Object.entries(weights) as Array<[K, number]>;
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [key, weight] of entries) {
    r -= weight;
    if (r < 0) return key;
  }
  return entries[entries.length - 1][0];
}
