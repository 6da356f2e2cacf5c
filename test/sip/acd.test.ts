// ACD core with an injected clock: longest idle first, priority, ring ticks, RONA,
// abandon with its wait, ACW limit, transfers, counters, errors that change nothing.
import test from 'ava';
import {PolicyConfig} from '../../src/rules/config.ts';
import {Acd, AcdError, type AcdEvent} from '../../src/sip/acd/acd.ts';

const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);
const policy = PolicyConfig.parse({ringPeriodSeconds: 5, noAnswerSeconds: 20, afterCallWorkSeconds: 30});

function setup(agentIds = ['1001', '1002', '1003'], queues = [{id: 'main', name: 'Main', team: 'a', priority: 0}]) {
  const acd = new Acd({
    agents: agentIds.map(id => ({id, name: `A${id}`, team: 'a', skills: id === '1003' ? ['vip'] : []})),
    queues,
    policy,
    dayKey: ms => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10),
  }, T0);
  const events: AcdEvent[] = [];
  acd.on(e => events.push(e));
  const ready = (id: string, at: number) => {
    acd.seatConnected(id, true, at);
    acd.phoneRegistered(id, true, at);
    acd.setState(id, 'ready', undefined, at);
  };
  const offers = () => events.filter((e): e is Extract<AcdEvent, {type: 'offer'}> => e.type === 'offer');
  return {acd, events, ready, offers};
}

test('longest-idle Ready agent with a registered phone and a seat gets the offer', t => {
  const {acd, ready, offers} = setup();
  ready('1002', T0 + 1000);
  ready('1001', T0 + 2000);
  acd.seatConnected('1003', true, T0);
  acd.setState('1003', 'ready', undefined, T0); // no phone: not eligible
  acd.arrive('c1', 'main', '13812345678', T0 + 3000);
  t.deepEqual(offers().map(o => [o.callId, o.agent, o.waitedMs]), [['c1', '1002', 0]]);
  t.is(acd.snapshot('1002').state, 'offered');
  acd.arrive('c2', 'main', '13812345679', T0 + 4000);
  t.is(offers()[1]!.agent, '1001');
  acd.arrive('c3', 'main', '13812345670', T0 + 5000);
  t.is(offers().length, 2, 'no third eligible agent: c3 waits');
  t.is(acd.queueStats(T0 + 6000).waiting, 1);
  t.is(acd.queueStats(T0 + 6000).longestWaitMs, 1000);
});

test('ring ticks every ring period; answered within 3 rings is not late (R-01, R-02)', t => {
  const {acd, events, ready} = setup();
  ready('1001', T0);
  acd.arrive('c1', 'main', '100', T0);
  t.is(acd.nextDeadline(), T0 + 5000);
  acd.tick(T0 + 5000);
  acd.tick(T0 + 10_000);
  t.deepEqual(events.filter(e => e.type === 'ring').map(e => (e as {rings: number}).rings), [2, 3]);
  acd.accept('1001', 'c1', T0 + 11_000);
  acd.answered('c1', T0 + 14_999);
  const answered = events.find(e => e.type === 'answered') as Extract<AcdEvent, {type: 'answered'}>;
  t.is(answered.rings, 3);
  t.false(answered.late);
  t.is(acd.snapshot('1001').state, 'on-call');
  t.is(acd.snapshot('1001').callsToday, 1);
});

test('4th ring answer is late and counted', t => {
  const {acd, events, ready} = setup();
  ready('1001', T0);
  acd.arrive('c1', 'main', '100', T0);
  acd.accept('1001', 'c1', T0 + 15_000);
  acd.answered('c1', T0 + 15_000);
  t.true((events.find(e => e.type === 'answered') as {late: boolean}).late);
  t.is(acd.snapshot('1001').lateToday, 1);
  const facts = events.filter((e): e is Extract<AcdEvent, {type: 'facts'}> => e.type === 'facts').at(-1)!.facts;
  t.is(facts.rings, 4);
  t.true(facts.lateAnswer);
});

