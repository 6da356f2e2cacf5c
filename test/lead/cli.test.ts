// As a lead would: tmux runs `zuoxi lead` against a real center; capture-pane shows the
// console; keys switch screens and record a month's shifts, which reach the hub's roster
// document; q quits. Bad credentials and bad flags get clear errors without a terminal.
import test from 'ava';
import {execFile} from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {demoConfig, DEMO_PIN} from '../../src/config.ts';
import {startCenter} from '../../server/center.ts';
import {RosterBook} from '../../src/sync/lead/roster-book.ts';
import {localTime} from '../../src/rules/calendar.ts';
import {freePort} from '../helpers/ports.ts';
import {runCaptured} from './helpers.ts';
import {run as runLead} from '../../src/commands/lead.ts';

const exec = promisify(execFile);
const bin = path.resolve('bin/zuoxi.js');

async function center(t: import('ava').ExecutionContext) {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zuoxi-lead-cli-'));
  const config = demoConfig({agents: 3, overrides: {dataDir}});
  const c = await startCenter(config, {hubPort: await freePort(), sipPort: await freePort(), controlPort: await freePort()});
  t.teardown(async () => {
    await c.close();
    await fs.rm(dataDir, {recursive: true, force: true});
  });
  return {c, config, hubUrl: `ws://127.0.0.1:${c.addresses.hub.port}`};
}

test('zuoxi lead in tmux: the console, the workforce screen, a month planned into the hub, q quits', async t => {
  const {c, config, hubUrl} = await center(t);
  const socket = `zuoxi-lead-${process.pid}-${Date.now()}`;
  const env = {...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8'};
  const tmux = (...args: string[]) => exec('tmux', ['-u', '-L', socket, ...args], {timeout: 10_000, env});
  t.teardown(() => tmux('kill-server').catch(() => {}));
  await tmux('new-session', '-d', '-s', 'lead', '-x', '80', '-y', '24', '-e', 'TERM=xterm-256color', '-e', 'LANG=C.UTF-8',
    `node ${bin} lead --agent 9001 --pin ${DEMO_PIN} --hub ${hubUrl}; echo LEAD-EXITED $?; sleep 30`);
  const see = async (pattern: RegExp, what: string, timeoutMs = 15_000) => {
    const end = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < end) {
      last = (await tmux('capture-pane', '-p', '-t', 'lead')).stdout;
      if (pattern.test(last)) return last;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`screen never showed ${what} (${pattern}); last screen:\n${last}`);
  };
  const first = await see(/班长台.*已同步/, 'the synced console');
  t.regex(first, /1 质检 +2 申诉/);
  t.regex(first, /今日尚无抽样/);
  t.false(first.split('\n').some(line => line.length > 80));
  await tmux('send-keys', '-t', 'lead', '4');
  await see(/今日无排班/, 'the workforce screen');
  await tmux('send-keys', '-t', 'lead', 'p');
  const planned = await see(/1001 张敏\s+\d\d:\d\d-\d\d:\d\d/, 'the planned shifts');
  t.notRegex(planned, /^9001 /m, 'the lead is not on the agents\' roster');

  const day = localTime(Date.now(), config.policy).date;
  const month = day.slice(0, 7);
  const doc = await c.sync.openDoc(`roster/a/${month}`);
  const roster = new RosterBook(doc, {team: 'a', month, agents: new Map([['1001', ''], ['1002', ''], ['1003', '']])}, config.policy);
  t.true(roster.shifts({agent: '1001'}).length >= 15, 'a month of business days reached the hub');
  c.sync.release(`roster/a/${month}`);

  await tmux('send-keys', '-t', 'lead', 'q');
  t.regex(await see(/LEAD-EXITED \d+/, 'the console exiting'), /LEAD-EXITED 0/);
});

test.serial('zuoxi lead: a wrong PIN, a missing agent and an unknown flag are clear errors', async t => {
  const {hubUrl} = await center(t);
  // 1: it ran and the hub said no (or was not there); 2: a usage error, before any connection.
  const fail = async (args: string[], expected: 1 | 2) => {
    const {code, stderr} = await runCaptured(runLead, args);
    t.is(code, expected, stderr);
    return stderr;
  };
  t.regex(await fail(['--agent', '9001', '--pin', '0000', '--hub', hubUrl], 1), /zuoxi lead: refused: /);
  t.regex(await fail(['--agent', '1001', '--pin', DEMO_PIN, '--hub', hubUrl], 1), /zuoxi lead: refused: /);
  t.regex(await fail(['--pin', '1234', '--hub', hubUrl], 2), /--agent is required/);
  t.regex(await fail(['--agent', '9001', '--pin', '1234', '--hub', 'http//nope'], 2), /--hub: expected ws:\/\/HOST:PORT/);
  t.regex(await fail(['--agent', '9001', '--wat'], 2), /Unknown option '--wat'/);
  t.regex(await fail(['--agent', '9001', '--pin', '1234', '--hub', 'ws://127.0.0.1:1'], 1), /cannot reach the hub/);
  // Right credentials, no terminal (ava's stdin): said plainly, not an Ink crash.
  t.regex(await fail(['--agent', '9001', '--pin', DEMO_PIN, '--hub', hubUrl.replace('ws://', 'http://')], 2), /zuoxi lead: needs a terminal/);
});
