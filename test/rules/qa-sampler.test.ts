// R-26 QA sampling.
import test from 'ava';
import {defaultPolicy, sampleCalls, seededRng, localTime} from '../../src/rules/index.ts';

const policy = defaultPolicy();
const cst = (local: string) => Date.parse(`${local}+08:00`);

// A day of calls: 9:00–18:00, three business types, mostly in the quiet hours.
const types = ['consult', 'complaint', 'dispatch'];
const calls = Array.from({length: 300}, (_, i) => ({
  id: `c${i}`,
  businessType: i % 10 === 0 ? 'complaint' : i % 7 === 0 ? 'dispatch' : 'consult',
  startedAtMs: cst('2026-11-23T09:00') + (i * 9 * 3_600_000) / 300,
}));

test('R-26: a sample covers every business type and hour, no call twice', t => {
  const picked = sampleCalls(calls, 18, seededRng(42), policy);
  t.is(picked.length, 18);
  t.is(new Set(picked.map(c => c.id)).size, 18);
  t.deepEqual([...new Set(picked.map(c => c.businessType))].sort(), [...types].sort());
  const hours = new Set(picked.map(c => Math.floor(localTime(c.startedAtMs, policy).minutes / 60)));
  t.true(hours.size >= 8, `hours covered: ${[...hours].join(',')}`);
});

test('R-26: the same seed gives the same sample, another seed another', t => {
  const ids = (seed: number) => sampleCalls(calls, 10, seededRng(seed), policy).map(c => c.id).join();
  t.is(ids(7), ids(7));
  t.not(ids(7), ids(8));
});

test('R-26: asking for more than there are returns them all', t => {
  t.is(sampleCalls(calls.slice(0, 5), 10, seededRng(1), policy).length, 5);
  t.deepEqual(sampleCalls([], 3, seededRng(1), policy), []);
  t.throws(() => sampleCalls(calls, -1, seededRng(1), policy), {instanceOf: TypeError, message: /count/});
});
