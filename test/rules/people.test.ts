// R-20 attendance, R-22 leave, R-23 breaks, R-30 exam.
import test from 'ava';
import {defaultPolicy, routeLeave, reviewMakeUpSignIns, signInCheck, isoWeek, weekStart, canStartBreak, breakStatus, placementExam, type LeaveRequest, type LeaveRouting} from '../../src/rules/index.ts';

const policy = defaultPolicy();
const cst = (local: string) => Date.parse(`${local}+08:00`);

const leave = test.macro({
  exec(t, request: LeaveRequest, approver: LeaveRouting['approver'], problems: string[], predictablePeak: boolean = false) {
    const r = routeLeave(request, policy, {predictablePeak});
    t.is(r.approver, approver);
    t.deepEqual(r.problems, problems);
    t.deepEqual(r.duties, ['hand_over_work', 'report_back_on_return']);
  },
  title: given => `R-22: ${given}`,
});

test('1 day → team lead', leave, {days: 1, kind: 'personal', requestedOn: '2026-11-23', startsOn: '2026-11-25'}, 'team_lead', []);
test('3 days → team lead', leave, {days: 3, kind: 'personal', requestedOn: '2026-11-23', startsOn: '2026-11-25'}, 'team_lead', []);
test('4 days → department head', leave, {days: 4, kind: 'personal', requestedOn: '2026-11-23', startsOn: '2026-11-25'}, 'department_head', []);
test('annual leave 29 days ahead is too short', leave, {days: 5, kind: 'annual', requestedOn: '2026-11-01', startsOn: '2026-11-30'}, 'department_head', ['annual_notice_too_short']);
test('annual leave 30 days ahead is fine', leave, {days: 2, kind: 'annual', requestedOn: '2026-11-01', startsOn: '2026-12-01'}, 'team_lead', []);
test('no leave in a predictable peak (R-17)', leave, {days: 1, kind: 'personal', requestedOn: '2026-11-23', startsOn: '2026-11-25'}, 'team_lead', ['predictable_peak'], true);

test('R-22: a non-positive number of days is a TypeError', t => {
  t.throws(() => routeLeave({days: 0, kind: 'sick', requestedOn: '2026-11-23', startsOn: '2026-11-23'}, policy), {instanceOf: TypeError, message: /days/});
});

test('ISO weeks', t => {
  t.is(isoWeek('2026-11-23'), '2026-W48');
  t.is(isoWeek('2026-01-01'), '2026-W01');
  t.is(isoWeek('2027-01-01'), '2026-W53');
  t.is(weekStart('2026-11-29'), '2026-11-23');
});

test('R-20: at most 2 make-up sign-ins a week; more count as absence', t => {
  t.deepEqual(reviewMakeUpSignIns(['2026-11-25', '2026-11-23', '2026-11-24', '2026-11-30'], policy), [
    {week: '2026-W48', accepted: ['2026-11-23', '2026-11-24'], absences: ['2026-11-25']},
    {week: '2026-W49', accepted: ['2026-11-30'], absences: []},
  ]);
});

test('R-20/R-21: sign in 10 minutes before the shift', t => {
  const shift = cst('2026-11-23T09:00');
  t.true(signInCheck(shift, cst('2026-11-23T08:50'), policy).onTime);
  const late = signInCheck(shift, cst('2026-11-23T08:55'), policy);
  t.false(late.onTime);
  t.is(late.lateMs, 5 * 60_000);
  t.is(late.meetingAtMs, cst('2026-11-23T08:50'));
  t.false(signInCheck(shift, undefined, policy).onTime);
});

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