test('RONA: requeued at the head, agent Not Ready(rona), next agent offered', t => {
  const {acd, events, ready, offers} = setup();
  ready('1001', T0);
  acd.arrive('c1', 'main', '100', T0);
  acd.arrive('c2', 'main', '101', T0 + 1);
  t.is(acd.nextDeadline(), T0 + 5000);
  ready('1002', T0 + 2);
  t.deepEqual(offers().map(o => o.agent), ['1001', '1002']);
  acd.tick(T0 + 20_000);
  t.truthy(events.find(e => e.type === 'rona' && e.callId === 'c1' && e.agent === '1001'));
  t.is(acd.snapshot('1001').state, 'not-ready');
  t.is(acd.snapshot('1001').reason, 'rona');
  t.is(acd.call('c1')!.phase, 'queued');
  ready('1003', T0 + 20_001);
  t.is(offers().at(-1)!.callId, 'c1', 'the RONA call is first in line');
  t.deepEqual(acd.call('c1')!.facts.ronaAgents, ['1001']);
});

test('an accepted offer is not RONA-ed while the phone answers', t => {
  const {acd, ready} = setup();
  ready('1001', T0);
  acd.arrive('c1', 'main', '100', T0);
  acd.accept('1001', 'c1', T0 + 19_000);
  acd.tick(T0 + 25_000);
  t.is(acd.snapshot('1001').state, 'offered');
});

test('caller hangs up while queued or offered: abandoned with its wait', t => {
  const {acd, events, ready} = setup();
  acd.arrive('c1', 'main', '100', T0);
  acd.end('c1', 'caller', 'hangup', T0 + 7000);
  const facts = events.filter((e): e is Extract<AcdEvent, {type: 'facts'}> => e.type === 'facts').at(-1)!.facts;
  t.is(facts.endReason, 'abandoned');
  t.is(facts.abandonWaitMs, 7000);
  ready('1001', T0 + 8000);
  acd.arrive('c2', 'main', '100', T0 + 9000);
  acd.end('c2', 'caller', 'hangup', T0 + 12_000);
  t.is(acd.snapshot('1001').state, 'ready', 'offered agent goes back to Ready');
  const stats = acd.queueStats(T0 + 13_000);
  t.is(stats.abandoned, 2);
  t.is(stats.offered, 2);
  t.is(stats.waiting, 0);
  t.is(acd.activeCalls(), 0);
});

test('after-call work ends at its limit, then Ready; R-07 who hung up first is recorded', t => {
  const {acd, events, ready} = setup();
  ready('1001', T0);
  acd.arrive('c1', 'main', '100', T0);
  acd.accept('1001', 'c1', T0 + 1000);
  acd.answered('c1', T0 + 1500);
  acd.end('c1', 'agent', 'hangup', T0 + 60_000);
  t.is(acd.snapshot('1001').state, 'acw');
  t.is(acd.nextDeadline(), T0 + 90_000);
  acd.tick(T0 + 89_999);
  t.is(acd.snapshot('1001').state, 'acw');
  acd.tick(T0 + 90_000);
  t.is(acd.snapshot('1001').state, 'ready');
  const facts = events.filter((e): e is Extract<AcdEvent, {type: 'facts'}> => e.type === 'facts').at(-1)!.facts;
  t.is(facts.hungUpBy, 'agent');
  t.is(facts.wrapEndedAt, T0 + 90_000);
  t.is(acd.activeCalls(), 0);
});

test('wrapup-done ends ACW early; errors change nothing', t => {
  const {acd, ready} = setup();
  ready('1001', T0);
  const before = acd.snapshot('1001');
  t.throws(() => acd.wrapupDone('1001', T0 + 1), {instanceOf: AcdError, message: /not in after-call work/});
  t.throws(() => acd.accept('1001', 'nope', T0 + 1), {message: /no call nope/});
  t.throws(() => acd.hold('1001', 'nope', T0 + 1), {message: /no call/});
  t.deepEqual(acd.snapshot('1001'), before);
  acd.arrive('c1', 'main', '100', T0 + 2);
  t.throws(() => acd.setState('1001', 'break', undefined, T0 + 3), {message: /while offered/});
  t.throws(() => acd.accept('1002', 'c1', T0 + 3), {instanceOf: AcdError});
  acd.accept('1001', 'c1', T0 + 3);
  acd.answered('c1', T0 + 4);
  acd.end('c1', 'caller', 'hangup', T0 + 5);
  acd.wrapupDone('1001', T0 + 6);
  t.is(acd.snapshot('1001').state, 'ready');
});

