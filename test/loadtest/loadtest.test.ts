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
