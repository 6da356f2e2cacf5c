import test from 'ava';
import * as Y from 'yjs';
import {QaBook} from '../../src/sync/lead/qa-book.ts';
import {LedgerBook} from '../../src/sync/lead/ledger-book.ts';
import {RosterBook} from '../../src/sync/lead/roster-book.ts';
import {LeadWriteError} from '../../src/sync/lead/lead-doc.ts';
import {defaultQaForm} from '../../src/rules/lead-qa-form.ts';
import {policy, ctx, at} from './helpers.ts';

const full = Object.fromEntries(defaultQaForm().criteria.map(c => [c.id, c.max]));
const snapshot = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');

function qa() {
  const doc = new Y.Doc();
  return {doc, book: new QaBook(doc, ctx(), policy)};
}

test('QA: score, R-27 deadline, dispute by the agent, R-28 decision revises the final score', t => {
  const {book} = qa();
  const scoredAt = at('2026-11-20', '10:00'); // a Friday
  const score = book.score({callId: 'c1', agent: '1001', date: '2026-11-20', evaluator: '9001', at: scoredAt, marks: {...full, closing: 5}, comment: '先挂机'});
  t.is(score.total, 90);
  // individual feedback within 1 working day: by Monday's close (18:00 spring calendar).
  t.is(score.feedbackDue, at('2026-11-23', '18:00'));
  t.is(book.overdueFeedback(at('2026-11-23', '17:59')).length, 0);
  t.is(book.overdueFeedback(at('2026-11-23', '18:01')).length, 1);
  book.dispute({callId: 'c1', agent: '1001', at: scoredAt + 3_600_000, reason: '客户已说再见', via: 'seat'});
  t.is(book.disputes({open: true}).length, 1);
  const decided = book.decide({callId: 'c1', by: '9001', at: scoredAt + 7_200_000, marks: {...full, closing: 12}, note: '部分采纳'});
  t.is(decided.decision?.outcome, 'revised');
  t.is(decided.decision?.total, 97);
  const [view] = book.scores(scoredAt + 8_000_000);
  t.is(view.finalTotal, 97);
  t.is(view.finalPercent, 97);
  t.is(book.disputes({open: true}).length, 0);
  const e = t.throws(() => book.decide({callId: 'c1', by: '9001', at: scoredAt + 9_000_000}), {instanceOf: LeadWriteError});
  t.regex(e.message, /final/);
  t.throws(() => book.score({callId: 'c1', agent: '1001', date: '2026-11-20', evaluator: '9001', at: scoredAt, marks: full}), {message: /decision is final/});
});

