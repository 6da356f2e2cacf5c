// R-20 sign-out over the real control channel and real SIP: a seat that signs out is offline at
// once (no 30 s grace) and is offered no call afterwards; during a live call sign-out is refused
// with a clear error and the call goes on.
import test from 'ava';
import {CommandError, SeatSession} from '../../src/client/seat-session.ts';
import {DEMO_PIN} from '../../src/config.ts';
import {centerFor, freePort, registerPhones, sipp, tempDir, testConfig, until} from './helpers.ts';

test('sign-out: offline at once, never offered a call; refused during a live call', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 2));
  const phonePort = await freePort();
  const phone = sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 1});
  t.is((await registerPhones(t, center, ['1001', '1002'], phonePort)).code, 0);
  const hubUrl = `ws://127.0.0.1:${center.addresses.hub.port}`;
  const [a, b] = ['1001', '1002'].map(agent => new SeatSession({hubUrl, agent, pin: DEMO_PIN, pingMs: 0}));
  t.teardown(() => {
    a!.stop();
    b!.stop();
  });
  await a!.start();
  await b!.start();
  await a!.setState('ready');
  await a!.signOut();
  t.like(center.switch.acd.snapshot('1001'), {state: 'offline', reason: 'sign-out'}, 'offline at once, no grace');
  t.is(a!.state.connection, 'closed');

  // A caller arrives: the signed-out agent (longest idle, phone registered) is not offered it.
  const caller = sipp(t, {scenario: 'switch-caller-waitbye.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345'});
  await until(() => (b!.state.queue?.waiting ?? 0) === 1, 10_000, 'the call to queue');
  t.is(center.switch.acd.snapshot('1001').state, 'offline');
  await b!.setState('ready');
  await until(() => b!.state.offer !== undefined, 10_000, 'the offer to 1002');
  await b!.accept();
  await until(() => b!.state.call !== undefined, 10_000, 'the call to be answered');

  // During the call: refused, clearly; the call and the seat go on.
  const refused = await t.throwsAsync(b!.signOut(), {instanceOf: CommandError});
  t.regex(refused!.message, /cannot sign out while on-call: finish the call first/);
  t.is(center.switch.acd.snapshot('1002').state, 'on-call');
  const callId = center.switch.acd.snapshot('1002').callId!;
  t.is(center.switch.acd.call(callId)?.phase, 'bridged');
  await center.switch.command('1002', {type: 'hangup', callId});
  t.is((await caller.done).code, 0);
  t.is((await phone.done).code, 0);
  t.is(center.sink.calls.get(callId)?.agent, '1002', 'the call went to the signed-in agent');
});
