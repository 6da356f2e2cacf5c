// R-23 breaks and meals.
import test from 'ava';
import {defaultPolicy, canStartBreak, breakStatus} from '../../src/rules/index.ts';

const policy = defaultPolicy();
const cst = (local: string) => Date.parse(`${local}+08:00`);

test('R-23: breaks within limits; suspended during the R-18 peak plan', t => {
  t.deepEqual(canStartBreak('break', 0, 0, policy), {ok: true, limitMs: 10 * 60_000});
  const peak = canStartBreak('break', 0, 1, policy);
  t.false(peak.ok);
  if (!peak.ok) t.is(peak.reason, 'peak_suspended');
  const used = canStartBreak('break', 2, 0, policy);
  t.false(used.ok);
  if (!used.ok) t.is(used.reason, 'limit_reached');
  t.true(canStartBreak('meal', 0, 1, policy).ok);
  t.false(canStartBreak('meal', 0, 2, policy).ok);
});

test('R-23: an overrun is a discipline item', t => {
  const start = cst('2026-11-23T10:00');
  t.is(breakStatus('break', start, start + 10 * 60_000, policy).violation, undefined);
  const over = breakStatus('break', start, start + 10 * 60_000 + 1, policy);
  t.is(over.violation, 'break_overrun');
  t.is(over.overrunMs, 1);
  t.is(breakStatus('meal', start, start + 31 * 60_000, policy).violation, 'meal_overrun');
});
