// The SSH gateway's pre-authentication limits (issue 15): the real OpenSSH client offering many
// keys is cut off after the cap; raw TCP sockets that never start SSH are closed after the grace
// time, and past the per-source cap at once.
import {execFileSync} from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import test from 'ava';
import {startSshGateway} from '../../server/ssh/gateway.ts';
import {seatCenter} from './seat-helpers.ts';
import {freePort} from '../helpers/ports.ts';
import {makeKeys, ssh, sshArgs} from './ssh-fixture.ts';

async function gateway(t: import('ava').ExecutionContext, extra: {preAuthTimeoutMs?: number; maxPreAuthPerSource?: number}) {
  const center = await seatCenter(t);
  const keys = makeKeys(t);
  const lines: string[] = [];
  const gw = await startSshGateway({
    host: '127.0.0.1', port: await freePort(), hostKeyPath: path.join(keys.dir, 'host', 'ssh_host_ed25519_key'), authorizedKeysPath: keys.authorizedKeys,
    auth: center.auth, agents: center.config.agents, hubUrl: `ws://127.0.0.1:${center.addresses.hub.port}`, policy: center.config.policy,
    log: line => lines.push(line), ...extra,
  });
  t.teardown(() => gw.close());
  return {gw, keys, lines};
}

function rawSocket(port: number): Promise<{closedAfterMs: Promise<number>}> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => resolve({closedAfterMs: new Promise(r => socket.on('close', () => r(Date.now() - started)))}));
    socket.on('error', reject);
    socket.on('data', () => {}); // the server's banner; we never answer
  });
}

test('OpenSSH offering ten strangers\' keys is cut off at six tries', async t => {
  const {gw, keys, lines} = await gateway(t, {});
  const more: string[] = [];
  for (let i = 0; i < 9; i++) {
    const key = path.join(keys.dir, `extra${i}`);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    more.push('-i', key);
  }
  const result = await ssh(t, [...sshArgs(keys.stranger, gw.port, [...more, '-o', 'BatchMode=yes']), 'lead@127.0.0.1']);
  t.not(result.code, 0);
  t.is(lines.filter(l => l.includes('"msg":"ssh: refused key"')).length, 6, lines.join('\n'));
  t.true(lines.some(l => l.includes('"reason":"max-auth-tries"') && l.includes('"source":"127.0.0.1"')));
});

test('sockets that never start SSH are closed after the grace time; past the per-source cap at once', async t => {
  const {gw, lines} = await gateway(t, {preAuthTimeoutMs: 500, maxPreAuthPerSource: 5});
  const sockets = [];
  for (let i = 0; i < 8; i++) sockets.push(await rawSocket(gw.port));
  const closed = await Promise.all(sockets.map(s => s.closedAfterMs));
  t.log(closed.join(' '));
  t.is(closed.filter(ms => ms < 400).length, 3, 'three past the cap closed at once');
  t.true(closed.filter(ms => ms >= 400).every(ms => ms < 3000), 'the rest after the grace time');
  t.true(lines.some(l => l.includes('pre-auth-timeout')));
  t.true(lines.some(l => l.includes('pre-auth-cap')));
  // Once they are gone a new connection is welcome again (the count was released).
  const again = await rawSocket(gw.port);
  t.true(await again.closedAfterMs >= 400);
});
