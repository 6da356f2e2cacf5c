// Registrar over real SIP: digest auth against the config's HA1, wrong password refused,
// unregister, binding expiry, bindings surviving a switch restart.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {DigestAuth} from '../../src/sip/digest.ts';
import {ha1} from '../../src/config.ts';
import {Seat, centerFor, freePort, registerPhones, tempDir, testConfig} from './helpers.ts';

test('wrong phone password is refused (403) and nothing is registered', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 2));
  const run = await registerPhones(t, center, ['1001'], await freePort(), {password: () => 'guess', scenario: 'switch-register-bad.xml'});
  t.is(run.code, 0, run.stderr);
  t.false(center.switch.acd.snapshot('1001').phoneRegistered);
  t.false(center.switch.registrar.registered('1001', Date.now()));
});

test('register, expire, unregister; visible in seat snapshots', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 2));
  const seat = await Seat.open(t, center, '1001');
  const phonePort = await freePort();
  t.is((await registerPhones(t, center, ['1001'], phonePort, {expires: 1})).code, 0);
  await seat.next(m => m.type === 'seat' && m.seat.phoneRegistered, 'registered');
  await seat.wait(m => m.type === 'seat' && !m.seat.phoneRegistered, 'binding expired', 5000);
  t.is((await registerPhones(t, center, ['1001'], phonePort, {expires: 300})).code, 0);
  t.true(center.switch.acd.snapshot('1001').phoneRegistered);
  t.is((await registerPhones(t, center, ['1001'], phonePort, {expires: 0})).code, 0);
  t.false(center.switch.acd.snapshot('1001').phoneRegistered, 'Expires: 0 unregisters');
});

test('bindings survive a switch restart (registrations.json)', async t => {
  const dataDir = tempDir(t);
  const config = testConfig(dataDir, 2);
  const first = await centerFor(t, config);
  t.is((await registerPhones(t, first, ['1001', '1002'], await freePort())).code, 0);
  await first.switch.registrar.flush();
  await first.close();
  const saved = JSON.parse(fs.readFileSync(path.join(dataDir, 'registrations.json'), 'utf8'));
  t.deepEqual(saved.bindings.map((b: {user: string}) => b.user).sort(), ['1001', '1002']);
  const second = await centerFor(t, config);
  const seat = await Seat.open(t, second, '1002');
  const welcome = seat.messages[0]!;
  t.true(welcome.type === 'welcome' && welcome.seats[0]!.phoneRegistered);
});

test('a damaged registrations file is set aside, not fatal', async t => {
  const dataDir = tempDir(t);
  fs.writeFileSync(path.join(dataDir, 'registrations.json'), '{"version": 1, "bindings": [{"user": 5}]}');
  const center = await centerFor(t, testConfig(dataDir, 1));
  t.false(center.switch.acd.snapshot('1001').phoneRegistered);
  t.true(fs.readdirSync(dataDir).some(f => f.startsWith('registrations.json.bad-')));
});

test('digest: stale nonces are challenged again, foreign nonces refused', t => {
  const digest = new DigestAuth('zuoxi.local', 1000);
  const challenge = digest.challenge(0);
  const nonce = /nonce="([^"]+)"/.exec(challenge)![1]!;
  const h = ha1('1001', 'zuoxi.local', 'pw');
  const header = (n: string, response: string) => `Digest username="1001", realm="zuoxi.local", nonce="${n}", uri="sip:zuoxi.local", response="${response}"`;
  t.like(digest.verify(header(nonce, 'x'), 'REGISTER', () => h, 5000), {ok: false, status: 401, stale: true});
  t.like(digest.verify(header('Zm9yZ2Vk', 'x'), 'REGISTER', () => h, 10), {ok: false, status: 403});
  t.like(digest.verify(header(nonce, 'x'), 'REGISTER', () => h, 10), {ok: false, status: 403, reason: 'wrong password'});
  t.like(digest.verify(undefined, 'REGISTER', () => h, 10), {ok: false, status: 401});
  t.like(digest.verify('Basic abc', 'REGISTER', () => h, 10), {ok: false, status: 403});
});
