// Terminal conventions on a real terminal (tmux): NO_COLOR leaves no colour in the seat's frames,
// and the seat speaks the locale's language when --lang is not given (LANG=en_US → English).
import {execFile} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';

const exec = promisify(execFile);
const bin = path.resolve('bin/zuoxi.js');

/** The seat's sign-in screen (nothing listens on port 1) with `env`; its cells with their attributes (capture-pane -e). */
async function signInScreen(t: import('ava').ExecutionContext, env: Record<string, string>, title: RegExp): Promise<string> {
  const socket = `zuoxi-term-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args: string[]) => exec('tmux', ['-u', '-L', socket, ...args], {timeout: 10_000});
  t.teardown(() => tmux('kill-server').catch(() => {}));
  // `env -u` so the variables of whoever runs the tests do not decide.
  await tmux('new-session', '-d', '-s', 'seat', '-x', '80', '-y', '24', '-e', 'TERM=xterm-256color',
    `env -u NO_COLOR -u FORCE_COLOR -u LC_ALL -u LC_MESSAGES -u LANG ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')} node ${bin} seat --hub ws://127.0.0.1:1 --agent 1001; sleep 30`);
  // Generous: a seat's first start compiles its sources (tsx), slow on a busy machine.
  const end = Date.now() + 45_000;
  for (;;) {
    const screen = (await tmux('capture-pane', '-e', '-p', '-t', 'seat')).stdout;
    if (title.test(screen)) return screen;
    if (Date.now() > end) throw new Error(`no sign-in screen (${title}); last screen:\n${screen}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

// SGR sequences that set a colour: 30–37, 38;…, 39, 40–47, 48;…, 49, 90–97, 100–107.
const colour = /\x1b\[(?:[\d;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[\d;]*)?m/;

test.serial('NO_COLOR: the seat draws without colour; without it, with colour', async t => {
  const coloured = await signInScreen(t, {LANG: 'C.UTF-8'}, /坐席登录/);
  t.regex(coloured, colour, 'the control: the sign-in screen has colour');
  const plain = await signInScreen(t, {LANG: 'C.UTF-8', NO_COLOR: '1'}, /坐席登录/);
  t.notRegex(plain, colour);
});

test.serial('the locale picks the language when --lang is not given', async t => {
  const english = await signInScreen(t, {LANG: 'en_US.UTF-8'}, /Seat sign-in/);
  t.notRegex(english, /坐席登录/);
  const chinese = await signInScreen(t, {LANG: 'en_US.UTF-8', LC_ALL: 'zh_CN.UTF-8'}, /坐席登录/);
  t.notRegex(chinese, /Seat sign-in/);
});

test('config hash-pin on a terminal: a prompt, the PIN not echoed, the hash printed', async t => {
  const socket = `zuoxi-term-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args: string[]) => exec('tmux', ['-u', '-L', socket, ...args], {timeout: 10_000});
  t.teardown(() => tmux('kill-server').catch(() => {}));
  await tmux('new-session', '-d', '-s', 'pin', '-x', '100', '-y', '10', `node ${bin} config hash-pin; echo EXIT=$?; sleep 30`);
  const screen = async (pattern: RegExp) => {
    const end = Date.now() + 20_000;
    for (;;) {
      const text = (await tmux('capture-pane', '-p', '-t', 'pin')).stdout;
      if (pattern.test(text)) return text;
      if (Date.now() > end) throw new Error(`never showed ${pattern}:\n${text}`);
      await new Promise(r => setTimeout(r, 200));
    }
  };
  await screen(/PIN:/);
  await tmux('send-keys', '-t', 'pin', '7', '3', '1', '9', '0', '2', 'Enter');
  const done = await screen(/EXIT=\d/);
  t.regex(done, /^scrypt:16384:\S+$/m);
  t.regex(done, /EXIT=0/);
  t.notRegex(done, /731902/, 'the PIN is not echoed');
});
