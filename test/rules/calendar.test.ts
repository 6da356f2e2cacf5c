import test from 'ava';
import {PolicyConfig, defaultPolicy, isOpen, isBusinessDay, nextBusinessDay, addBusinessDays, nextOpening, callbackDue, localTime, stagePhrases} from '../../src/rules/index.ts';

/** Local time in China (UTC+8), the default center. */
const cst = (local: string) => Date.parse(`${local}+08:00`);

// 2026-04-03 is a Friday; Monday 2026-04-06 is made a holiday.
const policy = PolicyConfig.parse({calendars: {holidays: ['2026-04-06'], extraWorkdays: ['2026-04-18']}});

test('local time of the center', t => {
  t.deepEqual(localTime(cst('2026-04-03T16:59'), policy), {date: '2026-04-03', minutes: 16 * 60 + 59, weekday: 5});
  t.is(localTime(Date.parse('2026-04-02T16:30:00Z'), policy).date, '2026-04-03'); // 00:30 local
});

const open = test.macro({
  exec(t, calendar: string, local: string, expected: boolean) {
    t.is(isOpen(cst(local), calendar, policy), expected);
  },
  title: (_given, calendar, local, expected) => `R-19 ${calendar}: ${local} ${expected ? 'open' : 'closed'}`,
});

test(open, 'spring', '2026-04-03T08:59', false);
test(open, 'spring', '2026-04-03T09:00', true);
test(open, 'spring', '2026-04-03T11:59', true);
test(open, 'spring', '2026-04-03T12:00', false); // lunch 12:00–13:30
test(open, 'spring', '2026-04-03T13:29', false);
test(open, 'spring', '2026-04-03T13:30', true);
test(open, 'spring', '2026-04-03T17:59', true);
test(open, 'spring', '2026-04-03T18:00', false);
test(open, 'winter', '2026-04-03T12:59', false); // lunch 12:00–13:00
test(open, 'winter', '2026-04-03T13:00', true);
test(open, 'winter', '2026-04-03T17:30', false);
test(open, 'specialist', '2026-04-03T16:59', true);
test(open, 'specialist', '2026-04-03T17:00', false);
test(open, 'specialist', '2026-04-03T12:30', true); // no lunch break
test(open, 'spring', '2026-04-04T10:00', false); // Saturday
test(open, 'spring', '2026-04-06T10:00', false); // holiday Monday
test(open, 'spring', '2026-04-18T10:00', true); // swapped workday (Saturday)
test(open, '24x7', '2026-04-06T03:00', true); // a 24×7 line ignores holidays
test(open, '8-21', '2026-04-04T08:00', true);
test(open, '8-21', '2026-04-04T21:00', false);
test(open, '8-21', '2026-04-06T10:00', true); // seed 003: 「包括周末和公共假日」, open on a holiday Monday

test('business days skip weekends and holidays', t => {
  t.true(isBusinessDay('2026-04-03', 'spring', policy));
  t.false(isBusinessDay('2026-04-05', 'spring', policy));
  t.is(nextBusinessDay('2026-04-03', 'spring', policy), '2026-04-07');
  t.is(addBusinessDays('2026-04-03', 5, 'spring', policy), '2026-04-13');
  t.is(addBusinessDays('2026-04-14', 4, 'spring', policy), '2026-04-18'); // the swapped Saturday counts
});

test('next opening: over lunch, overnight, over a holiday weekend', t => {
  t.is(nextOpening(cst('2026-04-03T12:10'), 'spring', policy), cst('2026-04-03T13:30'));
  t.is(nextOpening(cst('2026-04-03T18:30'), 'spring', policy), cst('2026-04-07T09:00'));
  t.is(nextOpening(cst('2026-04-03T10:00'), 'spring', policy), cst('2026-04-03T10:00'));
});

test('R-08: 「明天工作时间给您回电」 promised at 16:59 on a Friday before a holiday → Tuesday 9:00–17:00', t => {
  const promise = stagePhrases('specialist_off_duty', policy)[0].promise;
  if (!promise) return t.fail('no promise');
  const due = callbackDue(promise, cst('2026-04-03T16:59'), policy);
  t.is(due.kind, 'next_business_day');
  t.is(due.calendar, 'specialist');
  t.is(due.notBeforeMs, cst('2026-04-07T09:00'));
  t.is(due.dueMs, cst('2026-04-07T17:00'));
});

test('R-08: 「五个工作日内给您回电」 on that Friday → close of the 5th business day', t => {
  const due = callbackDue({kind: 'working_days'}, cst('2026-04-03T16:59'), policy);
  t.is(due.calendar, 'spring');
  t.is(due.notBeforeMs, cst('2026-04-03T16:59')); // the line is still open: may call back right away
  t.is(due.dueMs, cst('2026-04-13T18:00'));
});

test('R-08: 「开通后…通知您」 is open-ended, tagged with the service', t => {
  const due = callbackDue({kind: 'open_ended'}, cst('2026-04-03T19:00'), policy, {service: 'ETC'});
  t.is(due.dueMs, undefined);
  t.is(due.service, 'ETC');
  t.is(due.notBeforeMs, cst('2026-04-07T09:00'));
});

test('a center in the winter schedule and another time zone', t => {
  const p = PolicyConfig.parse({calendars: {service: 'winter', utcOffsetMinutes: 0}});
  const due = callbackDue({kind: 'working_days'}, Date.parse('2026-11-20T17:45:00Z'), p); // Friday after the 17:30 close
  t.is(due.dueMs, Date.parse('2026-11-27T17:30:00Z'));
  t.is(due.notBeforeMs, Date.parse('2026-11-23T09:00:00Z'));
});

test('unknown calendars and bad dates are TypeErrors', t => {
  t.throws(() => isOpen(0, 'summer', defaultPolicy()), {instanceOf: TypeError, message: /no calendar named "summer"/});
  t.throws(() => nextBusinessDay('04/03/2026', 'spring', defaultPolicy()), {instanceOf: TypeError, message: /ISO date/});
});

test('a calendar that never opens is a RangeError, not a hang', t => {
  const p = PolicyConfig.parse({calendars: {definitions: {x: {days: [0]}}, service: 'x', specialist: 'x', holidays: []}});
  const closed = {...p, calendars: {...p.calendars, definitions: {x: {...p.calendars.definitions.x, days: [] as number[]}}}};
  t.throws(() => nextBusinessDay('2026-04-03', 'x', closed), {instanceOf: RangeError});
});