test('QA: bad writes are refused whole, naming each problem, and nothing is saved', t => {
  const {doc, book} = qa();
  book.score({callId: 'c1', agent: '1001', date: '2026-11-20', evaluator: '9001', at: at('2026-11-20', '10:00'), marks: full});
  const before = snapshot(doc);
  const cases: Array<[() => unknown, RegExp]> = [
    [() => book.score({callId: 'c2', agent: '1001', date: '2026-11-20', evaluator: '9001', at: 1, marks: {...full, greeting: 99}}), /greeting.*99 is outside 0…15/],
    [() => book.score({callId: 'c2', agent: '7777', date: '2026-11-20', evaluator: '9001', at: 1, marks: full}), /unknown agent "7777"/],
    [() => book.score({callId: 'c2', agent: '1001', date: '2026-12-01', evaluator: '9001', at: 1, marks: full}), /not in this document's month 2026-11/],
    [() => book.score({callId: 'c2', agent: '1001', date: '2026-11-20', evaluator: '1001', at: 1, marks: full}), /own call/],
    [() => book.dispute({callId: 'c9', agent: '1001', at: 1, reason: 'x'}), /no QA score/],
    [() => book.dispute({callId: 'c1', agent: '1002', at: 1, reason: 'x'}), /scored for agent 1001/],
    [() => book.dispute({callId: 'c1', agent: '1001', at: 1, reason: '  '}), /needs a reason/],
    [() => book.decide({callId: 'c1', by: '9001', at: 1}), /not disputed/],
    [() => book.addSamples([{callId: 'x', agent: '1001', date: '2026-11-20', reason: 'random', callAt: 1, pickedAt: 1}, {callId: 'y', agent: '8888', date: '2026-11-20', reason: 'random', callAt: 1, pickedAt: 1}]), /unknown agent "8888"/],
  ];
  for (const [write, message] of cases) {
    const error = t.throws(write, {instanceOf: LeadWriteError});
    t.regex(error.message, message);
  }
  t.is(snapshot(doc), before, 'the document is unchanged');
  t.is(book.samples().length, 0);
});

test('QA: a bad entry written by a foreign client is skipped and reported', t => {
  const {doc, book} = qa();
  doc.getMap('scores').set('junk', {callId: 'junk', total: 'lots'});
  t.deepEqual(book.scores(0), []);
  t.is(book.bad[0]?.key, 'junk');
});

test('ledger R-33: 10/2 points, the 3rd general repeat counts as serious, 3 serious → dismissal', t => {
  const doc = new Y.Doc();
  const ledger = new LedgerBook(doc, ctx(), policy);
  const base = at('2026-11-02', '09:00');
  for (let i = 0; i < 3; i++) ledger.record({agent: '1002', at: base + i * 86_400_000, code: 'break_overrun', recordedBy: '9001'});
  ledger.record({agent: '1002', at: base + 5 * 86_400_000, code: 'forbidden_phrase', recordedBy: '9001', callId: 'c7'});
  const [l] = ledger.ledgers();
  t.deepEqual(l.entries.map(e => e.points), [2, 2, 10, 10]);
  t.deepEqual(l.months, [{month: '2026-11', points: 24, serious: 2, general: 2}]);
  t.false(l.dismissal);
  ledger.record({agent: '1002', at: base + 6 * 86_400_000, code: 'rudeness', recordedBy: '9001'});
  t.true(ledger.ledgers()[0].dismissal);
  t.throws(() => ledger.record({agent: '1002', at: base, code: 'weird_thing', recordedBy: '9001'}), {message: /not in the catalog/});
  t.throws(() => ledger.record({agent: '4242', at: base, code: 'late', recordedBy: '9001'}), {message: /unknown agent/});
  t.is(ledger.entries().length, 5);
});

test('roster R-22: leave routing, dates in the wrong order, annual notice, department head', t => {
  const doc = new Y.Doc();
  const roster = new RosterBook(doc, ctx(), policy);
  const before = snapshot(doc);
  t.throws(() => roster.requestLeave({agent: '1001', kind: 'personal', from: '2026-11-25', to: '2026-11-24', requestedAt: at('2026-11-20', '09:00')}), {message: /wrong order: from 2026-11-25 is after to 2026-11-24/});
  t.throws(() => roster.requestLeave({agent: '1001', kind: 'annual', from: '2026-11-25', to: '2026-11-26', requestedAt: at('2026-11-20', '09:00')}), {message: /annual leave must be requested 30 days ahead/});
  t.throws(() => roster.requestLeave({agent: '5555', kind: 'personal', from: '2026-11-25', to: '2026-11-26', requestedAt: at('2026-11-20', '09:00')}), {message: /unknown agent "5555"/});
  t.is(snapshot(doc), before);
  const three = roster.requestLeave({agent: '1001', kind: 'personal', from: '2026-11-24', to: '2026-11-26', requestedAt: at('2026-11-20', '09:00')});
  t.is(three.days, 3);
  t.is(three.approver, 'team_lead');
  const four = roster.requestLeave({agent: '1002', kind: 'annual', from: '2026-12-21', to: '2026-12-24', requestedAt: at('2026-11-20', '09:00')});
  t.throws(() => roster.requestLeave({agent: '1002', kind: 'annual', from: '2026-12-21', to: '2026-12-24', requestedAt: at('2026-10-20', '09:00')}), {message: /belongs in the roster of 2026-10/});
  t.is(four.approver, 'department_head');
  t.throws(() => roster.decideLeave({id: four.id, by: '9001', as: 'team_lead', approve: true, at: 1}), {message: /decided by the department head/});
  t.is(roster.decideLeave({id: three.id, by: '9001', as: 'team_lead', approve: true, at: 1}).status, 'approved');
  const sick = roster.requestLeave({agent: '1003', kind: 'sick', from: '2026-11-19', to: '2026-11-19', requestedAt: at('2026-11-20', '09:00')});
  t.is(sick.status, 'pending', 'sick leave may be reported afterwards');
});

test('roster R-20/R-21/R-23/R-30: sign-in, make-ups beyond 2 a week are absences, breaks in peaks, meeting, exam', t => {
  const roster = new RosterBook(new Y.Doc(), ctx(), policy);
  for (const date of ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19']) roster.setShift({date, agent: '1001', calendar: 'spring'});
  roster.sign({agent: '1001', kind: 'in', at: at('2026-11-16', '08:50')});
  roster.sign({agent: '1001', kind: 'in', at: at('2026-11-17', '08:55')}); // late: due 08:50
  for (const date of ['2026-11-18', '2026-11-19']) roster.sign({agent: '1001', kind: 'in', at: at(date, '08:45'), makeUp: true});
  roster.sign({agent: '1001', kind: 'out', at: at('2026-11-19', '18:05'), makeUp: true});
  const view = roster.attendanceSummary('2026-11-19').find(v => v.agent === '1001');
  t.is(view?.late, 1);
  t.is(view?.absences, 1, 'the 3rd make-up sign-in of the week counts as absence');
  t.throws(() => roster.sign({agent: '1001', kind: 'out', at: at('2026-11-16', '08:00')}), {message: /before the sign-in/});

  t.throws(() => roster.startBreak({agent: '1002', kind: 'break', at: at('2026-11-18', '10:30'), peak: 1}), {message: /suspended/});
  const b = roster.startBreak({agent: '1002', kind: 'break', at: at('2026-11-18', '10:30'), peak: 0});
  t.throws(() => roster.startBreak({agent: '1002', kind: 'break', at: at('2026-11-18', '10:31'), peak: 0}), {message: /already on a break/});
  roster.endBreak(b.id, at('2026-11-18', '10:42'));
  t.is(roster.breakViews(0)[0].status.overrunMs, 2 * 60_000);

  const meeting = roster.recordMeeting({date: '2026-11-18', chair: '9001', at: at('2026-11-18', '08:50'), present: ['1001'], notices: '系统升级', tasks: '回访'});
  t.deepEqual(meeting.absent, []);
  const meeting2 = roster.recordMeeting({date: '2026-11-20', chair: '9001', at: at('2026-11-20', '08:50'), present: ['1001']});
  t.deepEqual(meeting2.absent, ['1002', '1003']);

  t.is(roster.recordExam({agent: '1003', date: '2026-11-18', recording: 42, written: 40}).outcome, 'pass');
  t.is(roster.recordExam({agent: '1003', date: '2026-11-18', recording: 50, written: 29}).outcome, 'extend_probation');
  t.throws(() => roster.recordExam({agent: '1003', date: '2026-11-18', recording: 51, written: 40}), {message: /recording: 51 is outside 0…50/});
  t.false(roster.trainingsDue().met);
  roster.recordTraining({date: '2026-11-18', topic: '投诉处理', kind: 'scheduled', attendees: ['1001', '1002']});
  t.true(roster.trainingsDue().met);
});
