// The registrar facing an attacker, over raw UDP on loopback against a real center: replayed
// credentials (another Contact, `Contact: *`), nonce counts and stale nonces (RFC 7616 §3.3),
// failed-auth bans per source and per user with their JSON log lines, one answer for unknown
// users and wrong passwords, and the binding cap with a 200 OK that always fits UDP.
import test from 'ava';
import {demoPhonePassword} from '../../src/config.ts';
import {centerFor, registerPhones, tempDir, testConfig, freePort} from './helpers.ts';
import {RawPhone, authorization, challengeOf} from './raw-sip.ts';

type LogEntry = Record<string, unknown>;

async function hardenedCenter(t: Parameters<typeof centerFor>[0], registrar: Record<string, number> = {}) {
  let clock = Date.now();
  const logs: LogEntry[] = [];
  const config = testConfig(tempDir(t), 3, {registrar});
  const center = await centerFor(t, config, {now: () => clock, log: entry => logs.push(entry)});
  return {center, logs, realm: config.center.realm, advance: (ms: number) => {
    clock += ms;
  }};
}

test('a captured Authorization is refused with another Contact and with Contact: *; nc must grow; expired nonces are stale', async t => {
  const {center, realm, advance} = await hardenedCenter(t);
  const phone = await RawPhone.open(t, center.sipPort);
  const contact = `sip:1001@127.0.0.1:${phone.port}`;
  const first = await phone.registerWith({user: '1001', password: demoPhonePassword('1001'), realm, contact, expires: 300});
  t.is(first.response.status, 200);
  const bound = () => center.switch.registrar.contacts('1001', center.switch.now()).map(b => b.contact);
  t.deepEqual(bound(), [contact]);

  const foreign = await phone.register({user: '1001', realm, contact: 'sip:1001@203.0.113.9:5060', expires: 300, authorization: first.authorization});
  t.is(foreign.status, 401, 'the same nonce and nc again is a replay');
  t.deepEqual(bound(), [contact], 'no foreign binding');
  const wipe = await phone.register({user: '1001', realm, contact: '*', expires: 0, authorization: first.authorization});
  t.is(wipe.status, 401);
  t.deepEqual(bound(), [contact], 'Contact: * replayed removes nothing');

  // The phone itself reuses its nonce with the next nc, as RFC 7616 allows.
  const next = await phone.register({user: '1001', realm, contact, expires: 300, authorization: authorization({user: '1001', password: demoPhonePassword('1001'), realm, nonce: first.nonce, nc: 2})});
  t.is(next.status, 200);
  const backwards = await phone.register({user: '1001', realm, contact: 'sip:1001@203.0.113.9:5060', expires: 300, authorization: authorization({user: '1001', password: demoPhonePassword('1001'), realm, nonce: first.nonce, nc: 2})});
  t.is(backwards.status, 401, 'nc 2 twice');

  advance(301_000);
  const late = await phone.register({user: '1001', realm, contact, expires: 300, authorization: authorization({user: '1001', password: demoPhonePassword('1001'), realm, nonce: first.nonce, nc: 3})});
  t.is(late.status, 401);
  t.true(challengeOf(late).stale, 'an expired nonce is answered with stale=true');
});

test('unknown user and wrong password get the same answer, logged at warn with source, user and reason', async t => {
  const {center, logs, realm} = await hardenedCenter(t);
  const phone = await RawPhone.open(t, center.sipPort);
  const unknown = await phone.registerWith({user: '7777', password: 'x', realm, contact: `sip:7777@127.0.0.1:${phone.port}`});
  const wrong = await phone.registerWith({user: '1001', password: 'x', realm, contact: `sip:1001@127.0.0.1:${phone.port}`});
  t.is(unknown.response.status, 403);
  t.is(wrong.response.status, 403);
  t.is(unknown.response.reason, wrong.response.reason);
  t.deepEqual(unknown.response.headers.get('warning'), wrong.response.headers.get('warning'));
  t.notRegex(wrong.response.text, /password|unknown/i);
  const failures = logs.filter(e => e.msg === 'SIP authentication failed');
  t.like(failures[0], {level: 'warn', source: '127.0.0.1', user: '7777', reason: 'unknown user 7777'});
  t.like(failures[1], {level: 'warn', source: '127.0.0.1', user: '1001', reason: 'wrong password'});
  t.notThrows(() => JSON.parse(JSON.stringify(failures[1])));
});

