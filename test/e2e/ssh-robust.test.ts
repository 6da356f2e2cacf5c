// A lead's key in a hostile client (ssh2's Client, not OpenSSH): absurd pty sizes, window
// changes to 0×0 and 99999×99999, binary junk on stdin, a second shell on the same session,
// then a hard drop. The gateway keeps serving, sizes stay bounded, nothing leaks.
import './ssh-live-ink.ts';
import fs from 'node:fs';
import test from 'ava';
import ssh2 from 'ssh2';
import {seatCenter, until} from './seat-helpers.ts';
import {gatewayFor, makeKeys, sshArgs, sshInteractive} from './ssh-fixture.ts';

test('absurd sizes, junk input and a hard drop do not hurt the gateway', async t => {
  const center = await seatCenter(t);
  const keys = makeKeys(t);
  const gateway = await gatewayFor(t, center, keys);
  const client = new ssh2.Client();
  t.teardown(() => client.destroy());
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', reject);
    client.connect({host: '127.0.0.1', port: gateway.port, username: 'lead', privateKey: fs.readFileSync(keys.lead)});
  });
  const channel = await new Promise<ssh2.ClientChannel>((resolve, reject) => {
    client.shell({cols: 100_000, rows: 0, term: 'xterm'}, (error, stream) => (error ? reject(error) : resolve(stream)));
  });
  let out = '';
  channel.on('data', (d: Buffer) => {
    out += d.toString();
  });
  await until(() => out.includes('● '), 'a first frame', 10_000);
  // Bounded to 500 columns: no line of the frame is longer.
  const longest = Math.max(...out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').split(/\r?\n/).map(line => [...line].length));
  t.true(longest <= 500, `longest line ${longest}`);
  channel.setWindow(0, 0, 0, 0);
  channel.setWindow(99_999, 99_999, 0, 0);
  channel.write(Buffer.from([0, 1, 2, 3, 0x1b, 0x5b, 0xff, 0xfe, 0x80, 0x1b]));
  channel.write('\u001b[999999;999999R'.repeat(100));
  channel.write('x'.repeat(100_000));
  const mark = out.length;
  await until(() => out.length > mark + 100, 'frames keep coming', 10_000);
  t.is(gateway.sessions(), 1);
  // Hard drop: the session is torn down.
  client.destroy();
  await until(() => gateway.sessions() === 0, 'the dropped session ends', 10_000);
  // And the gateway still serves a normal lead.
  const lead = sshInteractive(t, [...sshArgs(keys.lead, gateway.port), 'lead@127.0.0.1']);
  await until(() => /● /.test(lead.output()), 'a new wall', 15_000);
  lead.proc.stdin!.write('q');
  t.is(await lead.exited, 0);
});
