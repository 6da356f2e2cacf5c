// QA samples are random across the whole day (not only quiet hours) and cover every
// business type. Stratified: business type × local hour, round-robin across strata.
import type {PolicyConfig} from './config.ts';
import {localTime} from './calendar.ts';
import type {Rng} from './rng.ts';

export type SampleCandidate = {
  readonly id: string;
  readonly startedAtMs: number;
  readonly businessType: string;
};

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Pick `count` calls (fewer if there are fewer) spread across business types and hours of day. */
export function sampleCalls<T extends SampleCandidate>(calls: readonly T[], count: number, rng: Rng, policy: PolicyConfig): T[] {
  if (!Number.isInteger(count) || count < 0) throw new TypeError(`sampleCalls: count must be a non-negative integer, got ${count}`);
  // type → hour → calls
  const strata = new Map<string, Map<number, T[]>>();
  for (const call of calls) {
    const hour = Math.floor(localTime(call.startedAtMs, policy).minutes / 60);
    const byHour = strata.get(call.businessType) ?? new Map<number, T[]>();
    strata.set(call.businessType, byHour);
    const bucket = byHour.get(hour) ?? [];
    bucket.push(call);
    byHour.set(hour, bucket);
  }
  // Each type: a queue of hour buckets in random order, each bucket shuffled.
  const types = shuffle([...strata.keys()].sort(), rng).map(type => {
    const hours = shuffle([...(strata.get(type) as Map<number, T[]>).entries()].sort((a, b) => a[0] - b[0]), rng);
    return hours.map(([, list]) => shuffle([...list], rng));
  });
  const picked: T[] = [];
  const cursor = types.map(() => 0);
  while (picked.length < Math.min(count, calls.length)) {
    for (let t = 0; t < types.length && picked.length < count; t++) {
      const buckets = types[t].filter(b => b.length > 0);
      if (buckets.length === 0) continue;
      const bucket = buckets[cursor[t]++ % buckets.length];
      picked.push(bucket.pop() as T);
    }
  }
  return picked;
}
