// R-30 placement exam.
import test from 'ava';
import {defaultPolicy, placementExam} from '../../src/rules/index.ts';

const policy = defaultPolicy();

const exam = test.macro({
  exec(t, recording: number, written: number, passed: boolean, failedParts: string[]) {
    const r = placementExam({recording, written}, policy);
    t.is(r.total, recording + written);
    t.is(r.passed, passed);
    t.deepEqual(r.failedParts, failedParts);
    t.is(r.outcome, passed ? 'pass' : 'extend_probation');
  },
  title: (_given, recording, written, passed) => `R-30: ${recording} + ${written} → ${passed ? 'pass' : 'fail'}`,
});

test(exam, 40, 40, true, []);
test(exam, 40, 39, false, []);
test(exam, 50, 30, true, []);
test(exam, 50, 29, false, ['written']);
test(exam, 29, 50, false, ['recording']);

test('R-30: scores out of range are a RangeError naming the part', t => {
  t.throws(() => placementExam({recording: 51, written: 40}, policy), {instanceOf: RangeError, message: /recording score must be 0–50/});
});
