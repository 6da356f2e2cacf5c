// The seat signs out when its terminal goes away (SIGHUP) or it is stopped (SIGTERM), as it does
// when the agent quits: offline at once, not after the 30 s grace with calls offered to it.
import {execFile} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {DEMO_PIN} from '../../src/config.ts';
import {root, seatCenter, tempDir, until} from './seat-helpers.ts';

const exec = promisify(execFile);

for (const signal of ['HUP', 'TERM'] as const) {
  test(`SIG${signal} signs the agent out at once`, async t => {
    const center = await seatCenter(t);
    const dataDir = tempDir(t, 'zuoxi-seat-data-');
    const socket = path.join(tempDir(t, 'zuoxi-seat-tmux-'), 'tmux.sock');
    const tmux = (...args: string[]) => exec('tmux', ['-u', '-S', socket, ...args], {timeout: 10_000, env: {...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8'}});
    t.teardown(async () => {
      await tmux('kill-server').catch(() => {});
    });
    const command = `exec node ${path.join(root, 'bin/zuoxi.js')} seat --agent 1001 --hub ${center.hubUrl} --data ${dataDir}`;
    await tmux('new-session', '-d', '-s', 'seat', '-x', '80', '-y', '24', '-e', 'TERM=xterm-256color', '-e', `ZUOXI_PIN=${DEMO_PIN}`, command);
    await until(async () => /按 r 就绪/.test((await tmux('capture-pane', '-p', '-t', 'seat')).stdout), 'the seat signed in', 30_000);
    t.not(center.switch.acd.snapshot('1001').state, 'offline');
    const pid = Number((await tmux('display-message', '-p', '-t', 'seat', '#{pane_pid}')).stdout.trim());
    process.kill(pid, `SIG${signal}`);
    const sent = Date.now();
    await until(() => center.switch.acd.snapshot('1001').state === 'offline', 'offline after the signal', 5000);
    t.true(Date.now() - sent < 5000, 'well inside the 30 s grace');
    await until(() => tmux('has-session', '-t', 'seat').then(() => false, () => true), 'the seat process ended', 5000);
  });
}
