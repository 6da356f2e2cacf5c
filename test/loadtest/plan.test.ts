// The pure parts of the load tester: distributions, arrival shapes, call plans, percentiles,
// the shipped scripts and the human report.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {draw, meanOf} from '../../src/loadtest/dist.ts';
import {Planner, arrivalPlan, nextGap, randomStream, rateAt} from '../../src/loadtest/plan.ts';
import {formatReport, type LoadReport} from '../../src/loadtest/report.ts';
import {defaultScript, LoadScript, parseScript} from '../../src/loadtest/script.ts';
import {percentile, sparkline} from '../../src/loadtest/stats.ts';

test('the seeded streams are uniform and repeatable, and neighbouring seeds and streams unrelated', t => {
  const a = randomStream(1, 0);
  const b = randomStream(1, 0);
  const draws = Array.from({length: 20_000}, () => a());
  t.deepEqual(draws.slice(0, 5), Array.from({length: 5}, () => b()));
  const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
  t.true(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
  t.true(draws.every(v => v >= 0 && v < 1));
  // Seeds 1, 2 and stream 1 of seed 1 share no run of draws with seed 1's stream 0.
  const head = new Set(draws.slice(0, 5000));
  for (const other of [randomStream(2, 0), randomStream(1, 1)]) {
    const seen = Array.from({length: 5000}, () => other()).filter(v => head.has(v)).length;
    t.true(seen < 5, `${seen} shared draws`);
  }
});

test('the same seed gives the same arrival plan; another seed another', t => {
  const script = defaultScript();
  const first = arrivalPlan(script, 2, 60, 42);
  t.true(first.length > 60, `${first.length} arrivals`);
  t.deepEqual(arrivalPlan(script, 2, 60, 42), first);
  const other = arrivalPlan(script, 2, 60, 43);
  t.notDeepEqual(other.map(a => a.atMs), first.map(a => a.atMs));
  t.notDeepEqual(other.map(a => a.plan.talkMs), first.map(a => a.plan.talkMs));
  // The runner's own streams: arrival gaps and plans as the plan says.
  const planner = new Planner(script, 42);
  t.deepEqual(planner.next(), first[0].plan);
  t.is(planner.seed, 42);
  t.is(arrivalPlan(LoadScript.parse({run: {maxCalls: 5}}), 2, 60, 42).length, 5);
});

test('a call the run did not place gets an agent plan from its own stream', t => {
  const script = defaultScript();
  const a = new Planner(script, 9);
  const b = new Planner(script, 9);
  const other = a.forOffer('13800000000');
  t.is(other.from, '13800000000');
  t.true(other.rings >= 1);
  t.false(other.transfer || other.agentHangsUp || other.holdMs !== undefined);
  // Drawing it does not shift the run's own plans.
  t.deepEqual(a.next(), b.next());
});

const distributions = test.macro((t, dist: Parameters<typeof draw>[0], min: number, max: number) => {
  const random = randomStream(3, 0);
  const values = Array.from({length: 5000}, () => draw(dist, random));
  t.true(values.every(v => v >= min && v <= max), `all within ${min}…${max}`);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  t.true(Math.abs(mean - meanOf(dist)) <= meanOf(dist) * 0.1 + 0.05, `mean ${mean} vs ${meanOf(dist)}`);
});
test('a constant', distributions, 4, 4, 4);
test('uniform', distributions, {uniform: [5, 50]}, 5, 50);
test('exponential, clamped', distributions, {exponential: {mean: 40, min: 5, max: 180}}, 5, 180);
test('rings as a weighted choice', distributions, {choice: {1: 70, 2: 18, 3: 8, 4: 4}}, 1, 4);

test('arrival shapes: steady, ramp, and the R-18 peak', t => {
  const steady = LoadScript.parse({}).callers.arrival;
  t.is(rateAt(steady, 5, 3, 10), 5);
  const ramp = LoadScript.parse({callers: {arrival: {pattern: 'ramp', from: 0, to: 1}}}).callers.arrival;
  t.is(rateAt(ramp, 4, 0, 10), 0);
  t.is(rateAt(ramp, 4, 5, 10), 2);
  t.is(rateAt(ramp, 4, 10, 10), 4);
  const peak = LoadScript.parse({callers: {arrival: {pattern: 'peak', base: 0.5, peak: 3, start: 0.25, length: 0.5}}}).callers.arrival;
  t.is(rateAt(peak, 2, 2, 10), 1);
  t.is(rateAt(peak, 2, 2.5, 10), 6);
  t.is(rateAt(peak, 2, 7.4, 10), 6);
  t.is(rateAt(peak, 2, 7.5, 10), 1);
  const regular = LoadScript.parse({callers: {arrival: {pattern: 'steady', poisson: false}}}).callers.arrival;
  t.is(nextGap(regular, 4, Math.random), 0.25);
});

test('Poisson arrivals average the rate', t => {
  const script = defaultScript();
  const planner = new Planner(script, 11);
  let time = 0;
  let calls = 0;
  while (time < 1000) {
    time += nextGap(script.callers.arrival, 5, planner.random);
    calls++;
  }
  t.true(Math.abs(calls / 1000 - 5) < 0.3, `${calls} calls in 1000 s`);
});

test('call plans: unique traceable numbers, rings ≥ 1, dispositions from the script', t => {
  const script = LoadScript.parse({agents: {dispositions: {complaint: 1}}, callers: {numberPrefix: '138'}});
  const planner = new Planner(script, 5);
  const plans = Array.from({length: 200}, () => planner.next());
  t.is(new Set(plans.map(p => p.from)).size, 200);
  t.true(plans.every(p => /^138\d{8}$/.test(p.from)));
  t.true(plans.every(p => p.rings >= 1 && p.talkMs >= 5000 && p.disposition === 'complaint'));
  t.true(plans.some(p => p.holdMs !== undefined) && plans.some(p => p.holdMs === undefined));
  // Same seed, same story.
  t.deepEqual(new Planner(script, 5).next(), plans[0]);
});

test('nearest-rank percentiles and sparklines', t => {
  const values = Array.from({length: 100}, (_, i) => i + 1);
  t.is(percentile(values, 50), 50);
  t.is(percentile(values, 99), 99);
  t.is(percentile(values, 100), 100);
  t.is(percentile([], 99), undefined);
  t.is(sparkline([0, 1, 2, 3, 4, 5, 6, 7]), '▁▂▃▄▅▆▇█');
  t.is(sparkline(Array.from({length: 120}, () => 1), 60).length, 60);
});

test('the shipped example scripts parse', t => {
  const dir = path.join(import.meta.dirname, '../../src/loadtest/scripts');
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.json'));
  t.true(files.length > 0);
  for (const file of files) {
    const result = parseScript(fs.readFileSync(path.join(dir, file), 'utf8'), file);
    t.true(result.ok, result.ok ? file : result.errors.join('\n'));
  }
});

test('the human report shows the figures a planner reads first', t => {
  const report: LoadReport = {
    version: 1, startedAt: '2026-11-23T00:00:00.000Z', seats: 20, rateCps: 5, durationS: 20, wallS: 31, pattern: 'peak', server: 'test',
    callsPlaced: 100, offered: 100, answered: 96, abandoned: 4, cutAtEnd: 0, failed: 0, failures: {}, answerRate: 0.96, abandonRate: 0.04, serviceLevel: 0.8, threeRingRate: 0.9,
    serviceLevelCalls: {counted: 100, within: 80, shortAbandons: 0}, queueWaitP99Ms: 8000, queueWaitMaxMs: 19_500, queueExits: {overflowed: 0, callback: 2, announce: 0, reject: 0},
    asaMs: 2100, ahtMs: 42_000, offeredErlangs: 210, occupancy: 0.42, waitP50Ms: 1500, waitP90Ms: 4000, waitP99Ms: 9000, offerP50Ms: 4, offerP95Ms: 9, offerP99Ms: 21, offerSamples: 96,
    callerOutcomes: {answered: 96, abandoned: 4, refused: 2, overflowed: 0, 'callback-offered': 0, unreached: 0, 'cut-at-end': 0},
    refusedBy: {'486 Busy Here': 2}, otherCallsOffered: 3, seed: 17, config: 'center.json',
    ringCounts: {1: 70, 2: 16, 4: 10}, lateAnswers: 10, rona: 0, holds: 12, holdNudges: {nudge: 5, patience: 1}, transfers: 1, agentHungUpFirst: 2, breaks: 3,
    peakLevelChanges: [{atS: 9.5, level: 1, queue: 12}], peakLevelMax: 1, maxQueue: 14, syncP50Ms: 4, syncP99Ms: 30, syncSamples: 190, notesWritten: 190,
    recordsInHub: 100, lost: 0, lostRecords: 0, lostAnnotations: 0, callsPerSeat: {min: 3, max: 7, seatsWithCalls: 20}, sip: {'callers.retransmissions': 0},
    processes: [{name: 'center', pid: 1, cpuPercent: 7.5, cpuSeconds: 2, rssMb: 130, maxRssMb: 140}], timeline: {placed: [1, 5, 9], answered: [0, 4, 8], queue: [0, 3, 14]},
  };
  const text = formatReport(report);
  t.regex(text, /answered\s+96 {2}\(answer rate 96\.0 %\)/);
  t.regex(text, /answered within 3 rings \(R-01\)\s+90\.0 %/);
  t.regex(text, /service level \(R-34, from queue entry\)\s+80\.0 % {2}\(80 of 100, 0 short abandons left out\)/);
  t.regex(text, /queue wait p99 \/ max\s+8000 ms \/ 19\.5 s/);
  t.regex(text, /queue rules\s+callback 2/);
  t.regex(text, /offer p50 \/ p95 \/ p99\s+4 ms \/ 9 ms \/ 21 ms/);
  t.regex(text, /in the hub\s+100 of 100 calls/);
  t.regex(text, /lost\s+0/);
  t.regex(text, /AHT \/ offered load\s+42\.0 s \/ 210 erlangs on 20 seats {2}\(occupancy 42\.0 %\)/);
  t.regex(text, /L1 at 10 s \(queue 12\)/);
  t.regex(text, / 4 ! █+/);
  t.regex(text, /center\s+pid 1\s+CPU\s+7\.5 %/);
  t.regex(text, /seed 17, center config center\.json/);
  t.regex(text, /what the queue did\s+answered 96, abandoned 4, refused 2 {2}\(refused: 486 Busy Here ×2\)/);
  t.regex(text, /other calls offered\s+3/);
});
