// `zuoxi demo` as a newcomer meets it, in tmux at 80×24: Ready, then three calls in a row, each
// answered, held, resumed and ended with no error on screen (issue 17, defect 1: hold failed
// with 481 on every call after the first), then Ctrl+C quits the demo.
import {execFile} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {root, tempDir} from './seat-helpers.ts';

const exec = promisify(execFile);

test('the demo: three consecutive calls each held and resumed without an error', async t => {
  t.timeout(240_000);
  const socket = path.join(tempDir(t, 'zuoxi-demo-tmux-'), 'tmux.sock');
  const tmux = (...args: string[]) => exec('tmux', ['-u', '-S', socket, ...args], {timeout: 10_000, env: {...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8'}});
  t.teardown(async () => {
    await tmux('kill-server').catch(() => {});
  });
  const command = `node ${path.join(root, 'bin/zuoxi.js')} demo --hub-port 0 --sip-port 0 --control-port 0 --ssh-port 0`;
  await tmux('new-session', '-d', '-s', 'demo', '-x', '80', '-y', '24', '-e', 'TERM=xterm-256color', '-e', 'LANG=C.UTF-8', command);
  const screen = async () => (await tmux('capture-pane', '-p', '-t', 'demo')).stdout;
  const errors: string[] = [];
  const see = async (pattern: RegExp, what: string, timeoutMs = 30_000) => {
    const end = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < end) {
      last = await screen();
      const error = /操作失败[^\n]*/.exec(last)?.[0];
      if (error && !errors.includes(error)) errors.push(error);
      if (pattern.test(last)) return last;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`screen never showed ${what} (${pattern}); last screen:\n${last}`);
  };
  const keys = (...k: string[]) => tmux('send-keys', '-t', 'demo', ...k);

  await see(/按 r 就绪/, 'the signed-in seat', 60_000);
  await keys('r');
  for (let call = 1; call <= 3; call++) {
    await see(/来电振铃/, `call ${call} ringing`, 90_000);
    await keys('Enter');
    await see(/☎ 通话中/, `call ${call} answered`);
    await keys('h');
    await see(/⏸ 保持中/, `call ${call} on hold`);
    await keys('h');
    await see(/^(?![\s\S]*保持中)[\s\S]*☎ 通话中/, `call ${call} resumed`);
    t.deepEqual(errors, [], `call ${call}: no error on screen`);
    await keys('e');
    await new Promise(r => setTimeout(r, 300));
    await keys('e');
    await see(/话后处理/, `call ${call} after-call work`);
    await keys('r');
  }
  t.deepEqual(errors, []);
});
