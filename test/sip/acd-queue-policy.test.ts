// The queues' rules in the ACD core with an injected clock: max wait and its outcomes, a full
// queue, no agents signed in, overflow with the wait carried over, service hours, caller
// priority, per-queue wrap-up, RONA after N misses with a retry delay, a paused failed leg.
import test from 'ava';
import {PolicyConfig} from '../../src/rules/config.ts';
import {queuePolicy, QueueingConfig, type QueuePolicyOverride} from '../../src/rules/queue-policy.ts';
import {Acd, type AcdEvent} from '../../src/sip/acd/acd.ts';
import type {CallFacts} from '../../src/sync/schema.ts';

// Monday 2026-11-23 10:00 at UTC+8.
const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);
const policy = PolicyConfig.parse({ringPeriodSeconds: 5, noAnswerSeconds: 20, afterCallWorkSeconds: 30});

function setup(queues: Record<string, QueuePolicyOverride>, agentIds = ['1001', '1002']) {
  const queueing = QueueingConfig.parse({queues});
  const ids = Object.keys(queues).length > 0 ? Object.keys(queues) : ['main'];
  const acd = new Acd({
    agents: agentIds.map(id => ({id, name: `A${id}`, team: 'a', skills: []})),
    queues: ids.map(id => ({id, name: id, team: 'a', priority: 0, policy: queuePolicy(queueing, id)})),
    policy,
    dayKey: ms => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10),
  }, T0);
  const events: AcdEvent[] = [];
  const facts = new Map<string, CallFacts>();
  acd.on(e => {
    events.push(e);
    if (e.type === 'facts') facts.set(e.facts.callId, e.facts);
  });
  const ready = (id: string, at: number) => {
    acd.seatConnected(id, true, at);
    acd.phoneRegistered(id, true, at);
    acd.setState(id, 'ready', undefined, at);
  };
  const signIn = (id: string, at: number) => acd.seatConnected(id, true, at);
  const refused = () => events.filter((e): e is Extract<AcdEvent, {type: 'refused'}> => e.type === 'refused');
  const offers = () => events.filter((e): e is Extract<AcdEvent, {type: 'offer'}> => e.type === 'offer');
  return {acd, events, facts, ready, signIn, refused, offers};
}

const exits = test.macro((t, onMaxWait: QueuePolicyOverride['onMaxWait'], expected: {action: 'callback' | 'announce' | 'reject'; status?: number; callback?: boolean}) => {
  const {acd, facts, signIn, refused} = setup({main: {maxWaitSeconds: 30, onMaxWait}});
  signIn('1001', T0); // signed in but Not Ready: the caller waits
  acd.arrive('c1', 'main', '13800000001', T0);
  t.is(acd.nextDeadline(), T0 + 30_000, 'the ACD wakes at the max wait');
  acd.tick(T0 + 29_999);
  t.is(refused().length, 0);
  acd.tick(T0 + 30_000);
  t.is(refused().length, 1);
  t.is(refused()[0]!.outcome.action, expected.action);
  const f = facts.get('c1')!;
  t.is(f.endReason, 'queue-policy');
  t.is(f.hungUpBy, 'system');
  t.is(f.endedAt, T0 + 30_000);
  t.is(f.queueOutcomes?.[0]?.reason, 'max-wait');
  t.is(f.queueOutcomes?.[0]?.status, expected.status);
  t.is(f.queueOutcomes?.[0]?.callback !== undefined, expected.callback ?? false);
  t.is(acd.queueStats(T0 + 30_000).waiting, 0);
  t.is(acd.activeCalls(), 0);
});

test('max wait → final response 503', exits, {action: 'reject', status: 503}, {action: 'reject', status: 503});
test('max wait → final response 486', exits, {action: 'reject', status: 486}, {action: 'reject', status: 486});
test('max wait → announcement then hang-up (480 when not answered by the center)', exits, {action: 'announce', status: 480}, {action: 'announce', status: 480});
test('max wait → callback task with the R-08 due time', exits, {action: 'callback', promise: 'next_business_day', status: 480}, {action: 'callback', status: 480, callback: true});

