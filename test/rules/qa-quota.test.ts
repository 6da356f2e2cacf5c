// R-25 QA quota and progress.
import test from 'ava';
import {defaultPolicy, qaQuota, qaProgress, type QaAgentInput} from '../../src/rules/index.ts';

const policy = defaultPolicy();

const quota = test.macro({
  exec(t, input: QaAgentInput, weeklyMin: number, weeklyMax: number, liveDaily: number) {
    const q = qaQuota(input, policy);
    t.is(q.weeklyMin, weeklyMin);
    t.is(q.weeklyMax, weeklyMax);
    t.is(q.daily.live, liveDaily);
  },
  title: given => `R-25: ${given}`,
});

test('a quiet week: at least 3', quota, {callsThisWeek: 20}, 3, 3, 5);
test('200 calls: 5–15 % = 10–30', quota, {callsThisWeek: 200}, 10, 30, 5);
test('no calls: still 3 a week', quota, {callsThisWeek: 0}, 3, 3, 5);
test('a new agent is monitored twice as much', quota, {callsThisWeek: 200, daysEmployed: 10}, 20, 60, 10);
test('a low scorer is monitored more', quota, {callsThisWeek: 20, lastScore: 70}, 6, 6, 10);
test('a score of 80 is not low', quota, {callsThisWeek: 20, lastScore: 80}, 3, 3, 5);

test('R-25: daily quota and progress', t => {
  const q = qaQuota({callsThisWeek: 100, afterChange: true}, policy);
  t.deepEqual(q.boosted, ['after_change']);
  t.deepEqual(qaQuota({callsThisWeek: 100}, policy).daily, {live: 5, recording: 5, sideBySide: 3});
  t.deepEqual(qaProgress(2, qaQuota({callsThisWeek: 10}, policy)), {done: 2, target: 3, missing: 1, met: false});
  t.true(qaProgress(3, qaQuota({callsThisWeek: 10}, policy)).met);
});
