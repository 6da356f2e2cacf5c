import test from 'ava';
import {defaultPolicy, callFlags, type FlagCall, type CallFlagName} from '../../src/rules/index.ts';

const policy = defaultPolicy();
const t0 = Date.parse('2026-11-23T10:00:00+08:00');
const hour = 3_600_000;

const flags = test.macro({
  exec(t, call: FlagCall, expected: CallFlagName[], nowMs: number = t0 + hour) {
    t.deepEqual(callFlags(call, nowMs, policy).map(f => f.flag), expected);
  },
  title: given => `QA flags: ${given}`,
});

test('a clean call has none', flags, {offeredAtMs: t0, answeredAtMs: t0 + 3000, holdsMs: [30_000], hungUpBy: 'customer', offers: 2}, []);
test('R-02 answered on ring 3 is not late', flags, {offeredAtMs: t0, answeredAtMs: t0 + 14_999}, []);
test('R-02 answered on ring 4 is late', flags, {offeredAtMs: t0, answeredAtMs: t0 + 15_000}, ['late_answer']);
test('R-10 a hold of 119 s is fine', flags, {holdsMs: [119_999]}, []);
test('R-10 a hold of 120 s is long', flags, {holdsMs: [10_000, 120_000]}, ['long_hold']);
test('R-07 the agent hung up first', flags, {hungUpBy: 'agent'}, ['agent_hung_up_first']);
test('R-07 except after the R-12 silent-call protocol', flags, {hungUpBy: 'agent', silent: true}, []);
test('R-13 a third offer', flags, {offers: 3}, ['offers_beyond_limit']);
test('R-05 a dispatch call without address', flags, {callType: 'dispatch', caller: {surname: '王', phone: '13812345678', address: ' '}}, ['missing_fields']);
test('R-05 an enquiry needs no caller fields', flags, {callType: 'consult'}, []);
test('R-08 a callback past due', flags, {callbacks: [{dueMs: t0 + hour - 1}]}, ['overdue_callback']);
test('R-08 a callback done in time', flags, {callbacks: [{dueMs: t0, doneAtMs: t0 - 1}, {}]}, []);
test('R-15 a complaint not acted on in 24 h', flags, {complaint: {openedAtMs: t0}}, ['complaint_not_acted'], t0 + 24 * hour + 1);
test('R-15 a complaint acted on at 24 h', flags, {complaint: {openedAtMs: t0, actedAtMs: t0 + 24 * hour}}, [], t0 + 48 * hour);

test('flags carry their rule and details', t => {
  const result = callFlags({offeredAtMs: t0, answeredAtMs: t0 + 21_000, callType: 'donation', caller: {surname: '李'}}, t0, policy);
  t.deepEqual(result, [
    {flag: 'late_answer', rule: 'R-02', rings: 5},
    {flag: 'missing_fields', rule: 'R-05', fields: ['address', 'phone']},
  ]);
});
