// `zuoxi config check` and `zuoxi policy`, run as a user runs them: the real CLI on real files.
import {execFile} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {demoConfig} from '../../src/config.ts';

const exec = promisify(execFile);
type Run = {code: number; stdout: string; stderr: string};

async function zuoxi(...args: string[]): Promise<Run> {
  try {
    const {stdout, stderr} = await exec('node', ['bin/zuoxi.js', ...args], {timeout: 30_000});
    return {code: 0, stdout, stderr};
  } catch (error) {
    const e = error as {code: number; stdout: string; stderr: string};
    return {code: e.code, stdout: e.stdout, stderr: e.stderr};
  }
}

let dir = '';
test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'zuoxi-config-'));
});
test.after.always(async () => {
  if (dir) await rm(dir, {recursive: true, force: true});
});

const file = async (name: string, text: string) => {
  const p = path.join(dir, name);
  await writeFile(p, text);
  return p;
};

test('a valid config: exit 0 and a summary naming the policy overrides', async t => {
  const config = demoConfig({agents: 2});
  const p = await file('valid.json', JSON.stringify({...config, policy: {lineName: '移动', holdNudges: {everySeconds: 30}}}));
  const r = await zuoxi('config', 'check', p);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /valid\.json: valid/);
  t.regex(r.stdout, /2 agent\(s\) \+ 1 lead\(s\)/);
  t.regex(r.stdout, /2 value\(s\) differ from the defaults \(docs\/policy-reference\.md\): policy\.lineName, policy\.holdNudges\.everySeconds/);
});

test('an empty object is a valid config with the documents\' policy', async t => {
  const r = await zuoxi('config', 'check', await file('empty.json', '{}'));
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /policy: the defaults \(docs\/policy-reference\.md\)/);
});

test('an invalid config: every problem with its JSON path and reason, exit 1', async t => {
  const p = await file('invalid.json', JSON.stringify({
    policy: {holdNudges: {firstSeconds: '20'}, ringPeriodSeconds: 0, calendars: {service: 'summer', holidays: ['2026-02-30']}, peak: {level2Queue: 4}},
    listen: {hub: 'nowhere'},
    polcy: {},
  }));
  const r = await zuoxi('config', 'check', p);
  t.is(r.code, 1);
  const lines = r.stderr.split('\n');
  for (const expected of [
    'policy.holdNudges.firstSeconds: expected number, received string',
    'policy.calendars.holidays[0]: no such calendar date',
    'policy.calendars.service: no calendar named "summer"',
    'policy.peak.level2Queue: level 2 queue (4) must exceed level 1 (8)',
    'policy.ringPeriodSeconds: ',
    'listen.hub: expected HOST:PORT',
  ]) t.true(lines.some(line => line.trim().startsWith(expected)), `missing "${expected}" in:\n${r.stderr}`);
  t.regex(r.stderr, /invalid\.json: 6 problems/);
  t.regex(r.stderr, /warning: polcy: unknown key, ignored/);
  t.is(r.stdout, '');
});

test('bad JSON gets its own message', async t => {
  const r = await zuoxi('config', 'check', await file('bad.json', '{"policy": {'));
  t.is(r.code, 1);
  t.regex(r.stderr, /bad\.json: not valid JSON: /);
});

test('a missing file gets its own message', async t => {
  const r = await zuoxi('config', 'check', path.join(dir, 'nope.json'));
  t.is(r.code, 1);
  t.regex(r.stderr, /nope\.json: no such file/);
});

test('a directory is not a config file', async t => {
  const r = await zuoxi('config', 'check', dir);
  t.is(r.code, 1);
  t.regex(r.stderr, /is a directory/);
});

test('bad usage names the problem', async t => {
  t.regex((await zuoxi('config')).stderr, /missing subcommand/);
  t.regex((await zuoxi('config', 'lint', 'x')).stderr, /unknown subcommand "lint"/);
  t.regex((await zuoxi('config', 'check')).stderr, /missing FILE/);
  const flag = await zuoxi('config', 'check', '--strict', 'x');
  t.is(flag.code, 2);
  t.regex(flag.stderr, /Unknown option '--strict'/);
});

test('zuoxi policy prints the documents\' numbers and phrases in zh and en', async t => {
  const r = await zuoxi('policy');
  t.is(r.code, 0, r.stderr);
  for (const expected of ['R-01 三声内接起', 'R-01 Answer within 3 rings', '「您好,12345服务专线,请问有什么可以帮您?」', 'from 20 s every 20 s', '排队 ≥ 8 持续 30 分钟', 'serious −10, general −2', '感谢您的来电,再见。', 'Thank you for calling, goodbye.', 'spring (service line): Mon Tue Wed Thu Fri 09:00–18:00, lunch 12:00–13:30']) {
    t.true(r.stdout.includes(expected), `missing "${expected}"`);
  }
  for (let i = 1; i <= 36; i++) t.true(r.stdout.includes(`R-${String(i).padStart(2, '0')} `), `R-${i}`);
});

test('zuoxi policy --config --lang en shows the center\'s overrides in English only', async t => {
  const p = await file('center.json', JSON.stringify({policy: {lineName: 'CityCare', offers: {maxPerCall: 1}}}));
  const r = await zuoxi('policy', '--config', p, '--lang', 'en');
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /at most 1 offers per call/);
  t.regex(r.stdout, /「您好,CityCare服务专线/);
  t.false(r.stdout.includes('三声内接起'));
});

test('zuoxi policy shows each queue\'s policy: max wait and its outcome, length, hours, strategy, service level', async t => {
  const p = await file('queues.json', JSON.stringify({
    queues: [{id: 'main', name: 'Main', number: '12345', team: 'a'}, {id: 'spill', name: 'Spill', number: '12346', team: 'a'}],
    policy: {queueing: {queues: {main: {maxWaitSeconds: 45, onMaxWait: {action: 'overflow', queue: 'spill'}, maxLength: 10, onFull: {action: 'reject', status: 503}, calendar: '8-21', strategy: 'round-robin', serviceLevelSeconds: 15}}}},
  }));
  const r = await zuoxi('policy', '--config', p, '--lang', 'en');
  t.is(r.code, 0, r.stderr);
  for (const expected of ['main: max wait 45 s → overflow to queue spill (wait carried over)', 'max length 10 → final response 503', 'R-19 service hours 8-21; outside them → callback task (within 5 working days)', 'strategy round-robin', 'answered within 15 s of entering the queue', 'spill: max wait 170 s → callback task (next business day)']) {
    t.true(r.stdout.includes(expected), `missing "${expected}"`);
  }
});

test('zuoxi policy rejects a bad --lang and an invalid config', async t => {
  const lang = await zuoxi('policy', '--lang', 'fr');
  t.is(lang.code, 2);
  t.regex(lang.stderr, /--lang: expected zh, en or both, got "fr"/);
  const bad = await zuoxi('policy', '--config', await file('bad-policy.json', '{"policy":{"offers":{"maxPerCall":-1}}}'));
  t.is(bad.code, 1);
  t.regex(bad.stderr, /policy\.offers\.maxPerCall: /);
});
