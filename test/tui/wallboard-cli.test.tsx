// (Ink renders live frames only without CI set: the first import clears it for the terminals here.)
// `zuoxi supervise` as a lead runs it: flags checked with the bad one named, a non-lead
// refused by the hub, and the wallboard on a real terminal (tmux) against a real center.
import '../e2e/ssh-live-ink.ts';
import {execFile} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {seatCenter} from '../e2e/seat-helpers.ts';
import {screenUntil, tmux} from '../e2e/ssh-fixture.ts';

const run = promisify(execFile);
const zuoxi = (args: string[]) => run(process.execPath, ['bin/zuoxi.js', 'supervise', ...args]);

test('bad flags are named, exit 2', async t => {
  const unknown = await t.throwsAsync(zuoxi(['--bogus'])) as Error & {code: number; stderr: string};
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /Unknown option '--bogus'/);
  const hub = await t.throwsAsync(zuoxi(['--hub', 'nope', '--agent', '9001', '--pin', '1'])) as Error & {code: number; stderr: string};
  t.is(hub.code, 2);
  t.regex(hub.stderr, /--hub: expected ws:\/\/HOST:PORT/);
});

test('on a terminal: a lead gets the wall and quits with q; an agent who is not a lead is refused', async t => {
  const center = await seatCenter(t);
  const screen = tmux(t);
  // Started from another directory, as a lead would (the repo's tsconfig must still apply).
  const cli = ['cd', os.tmpdir(), '&&', 'node', path.resolve('bin/zuoxi.js'), 'supervise', '--hub', center.hubUrl, '--lang', 'en'];
  await screen.start(100, 30, ['sh', '-c', `${[...cli, '--agent', '1001', '--pin', '1234'].join(' ')}; echo "exit=$?"; sleep 30`]);
  await screenUntil(() => screen.capture(), /refused the lead: auth[\s\S]*exit=3/, 'the refusal');
  await screen.keys('C-c');

  const lead = tmux(t);
  await lead.start(100, 30, ['sh', '-c', `${[...cli, '--agent', '9001'].join(' ')}; echo "exit=$?"; sleep 30`]);
  await screenUntil(() => lead.capture(), /PIN:/, 'the PIN prompt');
  await lead.keys('1234', 'Enter');
  const wall = await screenUntil(() => lead.capture(), /zuoxi wallboard[\s\S]*● live[\s\S]*1002 李娜/, 'the wallboard');
  t.regex(wall, /read-only · 班长 林/);
  t.notRegex(wall, /1234/, 'the PIN is not echoed');
  await lead.keys('q');
  await screenUntil(() => lead.capture(), /exit=0/, 'a clean exit');
});
