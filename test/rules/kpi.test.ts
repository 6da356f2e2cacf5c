import test from 'ava';
import {defaultPolicy, computeKpis, kpiReport, type KpiCall, computeOutboundKpis} from '../../src/rules/index.ts';

const policy = defaultPolicy();
const cst = (local: string) => Date.parse(`${local}+08:00`);
const s = 1000;

const at = cst('2026-11-23T10:00');
const calls: KpiCall[] = [
  // answered on ring 3 (14.999 s): within
  {id: '1', team: 'a', agentId: '1001', queuedAtMs: at, offeredAtMs: at + 5 * s, answeredAtMs: at + 5 * s + 14_999, endedAtMs: at + 200 * s, holdMs: 30 * s, wrapUpMs: 20 * s},
  // answered on ring 4 (15 s): late
  {id: '2', team: 'a', agentId: '1002', queuedAtMs: at, offeredAtMs: at + 10 * s, answeredAtMs: at + 25 * s, endedAtMs: at + 125 * s, wrapUpMs: 40 * s},
  {id: '3', team: 'a', queuedAtMs: at, endedAtMs: at + 30 * s, abandoned: true},
  {id: '4', team: 'b', agentId: '2001', queuedAtMs: cst('2026-11-24T10:00'), offeredAtMs: cst('2026-11-24T10:00'), answeredAtMs: cst('2026-11-24T10:00') + 2 * s, endedAtMs: cst('2026-11-24T10:00') + 62 * s, satisfaction: 5},
];

test('R-34: offered, answered, abandoned and rates', t => {
  const k = computeKpis(calls, policy);
  t.is(k.offered, 4);
  t.is(k.answered, 3);
  t.is(k.abandoned, 1);
  t.is(k.answerRate, 0.75);
  t.is(k.abandonRate, 0.25);
  t.is(k.threeRingRate, 2 / 3); // exactly 3 rings within, the 4th late
  // answered 19.999 s after entering the queue is within T = 20 s; 25 s is not; the 30 s abandon counts; 2 s is within.
  t.is(k.serviceLevel, 2 / 4);
  t.is(k.satisfaction, 5);
});

test('R-34: ASA, AHT and talk/hold/wrap-up averages', t => {
  const k = computeKpis(calls.slice(0, 2), policy);
  t.is(k.asaMs, (19_999 + 25_000) / 2);
  // call 1: talk 200-19.999-30 = 150.001 s; call 2: talk 100 s
  t.is(k.talkMs, (150_001 + 100_000) / 2);
  t.is(k.holdMs, 15_000);
  t.is(k.wrapUpMs, 30_000);
  t.is(k.ahtMs, ((150_001 + 30_000 + 20_000) + (100_000 + 40_000)) / 2);
});

test('R-34: no calls gives zeros, not NaN', t => {
  const k = computeKpis([], policy);
  t.deepEqual([k.offered, k.answerRate, k.abandonRate, k.serviceLevel, k.asaMs, k.ahtMs], [0, 0, 0, 0, 0, 0]);
  t.is(k.satisfaction, undefined);
});

test('R-34: per team and day', t => {
  const rows = kpiReport(calls, 'team', 'day', policy);
  t.deepEqual(rows.map(r => [r.period, r.key, r.offered, r.answered]), [['2026-11-23', 'a', 3, 2], ['2026-11-24', 'b', 1, 1]]);
});

test('R-34: per agent and week, per center and month', t => {
  const agents = kpiReport(calls, 'agent', 'week', policy);
  t.deepEqual(agents.map(r => [r.period, r.key]), [['2026-W48', '(unassigned)'], ['2026-W48', '1001'], ['2026-W48', '1002'], ['2026-W48', '2001']]);
  const month = kpiReport(calls, 'center', 'month', policy);
  t.is(month.length, 1);
  t.is(month[0].period, '2026-11');
  t.is(month[0].offered, 4);
});

test('R-34: periods are local days', t => {
  // 00:30 in China on the 24th is the 23rd in UTC.
  const late: KpiCall = {id: 'x', team: 'a', queuedAtMs: cst('2026-11-24T00:30'), endedAtMs: cst('2026-11-24T00:31'), abandoned: true};
  t.is(kpiReport([late], 'team', 'day', policy)[0].period, '2026-11-24');
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
