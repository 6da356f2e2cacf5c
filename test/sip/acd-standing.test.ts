// A queued caller's standing for the queue announcement (issue 13): callers ahead, expected wait.
import test from 'ava';
import {PolicyConfig} from '../../src/rules/config.ts';
import {Acd} from '../../src/sip/acd/acd.ts';
import {expectedWaitMinutes} from '../../src/sip/acd/standing.ts';

const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);
const policy = PolicyConfig.parse({});

test('expected wait: (ahead + 1) average handle times shared among the agents in, rounded up, at least a minute; unknown without figures', t => {
  t.is(expectedWaitMinutes(0, 2, 4 * 60_000, 1), 2, 'next in line, 2 min average, one agent');
  t.is(expectedWaitMinutes(3, 4, 4 * 60_000, 2), 2, '4 callers, 1 min average, two agents');
  t.is(expectedWaitMinutes(2, 1, 150_000, 1), 8, '3 × 2.5 min rounds up to 8');
  t.is(expectedWaitMinutes(0, 10, 10_000, 4), 1, 'never less than a minute');
  t.is(expectedWaitMinutes(0, 0, 0, 2), undefined, 'no call handled today');
  t.is(expectedWaitMinutes(1, 3, 60_000, 0), undefined, 'no agent signed in');
});

test('standing: callers ahead in queue order, the wait from the members\' handled calls; none once offered or ended', t => {
  const acd = new Acd({
    agents: [{id: '1001', name: 'A', team: 'a', skills: []}, {id: '2001', name: 'B', team: 'b', skills: []}],
    queues: [{id: 'main', name: 'Main', team: 'a', priority: 0}],
    policy,
    dayKey: ms => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10),
  }, T0);
  acd.seatConnected('1001', true, T0);
  acd.phoneRegistered('1001', true, T0);
  acd.arrive('c1', 'main', '13800000001', T0 + 1000);
  acd.arrive('c2', 'main', '13800000002', T0 + 2000);
  acd.arrive('c3', 'main', '13800000003', T0 + 3000);
  t.deepEqual(acd.standing('c1'), {ahead: 0}, 'no call handled yet: the position only');
  t.deepEqual(acd.standing('c3'), {ahead: 2});
  acd.end('c1', 'caller', 'abandoned', T0 + 4000);
  t.deepEqual(acd.standing('c3'), {ahead: 1}, 'one ahead left');
  // 1001 takes c2 for 3 minutes.
  acd.setState('1001', 'ready', undefined, T0 + 5000);
  t.is(acd.standing('c2'), undefined, 'offered: no longer waiting');
  acd.accept('1001', 'c2', T0 + 6000);
  acd.answered('c2', T0 + 6000);
  acd.end('c2', 'agent', 'hangup', T0 + 6000 + 180_000);
  t.deepEqual(acd.standing('c3'), {ahead: 0, waitMinutes: 3}, 'next in line, one agent, 3 min average');
  t.is(acd.standing('nope'), undefined);
});
