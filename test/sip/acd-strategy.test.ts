// Distribution strategies (Asterisk app_queue / mod_callcenter): for each, the agent a call goes
// to, and member penalties (tiers): a higher tier is offered only when no lower-tier member is free.
import test from 'ava';
import {pickAgent, type Candidate, type StrategyMemory} from '../../src/sip/acd/strategy.ts';
import type {QueueStrategy} from '../../src/rules/queue-policy.ts';

const agent = (id: string, order: number, o: Partial<Candidate> = {}): Candidate => ({id, order, idleSince: 0, callsToday: 0, talkMsToday: 0, penalty: 0, ...o});
const free = [
  agent('A', 0, {idleSince: 300, callsToday: 5, talkMsToday: 900}),
  agent('B', 1, {idleSince: 100, callsToday: 9, talkMsToday: 100}),
  agent('C', 2, {idleSince: 200, callsToday: 1, talkMsToday: 500}),
];

const picks = test.macro((t, strategy: QueueStrategy, candidates: Candidate[], expected: string | undefined, memory: StrategyMemory = {}) => {
  t.is(pickAgent(strategy, candidates, memory)?.id, expected);
});
test('longest-idle: free the longest', picks, 'longest-idle', free, 'B');
test('fewest-calls: fewest calls today', picks, 'fewest-calls', free, 'C');
test('least-talk-time: least talk today', picks, 'least-talk-time', free, 'B');
test('linear: first in agent order', picks, 'linear', free, 'A');
test('round-robin: the one after the last offered', picks, 'round-robin', free, 'C', {lastOrder: 1});
test('round-robin: wraps around', picks, 'round-robin', free, 'A', {lastOrder: 2});
test('round-robin: starts at the first', picks, 'round-robin', free, 'A');
test('nobody free', picks, 'longest-idle', [], undefined);
test('ties broken by idle time', picks, 'fewest-calls', [agent('X', 0, {idleSince: 50, callsToday: 1}), agent('Y', 1, {idleSince: 10, callsToday: 1})], 'Y');
test('penalties: the lowest tier with a free member wins', picks, 'linear', [agent('A', 0, {penalty: 2}), agent('B', 1, {penalty: 1}), agent('C', 2, {penalty: 1})], 'B');
test('penalties: a higher tier when the lower is busy', picks, 'longest-idle', [agent('A', 0, {penalty: 5, idleSince: 9})], 'A');

test('round-robin over 6 calls and 3 agents gives each 2, in turn', t => {
  const memory: StrategyMemory = {};
  const got: string[] = [];
  for (let i = 0; i < 6; i++) {
    const c = pickAgent('round-robin', free, memory)!;
    memory.lastOrder = c.order;
    got.push(c.id);
  }
  t.deepEqual(got, ['A', 'B', 'C', 'A', 'B', 'C']);
});

test('fewest-calls over 6 calls evens out the day', t => {
  const agents = [agent('A', 0, {callsToday: 3}), agent('B', 1, {callsToday: 0}), agent('C', 2, {callsToday: 1})];
  for (let i = 0; i < 6; i++) {
    const c = pickAgent('fewest-calls', agents)!;
    const at = agents.findIndex(a => a.id === c.id);
    agents[at] = {...agents[at]!, callsToday: agents[at]!.callsToday + 1, idleSince: 1000 + i};
  }
  t.deepEqual(agents.map(a => a.callsToday), [4, 3, 3]);
});