test('hold and resume are recorded with their times (R-09/R-10 facts)', t => {
  const {acd, events, ready} = setup();
  ready('1001', T0);
  acd.arrive('c1', 'main', '100', T0);
  acd.accept('1001', 'c1', T0);
  acd.answered('c1', T0 + 1000);
  acd.hold('1001', 'c1', T0 + 2000);
  t.is(acd.snapshot('1001').holdSince, T0 + 2000);
  t.throws(() => acd.hold('1001', 'c1', T0 + 2001), {message: /already on hold/});
  acd.resume('1001', 'c1', T0 + 32_000);
  t.is((events.find(e => e.type === 'resumed') as {heldMs: number}).heldMs, 30_000);
  t.deepEqual(acd.call('c1')!.facts.holds, [{start: T0 + 2000, end: T0 + 32_000}]);
});

test('priority queue is served first; skill queue goes to skilled agents', t => {
  const {acd, ready, offers} = setup(['1001', '1002', '1003'], [
    {id: 'main', name: 'Main', team: 'a', priority: 0},
    {id: 'hot', name: 'Hot', team: 'a', priority: 5},
    {id: 'vip', name: 'VIP', team: 'a', skill: 'vip', priority: 0},
  ] as never);
  acd.arrive('m1', 'main', '1', T0);
  acd.arrive('h1', 'hot', '2', T0 + 1);
  acd.arrive('v1', 'vip', '3', T0 + 2);
  ready('1001', T0 + 10);
  t.is(offers()[0]!.callId, 'h1');
  ready('1003', T0 + 11);
  t.is(offers()[1]!.callId, 'm1', 'oldest of equal priority first');
  ready('1002', T0 + 12);
  t.is(offers().length, 2, 'the vip call waits for a vip agent');
});

test('blind transfer to an agent: the first agent goes to ACW, the target is offered', t => {
  const {acd, ready, offers} = setup();
  ready('1001', T0);
  acd.arrive('c1', 'main', '100', T0);
  acd.accept('1001', 'c1', T0);
  acd.answered('c1', T0 + 1000);
  t.throws(() => acd.transfer('1001', 'c1', {kind: 'agent', value: '1002'}, T0 + 2000), {message: /not available/});
  t.is(acd.snapshot('1001').state, 'on-call');
  ready('1002', T0 + 2000);
  acd.transfer('1001', 'c1', {kind: 'agent', value: '1002'}, T0 + 3000);
  t.is(acd.snapshot('1001').state, 'acw');
  t.is(offers().at(-1)!.agent, '1002');
  acd.accept('1002', 'c1', T0 + 3500);
  acd.answered('c1', T0 + 4000);
  acd.end('c1', 'caller', 'hangup', T0 + 9000);
  const facts = acd.call('c1')!.facts;
  t.is(facts.agent, '1001', 'R-14: the first agent stays the owner');
  t.deepEqual(facts.transfers, [{at: T0 + 3000, kind: 'agent', to: '1002', ok: true}]);
  t.is(acd.queueStats(T0 + 9000).answered, 1);
});

test('a seat that drops keeps its state through the grace period, then goes offline', t => {
  const {acd, ready} = setup();
  ready('1001', T0);
  acd.seatConnected('1001', false, T0 + 1000);
  acd.arrive('c1', 'main', '100', T0 + 2000);
  t.is(acd.snapshot('1001').state, 'ready', 'still Ready…');
  t.is(acd.call('c1')!.phase, 'queued', '…but not offered calls without a seat');
  acd.seatConnected('1001', true, T0 + 3000);
  t.is(acd.call('c1')!.phase, 'offered');
  acd.end('c1', 'caller', 'hangup', T0 + 3500);
  acd.seatConnected('1001', false, T0 + 4000);
  acd.tick(T0 + 34_000);
  t.is(acd.snapshot('1001').state, 'offline');
});

test('counters reset at the center\'s midnight', t => {
  const {acd} = setup();
  acd.arrive('c1', 'main', '100', T0);
  t.is(acd.queueStats(T0).offered, 1);
  const nextDay = Date.UTC(2026, 10, 23, 16, 0, 0); // 00:00 in UTC+8
  t.is(acd.queueStats(nextDay).offered, 0);
});
