// predictable peaks declared in the policy — in force from `from` (inclusive) to `to`
// (exclusive); a date alone is the center's local day; leave days that touch one are found.
import test from 'ava';
import {PolicyConfig} from '../../src/rules/config.ts';
import {outboundAllowed, peakLevel, predictablePeakAt, predictablePeaksOnDays} from '../../src/rules/peak.ts';

const policy = PolicyConfig.parse({peak: {predictable: [
  {name: '医保年度登记', from: '2026-12-01T09:00:00+08:00', to: '2026-12-01T17:00:00+08:00'},
  {name: 'campaign week', from: '2026-12-07', to: '2026-12-11'},
]}});

test('a date-time window: on at its first instant, off at its last', t => {
  const from = Date.parse('2026-12-01T01:00:00Z');
  const to = Date.parse('2026-12-01T09:00:00Z');
  t.is(predictablePeakAt(policy, from - 1), undefined, 'one ms before the start');
  t.is(predictablePeakAt(policy, from)?.name, '医保年度登记', 'the start instant is inside');
  t.is(predictablePeakAt(policy, to - 1)?.name, '医保年度登记');
  t.is(predictablePeakAt(policy, to), undefined, 'the end instant is outside');
});

test('date-only windows are whole center-local days (UTC+8 by default), `to` included', t => {
  t.is(predictablePeakAt(policy, Date.parse('2026-12-06T15:59:59.999Z')), undefined, 'Dec 6, 23:59:59.999 in Beijing');
  t.is(predictablePeakAt(policy, Date.parse('2026-12-06T16:00:00Z'))?.name, 'campaign week', 'Dec 7, 00:00 in Beijing');
  t.is(predictablePeakAt(policy, Date.parse('2026-12-11T15:59:59.999Z'))?.name, 'campaign week', 'Dec 11 is the last day');
  t.is(predictablePeakAt(policy, Date.parse('2026-12-11T16:00:00Z')), undefined);
});

test('leave days touching a peak are found; days beside it are not', t => {
  t.deepEqual(predictablePeaksOnDays(policy, '2026-12-01', '2026-12-01').map(w => w.name), ['医保年度登记']);
  t.deepEqual(predictablePeaksOnDays(policy, '2026-12-02', '2026-12-06'), []);
  t.deepEqual(predictablePeaksOnDays(policy, '2026-12-05', '2026-12-07').map(w => w.name), ['campaign week']);
  t.deepEqual(predictablePeaksOnDays(policy, '2026-12-12', '2026-12-14'), []);
});

test('in force: at most 2 agents on outbound callbacks (R-17)', t => {
  const state = peakLevel([], Date.parse('2026-12-01T02:00:00Z'), policy, {predictable: true});
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
