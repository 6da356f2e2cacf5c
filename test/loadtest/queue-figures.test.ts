// The load report's queue figures from the switch's records (issue 14): the R-34 service level
// from queue entry (refused and let-go callers count, short abandons do not), the time queued
// until a rule let the caller go, and a rule's refusal counted as an outcome rather than a failure.
import test from 'ava';
import {PolicyConfig} from '../../src/rules/config.ts';
import {queueExitOf, queueFigures, queueWaitOf} from '../../src/loadtest/queue-figures.ts';
import {buildReport, callFailureKey, Tally, type RunFacts} from '../../src/loadtest/tally.ts';
import type {CallResult} from '../../src/loadtest/sim/callers.ts';
import type {CallFacts} from '../../src/sync/schema.ts';

const policy = PolicyConfig.parse({queueing: {defaults: {maxWaitSeconds: 20, serviceLevelSeconds: 20, shortAbandonSeconds: 5}}});
const base = {direction: 'inbound' as const, caller: '1390000', queue: 'main', team: 'a', holds: [], transfers: [], ronaAgents: []};
let n = 0;
const call = (over: Partial<CallFacts>): CallFacts => ({...base, callId: `c${++n}`, arrivedAt: 0, ...over} as CallFacts);
const letGo = (at: number, action: 'callback' | 'reject') => call({endedAt: at, endReason: 'queue-policy', hungUpBy: 'system', queueOutcomes: [{at, queue: 'main', reason: 'max-wait', action, status: 480}]});

test('service level from queue entry: answered within T, late answers and let-go callers outside, short abandons left out', t => {
  const calls = [
    call({offeredAt: 2000, answeredAt: 5000, endedAt: 60_000}), // within
    call({offeredAt: 18_000, answeredAt: 26_000, endedAt: 60_000}), // answered 26 s after entry: outside
    letGo(20_050, 'callback'), // waited the max wait out: outside
    call({endedAt: 3000, endReason: 'abandoned', abandonWaitMs: 3000}), // short abandon: left out
    call({endedAt: 9000, endReason: 'abandoned', abandonWaitMs: 9000}), // outside
  ];
  const f = queueFigures(calls, policy);
  t.like(f, {serviceLevel: 0.25, counted: 4, within: 1, shortAbandons: 1, queueWaitMaxMs: 20_050});
  t.deepEqual(f.exits, {overflowed: 0, callback: 1, announce: 0, reject: 0});
  t.is(queueWaitOf(calls[1]!), 18_000);
  t.is(queueExitOf(calls[2]!), 'callback');
  t.is(queueExitOf(calls[0]!), undefined);
});

test('a rule\'s refusal is an outcome, not a failure: the report\'s failed and failures drop it; a callback rule counts as a callback offered', t => {
  const tally = new Tally(0);
  const refused = (status: number, reason: string): CallResult => ({
    from: '1390001', callId: 'x', outcome: status >= 500 ? 'failed' : 'rejected', status, reason, inviteAt: 0, endedAt: 20_000, holds: 0,
    queue: {kind: 'refused', waitedMs: 20_000, status, reason},
  });
  const byCallback = refused(480, 'Temporarily Unavailable');
  const byReject = refused(503, 'Service Unavailable');
  const broken = refused(503, 'Service Unavailable');
  for (const r of [byCallback, byReject, broken]) {
    tally.failedCalls++;
    tally.callFailures[callFailureKey(r)] = (tally.callFailures[callFailureKey(r)] ?? 0) + 1;
    tally.outcomes.refused++;
  }
  tally.placed = 3;
  tally.creditQueueExit(byCallback, 'callback');
  tally.creditQueueExit(byReject, 'reject');
  const facts: RunFacts = {
    startedAt: '2026-12-03T00:00:00.000Z', seats: 1, rateCps: 1, durationS: 3, wallS: 30, pattern: 'steady', server: 'test', seed: 1,
    recordsInHub: 3, callsPerSeat: [0], wrapUpsMs: [], sip: {}, phoneFailures: 0, phoneFailureKinds: [], processes: [],
  };
  const report = buildReport(tally, facts);
  t.is(report.failed, 1, 'the one refusal no rule explains is still a failure');
  t.deepEqual(report.failures, {'failed 503 Service Unavailable': 1});
  t.like(report.callerOutcomes, {refused: 2, 'callback-offered': 1});
});