test('R-08: the callback task of a max-wait caller is due by the close of the next business day', t => {
  const {acd, facts} = setup({main: {maxWaitSeconds: 10, onMaxWait: {action: 'callback', promise: 'next_business_day', status: 480}}});
  acd.arrive('c1', 'main', '13800000001', T0);
  acd.tick(T0 + 10_000);
  const cb = facts.get('c1')!.queueOutcomes![0]!.callback!;
  // Tuesday 2026-11-24, spring calendar 09:00–18:00 at UTC+8.
  t.is(cb.notBefore, Date.UTC(2026, 10, 24, 1, 0));
  t.is(cb.due, Date.UTC(2026, 10, 24, 10, 0));
});

test('a caller on ringback is let go before timer C even when max wait is longer', t => {
  const {acd, refused} = setup({main: {maxWaitSeconds: 600}});
  acd.arrive('ringback', 'main', '1', T0);
  acd.arrive('answered', 'main', '2', T0);
  acd.queueAnswered('answered');
  acd.tick(T0 + 170_000);
  t.deepEqual(refused().map(r => r.callId), ['ringback']);
  acd.tick(T0 + 600_000);
  t.deepEqual(refused().map(r => r.callId), ['ringback', 'answered']);
});

test('a full queue refuses the next caller as configured; the ones waiting stay', t => {
  const {acd, facts, refused} = setup({main: {maxLength: 2, onFull: {action: 'reject', status: 486}}});
  acd.arrive('c1', 'main', '1', T0);
  acd.arrive('c2', 'main', '2', T0 + 1);
  acd.arrive('c3', 'main', '3', T0 + 2);
  t.deepEqual(refused().map(r => [r.callId, r.reason, r.outcome.action]), [['c3', 'full', 'reject']]);
  t.is(facts.get('c3')!.queueOutcomes![0]!.status, 486);
  t.is(acd.queueStats(T0 + 3).waiting, 2);
  t.is(acd.queueStats(T0 + 3).offered, 3);
});

test('overflow: the caller moves to the second queue with its wait carried over, then that queue\'s rule applies', t => {
  const {acd, facts, refused} = setup({
    main: {maxWaitSeconds: 20, onMaxWait: {action: 'overflow', queue: 'backup'}},
    backup: {maxWaitSeconds: 50, onMaxWait: {action: 'reject', status: 480}},
  });
  acd.arrive('early', 'backup', '9', T0 + 5000);
  acd.arrive('c1', 'main', '1', T0);
  acd.tick(T0 + 20_000);
  const f = facts.get('c1')!;
  t.is(f.queue, 'backup');
  t.like(f.queueOutcomes![0], {reason: 'max-wait', action: 'overflow', queue: 'main', to: 'backup', at: T0 + 20_000});
  t.is(acd.call('c1')?.phase, 'queued');
  t.is(acd.queueStats(T0 + 20_000).queues.find(q => q.id === 'backup')!.waiting, 2);
  // c1 arrived before "early": first in line in backup.
  t.is(acd.queueStats(T0 + 20_000).queues.find(q => q.id === 'backup')!.longestWaitMs, 20_000);
  t.is(acd.nextDeadline(), T0 + 50_000, 'the wait counts from the first arrival');
  acd.tick(T0 + 50_000);
  t.deepEqual(refused().map(r => r.callId), ['c1']);
  t.is(facts.get('c1')!.queueOutcomes!.length, 2);
});

test('no agent signed in: refused at arrival, and queued callers are let go when the last member signs out', t => {
  const {acd, refused, signIn, facts} = setup({main: {onNoAgents: {action: 'reject', status: 480}}});
  acd.arrive('c1', 'main', '1', T0);
  t.deepEqual(refused().map(r => [r.callId, r.reason]), [['c1', 'no-agents']]);
  signIn('1001', T0 + 1000);
  acd.arrive('c2', 'main', '2', T0 + 2000);
  t.is(acd.call('c2')?.phase, 'queued');
  acd.signOut('1001', T0 + 3000);
  t.deepEqual(refused().map(r => [r.callId, r.reason]), [['c1', 'no-agents'], ['c2', 'no-agents']]);
  t.is(facts.get('c2')!.endedAt, T0 + 3000);
});

