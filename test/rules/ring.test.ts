import test from 'ava';
import {defaultPolicy, PolicyConfig, ringState, openingPhrase, answerLimitMs} from '../../src/rules/index.ts';

const policy = defaultPolicy();
const t0 = Date.parse('2026-11-23T09:00:00+08:00');

const rings = test.macro({
  exec(t, elapsedMs: number, expected: number, within: boolean) {
    const s = ringState(t0, t0 + elapsedMs, policy);
    t.is(s.rings, expected);
    t.is(s.within, within);
    t.is(s.late, !within);
  },
  title: (_given, elapsedMs: number, expected, within) => `R-01: after ${elapsedMs / 1000} s: ring ${expected}, ${within ? 'within' : 'late'}`,
});

test(rings, 0, 1, true);
test(rings, 4999, 1, true);
test(rings, 5000, 2, true);
test(rings, 10_000, 3, true);
test(rings, 14_999, 3, true); // exactly 3 rings is within
test(rings, 15_000, 4, false); // the 4th ring is late
test(rings, 60_000, 13, false);

test('a clock skew before the offer counts as the first ring', t => {
  t.is(ringState(t0, t0 - 2000, policy).rings, 1);
});

test('R-03: the opening names the line', t => {
  t.is(ringState(t0, t0 + 3000, policy).opening, '您好,12345服务专线,请问有什么可以帮您?');
});

test('R-03: trainee variant', t => {
  t.is(ringState(t0, t0, policy, {trainee: true}).opening, '您好,12345服务专线,实习话务员为您服务,请讲?');
});

test('R-02: a late answer opens with the apology, without greeting twice', t => {
  const s = ringState(t0, t0 + 15_000, policy);
  t.true(s.opening.startsWith('您好,让您久等了'));
  t.is(s.opening, '您好,让您久等了,12345服务专线,请问有什么可以帮您?');
  t.is(openingPhrase(policy, true, {trainee: true}), '您好,让您久等了,12345服务专线,实习话务员为您服务,请讲?');
});

test('a center\'s line name and ring period', t => {
  const p = PolicyConfig.parse({lineName: '移动', ringPeriodSeconds: 6});
  const s = ringState(t0, t0 + 17_999, p);
  t.is(s.rings, 3);
  t.true(s.within);
  t.is(s.nextRingAtMs, t0 + 18_000);
  t.regex(s.opening, /移动服务专线/);
  t.is(answerLimitMs(p), 18_000);
});

test('RONA after the no-answer limit (4 rings = 20 s)', t => {
  t.false(ringState(t0, t0 + 19_999, policy).rona);
  const s = ringState(t0, t0 + 20_000, policy);
  t.true(s.rona);
  t.is(s.ronaAtMs, t0 + 20_000);
});

test('non-finite times are a TypeError naming the arguments', t => {
  t.throws(() => ringState(Number.NaN, t0, policy), {instanceOf: TypeError, message: /offeredAtMs/});
});
