import test from 'ava';
import {PolicyConfig, defaultPolicy} from '../../src/rules/index.ts';

test('PolicyConfig.parse({}) is the documents\' policy', t => {
  const p = PolicyConfig.parse({});
  t.is(p.ringPeriodSeconds, 5);
  t.is(p.answerWithinRings, 3);
  t.is(p.noAnswerSeconds, 20); // RONA: 4 rings
  t.is(p.afterCallWorkSeconds, 30);
  t.is(p.opening.apology, '您好,让您久等了');
  t.deepEqual(p.opening.politeWords, ['请', '您好', '谢谢', '不客气', '再见']);
  t.deepEqual([p.holdNudges.firstSeconds, p.holdNudges.patienceFromSeconds, p.holdNudges.longHoldSeconds], [20, 45, 120]);
  t.deepEqual([p.silentCall.repeatAfterSeconds, p.silentCall.releaseAfterSeconds], [5, 5]);
  t.is(p.offers.maxPerCall, 2);
  t.is(p.complaints.actWithinHours, 24);
  t.deepEqual([p.peak.level1Queue, p.peak.level2Queue, p.peak.sustainMinutes, p.peak.predictableMaxOutboundAgents], [8, 16, 30, 2]);
  t.deepEqual(p.calendars.definitions.spring.lunch, {start: '12:00', end: '13:30'});
  t.is(p.calendars.definitions.winter.close, '17:30');
  t.is(p.calendars.definitions.specialist.close, '17:00');
  t.is(p.attendance.makeUpSignInsPerWeek, 2);
  t.is(p.leave.leadMaxDays, 3);
  t.deepEqual([p.qa.weeklyMinPerAgent, p.qa.sampleRateMin, p.qa.sampleRateMax], [3, 0.05, 0.15]);
  t.deepEqual(p.qa.dailyPerAgent, {live: 5, recording: 5, sideBySide: 3});
  t.is(p.qa.individualFeedbackWorkingDays, 1);
  t.is(p.training.passTotal, 80);
  t.deepEqual([p.discipline.seriousPoints, p.discipline.generalPoints, p.discipline.generalRepeatCountsAsSerious, p.discipline.dismissalSerious], [10, 2, 3, 3]);
  t.is(p.script.closing[0], '感谢您的来电,再见。');
  t.deepEqual(defaultPolicy(), p);
});

test('a partial override keeps every other default', t => {
  const p = PolicyConfig.parse({holdNudges: {everySeconds: 30}, calendars: {holidays: ['2026-10-01']}});
  t.is(p.holdNudges.everySeconds, 30);
  t.is(p.holdNudges.patienceFromSeconds, 45);
  t.deepEqual(p.calendars.holidays, ['2026-10-01']);
  t.is(p.calendars.service, 'spring');
  t.truthy(p.calendars.definitions['24x7']);
});

const rejects = test.macro({
  exec(t, input: unknown, path: string, message: RegExp) {
    const result = PolicyConfig.safeParse(input);
    t.false(result.success);
    const issue = result.error?.issues.find(i => i.path.join('.') === path);
    t.truthy(issue, `no issue at ${path}: ${JSON.stringify(result.error?.issues)}`);
    t.regex(issue?.message ?? '', message);
  },
  title: (given, _input, path) => `rejects ${given ?? ''} at ${path}`,
});

test('a string for a number', rejects, {holdNudges: {firstSeconds: '20'}}, 'holdNudges.firstSeconds', /expected number, received string/);
test('a zero ring period', rejects, {ringPeriodSeconds: 0}, 'ringPeriodSeconds', /.+/);
test('a bad clock time', rejects, {calendars: {definitions: {x: {open: '9:00'}}, service: 'x', specialist: 'x'}}, 'calendars.definitions.x.open', /HH:MM/);
test('close before open', rejects, {calendars: {definitions: {x: {open: '18:00', close: '09:00'}}, service: 'x', specialist: 'x'}}, 'calendars.definitions.x.close', /after open/);
test('lunch outside hours', rejects, {calendars: {definitions: {x: {lunch: {start: '08:00', end: '09:30'}}}, service: 'x', specialist: 'x'}}, 'calendars.definitions.x.lunch', /inside/);
test('an unknown service calendar', rejects, {calendars: {service: 'summer'}}, 'calendars.service', /no calendar named "summer"/);
test('a bad calendar in the definitions', rejects, {calendars: {definitions: {x: {days: [7]}}}}, 'calendars.definitions.x.days.0', /.+/);
test('a bad holiday date', rejects, {calendars: {holidays: ['2026-13-01']}}, 'calendars.holidays.0', /ISO date/);
test('level 2 not above level 1', rejects, {peak: {level1Queue: 10, level2Queue: 10}}, 'peak.level2Queue', /must exceed/);
test('sample rates upside down', rejects, {qa: {sampleRateMin: 0.2, sampleRateMax: 0.1}}, 'qa.sampleRateMax', /below/);
test('an empty phrase list', rejects, {script: {closing: []}}, 'script.closing', /at least one phrase/);

test('R-19: a center adds or redefines calendars by name, keeping the others', t => {
  const p = PolicyConfig.parse({calendars: {definitions: {night: {open: '18:00', close: '24:00', days: [0, 1, 2, 3, 4, 5, 6]}, winter: {close: '17:00'}}, service: 'night'}});
  t.is(p.calendars.definitions.night.open, '18:00');
  t.is(p.calendars.definitions.winter.close, '17:00');
  t.is(p.calendars.definitions.winter.lunch, null); // a redefinition replaces the whole calendar
  t.is(p.calendars.definitions.spring.close, '18:00');
});

test('a parsed policy survives JSON and parses to itself (seats receive it over the wire)', t => {
  const custom = PolicyConfig.parse({lineName: '移动', calendars: {holidays: ['2026-10-01'], definitions: {night: {open: '18:00', close: '24:00'}}}});
  t.deepEqual(PolicyConfig.parse(JSON.parse(JSON.stringify(custom))), custom);
  t.deepEqual(PolicyConfig.parse(JSON.parse(JSON.stringify(defaultPolicy()))), defaultPolicy());
});
