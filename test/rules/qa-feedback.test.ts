// R-27 feedback deadlines, R-28 disputes.
import test from 'ava';
import {defaultPolicy, feedbackDue, applyQaAction, PolicyConfig, type QaReview} from '../../src/rules/index.ts';

const policy = defaultPolicy();
const cst = (local: string) => Date.parse(`${local}+08:00`);

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
