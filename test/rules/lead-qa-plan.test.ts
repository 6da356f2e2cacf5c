// R-25/R-26: the day's QA sample per agent.
import test from 'ava';
import {dailySampleSize, planDailySample, seedOf} from '../../src/rules/lead-qa-plan.ts';
import {qaQuota} from '../../src/rules/qa-quota.ts';
import {seededRng} from '../../src/rules/rng.ts';
import {PolicyConfig, defaultPolicy} from '../../src/rules/config.ts';

const policy = defaultPolicy();
const at = (date: string, time: string): number => Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`);

test('R-25 daily sample: 5 recordings a day, or 5 % of the calls when that is more, never more than the calls', t => {
  const quota = qaQuota({callsThisWeek: 0}, policy);
  t.is(dailySampleSize(3, quota, policy), 3);
  t.is(dailySampleSize(40, quota, policy), 5);
  t.is(dailySampleSize(200, quota, policy), 10);
  t.is(dailySampleSize(0, quota, policy), 0);
  const low = qaQuota({callsThisWeek: 40, lastScore: 70}, policy);
  t.is(dailySampleSize(40, low, policy), 10, 'a low scorer (< 80) is monitored twice as much');
});

test('R-26 plan: flagged calls always reviewed, the random part sized by the quota, reproducible by seed', t => {
  const calls = Array.from({length: 30}, (_, i) => ({
    id: `c${i}`, agentId: i % 2 === 0 ? '1001' : '1002', startedAtMs: at('2026-11-23', '09:00') + i * 15 * 60_000,
    businessType: i % 3 === 0 ? 'complaint' : 'inquiry', flags: i === 4 || i === 7 ? ['late_answer'] : [],
  }));
  const plan = planDailySample(calls, seededRng(seedOf('a/2026-11-23')), policy);
  t.deepEqual(plan.map(p => [p.agentId, p.calls, p.flagged, p.randomSize, p.samples.length]), [['1001', 15, 1, 5, 6], ['1002', 15, 1, 5, 6]]);
  t.true(plan[0].samples.some(s => s.id === 'c4' && s.reason === 'flag'));
  t.true(plan[0].samples.filter(s => s.reason === 'random').every(s => s.flags.length === 0));
  t.true(new Set(plan[0].samples.map(s => s.businessType)).size === 2, 'both business types are covered');
  const again = planDailySample(calls, seededRng(seedOf('a/2026-11-23')), policy);
  t.deepEqual(again.map(p => p.samples.map(s => s.id)), plan.map(p => p.samples.map(s => s.id)));
});

test('a policy override of the daily quota changes the sample size', t => {
  const small = PolicyConfig.parse({qa: {dailyPerAgent: {recording: 2}}});
  t.is(dailySampleSize(10, qaQuota({callsThisWeek: 10}, small), small), 2);
});