test('R-19: outside the queue\'s calendar the caller gets the closed outcome and a 5-working-day callback task', t => {
  const {acd, refused, facts, ready} = setup({main: {calendar: 'spring'}});
  ready('1001', T0);
  const evening = Date.UTC(2026, 10, 23, 12, 0); // 20:00 local, spring closes 18:00
  acd.arrive('late', 'main', '1', evening);
  t.deepEqual(refused().map(r => [r.callId, r.reason, r.outcome.action]), [['late', 'closed', 'callback']]);
  t.is(facts.get('late')!.queueOutcomes![0]!.callback!.promise, 'working_days');
  acd.arrive('open', 'main', '2', T0);
  t.is(acd.call('open')?.phase, 'offered');
});

test('seed 003: the 8:00–21:00 calendar is open at weekends and on public holidays', t => {
  const p = PolicyConfig.parse({calendars: {holidays: ['2026-11-23']}});
  const acd = new Acd({agents: [], queues: [{id: 'main', name: 'm', team: 'a', priority: 0, policy: queuePolicy(QueueingConfig.parse({queues: {main: {calendar: '8-21'}}}), 'main')}], policy: p, dayKey: ms => String(ms)}, T0);
  const refused: string[] = [];
  acd.on(e => e.type === 'refused' && refused.push(e.callId));
  acd.arrive('holiday', 'main', '1', T0); // Monday, a holiday, 10:00
  acd.arrive('sunday', 'main', '1', Date.UTC(2026, 10, 22, 12, 30)); // Sunday 20:30
  acd.arrive('night', 'main', '1', Date.UTC(2026, 10, 22, 13, 30)); // Sunday 21:30
  t.deepEqual(refused, ['night']);
});

test('caller priority by number prefix: long-distance callers wait ahead (seed 000 长途电话优先)', t => {
  const {acd, ready, offers, facts} = setup({main: {callerPriority: [{prefix: '0', priority: 5}]}});
  acd.arrive('local', 'main', '88001234', T0);
  acd.arrive('long', 'main', '01088001234', T0 + 1000);
  t.is(facts.get('long')!.priority, 5);
  ready('1001', T0 + 2000);
  t.deepEqual(offers().map(o => o.callId), ['long']);
});

test('per-queue wrap-up time replaces the center\'s after-call work', t => {
  const {acd, ready} = setup({main: {wrapUpSeconds: 5}});
  ready('1001', T0);
  acd.arrive('c1', 'main', '1', T0);
  acd.accept('1001', 'c1', T0);
  acd.answered('c1', T0 + 1000);
  acd.end('c1', 'caller', 'hangup', T0 + 10_000);
  t.is(acd.snapshot('1001').state, 'acw');
  acd.tick(T0 + 15_000);
  t.is(acd.snapshot('1001').state, 'ready');
});

test('RONA after N missed offers: the agent stays Ready until the Nth, and waits the retry delay between', t => {
  const {acd, ready, offers} = setup({main: {ronaAfterMisses: 2, ronaRetrySeconds: 10}}, ['1001']);
  ready('1001', T0);
  acd.arrive('c1', 'main', '1', T0);
  acd.tick(T0 + 20_000); // first miss
  t.is(acd.snapshot('1001').state, 'ready');
  t.is(offers().length, 1, 'not offered again inside the retry delay');
  t.is(acd.nextDeadline(), T0 + 30_000);
  acd.tick(T0 + 30_000);
  t.is(offers().length, 2);
  acd.tick(T0 + 50_000); // second miss
  t.is(acd.snapshot('1001').state, 'not-ready');
  t.is(acd.snapshot('1001').reason, 'rona');
});

test('a failed agent leg pauses the agent for the configured delay, then Ready again', t => {
  const {acd, ready} = setup({main: {failedLegPauseSeconds: 15}}, ['1001']);
  ready('1001', T0);
  acd.arrive('c1', 'main', '1', T0);
  acd.agentLegFailed('c1', T0 + 1000, 'phone-failed');
  t.is(acd.snapshot('1001').state, 'not-ready');
  acd.tick(T0 + 15_999);
  t.is(acd.snapshot('1001').state, 'not-ready');
  acd.tick(T0 + 16_000);
  t.is(acd.snapshot('1001').state, 'offered', 'Ready again and offered the waiting call');
});

test('without a pause a failed leg leaves the agent Not Ready (today\'s behaviour)', t => {
  const {acd, ready} = setup({main: {}}, ['1001']);
  ready('1001', T0);
  acd.arrive('c1', 'main', '1', T0);
  acd.agentLegFailed('c1', T0 + 1000, 'phone-failed');
  acd.tick(T0 + 60_000);
  t.is(acd.snapshot('1001').state, 'not-ready');
});

