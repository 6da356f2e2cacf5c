import test from 'ava';
import {defaultPolicy, peakLevel, outboundAllowed, type QueueSample} from '../../src/rules/index.ts';
import {PolicyConfig} from '../../src/rules/config.ts';
import {predictablePeakAt, predictablePeaksOnDays} from '../../src/rules/peak.ts';

const policy = defaultPolicy();
const t0 = Date.parse('2026-11-23T10:00:00+08:00');
const min = 60_000;

/** One sample a minute with these queue lengths, from t0. */
const everyMinute = (lengths: number[]): QueueSample[] => lengths.map((queueLength, i) => ({atMs: t0 + i * min, queueLength}));

const level = test.macro({
  exec(t, samples: QueueSample[], nowMs: number, expected: 0 | 1 | 2, sinceMs?: number) {
    const s = peakLevel(samples, nowMs, policy);
    t.is(s.level, expected);
    t.is(s.sinceMs, sinceMs);
  },
  title: given => `R-18: ${given}`,
});

test('empty queue history is level 0', level, [], t0, 0);
test('queue ≥ 8 for 29:59 is still level 0', level, [{atMs: t0, queueLength: 8}], t0 + 30 * min - 1000, 0);
test('queue ≥ 8 for 30:00 is level 1', level, [{atMs: t0, queueLength: 8}], t0 + 30 * min, 1, t0 + 30 * min);
test('7 waiting for an hour is level 0', level, [{atMs: t0, queueLength: 7}], t0 + 60 * min, 0);
test('a dip below 8 restarts the 30 minutes', level, [{atMs: t0, queueLength: 9}, {atMs: t0 + 20 * min, queueLength: 7}, {atMs: t0 + 21 * min, queueLength: 10}], t0 + 50 * min, 0);
test('queue ≥ 16 for 30:00 is level 2', level, [{atMs: t0, queueLength: 16}], t0 + 30 * min, 2, t0 + 30 * min);
test('≥ 8 for an hour, ≥ 16 only for 29 min is level 1', level, [{atMs: t0, queueLength: 8}, {atMs: t0 + 31 * min, queueLength: 20}], t0 + 60 * min, 1, t0 + 30 * min);
test('samples after now are ignored', level, [{atMs: t0, queueLength: 8}, {atMs: t0 + 40 * min, queueLength: 0}], t0 + 35 * min, 1, t0 + 30 * min);

test('the actions each level orders, in order', t => {
  t.deepEqual(peakLevel(everyMinute(Array(31).fill(9)), t0 + 30 * min, policy).actions, ['stop_callbacks', 'suspend_breaks']);
  t.deepEqual(peakLevel(everyMinute(Array(31).fill(16)), t0 + 30 * min, policy).actions, ['stop_callbacks', 'suspend_breaks', 'supervisors_take_calls', 'all_seats_take_calls']);
  t.deepEqual(peakLevel([], t0, policy).actions, []);
});

test('when the next level takes effect if the queue stays', t => {
  const s = peakLevel(everyMinute([3, 8, 9, 12]), t0 + 3 * min, policy);
  t.is(s.level, 0);
  t.is(s.aboveSinceMs.level1, t0 + min);
  t.is(s.nextLevelAtMs, t0 + 31 * min);
  t.is(s.queueLength, 12);
});

test('samples in any order', t => {
  const samples = everyMinute(Array(31).fill(8)).reverse();
  t.is(peakLevel(samples, t0 + 30 * min, policy).level, 1);
});

test('R-17: a predictable peak: no leave, at most 2 agents on outbound', t => {
  const s = peakLevel([], t0, policy, {predictable: true});
  t.deepEqual(s.predictable, {leaveAllowed: false, maxOutboundAgents: 2});
  t.true(outboundAllowed(s, 1));
  t.false(outboundAllowed(s, 2));
  t.true(outboundAllowed(peakLevel([], t0, policy), 5));
});

test('R-18: level 1 stops callbacks even in a predictable peak', t => {
  const s = peakLevel([{atMs: t0, queueLength: 8}], t0 + 30 * min, policy, {predictable: true});
  t.false(outboundAllowed(s, 0));
});

// predictable peaks declared in the policy — in force from `from` (inclusive) to `to`
// (exclusive); a date alone is the center's local day; leave days that touch one are found.
const campaigns = PolicyConfig.parse({peak: {predictable: [
  {name: '医保年度登记', from: '2026-12-01T09:00:00+08:00', to: '2026-12-01T17:00:00+08:00'},
  {name: 'campaign week', from: '2026-12-07', to: '2026-12-11'},
]}});

test('a date-time window: on at its first instant, off at its last', t => {
  const from = Date.parse('2026-12-01T01:00:00Z');
  const to = Date.parse('2026-12-01T09:00:00Z');
  t.is(predictablePeakAt(campaigns, from - 1), undefined, 'one ms before the start');
  t.is(predictablePeakAt(campaigns, from)?.name, '医保年度登记', 'the start instant is inside');
  t.is(predictablePeakAt(campaigns, to - 1)?.name, '医保年度登记');
  t.is(predictablePeakAt(campaigns, to), undefined, 'the end instant is outside');
});

test('date-only windows are whole center-local days (UTC+8 by default), `to` included', t => {
  t.is(predictablePeakAt(campaigns, Date.parse('2026-12-06T15:59:59.999Z')), undefined, 'Dec 6, 23:59:59.999 in Beijing');
  t.is(predictablePeakAt(campaigns, Date.parse('2026-12-06T16:00:00Z'))?.name, 'campaign week', 'Dec 7, 00:00 in Beijing');
  t.is(predictablePeakAt(campaigns, Date.parse('2026-12-11T15:59:59.999Z'))?.name, 'campaign week', 'Dec 11 is the last day');
  t.is(predictablePeakAt(campaigns, Date.parse('2026-12-11T16:00:00Z')), undefined);
});

test('leave days touching a peak are found; days beside it are not', t => {
  t.deepEqual(predictablePeaksOnDays(campaigns, '2026-12-01', '2026-12-01').map(w => w.name), ['医保年度登记']);
  t.deepEqual(predictablePeaksOnDays(campaigns, '2026-12-02', '2026-12-06'), []);
  t.deepEqual(predictablePeaksOnDays(campaigns, '2026-12-05', '2026-12-07').map(w => w.name), ['campaign week']);
  t.deepEqual(predictablePeaksOnDays(campaigns, '2026-12-12', '2026-12-14'), []);
});

test('in force: at most 2 agents on outbound callbacks (R-17)', t => {
  const state = peakLevel([], Date.parse('2026-12-01T02:00:00Z'), campaigns, {predictable: true});
  t.true(outboundAllowed(state, 1));
  t.false(outboundAllowed(state, 2));
});

test('config: a window ending before it starts, or a bad instant, is a clear error', t => {
  const backwards = PolicyConfig.safeParse({peak: {predictable: [{name: 'x', from: '2026-12-02', to: '2026-12-01'}]}});
  t.false(backwards.success);
  t.regex(JSON.stringify(backwards.error?.issues), /ends \(2026-12-01\) before it starts/);
  const bad = PolicyConfig.safeParse({peak: {predictable: [{name: 'x', from: 'next tuesday', to: '2026-12-01'}]}});
  t.false(bad.success);
  t.deepEqual(bad.error?.issues[0]?.path, ['peak', 'predictable', 0, 'from']);
  t.regex(bad.error?.issues[0]?.message ?? '', /expected an ISO date YYYY-MM-DD or a date-time with its offset/);
  t.deepEqual(PolicyConfig.parse({}).peak.predictable, []);
});
