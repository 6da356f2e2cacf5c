import test from 'ava';
import {defaultPolicy, holdNudge, holdSchedule, beforeHoldPrompt, type HoldEventKind} from '../../src/rules/index.ts';

const policy = defaultPolicy();

test('R-09: the prompt before hold', t => {
  t.is(beforeHoldPrompt(policy), '请稍等,帮您查询');
});

test('R-10: the schedule: every 20 s, 45 s thanks, 120 s callback', t => {
  t.deepEqual(holdSchedule(policy, 140_000).map(e => [e.atMs / 1000, e.kind]), [
    [20, 'nudge'], [40, 'nudge'], [45, 'patience'], [60, 'patience'], [80, 'patience'], [100, 'patience'], [120, 'long_hold'], [140, 'long_hold'],
  ]);
});

const nudge = test.macro({
  exec(t, heldS: number, current: HoldEventKind | undefined, phrase: string | undefined, nextS: number, longHold: boolean, thank: boolean) {
    const n = holdNudge(heldS * 1000, policy);
    t.is(n.current?.kind, current);
    t.is(n.current?.phrase, phrase);
    t.is(n.next.atMs, nextS * 1000);
    t.is(n.longHold, longHold);
    t.is(n.thankOnReturn, thank);
  },
  title: (_given, heldS, current) => `R-10: on hold ${heldS} s → ${current ?? 'no nudge yet'}`,
});

test(nudge, 0, undefined, undefined, 20, false, false);
test(nudge, 19.999, undefined, undefined, 20, false, false);
test(nudge, 20, 'nudge', '请稍等,正在帮您查询', 40, false, false);
test(nudge, 44.999, 'nudge', '请稍等,正在帮您查询', 45, false, false);
test(nudge, 45, 'patience', '感谢您的耐心等待', 60, false, true);
test(nudge, 119.999, 'patience', '感谢您的耐心等待', 120, false, true);
test(nudge, 120, 'long_hold', '改用另行回话的方式', 140, true, true);
test(nudge, 600, 'long_hold', '改用另行回话的方式', 620, true, true);

test('a negative hold time is a TypeError', t => {
  t.throws(() => holdNudge(-1, policy), {instanceOf: TypeError, message: /heldMs/});
});
