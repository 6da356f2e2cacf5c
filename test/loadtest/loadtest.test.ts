// `zuoxi loadtest` refuses bad input before it starts anything: scripts and flags.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';

const run = promisify(execFile);

function tempFile(t: {teardown: (fn: () => void) => void}, name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-loadtest-test-'));
  t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

test('a bad script file gets an error naming each problem with its path, before anything starts', async t => {
  const script = tempFile(t, 'bad.json', JSON.stringify({agents: {holdProbability: 3, talkSeconds: {uniform: [9, 1]}}, callers: {arrival: {pattern: 'tsunami'}}, center: {policy: {peak: {sustainMinutes: 'long'}}}}));
  const error = await t.throwsAsync(run('node', ['bin/zuoxi.js', 'loadtest', '--script', script], {timeout: 30_000})) as Error & {code: number; stderr: string};
  t.is(error.code, 2);
  t.regex(error.stderr, /bad script/);
  t.regex(error.stderr, /agents\.holdProbability: .*<=1/);
  t.regex(error.stderr, /agents\.talkSeconds\.uniform: .*min ≤ max/);
  t.regex(error.stderr, /callers\.arrival\.pattern/);
  t.regex(error.stderr, /center\.policy\.peak\.sustainMinutes: .*number/);
});

test('a script that is not JSON, a missing script and a bad flag are named', async t => {
  const script = tempFile(t, 'broken.json', '{"agents": ');
  const notJson = await t.throwsAsync(run('node', ['bin/zuoxi.js', 'loadtest', '--script', script], {timeout: 30_000})) as Error & {code: number; stderr: string};
  t.is(notJson.code, 2);
  t.regex(notJson.stderr, /broken\.json: not valid JSON/);
  const missing = await t.throwsAsync(run('node', ['bin/zuoxi.js', 'loadtest', '--script', '/nonexistent/x.json'], {timeout: 30_000})) as Error & {code: number; stderr: string};
  t.regex(missing.stderr, /--script \/nonexistent\/x\.json: no such file/);
  const flag = await t.throwsAsync(run('node', ['bin/zuoxi.js', 'loadtest', '--sets', '3'], {timeout: 30_000})) as Error & {code: number; stderr: string};
  t.is(flag.code, 2);
  t.regex(flag.stderr, /--sets/);
  const rate = await t.throwsAsync(run('node', ['bin/zuoxi.js', 'loadtest', '--rate', 'fast'], {timeout: 30_000})) as Error & {code: number; stderr: string};
  t.regex(rate.stderr, /--rate: expected a positive number, got "fast"/);
});

test('a bad --seed, a bad --config and --config with --server are refused before anything starts', async t => {
  const seed = await t.throwsAsync(run('node', ['bin/zuoxi.js', 'loadtest', '--seed', '1.5'], {timeout: 30_000})) as Error & {code: number; stderr: string};
  t.is(seed.code, 2);
  t.regex(seed.stderr, /--seed: expected a whole number 0–4294967295, got "1\.5"/);
  const config = tempFile(t, 'center.json', JSON.stringify({queues: [{id: 'Main', name: '', number: '1', team: 'a'}], policy: {ringPeriodSeconds: 'slow'}}));
  const bad = await t.throwsAsync(run('node', ['bin/zuoxi.js', 'loadtest', '--config', config], {timeout: 30_000})) as Error & {code: number; stderr: string};
  t.is(bad.code, 2);
  t.regex(bad.stderr, /center\.json: \d+ problems/);
  t.regex(bad.stderr, /queues\[0\]\.id: /);
  t.regex(bad.stderr, /policy\.ringPeriodSeconds: /);
  const missing = await t.throwsAsync(run('node', ['bin/zuoxi.js', 'loadtest', '--config', '/nonexistent/c.json'], {timeout: 30_000})) as Error & {code: number; stderr: string};
  t.is(missing.code, 2);
  t.regex(missing.stderr, /\/nonexistent\/c\.json: no such file/);
  const both = await t.throwsAsync(run('node', ['bin/zuoxi.js', 'loadtest', '--config', config, '--server', 'ws://127.0.0.1:7070'], {timeout: 30_000})) as Error & {code: number; stderr: string};
  t.is(both.code, 2);
  t.regex(both.stderr, /--config .* --server .*one of them/);
});

test('--config runs the center on that config (its queue number, team and policy) and --seed is reported', async t => {
  const config = tempFile(t, 'center.json', JSON.stringify({
    teams: [{id: 'b', name: '二班'}],
    queues: [{id: 'hotline', name: '热线', number: '96000', team: 'b'}],
    policy: {ringPeriodSeconds: 1, noAnswerSeconds: 8, afterCallWorkSeconds: 2},
  }));
  const script = tempFile(t, 'quick.json', JSON.stringify({
    run: {drainSeconds: 15},
    agents: {ringsBeforeAccept: 1, talkSeconds: 1, holdProbability: 0, transferProbability: 0, breakProbability: 0, wrapUpSeconds: 0.2},
    callers: {patienceSeconds: 60},
  }));
  const {stdout} = await run('node', ['bin/zuoxi.js', 'loadtest', '--seats', '3', '--rate', '1', '--duration', '4', '--script', script, '--config', config, '--seed', '99', '--json', '--quiet'], {timeout: 90_000, maxBuffer: 4 * 1024 * 1024});
  const report = JSON.parse(stdout.trim());
  t.is(report.seed, 99);
  t.is(report.config, config);
  t.true(report.callsPlaced > 0);
  t.is(report.failed, 0, JSON.stringify(report.failures));
  // Dialled 96000, queued for team b, answered by the load test's agents: the config's center.
  t.is(report.answered, report.callsPlaced);
  t.is(report.callerOutcomes.answered, report.callsPlaced);
  t.is(report.recordsInHub, report.callsPlaced);
  t.is(report.lost, 0);
});
