import test from 'ava';
import {defaultQaForm, scoreMarks, QaForm} from '../../src/rules/lead-qa-form.ts';
import {dailySampleSize, planDailySample, seedOf} from '../../src/rules/lead-qa-plan.ts';
import {qaQuota} from '../../src/rules/qa-quota.ts';
import {seededRng} from '../../src/rules/rng.ts';
import {violationCatalog, violationKind} from '../../src/rules/lead-violations.ts';
import {PolicyConfig} from '../../src/rules/config.ts';
import {policy, at} from './helpers.ts';

const full = Object.fromEntries(defaultQaForm().criteria.map(c => [c.id, c.max]));

test('the default QA form has the documents\' seven criteria and totals 100', t => {
  const form = defaultQaForm();
  t.deepEqual(form.criteria.map(c => c.id), ['greeting', 'five_w1h', 'hold', 'polite_words', 'closing', 'no_forbidden', 'ownership']);
  t.is(form.criteria.reduce((n, c) => n + c.max, 0), 100);
  const r = scoreMarks(form, full);
  t.true(r.ok && r.total === 100 && r.percent === 100);
});

const bad = test.macro((t, marks: Record<string, number>, message: RegExp) => {
  const r = scoreMarks(defaultQaForm(), marks);
  t.false(r.ok);
  if (!r.ok) t.regex(r.errors.join('\n'), message);
});
test('a mark above the criterion\'s maximum is refused', bad, {...full, greeting: 16}, /greeting.*16 is outside 0…15/);
test('a negative mark is refused', bad, {...full, hold: -1}, /hold.*outside/);
test('a fractional mark is refused', bad, {...full, hold: 7.5}, /hold.*outside/);
test('an unknown criterion is refused', bad, {...full, smile: 3}, /unknown criterion "smile"/);
test('a missing criterion is refused', bad, {greeting: 10}, /"five_w1h".*no mark/);

test('a form with duplicate criteria is refused', t => {
  const r = QaForm.safeParse({criteria: [{id: 'a', zh: '甲', en: 'A', max: 5}, {id: 'a', zh: '乙', en: 'B', max: 5}]});
  t.false(r.success);
});

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

test('the violation catalog has the R-33 serious service violations and general items', t => {
  t.is(violationKind('forbidden_phrase')?.severity, 'serious');
  t.is(violationKind('break_overrun')?.severity, 'general');
  t.true(violationCatalog.filter(v => v.severity === 'serious').length >= 4);
  t.is(violationKind('nope'), undefined);
});

test('a policy override of the daily quota changes the sample size', t => {
  const small = PolicyConfig.parse({qa: {dailyPerAgent: {recording: 2}}});
  t.is(dailySampleSize(10, qaQuota({callsThisWeek: 10}, small), small), 2);
});
