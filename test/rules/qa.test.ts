import test from 'ava';
import {defaultPolicy, qaQuota, qaProgress, sampleCalls, seededRng, feedbackDue, applyQaAction, calibrateEvaluators, PolicyConfig, localTime, type QaReview, type QaScore, type QaAgentInput} from '../../src/rules/index.ts';

const policy = defaultPolicy();
const cst = (local: string) => Date.parse(`${local}+08:00`);

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

test('R-27: an individual error is fed back within 1 working day', t => {
  t.is(feedbackDue('individual', cst('2026-11-23T10:00'), policy), cst('2026-11-24T18:00'));
  // found on a Friday evening → Monday's close
  t.is(feedbackDue('individual', cst('2026-11-20T19:00'), policy), cst('2026-11-23T18:00'));
  const holiday = PolicyConfig.parse({calendars: {holidays: ['2026-11-23']}});
  t.is(feedbackDue('individual', cst('2026-11-20T19:00'), holiday), cst('2026-11-24T18:00'));
});

test('R-27: a common issue within 1 week', t => {
  t.is(feedbackDue('common', cst('2026-11-23T10:00'), policy), cst('2026-11-30T10:00'));
});

const review: QaReview = {id: 'q1', agentId: '1001', evaluatorId: 'e1', score: 72, status: 'scored'};

test('R-28: the agent disputes, the supervisor decides the final score', t => {
  const disputed = applyQaAction(review, {type: 'dispute', by: '1001', reason: '客户先挂机,不应扣分', atMs: 1});
  if (!disputed.ok) return t.fail(disputed.error);
  t.is(disputed.review.status, 'disputed');
  const lead = applyQaAction(disputed.review, {type: 'decide', by: '9001', role: 'lead', score: 90, atMs: 2});
  t.false(lead.ok);
  const decided = applyQaAction(disputed.review, {type: 'decide', by: 's1', role: 'supervisor', score: 85, atMs: 2});
  if (!decided.ok) return t.fail(decided.error);
  t.is(decided.review.status, 'final');
  t.is(decided.review.score, 85);
  const again = applyQaAction(decided.review, {type: 'dispute', by: '1001', reason: 'again', atMs: 3});
  t.false(again.ok);
  if (!again.ok) t.regex(again.error, /final/);
});

test('R-28: only the evaluated agent disputes, with a reason; nothing to decide undisputed', t => {
  const other = applyQaAction(review, {type: 'dispute', by: '1002', reason: 'x', atMs: 1});
  t.false(other.ok);
  const empty = applyQaAction(review, {type: 'dispute', by: '1001', reason: '  ', atMs: 1});
  t.false(empty.ok);
  const early = applyQaAction(review, {type: 'decide', by: 's1', role: 'supervisor', score: 80, atMs: 1});
  t.false(early.ok);
  if (!early.ok) t.regex(early.error, /not disputed/);
});

/** Evaluators e1..e3 score agents a1..a5; e3 scores `bias` points off. */
const scoresWith = (bias: number): QaScore[] => ['e1', 'e2', 'e3'].flatMap(evaluatorId =>
  ['a1', 'a2', 'a3', 'a4', 'a5'].map((agentId, i) => ({evaluatorId, agentId, score: 70 + i * 5 + (evaluatorId === 'e3' ? bias : 0)})));

const calibration = test.macro({
  exec(t, bias: number, flagged: boolean, direction?: 'high' | 'low') {
    const e3 = calibrateEvaluators(scoresWith(bias), policy).find(e => e.evaluatorId === 'e3');
    t.is(e3?.flagged, flagged);
    t.is(e3?.direction, direction);
    t.true(Math.abs((e3?.difference ?? Number.NaN) - bias) < 1e-9);
  },
  title: (_given, bias: number, flagged) => `R-29: an evaluator ${bias} points off peers is ${flagged ? '' : 'not '}flagged`,
});

test(calibration, 0, false);
test(calibration, 4.9, false);
test(calibration, 5, true, 'high');
test(calibration, -6, true, 'low');

test('R-29: compared on the same agents; too few scores are not flagged', t => {
  const scores: QaScore[] = [
    ...scoresWith(0),
    // e4 only reviews the best agent a5 and scores like peers: not biased.
    ...Array.from({length: 5}, () => ({evaluatorId: 'e4', agentId: 'a5', score: 90})),
    // e5 scores 20 points high but only twice.
    {evaluatorId: 'e5', agentId: 'a1', score: 90}, {evaluatorId: 'e5', agentId: 'a2', score: 95},
  ];
  const result = calibrateEvaluators(scores, policy);
  t.false(result.find(e => e.evaluatorId === 'e4')?.flagged);
  t.false(result.find(e => e.evaluatorId === 'e5')?.flagged);
});
