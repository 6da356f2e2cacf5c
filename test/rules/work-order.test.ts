// R-14…R-16 complaint and work-order tickets.
import test from 'ava';
import {defaultPolicy, openTicket, applyTicketAction, complaintDeadline, nameOf, ticketStates, type Ticket, type TicketState} from '../../src/rules/index.ts';

const policy = defaultPolicy();
const t0 = Date.parse('2026-11-23T10:00:00+08:00');
const hour = 3_600_000;

function walk(ticket: Ticket, steps: [TicketState, 'agent' | 'lead' | 'supervisor', number][]): Ticket {
  let current = ticket;
  for (const [to, role, atMs] of steps) {
    const r = applyTicketAction(current, {type: 'move', to, by: role, role, atMs, department: '住建局'});
    if (!r.ok) throw new Error(r.error);
    current = r.ticket;
  }
  return current;
}

test('R-16: a work order goes dispatch → follow-up → return → close → callback', t => {
  const done = walk(openTicket('w1', 'work_order', '1001', t0), [
    ['dispatched', 'agent', t0 + 1], ['follow_up', 'lead', t0 + 2], ['returned', 'agent', t0 + 3], ['closed', 'agent', t0 + 4], ['revisited', 'agent', t0 + 5],
  ]);
  t.deepEqual(done.history.map(h => h.state), ['open', 'dispatched', 'follow_up', 'returned', 'closed', 'revisited']);
  t.is(done.department, '住建局');
  t.is(done.owner, '1001');
});

test('R-16: no skipping steps; dispatch needs a department', t => {
  const ticket = openTicket('w2', 'work_order', '1001', t0);
  const skip = applyTicketAction(ticket, {type: 'move', to: 'returned', by: '1001', role: 'agent', atMs: t0});
  t.false(skip.ok);
  if (!skip.ok) t.regex(skip.error, /no move from open to returned/);
  const noDept = applyTicketAction(ticket, {type: 'move', to: 'dispatched', by: '1001', role: 'agent', atMs: t0});
  t.false(noDept.ok);
  if (!noDept.ok) t.regex(noDept.error, /department/);
});

test('R-14: a transfer keeps the owner', t => {
  const ticket = openTicket('c1', 'complaint', '1001', t0);
  const r = applyTicketAction(ticket, {type: 'transfer', by: '1002', atMs: t0 + 1});
  t.true(r.ok);
  if (r.ok) t.is(r.ticket.owner, '1001');
});

test('R-15: a complaint must be acted on by a supervisor or lead within 24 h', t => {
  const complaint = openTicket('c2', 'complaint', '1001', t0);
  t.deepEqual(complaintDeadline(complaint, t0 + 24 * hour, policy), {dueMs: t0 + 24 * hour, overdue: false});
  t.true(complaintDeadline(complaint, t0 + 24 * hour + 1, policy).overdue);
  // the agent dispatching does not count as the supervisor acting
  const byAgent = walk(complaint, [['dispatched', 'agent', t0 + hour]]);
  t.is(byAgent.actedAtMs, undefined);
  const bySupervisor = walk(byAgent, [['follow_up', 'supervisor', t0 + 23 * hour]]);
  t.is(bySupervisor.actedAtMs, t0 + 23 * hour);
  t.false(complaintDeadline(bySupervisor, t0 + 48 * hour, policy).overdue);
});

test('ticket states have zh and en names', t => {
  for (const state of ticketStates) t.not(nameOf(state, 'en'), nameOf(state, 'zh-CN'));
});
