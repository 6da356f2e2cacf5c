// R-22 leave routing.
import test from 'ava';
import {defaultPolicy, routeLeave, type LeaveRequest, type LeaveRouting} from '../../src/rules/index.ts';

const policy = defaultPolicy();

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
