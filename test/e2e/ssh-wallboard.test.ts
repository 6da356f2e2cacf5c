// The wallboard over SSH, end to end: the real OpenSSH client under tmux attaches to the
// gateway in front of a real center (embedded engine, switch, /control), a real call flows from
// a sipp caller to agent 1001's sipp phone, and the screen follows it. Refusals: a stranger's
// key, passwords, exec, subsystems (sftp) and port forwarding.
import './ssh-live-ink.ts';
import test from 'ava';
import {DEMO_PIN} from '../../src/config.ts';
import {SeatSession} from '../../src/client/seat-session.ts';
import {freePort, registerPhone, seatCenter, sipp, until} from './seat-helpers.ts';
import {gatewayFor, makeKeys, screenUntil, ssh, sshArgs, sshInteractive, tmux} from './ssh-fixture.ts';

test('a lead watches a real call on the wallboard over ssh, drills down, resizes and quits', async t => {
  const center = await seatCenter(t, {ringPeriodSeconds: 1, noAnswerSeconds: 20});
  const keys = makeKeys(t);
  const gateway = await gatewayFor(t, center, keys);
  const screen = tmux(t);
  await screen.start(200, 50, ['ssh', ...sshArgs(keys.lead, gateway.port, ['-o', 'SetEnv=LANG=en_US.UTF-8', '-tt']), 'lead@127.0.0.1']);
  const read = () => screen.capture();

  let shown = await screenUntil(read, /zuoxi wallboard.*● live/, 'the wallboard, live');
  t.regex(shown, /read-only · 班长 林/);
  t.regex(shown, /1001 张敏\s+Offline/);
  t.regex(shown, /R-18 peak plan: normal/);
  await until(() => gateway.sessions() === 1, 'one session');

  // A real phone and seat for 1001; 1002 goes on a break.
  const phonePort = await freePort();
  const phone = sipp(t, {scenario: 'seat-phone.xml', port: phonePort});
  await registerPhone(t, center, '1001', phonePort);
  const seat = new SeatSession({hubUrl: center.hubUrl, agent: '1001', pin: DEMO_PIN});
  t.teardown(() => seat.stop());
  await seat.start();
  const other = new SeatSession({hubUrl: center.hubUrl, agent: '1002', pin: DEMO_PIN});
  t.teardown(() => other.stop());
  await other.start();
  await other.setState('break');
  await until(() => seat.state.seat?.phoneRegistered === true, 'phone registered');
  await seat.setState('ready');
  shown = await screenUntil(read, /1001 张敏\s+Ready[\s\S]*1002 李娜\s+Break/, '1001 ready, 1002 on a break');

  // The call: queued, offered, accepted; the wall shows the talk timer and the masked number.
  const caller = sipp(t, {scenario: 'seat-caller.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345'});
  await until(() => seat.state.offer !== undefined, 'offer');
  await seat.accept();
  await until(() => seat.state.call !== undefined, 'answered');
  shown = await screenUntil(read, /1001 张敏\s+On call\s+\d+:\d\d\s+\d+:\d\d.*139\*0001/, 'on call with a masked caller');
  t.notRegex(shown, /13900001/, 'R-36: the full number never reaches the wall');
  await seat.hold();
  shown = await screenUntil(read, /1001 张敏\s+On call\s+\d+:\d\d\s+\d+:\d\d\s+\d+:\d\d/, 'the hold timer');
  await seat.resume();
  await seat.hangup();
  shown = await screenUntil(read, /1001 张敏\s+ACW[\s\S]*Answered\s+1\s+1/, 'after-call work and the answered count');

  // Keyboard over ssh: drill down to 1001, then back, then a smaller terminal, then quit.
  await screen.keys('Enter');
  shown = await screenUntil(read, /Agent 1001 张敏[\s\S]*Today's calls[\s\S]*139\*0001/, 'the drill-down with the masked call');
  t.regex(shown, /QA \(R-25\) today/);
  await screen.keys('Escape');
  await screenUntil(read, /Waiting\s+0/, 'back on the floor');
  await screen.resize(80, 24);
  shown = await screenUntil(read, /^╰─+╯╰─+╯$/m, 'the 80-column layout');
  for (const line of shown.split('\n')) t.true(line.length <= 80, line);
  await screen.keys('q');
  await until(() => gateway.sessions() === 0, 'the session ends after q');
  await until(async () => !(await screen.alive()), 'ssh exits');

  await seat.wrapupDone();
  const [callerRun, phoneRun] = await Promise.all([caller.done, phone.done]);
  t.is(callerRun.code, 0, callerRun.stderr);
  t.is(phoneRun.code, 0, phoneRun.stderr);
});

test('refused: a stranger\'s key, passwords, exec, sftp and port forwarding', async t => {
  const center = await seatCenter(t);
  const keys = makeKeys(t);
  const gateway = await gatewayFor(t, center, keys);
  const target = 'lead@127.0.0.1';

  const stranger = await ssh(t, [...sshArgs(keys.stranger, gateway.port, ['-o', 'BatchMode=yes', '-T']), target]);
  t.is(stranger.code, 255);
  t.regex(stranger.stderr, /Permission denied \(publickey\)/);

  const password = await ssh(t, [...sshArgs(keys.lead, gateway.port, ['-o', 'BatchMode=yes', '-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=password,keyboard-interactive', '-T']), target]);
  t.is(password.code, 255, JSON.stringify(password));
  t.regex(password.stderr, /Permission denied \(publickey\)/, JSON.stringify(password));

  const exec = await ssh(t, [...sshArgs(keys.lead, gateway.port, ['-o', 'BatchMode=yes']), target, 'cat /etc/passwd']);
  t.not(exec.code, 0);
  t.notRegex(exec.stdout, /root:/);

  const sftp = await ssh(t, [...sshArgs(keys.lead, gateway.port, ['-o', 'BatchMode=yes', '-s']), target, 'sftp']);
  t.not(sftp.code, 0);

  const remote = await ssh(t, [...sshArgs(keys.lead, gateway.port, ['-o', 'BatchMode=yes', '-o', 'ExitOnForwardFailure=yes', '-N', '-R', `${await freePort()}:127.0.0.1:${center.addresses.hub.port}`]), target]);
  t.is(remote.code, 255);
  t.regex(remote.stderr, /remote port forwarding failed/i);

  const local = await ssh(t, [...sshArgs(keys.lead, gateway.port, ['-o', 'BatchMode=yes', '-W', `127.0.0.1:${center.addresses.hub.port}`]), target]);
  t.is(local.code, 255);
  t.regex(local.stderr, /stdio forwarding failed|open failed|administratively prohibited/i);

  t.is(gateway.sessions(), 0, 'none of these opened a wallboard');
});

test('the leads\' keys file is re-read when it changes, and a removed key no longer gets in', async t => {
  const center = await seatCenter(t);
  const keys = makeKeys(t);
  const gateway = await gatewayFor(t, center, keys);
  const fs = await import('node:fs');
  const strangerPub = fs.readFileSync(`${keys.stranger}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  fs.writeFileSync(keys.authorizedKeys, `${strangerPub} lead=9001\n`);
  const attempt = (key: string) => ssh(t, [...sshArgs(key, gateway.port, ['-o', 'BatchMode=yes', '-N', '-o', 'ExitOnForwardFailure=yes', '-R', '0:127.0.0.1:1']), 'lead@127.0.0.1']);
  // Authenticated keys reach the forwarding refusal; refused keys stop at "Permission denied".
  const nowAllowed = await attempt(keys.stranger);
  t.regex(nowAllowed.stderr, /forwarding failed/i, JSON.stringify(nowAllowed));
  const nowRefused = await attempt(keys.lead);
  t.regex(nowRefused.stderr, /Permission denied \(publickey\)/);
  // A key for an agent who is not a lead is refused whatever its comment says.
  fs.writeFileSync(keys.authorizedKeys, `${strangerPub} lead=1001\n`);
  const notALead = await attempt(keys.stranger);
  t.regex(notALead.stderr, /Permission denied \(publickey\)/);
});

test('startCenter({ssh}) runs the gateway for the leads\' keys; its host key is generated once and kept across restarts', async t => {
  const keys = makeKeys(t);
  const {startCenter} = await import('../../server/center.ts');
  const {demoConfig} = await import('../../src/config.ts');
  const path = await import('node:path');
  const config = demoConfig({agents: 2, overrides: {dataDir: keys.dir, ssh: {hostKey: path.join(keys.dir, 'keep', 'host_key'), authorizedKeys: keys.authorizedKeys}}});
  const knownHosts = path.join(keys.dir, 'known_hosts');
  const args = (port: number, strict: string) => ['-i', keys.lead, '-p', String(port), '-o', `StrictHostKeyChecking=${strict}`, '-o', `UserKnownHostsFile=${knownHosts}`,
    '-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', '-o', 'HostKeyAlias=zuoxi-center',
    '-N', '-o', 'ExitOnForwardFailure=yes', '-R', '0:127.0.0.1:1', 'lead@127.0.0.1'];
  const keysSeen: string[] = [];
  for (const strict of ['accept-new', 'yes']) {
    const center = await startCenter(config, {sipPort: await freePort(), hubPort: 0, controlPort: 0, hubHost: '127.0.0.1', ssh: {port: 0}});
    try {
      t.truthy(center.ssh);
      keysSeen.push(center.ssh!.hostPublicKey);
      // Authenticated (the forwarding refusal comes after auth) with the host key checked.
      const result = await ssh(t, args(center.ssh!.port, strict));
      t.regex(result.stderr, /forwarding failed/i, `${strict}: ${result.stderr}`);
      t.notRegex(result.stderr, /HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
    } finally {
      await center.close();
    }
  }
  t.is(keysSeen[0], keysSeen[1]);
  t.regex(keysSeen[0], /^ssh-ed25519 AAAA/);
});

test('two leads of one team share the floor feed, and each wall names its own lead', async t => {
  const keys = makeKeys(t);
  const fs = await import('node:fs');
  const path = await import('node:path');
  const {execFileSync} = await import('node:child_process');
  const {startCenter} = await import('../../server/center.ts');
  const {demoConfig} = await import('../../src/config.ts');
  const config = demoConfig({agents: 2, overrides: {dataDir: keys.dir}});
  config.agents.push({...config.agents.find(a => a.id === '9001')!, id: '9002', name: '班长 王', phone: {...config.agents[0].phone, user: '9002'}});
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'second', '-f', path.join(keys.dir, 'second')]);
  const second = fs.readFileSync(path.join(keys.dir, 'second.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  fs.appendFileSync(keys.authorizedKeys, `${second} lead=9002\n`);
  const center = await startCenter(config, {sipPort: await freePort(), hubPort: 0, controlPort: 0, hubHost: '127.0.0.1'});
  t.teardown(() => center.close());
  const gateway = await gatewayFor(t, center, keys);
  const issued: string[] = [];
  const issue = center.auth.issueToken.bind(center.auth);
  center.auth.issueToken = identity => {
    issued.push(identity.agent);
    return issue(identity);
  };
  const a = sshInteractive(t, [...sshArgs(keys.lead, gateway.port, ['-o', 'SetEnv=LANG=en_US.UTF-8']), 'lead@127.0.0.1']);
  const b = sshInteractive(t, [...sshArgs(path.join(keys.dir, 'second'), gateway.port, ['-o', 'SetEnv=LANG=en_US.UTF-8']), 'lead@127.0.0.1']);
  await until(() => /read-only · 班长 林/.test(a.output()) && /read-only · 班长 王/.test(b.output()), 'both walls with their own lead', 15_000);
  // Both sessions start at once: whichever lead attaches first opens the team's feed.
  t.is(issued.length, 1, 'one supervisor token for the team\'s shared feed');
  t.true(['9001', '9002'].includes(issued[0]));
  t.notRegex(b.output(), /班长 林 │/);
  a.proc.stdin!.write('q');
  b.proc.stdin!.write('q');
  t.deepEqual(await Promise.all([a.exited, b.exited]), [0, 0]);
  await until(() => gateway.sessions() === 0, 'sessions ended');
});
