// R-11 speech rate, R-14…R-16 tickets, R-34 outbound KPIs.
import test from 'ava';
import {defaultPolicy, speechRate, openTicket, applyTicketAction, complaintDeadline, computeOutboundKpis, nameOf, ticketStates, type Ticket, type TicketState, type SpeechRate} from '../../src/rules/index.ts';

const policy = defaultPolicy();
const t0 = Date.parse('2026-11-23T10:00:00+08:00');
const hour = 3_600_000;

const rate = test.macro({
  exec(t, characters: number, expected: SpeechRate['verdict']) {
    t.is(speechRate(characters, 60_000, policy).verdict, expected);
  },
  title: (_given, characters: number, expected: string) => `R-11: ${characters} characters a minute is ${expected}`,
});

test(rate, 179, 'too_slow');
test(rate, 180, 'ok');
test(rate, 250, 'ok');
test(rate, 251, 'too_fast');
test(rate, 300, 'too_fast'); // normal conversational speed is too fast on the phone

test('R-11: a zero duration is a RangeError', t => {
  t.throws(() => speechRate(10, 0, policy), {instanceOf: RangeError, message: /durationMs/});
});

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

test('R-34: outbound dials, connects, contacts, successes, refusal rate, work time', t => {
  const k = computeOutboundKpis([
    {agentId: '1001', startedAtMs: 0, endedAtMs: 30_000, connected: false},
    {agentId: '1001', startedAtMs: 0, endedAtMs: 60_000, connected: true, contacted: false},
    {agentId: '1001', startedAtMs: 0, endedAtMs: 120_000, connected: true, outcome: 'success'},
    {agentId: '1001', startedAtMs: 0, endedAtMs: 90_000, connected: true, outcome: 'refused'},
    {agentId: '1001', startedAtMs: 0, endedAtMs: 60_000, connected: true, contacted: true, outcome: 'refused'},
  ]);
  t.deepEqual(k, {dials: 5, connects: 4, contacts: 3, successes: 1, refusals: 2, connectRate: 0.8, refusalRate: 2 / 3, successRate: 1 / 3, workMs: 360_000});
  t.is(computeOutboundKpis([]).refusalRate, 0);
});
