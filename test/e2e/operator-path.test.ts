// The README's operator path on a fresh directory: `zuoxi config init`, `zuoxi server`, two
// phones registered with the credentials it printed, an agent signed in with the printed PIN,
// a call answered — no demo credentials anywhere.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {collect} from '../helpers/server-process.ts';
import {Seat, freePort, registerPhones, sipp, tempDir, type TestCenter} from '../sip/helpers.ts';

const exec = promisify(execFile);
const bin = path.resolve('bin/zuoxi.js');

test('config init → server → phones register with the printed passwords → a call is answered', async t => {
  const dir = tempDir(t);
  const init = await exec(process.execPath, [bin, 'config', 'init', '--agents', '2'], {cwd: dir});
  const credentials = new Map([...init.stdout.matchAll(/^\s+(\d{4})\s+(agent|lead)\s+(\d+)\s+(\S+)\s+(\S+)\s*$/gm)].map(m => [m[1]!, {pin: m[3]!, password: m[5]!}]));
  t.deepEqual([...credentials.keys()].sort(), ['1001', '1002', '9001'], init.stdout);
  const file = path.join(dir, 'zuoxi.config.json');
  const config = JSON.parse(fs.readFileSync(file, 'utf8'));
  t.false(JSON.stringify(config).includes(credentials.get('1001')!.password), 'the file keeps no phone password');
  const sipPort = await freePort();
  config.listen = {sip: `udp:127.0.0.1:${sipPort}`, control: '127.0.0.1:0', hub: '127.0.0.1:0', ssh: '127.0.0.1:0'};
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  await t.notThrowsAsync(exec(process.execPath, [bin, 'config', 'check', file], {cwd: dir}), 'the edited config checks clean');

  const server = collect(t, process.execPath, [bin, 'server'], {cwd: dir});
  const hub = await server.hub();
  t.truthy(hub, server.out() + server.err());

  const phonePort = await freePort();
  const phone = sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 1});
  const center = {config: {center: {realm: config.center.realm}}, sipPort} as unknown as TestCenter;
  const registered = await registerPhones(t, center, ['1001', '1002'], phonePort, {password: user => credentials.get(user)!.password});
  t.is(registered.code, 0, registered.stderr);

  const seat = await Seat.open(t, {addresses: {controlUrl: `ws://${hub}/control`}} as never, '1001', {pin: credentials.get('1001')!.pin});
  t.like(seat.messages.find(m => m.type === 'welcome'), {type: 'welcome', agent: '1001'});
  seat.acceptOffers();
  t.like(await seat.command({type: 'set-state', state: 'ready'}), {type: 'ack'});
  const caller = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${sipPort}`, service: config.queues[0].number, pauseMs: 200});
  await seat.next(m => m.type === 'answered', 'the call answered on 1001');
  await seat.next(m => m.type === 'ended', 'the call ended');
  t.is((await caller.done).code, 0);
  t.is((await phone.done).code, 0);
  server.proc.kill('SIGTERM');
});
