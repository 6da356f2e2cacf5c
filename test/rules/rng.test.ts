// The seeded PRNG behind R-26 sampling: reproducible, in [0, 1), spread over the range.
import test from 'ava';
import {seededRng} from '../../src/rules/rng.ts';

const draws = (seed: number, n: number) => {
  const rng = seededRng(seed);
  return Array.from({length: n}, () => rng());
};

test('the same seed gives the same sequence, another seed another', t => {
  t.deepEqual(draws(26, 50), draws(26, 50));
  t.notDeepEqual(draws(26, 50), draws(27, 50));
});

const inRange = test.macro({
  exec(t, seed: number) {
    for (const x of draws(seed, 10_000)) t.true(x >= 0 && x < 1, String(x));
  },
  title: (_title, seed: number) => `seed ${seed}: every draw is in [0, 1)`,
});
test(inRange, 0);
test(inRange, 1);
test(inRange, -1);
test(inRange, 2 ** 32 + 5);

test('draws spread over the range: each tenth gets 7–13 % of 10 000', t => {
  const buckets = Array.from({length: 10}, () => 0);
  for (const x of draws(2026, 10_000)) buckets[Math.floor(x * 10)] += 1;
  for (const [i, n] of buckets.entries()) t.true(n >= 700 && n <= 1300, `bucket ${i}: ${n}`);
});
