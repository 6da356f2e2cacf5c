// Every client runs on the center's policy: the switch's welcome carries it, and a seat, a lead
// console and a local wallboard started against a center with its own numbers use them — not
// the documents' defaults the client would otherwise fall back on.
import {execFile} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {DEMO_PIN} from '../../src/config.ts';
import {defaultPolicy} from '../../src/rules/config.ts';
import {centerPolicy} from '../../src/client/center-policy.ts';
import {fetchLeadProfile} from '../../src/client/lead/lead-profile.ts';
import {SeatSession} from '../../src/client/seat-session.ts';
import {freePort, registerPhone, root, seatCenter, sipp, tempDir} from './seat-helpers.ts';

const exec = promisify(execFile);
const center = {ringPeriodSeconds: 2, answerWithinRings: 1, afterCallWorkSeconds: 10, lineName: '96000', holdNudges: {firstSeconds: 15}};

test('centerPolicy: the welcome\'s policy is used; a missing or bad one gives the defaults and a warning naming why', t => {
  const own = centerPolicy(JSON.parse(JSON.stringify({...defaultPolicy(), ringPeriodSeconds: 2})));
  t.is(own.policy.ringPeriodSeconds, 2);
  t.is(own.warning, undefined);
  const missing = centerPolicy(undefined);
  t.deepEqual(missing.policy, defaultPolicy());
  t.regex(missing.warning ?? '', /sent no center policy/);
  const bad = centerPolicy({ringPeriodSeconds: 'fast'});
  t.is(bad.policy.ringPeriodSeconds, 5);
  t.regex(bad.warning ?? '', /invalid \(ringPeriodSeconds: .*\): using the default policy/);
  t.regex(centerPolicy('junk').warning ?? '', /invalid/);
});

test('a seat session and a lead get the center\'s policy in the welcome', async t => {
  const c = await seatCenter(t, center);
  const session = new SeatSession({hubUrl: c.hubUrl, agent: '1001', pin: DEMO_PIN});
  t.teardown(() => session.stop());
  const profile = await session.start();
  t.is(profile.policyWarning, undefined);
  t.is(profile.policy?.ringPeriodSeconds, 2);
  t.is(profile.policy?.afterCallWorkSeconds, 10);
  t.is(profile.policy?.lineName, '96000');
  t.is(profile.policy?.holdNudges.firstSeconds, 15);
  t.is(profile.policy?.holdNudges.everySeconds, 20, 'the rest stays the documents\' defaults');
  const lead = await fetchLeadProfile(c.hubUrl, '9001', DEMO_PIN);
  t.is(lead.policyWarning, undefined);
  t.is(lead.policy.afterCallWorkSeconds, 10);
  t.is(lead.policy.answerWithinRings, 1);
});

test('the seat TUI rings on the center\'s period, warns after the center\'s ring limit and opens with its line (tmux)', async t => {
  // A 3 s period: ring 1 stays on screen long enough to be seen on a loaded machine, and ring 2
  // still comes well before the default 5 s.
  const c = await seatCenter(t, {...center, ringPeriodSeconds: 3, noAnswerSeconds: 60});
  const phonePort = await freePort();
  sipp(t, {scenario: 'seat-phone.xml', port: phonePort, timeoutS: 60});
  await registerPhone(t, c, '1001', phonePort);
  const socket = path.join(tempDir(t, 'zuoxi-policy-tmux-'), 'tmux.sock');
  const tmux = (...args: string[]) => exec('tmux', ['-u', '-S', socket, ...args], {timeout: 10_000, env: {...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8'}});
  t.teardown(async () => {
    await tmux('kill-server').catch(() => {});
  });
  const command = `node ${path.join(root, 'bin/zuoxi.js')} seat --agent 1001 --pin ${DEMO_PIN} --hub ${c.hubUrl} --data ${tempDir(t, 'zuoxi-policy-data-')}`;
  await tmux('new-session', '-d', '-s', 'seat', '-x', '80', '-y', '24', '-e', 'TERM=xterm-256color', '-e', 'LANG=C.UTF-8', command);
  const see = async (pattern: RegExp, what: string, timeoutMs = 15_000) => {
    const end = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < end) {
      last = (await tmux('capture-pane', '-p', '-t', 'seat')).stdout;
      if (pattern.test(last)) return last;
      await new Promise(r => setTimeout(r, 50));
    }
    throw new Error(`screen never showed ${what} (${pattern}); last screen:\n${last}`);
  };
  await see(/今日 0 通/, 'the signed-in seat');
  await tmux('send-keys', '-t', 'seat', 'r');
  await see(/ 就绪 /, 'Ready');
  sipp(t, {scenario: 'seat-caller.xml', port: await freePort(), remote: `127.0.0.1:${c.sipPort}`, service: '12345', timeoutS: 60});
  const first = await see(/第 1 声/, 'ring 1');
  const ring1 = Date.now();
  t.regex(first, /96000服务专线/, 'R-03 names the center\'s line');
  t.notRegex(first, /已超过/, 'no R-02 warning on ring 1');
  const second = await see(/第 2 声/, 'ring 2', 10_000);
  const gap = Date.now() - ring1;
  // The center's 3 s period, not the default 5 s (the screen is polled every 50 ms).
  t.true(gap < 4500, `ring 2 came ${gap} ms after ring 1`);
  t.regex(second, /已超过 1 声/, 'the center\'s R-01 limit (1 ring) turns the counter into the R-02 warning');
  t.regex(second, /让您久等了/);
  await tmux('send-keys', '-t', 'seat', 'C-c');
});
