// Requests to a phone go where the phone really is: over the TCP connection it registered on
// (its Contact port is not listening), and to its freshest binding rather than a stale one.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {demoPhonePassword} from '../../src/config.ts';
import {Registrar} from '../../src/sip/registrar.ts';
import {Seat, centerFor, freePort, sipp, tempDir, testConfig} from './helpers.ts';
import {RawTcpPhone} from './raw-tcp-phone.ts';

const SDP = ['v=0', 'o=phone 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 40000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join('\r\n');

test('a phone registered over TCP is called over that connection, with both auto-answer headers', async t => {
  const config = testConfig(tempDir(t), 1);
  const center = await centerFor(t, config);
  const phone = await RawTcpPhone.connect(t, center.sipPort);
  const deadPort = await freePort();
  t.is(await phone.register({user: '1001', password: demoPhonePassword('1001'), realm: config.center.realm, contact: `sip:1001@127.0.0.1:${deadPort};transport=tcp`}), 200);
  const seat = await Seat.open(t, center, '1001');
  seat.acceptOffers();
  await seat.command({type: 'set-state', state: 'ready'});
  const caller = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345', pauseMs: 300});
  const invite = await phone.next(m => m.firstLine.startsWith('INVITE '));
  t.regex(invite.headers.get('call-info')?.[0] ?? '', /answer-after=0/);
  t.regex(invite.headers.get('alert-info')?.[0] ?? '', /info=alert-autoanswer/);
  phone.answer(invite, 200, 'OK', SDP);
  await phone.next(m => m.firstLine.startsWith('ACK '));
  await seat.next(m => m.type === 'answered', 'answered');
  const bye = await phone.next(m => m.firstLine.startsWith('BYE '));
  phone.answer(bye, 200, 'OK');
  t.like(await seat.next(m => m.type === 'ended', 'ended'), {by: 'caller'});
  t.is((await caller.done).code, 0);
});

test('the freshest binding is used first, even when an older one expires later', async t => {
  const dir = tempDir(t);
  const registrar = new Registrar(path.join(dir, 'registrations.json'), () => {});
  const t0 = Date.now();
  registrar.update('1001', 'sip:1001@10.0.0.1:5060;transport=tcp', 3600, t0, {source: '10.0.0.1:40000', transport: 'tcp'});
  registrar.update('1001', 'sip:1001@10.0.0.2:5060', 60, t0 + 1000, {source: '10.0.0.2:5060', transport: 'udp'});
  t.is(registrar.contacts('1001', t0 + 2000)[0]!.contact, 'sip:1001@10.0.0.2:5060');
  await registrar.flush();
  // Saved files from before `updatedAt` still load, ordered by expiry among themselves.
  fs.writeFileSync(path.join(dir, 'old.json'), JSON.stringify({version: 1, bindings: [
    {user: '1001', contact: 'sip:a@x', expiresAt: t0 + 10_000},
    {user: '1001', contact: 'sip:b@x', expiresAt: t0 + 20_000},
  ]}));
  const old = new Registrar(path.join(dir, 'old.json'), () => {});
  await old.load(t0);
  t.deepEqual(old.contacts('1001', t0).map(b => b.contact), ['sip:b@x', 'sip:a@x']);
  old.update('1001', 'sip:c@x', 5, t0);
  t.is(old.contacts('1001', t0)[0]!.contact, 'sip:c@x', 'a new REGISTER beats the old file');
});