test('the queue\'s strategy and penalties choose the agent: linear skips a penalised member while a first-tier one is free', t => {
  const {acd, ready, offers} = setup({main: {strategy: 'linear', penalties: {'1001': 1}}}, ['1001', '1002', '1003']);
  for (const id of ['1001', '1002', '1003']) ready(id, T0);
  acd.arrive('c1', 'main', '1', T0 + 1);
  acd.arrive('c2', 'main', '2', T0 + 2);
  acd.arrive('c3', 'main', '3', T0 + 3);
  t.deepEqual(offers().map(o => o.agent), ['1002', '1003', '1001']);
});

test('round-robin remembers where it stopped across calls', t => {
  const {acd, ready, offers} = setup({main: {strategy: 'round-robin', wrapUpSeconds: 0}}, ['1001', '1002', '1003']);
  for (const id of ['1001', '1002', '1003']) ready(id, T0);
  const take = (id: string, at: number) => {
    acd.arrive(id, 'main', '1', at);
    const o = offers().at(-1)!;
    acd.accept(o.agent, id, at);
    acd.answered(id, at);
    acd.end(id, 'caller', 'hangup', at + 1);
    acd.tick(at + 1);
  };
  take('c1', T0 + 10);
  take('c2', T0 + 20);
  take('c3', T0 + 30);
  take('c4', T0 + 40);
  t.deepEqual(offers().map(o => o.agent), ['1001', '1002', '1003', '1001']);
});

test('a call transferred to a queue waits that queue\'s max wait from the transfer, not from its first arrival', t => {
  const {acd, ready, refused} = setup({main: {maxWaitSeconds: 30}, other: {maxWaitSeconds: 30}}, ['1001']);
  ready('1001', T0);
  acd.arrive('c1', 'main', '1', T0);
  acd.accept('1001', 'c1', T0);
  acd.answered('c1', T0 + 1000);
  acd.transfer('1001', 'c1', {kind: 'queue', value: 'other'}, T0 + 100_000);
  acd.tick(T0 + 100_001);
  t.is(refused().length, 0);
  acd.tick(T0 + 129_999);
  t.is(refused().length, 0);
  acd.tick(T0 + 130_000);
  t.deepEqual(refused().map(r => [r.callId, r.reason]), [['c1', 'max-wait']]);
});

test('an overflow loop through other rules ends: after 8 overflows the caller is refused with 480', t => {
  const {acd, refused, facts} = setup({
    main: {onNoAgents: {action: 'overflow', queue: 'backup'}},
    backup: {onNoAgents: {action: 'overflow', queue: 'main'}},
  });
  acd.arrive('c1', 'main', '1', T0);
  t.deepEqual(refused().map(r => [r.callId, r.outcome]), [['c1', {action: 'reject', status: 480}]]);
  t.is(facts.get('c1')!.queueOutcomes!.filter(o => o.action === 'overflow').length, 8);
  t.is(acd.nextDeadline(), undefined, 'nothing left to wake for');
});

test('a lead\'s queue changes last the day: taken out of a queue, a penalty, then the next day the config again', t => {
  const {acd, ready, offers} = setup({main: {}, spill: {}});
  ready('1001', T0);
  ready('1002', T0 + 1000);
  acd.setMember('1001', 'main', false, T0 + 2000);
  acd.setPenalty('1002', 'spill', 4, T0 + 2000);
  t.deepEqual(acd.memberships('1001'), [{queue: 'spill', penalty: 0}]);
  t.deepEqual(acd.memberships('1002'), [{queue: 'main', penalty: 0}, {queue: 'spill', penalty: 4}]);
  acd.arrive('c1', 'main', '13800000001', T0 + 3000);
  t.like(offers().at(-1), {callId: 'c1', agent: '1002'}, 'main offers to its remaining member though 1001 has waited longer');
  const nextDay = T0 + 86_400_000;
  acd.tick(nextDay);
  acd.queueStats(nextDay); // the day rolls
  t.deepEqual(acd.memberships('1001'), [{queue: 'main', penalty: 0}, {queue: 'spill', penalty: 0}]);
  t.deepEqual(acd.memberships('1002'), [{queue: 'main', penalty: 0}, {queue: 'spill', penalty: 0}]);
});