test('failed authentications ban the source, then the user (not its own phone); bans expire', async t => {
  const {center, logs, realm, advance} = await hardenedCenter(t, {failuresPerSource: 5, failuresPerUser: 8, banSeconds: 60});
  // 1002's real phone registers first, from 127.0.0.1.
  const real = await RawPhone.open(t, center.sipPort);
  const realContact = `sip:1002@127.0.0.1:${real.port}`;
  t.is((await real.registerWith({user: '1002', password: demoPhonePassword('1002'), realm, contact: realContact})).response.status, 200);

  const guesser = await RawPhone.open(t, center.sipPort, '127.0.0.2');
  const guess = (password: string) => guesser.registerWith({user: '1001', password, realm, contact: `sip:1001@127.0.0.2:${guesser.port}`});
  for (let i = 0; i < 20; i++) t.is((await guess(`guess-${i}`)).response.status, 403);
  const checked = logs.filter(e => e.msg === 'SIP authentication failed' && e.source === '127.0.0.2');
  t.is(checked.length, 5, 'after 5 failures nothing from the source is checked: 5 guesses per ban, not 20');
  t.like(logs.find(e => e.msg === 'SIP source banned'), {level: 'warn', source: '127.0.0.2', user: '1001'});
  t.is((await guess(demoPhonePassword('1001'))).response.status, 403, 'even the right password is refused while banned');
  t.false(center.switch.registrar.registered('1001', center.switch.now()));
  advance(61_000);
  t.is((await guess(demoPhonePassword('1001'))).response.status, 200, 'the ban expired');

  // Guesses at 1002 from many addresses, each under the per-source limit: the user is banned.
  for (let i = 0; i < 8; i++) {
    const from = await RawPhone.open(t, center.sipPort, `127.0.1.${i + 1}`);
    t.is((await from.registerWith({user: '1002', password: 'nope', realm, contact: `sip:1002@127.0.1.${i + 1}:${from.port}`})).response.status, 403);
  }
  t.like(logs.find(e => e.msg === 'SIP user banned'), {level: 'warn', user: '1002'});
  const fresh = await RawPhone.open(t, center.sipPort, '127.0.2.1');
  t.is((await fresh.registerWith({user: '1002', password: demoPhonePassword('1002'), realm, contact: `sip:1002@127.0.2.1:${fresh.port}`})).response.status, 403, 'user banned for other sources');
  t.is((await real.registerWith({user: '1002', password: demoPhonePassword('1002'), realm, contact: realContact})).response.status, 200, 'its own phone still registers');
});

test('bindings per user are capped (oldest replaced), the 200 OK always fits UDP, and the real phone still registers', async t => {
  const {center, realm} = await hardenedCenter(t);
  const flood = await RawPhone.open(t, center.sipPort, '127.0.0.3');
  const password = demoPhonePassword('1001');
  const first = await flood.registerWith({user: '1001', password, realm, contact: 'sip:1001@127.0.0.3:20000'});
  let largest = first.response.bytes;
  const long = 'x'.repeat(300);
  for (let i = 1; i <= 40; i++) {
    const user = i % 2 === 0 ? `1001-${long}` : '1001';
    const response = await flood.register({user: '1001', realm, contact: `sip:${user}@127.0.0.3:${20000 + i}`, expires: 600, authorization: authorization({user: '1001', password, realm, nonce: first.nonce, nc: i + 1})});
    t.is(response.status, 200);
    largest = Math.max(largest, response.bytes);
  }
  t.true(largest < 1300, `largest 200 OK ${largest} bytes`);
  const bindings = center.switch.registrar.contacts('1001', center.switch.now());
  t.true(bindings.length <= 5, `${bindings.length} bindings`);
  t.regex(bindings[0]!.contact, /:20040$/, 'the newest binding is kept');
  const tooLong = await flood.register({user: '1001', realm, contact: `sip:${'y'.repeat(500)}@127.0.0.3:1`, expires: 600, authorization: authorization({user: '1001', password, realm, nonce: first.nonce, nc: 50})});
  t.is(tooLong.status, 400);

  const phonePort = await freePort();
  t.is((await registerPhones(t, center, ['1001'], phonePort)).code, 0, 'the real phone (sipp) registers');
  t.is(center.switch.registrar.contacts('1001', center.switch.now())[0]!.contact, `sip:1001@127.0.0.1:${phonePort}`, 'and is the one calls go to');
});
