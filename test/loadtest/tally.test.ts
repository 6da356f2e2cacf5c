// The tally's pure report: the arithmetic of rates, capacity figures, lost records and the
// failures list, from counts set by hand (no center, no clock).
import test from 'ava';
import {PolicyConfig} from '../../src/rules/config.ts';
import {buildReport, Tally, type RunFacts} from '../../src/loadtest/tally.ts';

const facts = (over: Partial<RunFacts> = {}): RunFacts => ({
  startedAt: '2026-12-03T00:00:00.000Z', seats: 4, rateCps: 1, durationS: 10, wallS: 20, pattern: 'steady', server: 'test', seed: 1,
  recordsInHub: 10, callsPerSeat: [3, 3, 2, 0], wrapUpsMs: [1000, 1000, 1000, 1000], sip: {'callers.sent': 5},
  phoneFailures: 0, phoneFailureKinds: [], processes: [], ...over,
});

test('rates leave out callers still waiting at the end; capacity figures from talk and wrap-up', t => {
  const tally = new Tally(0);
  tally.placed = 10;
  tally.answered = 6;
  tally.abandoned = 2;
  tally.cutAtEnd = 2;
  tally.answeredAtSeats = 8;
  tally.serviceWithin = 6;
  tally.waits.push(1000, 2000, 3000, 4000);
  tally.talks.push(9000, 9000, 9000, 9000);
  tally.commandsSent = 7;
  const report = buildReport(tally, facts());
  t.is(report.answerRate, 0.75);
  t.is(report.abandonRate, 0.25);
  t.is(report.threeRingRate, 0.75);
  t.is(report.serviceLevel, undefined, 'no records of the switch: no R-34 service level');
  t.is(report.asaMs, 2500);
  t.is(report.waitP50Ms, 2000);
  t.is(report.ahtMs, 10_000);
  // 10 calls in 10 s × 10 s handle time = 10 erlangs; 40 s handled over 4 seats × 20 s.
  t.is(report.offeredErlangs, 10);
  t.is(report.occupancy, 0.5);
  t.deepEqual(report.callsPerSeat, {min: 0, max: 3, seatsWithCalls: 3});
  t.deepEqual(report.sip, {'callers.sent': 5, 'seats.commands': 7});
  t.is(report.failed, 0);
  t.is(report.lost, 0);
});

test('no samples: undefined figures, not zeros or NaN', t => {
  const report = buildReport(new Tally(0), facts({recordsInHub: 0, callsPerSeat: [0], wrapUpsMs: []}));
  t.is(report.answerRate, undefined);
  t.is(report.serviceLevel, undefined);
  t.is(report.threeRingRate, undefined);
  t.is(report.asaMs, undefined);
  t.is(report.ahtMs, undefined);
  t.is(report.offeredErlangs, undefined);
  t.is(report.offerP99Ms, undefined);
  t.is(report.occupancy, 0);
});

test('failed sums calls, phones and seats; lost sums missing records and unseen writes', t => {
  const tally = new Tally(0);
  tally.placed = 5;
  tally.failedCalls = 2;
  tally.callFailures['failed 503 Service Unavailable'] = 2;
  tally.fail('hold: timeout');
  tally.pendingWrites.set('c1', [{at: 1, local: 1}, {at: 2, local: 2}]);
  const report = buildReport(tally, facts({recordsInHub: 4, phoneFailures: 1, phoneFailureKinds: ['phone 1001: 403 Forbidden']}));
  t.is(report.failed, 4);
  t.deepEqual(report.failures, {'hold: timeout': 1, 'phone 1001: 403 Forbidden': 1, 'failed 503 Service Unavailable': 2});
  t.is(report.lostRecords, 1);
  t.is(report.lostAnnotations, 2);
  t.is(report.lost, 3);
  // The tally itself is left as it was.
  t.deepEqual(tally.failures, {'hold: timeout': 1});
});

test('the R-18 level follows the sampled queue', t => {
  const policy = PolicyConfig.parse({peak: {sustainMinutes: 0.05}});
  const tally = new Tally(0);
  for (let s = 0; s <= 10; s++) tally.sampleQueue(s < 2 ? 0 : policy.peak.level1Queue + 1, s * 1000, policy, s * 1000);
  t.is(tally.maxQueue, policy.peak.level1Queue + 1);
  t.true(tally.maxLevel >= 1);
  t.is(tally.levelChanges[0]?.level, 1);
  t.is(tally.timeline.queue.length, 11);
});

test('lost counted in the hub\'s files, when the run read them, not in what the hub served', t => {
  const tally = new Tally(0);
  tally.placed = 10;
  const report = buildReport(tally, facts({recordsInHub: 10, onDisk: {records: 7, lostWrites: 2}}));
  t.is(report.recordsInHub, 10);
  t.is(report.lostRecords, 3);
  t.is(report.lostAnnotations, 2);
  t.is(report.lost, 5);
  t.true(report.lostCountedOnDisk);
  t.false(buildReport(tally, facts()).lostCountedOnDisk);
});
