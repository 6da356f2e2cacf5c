// R-20 attendance: ISO weeks, make-up sign-ins, sign-in time.
import test from 'ava';
import {defaultPolicy, reviewMakeUpSignIns, signInCheck, isoWeek, weekStart} from '../../src/rules/index.ts';

const policy = defaultPolicy();
const cst = (local: string) => Date.parse(`${local}+08:00`);

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
