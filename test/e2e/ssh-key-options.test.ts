// authorized_keys options against the real OpenSSH client (issue 16), and the shell limit
// checked when the shell starts, not only when the session opens (issue 15).
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import ssh2 from 'ssh2';
import {startSshGateway} from '../../server/ssh/gateway.ts';
import {seatCenter} from './seat-helpers.ts';
import {freePort} from '../helpers/ports.ts';
import {makeKeys, ssh, sshArgs} from './ssh-fixture.ts';

async function gatewayWith(t: import('ava').ExecutionContext, options: string, extra: {maxSessions?: number} = {}) {
  const center = await seatCenter(t);
  const keys = makeKeys(t);
  const line = fs.readFileSync(keys.authorizedKeys, 'utf8').split('\n')[1]!;
  fs.writeFileSync(keys.authorizedKeys, `${options ? `${options} ` : ''}${line}\n`);
  const lines: string[] = [];
  const gw = await startSshGateway({
    host: '127.0.0.1', port: await freePort(), hostKeyPath: path.join(keys.dir, 'host', 'ssh_host_ed25519_key'), authorizedKeysPath: keys.authorizedKeys,
    auth: center.auth, agents: center.config.agents, hubUrl: `ws://127.0.0.1:${center.addresses.hub.port}`, policy: center.config.policy,
    log: l => lines.push(l), ...extra,
  });
  t.teardown(() => gw.close());
  // `true` as a command: authenticated keys get "exec request failed" (the gateway only serves
  // the wallboard), refused ones "Permission denied".
  const tryKey = () => ssh(t, [...sshArgs(keys.lead, gw.port, ['-o', 'BatchMode=yes']), 'lead@127.0.0.1', 'true']);
  return {gw, keys, lines, tryKey};
}

test('from= naming the client\'s address lets the key in; another network refuses it, logged at warn', async t => {
  const inside = await gatewayWith(t, 'from="127.0.0.0/8",restrict');
  const ok = await inside.tryKey();
  t.notRegex(ok.stderr, /Permission denied/, ok.stderr);
  const outside = await gatewayWith(t, 'from="10.0.0.0/8"');
  const refused = await outside.tryKey();
  t.regex(refused.stderr, /Permission denied/);
  t.true(outside.lines.some(l => l.includes('"level":"warn"') && l.includes('not in from=') && l.includes('"source":"127.0.0.1"')), outside.lines.join('\n'));
});

test('an expired key is refused; a key with command= is refused at load and reported', async t => {
  const expired = await gatewayWith(t, 'expiry-time="20200101"');
  t.regex((await expired.tryKey()).stderr, /Permission denied/);
  t.true(expired.lines.some(l => l.includes('key expired')));
  const forced = await gatewayWith(t, 'command="/bin/sh"');
  t.regex((await forced.tryKey()).stderr, /Permission denied/);
  t.true(forced.lines.some(l => /"level":"warn".*key refused: option \\"command\\"/.test(l)), forced.lines.join('\n'));
});

test('sessions opened before any shell do not get past the shell limit', async t => {
  const {gw, keys, lines} = await gatewayWith(t, '', {maxSessions: 2});
  const client = new ssh2.Client();
  t.teardown(() => client.end());
  await new Promise<void>((resolve, reject) => {
    client.on('ready', () => resolve()).on('error', reject).connect({host: '127.0.0.1', port: gw.port, username: 'lead', privateKey: fs.readFileSync(keys.lead)});
  });
  // Four at once: every session is open (none has a shell yet) before the first shell starts.
  const sessions = await Promise.all([0, 1, 2, 3].map(() => new Promise<ssh2.Channel>((resolve, reject) => {
    client.shell({term: 'xterm', cols: 80, rows: 24}, (error, channel) => error ? reject(error) : resolve(channel));
  }).catch(() => undefined)));
  const started = sessions.filter(s => s !== undefined);
  t.is(started.length, 2, 'two shells at the limit of two');
  t.true(lines.some(l => l.includes('"reason":"max-sessions"')), lines.join('\n'));
  for (const s of started) s?.end();
});
