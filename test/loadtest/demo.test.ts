// `zuoxi demo` as a person sees it: tmux runs it (a real terminal), the seat TUI signs in as
// agent 1001, r goes Ready, a call rings from the simulated callers, and the demo stops by
// itself after --duration, taking everything it started with it.
import {execFileSync} from 'node:child_process';
import test from 'ava';
import {freePort} from '../helpers/ports.ts';

const tmux = (socket: string, ...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});

async function screenUntil(socket: string, test: (screen: string) => boolean, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let screen = '';
  while (Date.now() < deadline) {
    try {
      screen = tmux(socket, 'capture-pane', '-p', '-t', 'demo');
    } catch {}
    if (test(screen)) return screen;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  return screen;
}

test('the demo shows the seat as agent 1001, a call rings, and it stops by itself after --duration', async t => {
  const socket = `zuoxi-demo-test-${process.pid}`;
  const [hub, sip, control, ssh] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const command = `node bin/zuoxi.js demo --duration 14 --rate 1 --seats 1 --lang en --hub-port ${hub} --sip-port ${sip} --control-port ${control} --ssh-port ${ssh}; echo DEMO-EXIT=$?; sleep 60`;
  tmux(socket, 'new-session', '-d', '-s', 'demo', '-x', '100', '-y', '30', command);
  t.teardown(() => {
    try {
      tmux(socket, 'kill-server');
    } catch {}
  });

  const signedIn = await screenUntil(socket, s => /1001/.test(s) && /Press r to go Ready/.test(s), 20_000);
  t.regex(signedIn, /1001/, signedIn);
  t.regex(signedIn, /Press r to go Ready/);
  tmux(socket, 'send-keys', '-t', 'demo', 'r');
  const ready = await screenUntil(socket, s => /Ready: calls ring here|Incoming call/.test(s), 10_000);
  t.regex(ready, /Ready: calls ring here|Incoming call/, ready);
  // One headless colleague and a call a second: 1001 is offered a call within seconds.
  const ringing = await screenUntil(socket, s => /Incoming call/.test(s), 15_000);
  t.regex(ringing, /Incoming call/, ringing);
  t.regex(ringing, /139\d{8}/, 'the caller number is shown to the agent in the ringing panel');

  const ended = await screenUntil(socket, s => /DEMO-EXIT=\d+/.test(s), 40_000);
  t.regex(ended, /DEMO-EXIT=0/, ended);
});
