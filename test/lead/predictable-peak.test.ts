// R-17 in the lead's roster: no leave is requested or approved for days a declared predictable
// peak touches; days beside it are fine.
import test from 'ava';
import {PolicyConfig} from '../../src/rules/config.ts';
import {RosterBook} from '../../src/sync/lead/roster-book.ts';
import {at, ctx, newDoc, policy} from './helpers.ts';

const peakPolicy = PolicyConfig.parse({peak: {predictable: [{name: '社保年度登记', from: '2026-11-27', to: '2026-11-28'}]}});

test('leave touching a declared peak is refused at request, naming the peak; days beside it pass', t => {
  const roster = new RosterBook(newDoc(), ctx(), peakPolicy);
  t.throws(() => roster.requestLeave({agent: '1001', kind: 'personal', from: '2026-11-26', to: '2026-11-27', requestedAt: at('2026-11-20', '09:00')}), {message: /R-17: no leave is approved during a predictable peak \(社保年度登记\)/});
  const before = roster.requestLeave({agent: '1001', kind: 'personal', from: '2026-11-24', to: '2026-11-26', requestedAt: at('2026-11-20', '09:00')});
  t.is(roster.decideLeave({id: before.id, by: '9001', as: 'team_lead', approve: true, at: 1}).status, 'approved');
  const after = roster.requestLeave({agent: '1002', kind: 'personal', from: '2026-11-29', to: '2026-11-29', requestedAt: at('2026-11-20', '10:00')});
  t.is(after.status, 'pending');
});

test('a peak declared after the request: approval is refused, rejection still works', t => {
  const doc = newDoc();
  const request = new RosterBook(doc, ctx(), policy).requestLeave({agent: '1001', kind: 'personal', from: '2026-11-28', to: '2026-11-30', requestedAt: at('2026-11-20', '09:00')});
  const roster = new RosterBook(doc, ctx(), peakPolicy);
  t.throws(() => roster.decideLeave({id: request.id, by: '9001', as: 'team_lead', approve: true, at: 1}), {message: /R-17: no leave is approved during a predictable peak \(社保年度登记 falls within 2026-11-28…2026-11-30\)/});
  t.is(roster.leave({agent: '1001'})[0]?.status, 'pending', 'the refusal changed nothing');
  t.is(roster.decideLeave({id: request.id, by: '9001', as: 'team_lead', approve: false, at: 2}).status, 'rejected');
});
