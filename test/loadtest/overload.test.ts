// An overloaded load test (issue 14): more calls than the seats can take, a short max wait. The
// queue's rule lets the callers it cannot serve go at max wait (a callback offered), and the
// report says so: nothing failed, every call placed has an outcome, no caller waited past max
// wait plus one tick, and the R-34 service level is the one its calls give.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';

const run = promisify(execFile);
const MAX_WAIT_S = 4;
/** The ACD wakes at each caller's deadline; on a shared 2-core machine a timer may be late by this much. */
const TICK_MS = 1000;

function tempFile(t: {teardown: (fn: () => void) => void}, name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-overload-test-'));
  t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

test('4 seats, 2 calls/s for 15 s, 8 s calls, max wait 4 s: 0 failed, every call an outcome, no wait past max wait + a tick, SL from its calls', async t => {
  const config = tempFile(t, 'center.json', JSON.stringify({
    policy: {ringPeriodSeconds: 1, noAnswerSeconds: 8, afterCallWorkSeconds: 0.5, queueing: {defaults: {maxWaitSeconds: MAX_WAIT_S, serviceLevelSeconds: 3}}},
  }));
  // Patient callers (60 s): none gives up before the queue's rule; calls long enough to overload.
  const script = tempFile(t, 'overload.json', JSON.stringify({
    run: {drainSeconds: 15},
    agents: {ringsBeforeAccept: 1, talkSeconds: 8, holdProbability: 0, transferProbability: 0, breakProbability: 0, wrapUpSeconds: 0.5},
    callers: {patienceSeconds: 60},
  }));
  const {stdout} = await run('node', ['bin/zuoxi.js', 'loadtest', '--seats', '4', '--rate', '2', '--duration', '15', '--script', script, '--config', config, '--seed', '14', '--json', '--quiet'], {timeout: 120_000, maxBuffer: 4 * 1024 * 1024});
  const r = JSON.parse(stdout.trim());
  t.is(r.failed, 0, JSON.stringify(r.failures));
  t.true(r.callsPlaced >= 20, `placed ${r.callsPlaced}`);
  const outcomes = Object.values(r.callerOutcomes as Record<string, number>).reduce((a, b) => a + b, 0);
  t.is(outcomes, r.callsPlaced, `every call an outcome: ${JSON.stringify(r.callerOutcomes)}`);
  t.is(r.callerOutcomes.unreached, 0);
  t.is(r.recordsInHub, r.callsPlaced);
  // Overloaded: the rule let callers go, each with a callback offered (the default at max wait).
  t.true(r.queueExits.callback > 0, JSON.stringify(r.queueExits));
  t.is(r.callerOutcomes['callback-offered'], r.queueExits.callback);
  t.true(r.queueWaitMaxMs >= MAX_WAIT_S * 1000, `longest wait ${r.queueWaitMaxMs} ms`);
  t.true(r.queueWaitMaxMs <= MAX_WAIT_S * 1000 + TICK_MS, `longest wait ${r.queueWaitMaxMs} ms`);
  // R-34 from queue entry: every call placed was offered to the queue (no short abandons here),
  // only answered calls can be within, and the let-go callers pull it below the answer rate.
  t.is(r.serviceLevelCalls.counted + r.serviceLevelCalls.shortAbandons, r.callsPlaced);
  t.true(r.serviceLevelCalls.within <= r.answered);
  t.is(r.serviceLevel, Math.round((r.serviceLevelCalls.within / r.serviceLevelCalls.counted) * 10_000) / 10_000);
  t.true(r.serviceLevel <= r.answered / r.callsPlaced);
  t.true(r.serviceLevel < 1);
});
