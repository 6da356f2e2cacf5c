// R-34 service level from queue entry: T per queue (default 20 s), short abandons (< 5 s) left
// out, the per-agent 3-ring rate a separate figure — and the same call set gives the same figures
// on the wallboard (floor model), in the seat's wrap-up and in the team report.
import test from 'ava';
import {PolicyConfig} from '../../src/rules/config.ts';
import {computeKpis} from '../../src/rules/kpi.ts';
import {serviceLevel, serviceLevelVerdict, threeRingRate, type ServiceLevelCall, type ServiceLevelVerdict} from '../../src/rules/service-level.ts';
import {FloorModel} from '../../src/client/floor/floor-model.ts';
import {kpiCallOf} from '../../src/sync/kpi-call.ts';
import {wrapupFigures} from '../../src/sync/wrapup-figures.ts';
import type {CallFacts, CallRecord} from '../../src/sync/schema.ts';

const policy = PolicyConfig.parse({queueing: {queues: {vip: {serviceLevelSeconds: 10, shortAbandonSeconds: 2}}}});
const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);
const s = 1000;

const verdict = test.macro((t, call: ServiceLevelCall, expected: ServiceLevelVerdict) => {
  t.is(serviceLevelVerdict(call, policy), expected);
});
test('a 10-minute wait answered on ring 1 is outside the service level', verdict, {queuedAtMs: T0, offeredAtMs: T0 + 600 * s, answeredAtMs: T0 + 601 * s}, 'outside');
test('answered exactly T = 20 s after entering the queue is within', verdict, {queuedAtMs: T0, answeredAtMs: T0 + 20 * s}, 'within');
test('answered 20.001 s after entering the queue is outside', verdict, {queuedAtMs: T0, answeredAtMs: T0 + 20_001}, 'outside');
test('a 4 s abandon is left out', verdict, {queuedAtMs: T0, abandoned: true, abandonWaitMs: 4 * s}, 'excluded');
test('a 30 s abandon counts (against)', verdict, {queuedAtMs: T0, abandoned: true, abandonWaitMs: 30 * s}, 'outside');
test('exactly 5 s of waiting is not a short abandon', verdict, {queuedAtMs: T0, abandoned: true, abandonWaitMs: 5 * s}, 'outside');
test('a caller refused by a queue rule counts (against)', verdict, {queuedAtMs: T0}, 'outside');
test('T per queue: 15 s is outside the vip queue\'s 10 s', verdict, {queue: 'vip', queuedAtMs: T0, answeredAtMs: T0 + 15 * s}, 'outside');
test('short-abandon threshold per queue: 3 s counts in vip (2 s)', verdict, {queue: 'vip', queuedAtMs: T0, abandoned: true, abandonWaitMs: 3 * s}, 'outside');

test('service level = within ÷ (offered − short abandons); the 3-ring rate is its own figure', t => {
  const calls: ServiceLevelCall[] = [
    {queuedAtMs: T0, offeredAtMs: T0 + 600 * s, answeredAtMs: T0 + 601 * s}, // ring 1, 10 min wait
    {queuedAtMs: T0, offeredAtMs: T0, answeredAtMs: T0 + 5 * s},
    {queuedAtMs: T0, abandoned: true, abandonWaitMs: 4 * s},
    {queuedAtMs: T0, abandoned: true, abandonWaitMs: 30 * s},
  ];
  t.deepEqual(serviceLevel(calls, policy), {counted: 3, within: 1, shortAbandons: 1, serviceLevel: 1 / 3});
  t.is(threeRingRate(calls, policy), 1, 'both answers came within 3 rings of the seat ringing');
  t.is(serviceLevel([], policy).serviceLevel, undefined);
});

// One day's facts, as the switch writes them.
const fact = (callId: string, o: Partial<CallFacts>): CallFacts => ({
  callId, direction: 'inbound', caller: '13800000000', queue: 'main', team: 'a', agent: '1001', arrivedAt: T0, holds: [], transfers: [], ronaAgents: [], ...o,
});
const day: CallFacts[] = [
  fact('long', {offeredAt: T0 + 600 * s, answeredAt: T0 + 601 * s, rings: 1, lateAnswer: false, endedAt: T0 + 700 * s, hungUpBy: 'caller', endReason: 'hangup'}),
  fact('quick', {arrivedAt: T0 + 1000 * s, offeredAt: T0 + 1001 * s, answeredAt: T0 + 1004 * s, rings: 1, lateAnswer: false, endedAt: T0 + 1100 * s, hungUpBy: 'caller', endReason: 'hangup'}),
  fact('short', {arrivedAt: T0 + 2000 * s, endedAt: T0 + 2004 * s, hungUpBy: 'caller', endReason: 'abandoned', abandonWaitMs: 4 * s}),
  fact('gave-up', {arrivedAt: T0 + 3000 * s, endedAt: T0 + 3030 * s, hungUpBy: 'caller', endReason: 'abandoned', abandonWaitMs: 30 * s}),
];

test('the same calls give the same service level on the wallboard, in the wrap-up and in the report', t => {
  const expected = 1 / 3; // quick within; long outside; gave-up counts; short left out
  const records: CallRecord[] = day.map(f => ({callId: f.callId, facts: f, seat: {owner: '1001'}}));
  const report = computeKpis(records.flatMap(r => kpiCallOf(r) ?? []), policy);
  t.is(report.serviceLevel, expected);
  t.is(report.shortAbandons, 1);
  t.is(wrapupFigures(records, '1001', policy).serviceLevel, expected);
  const model = new FloorModel({policy, now: () => T0 + 4000 * s});
  model.ingestRecords(day);
  t.is(model.view().today.serviceLevel, expected);
});
