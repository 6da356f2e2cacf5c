// `zuoxi loadtest` end to end: a real center in its own process, 20 headless seats on the
// control channel writing through SeatStores, simulated phones and callers over real SIP.
// The script's R-18 peak holds the queue above 8 longer than the (shortened) policy window.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';

const run = promisify(execFile);

const peakScript = {
  run: {drainSeconds: 20, seed: 7, seatsPerSyncClient: 10},
  center: {policy: {ringPeriodSeconds: 1, noAnswerSeconds: 8, afterCallWorkSeconds: 5, peak: {sustainMinutes: 0.05}}},
  agents: {
    ringsBeforeAccept: {choice: {1: 80, 2: 12, 4: 8}},
    talkSeconds: {uniform: [1, 3]},
    holdProbability: 0.2,
    holdSeconds: {uniform: [0.5, 1.5]},
    agentHangsUpFirst: 0.05,
    transferProbability: 0,
    wrapUpSeconds: {uniform: [0.2, 0.8]},
    breakProbability: 0.05,
    breakSeconds: {uniform: [0.5, 1]},
  },
  callers: {
    arrival: {pattern: 'peak', base: 0.5, peak: 2.4, start: 0.3, length: 0.4, poisson: true},
    patienceSeconds: {uniform: [60, 90]},
  },
};

test('20 seats at 5 calls/s with an R-18 peak: nothing lost, nothing failed, every seat works, the peak plan rises', async t => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-load-run-'));
  t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
  const script = path.join(dir, 'peak.json');
  fs.writeFileSync(script, JSON.stringify(peakScript));
  const {stdout} = await run('node', ['bin/zuoxi.js', 'loadtest', '--seats', '20', '--rate', '5', '--duration', '12', '--script', script, '--seed', '7', '--json', '--quiet'], {timeout: 100_000, maxBuffer: 4 * 1024 * 1024});
  const lines = stdout.trim().split('\n');
  t.is(lines.length, 1, 'exactly one JSON object on stdout');
  const report = JSON.parse(lines[0]);
  t.log(`placed ${report.callsPlaced}, answered ${report.answered}, abandoned ${report.abandoned}, offer p99 ${report.offerP99Ms} ms, sync p99 ${report.syncP99Ms} ms, max queue ${report.maxQueue}`);
  t.true(report.callsPlaced >= 40, `placed ${report.callsPlaced}`);
  t.is(report.failed, 0, JSON.stringify(report.failures));
  t.is(report.lost, 0, `lost records ${report.lostRecords}, lost seat writes ${report.lostAnnotations}`);
  t.true(report.lostCountedOnDisk, 'lost is counted in the hub\'s files');
  t.is(report.recordsInHub, report.callsPlaced);
  t.is(report.answered + report.abandoned + report.cutAtEnd, report.callsPlaced);
  t.is(report.seed, 7);
  // Every call has what the queue did to it.
  t.is(Object.values(report.callerOutcomes as Record<string, number>).reduce((a, b) => a + b, 0), report.callsPlaced);
  t.is(report.callerOutcomes.answered, report.answered);
  t.true(report.answered > 0);
  t.true(report.syncSamples > 0);
  t.is(typeof report.syncP99Ms, 'number');
  t.is(typeof report.offerP99Ms, 'number');
  t.is(report.callsPerSeat.seatsWithCalls, 20, `calls per seat ${JSON.stringify(report.callsPerSeat)}`);
  // R-18 with a 3 s window: the peak holds the queue at ≥ 8 long enough for level 1.
  t.true(report.maxQueue >= 8, `max queue ${report.maxQueue}`);
  t.true(report.peakLevelMax >= 1, JSON.stringify(report.peakLevelChanges));
  t.true(report.peakLevelChanges.some((c: {level: number}) => c.level >= 1));
  // Late answers (4 rings at a 1 s period) are seen and counted.
  t.true(report.lateAnswers > 0);
  t.true(Object.keys(report.ringCounts).includes('4'));
  for (const key of ['callsPlaced', 'offered', 'answered', 'abandoned', 'failed', 'recordsInHub', 'lost', 'answerRate', 'serviceLevel', 'offerP99Ms', 'syncP99Ms']) {
    t.true(key in report, `${key} in the JSON`);
  }
});

