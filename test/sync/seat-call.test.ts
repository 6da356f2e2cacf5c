// The seat's calls through the record's derivations: KPIs and QA flags as the lead sees them.
import test from 'ava';
import {defaultPolicy} from '../../src/rules/config.ts';
import {computeKpis} from '../../src/rules/kpi.ts';
import {kpiCalls, recordOfSeen, seatCallFlags, type SeenCall} from '../../src/sync/seat-call.ts';

const policy = defaultPolicy();
const t0 = Date.parse('2026-11-23T10:00:00+08:00');
const seen = (facts: Partial<SeenCall['facts']>, fields: SeenCall['fields'] = {}): SeenCall => ({callId: 'c1', facts: {caller: '13800000000', queue: 'main', direction: 'inbound', ...facts}, fields});

test('an answered call: queue, answer, end and the total hold as the seat saw them', t => {
  const [k] = kpiCalls([seen({offeredAt: t0, answeredAt: t0 + 5_000, endedAt: t0 + 125_000, holdMs: 30_000, longestHoldMs: 20_000})], '1001');
  t.like(k, {id: 'c1', agentId: '1001', queuedAtMs: t0, offeredAtMs: t0, answeredAtMs: t0 + 5_000, endedAtMs: t0 + 125_000, holdMs: 30_000, abandoned: false});
});

test('R-34: a seat that kept the queue entry counts the wait from there (a 10-minute wait answered on ring 1 is outside)', t => {
  const calls = [seen({arrivedAt: t0 - 600_000, offeredAt: t0, answeredAt: t0 + 2_000, endedAt: t0 + 60_000})];
  t.like(kpiCalls(calls, '1001')[0], {queuedAtMs: t0 - 600_000, offeredAtMs: t0});
  const k = computeKpis(kpiCalls(calls, '1001'), policy);
  t.is(k.serviceLevel, 0);
  t.is(k.threeRingRate, 1);
});

test('only ended inbound calls count', t => {
  t.is(kpiCalls([seen({offeredAt: t0}), seen({offeredAt: t0, endedAt: t0 + 1, direction: 'outbound'})], '1001').length, 0);
});

test('an inbound call that ended unanswered at the seat is abandoned', t => {
  t.true(kpiCalls([seen({offeredAt: t0, endedAt: t0 + 9_000})], '1001')[0].abandoned);
});

test('holds are rebuilt so their sum and their longest are what the seat saw', t => {
  const holds = recordOfSeen(seen({endedAt: t0, holdMs: 50_000, longestHoldMs: 20_000}), '1001').facts?.holds ?? [];
  t.is(holds.reduce((n, h) => n + ((h.end ?? 0) - h.start), 0), 50_000);
  t.is(Math.max(...holds.map(h => (h.end ?? 0) - h.start)), 20_000);
});

const flags = test.macro({
  exec(t, facts: Partial<SeenCall['facts']>, fields: SeenCall['fields'], expected: string[]) {
    t.deepEqual(seatCallFlags(seen(facts, fields), t0 + 3_600_000, policy).map(f => f.rule).sort(), expected);
  },
  title: (title = '') => `flags: ${title}`,
});
test('late answer (R-02)', flags, {offeredAt: t0, answeredAt: t0 + 30_000, endedAt: t0 + 60_000}, {}, ['R-02']);
test('a long hold (R-10)', flags, {offeredAt: t0, answeredAt: t0 + 1_000, endedAt: t0 + 600_000, holdMs: 200_000, longestHoldMs: 200_000}, {}, ['R-10']);
test('the agent hung up first (R-07), not on a silent call', flags, {offeredAt: t0, answeredAt: t0 + 1_000, endedAt: t0 + 60_000, hungUpBy: 'agent'}, {}, ['R-07']);
test('silent protocol: hanging up is allowed', flags, {offeredAt: t0, answeredAt: t0 + 1_000, endedAt: t0 + 60_000, hungUpBy: 'agent', silent: true}, {}, []);
test('a dispatch call without caller details (R-05)', flags, {offeredAt: t0, answeredAt: t0 + 1_000, endedAt: t0 + 60_000}, {category: 'dispatch'}, ['R-05']);
