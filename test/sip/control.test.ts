// The /control channel: authentication, errors that name the problem and change nothing,
// read-only supervisors with masked numbers, junk and oversize frames, reconnect.
import test from 'ava';
import WebSocket from 'ws';
import {Seat, centerFor, freePort, registerPhones, sipp, tempDir, testConfig} from './helpers.ts';

test('sign-in: wrong PIN and unknown agent refused; commands before hello refused', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 2));
  const bad = await Seat.open(t, center, '1001', {pin: '9999'});
  t.like(bad.messages[0], {type: 'error', code: 'auth'});
  t.like(await bad.command({type: 'set-state', state: 'ready'}), {type: 'error', code: 'not-authenticated'});
  const ghost = await Seat.open(t, center, '4242');
  t.like(ghost.messages[0], {type: 'error', code: 'auth'});
  t.is(center.switch.acd.snapshot('1001').state, 'offline');
  const notLead = await Seat.open(t, center, '1001', {role: 'supervisor'});
  t.like(notLead.messages[0], {type: 'error', code: 'auth'}, 'only leads get a wallboard');
});

test('invalid and unauthorized commands get an error naming the problem and change nothing', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 2));
  const seat = await Seat.open(t, center, '1001');
  t.like(seat.messages[0], {type: 'welcome', agent: '1001', role: 'agent', phoneMode: 'auto-answer', trainee: false});
  const before = center.switch.acd.snapshot('1001');
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{type: 'set-state', state: 'asleep'}, 'bad-message', /state/],
    [{type: 'teleport'}, 'bad-message', /type/],
    [{type: 'accept'}, 'bad-message', /callId/],
    [{type: 'accept', callId: 'nope'}, 'unknown-call', /nope/],
    [{type: 'hold', callId: 'nope'}, 'unknown-call', /nope/],
    [{type: 'hangup', callId: 'nope'}, 'unknown-call', /nope/],
    [{type: 'transfer', callId: 'nope', target: {kind: 'agent', value: '1002'}}, 'unknown-call', /nope/],
    [{type: 'wrapup-done'}, 'bad-state', /after-call work/],
    [{type: 'callback', number: 'abc'}, 'bad-message', /number/],
  ];
  for (const [command, code, text] of cases) {
    const reply = await seat.command(command);
    t.is(reply.type, 'error', JSON.stringify(command));
    if (reply.type === 'error') {
      t.is(reply.code, code, JSON.stringify(command));
      t.regex(reply.message, text);
    }
  }
  // Frames that are not even messages.
  seat.ws.send('{not json');
  t.like(await seat.wait(m => m.type === 'error'), {code: 'bad-message', message: 'not JSON'});
  seat.ws.send(Buffer.from([1, 2, 3]), {binary: true});
  t.like(await seat.wait(m => m.type === 'error'), {code: 'bad-message'});
  seat.ws.send(JSON.stringify({type: 'ping', pad: 'x'.repeat(20_000)}));
  t.like(await seat.wait(m => m.type === 'error'), {code: 'too-large'});
  t.like(await seat.command({type: 'hello', role: 'agent', agent: '1002', pin: '1234'}), {type: 'error', code: 'already-authenticated'});
  t.deepEqual(center.switch.acd.snapshot('1001'), before);
  t.like(await seat.command({type: 'ping'}), {type: 'pong'} as never);
  t.is(seat.ws.readyState, WebSocket.OPEN, 'junk never closes a signed-in seat');
});

test('a supervisor sees every seat and masked callers (R-36) and cannot send commands', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 2));
  const phonePort = await freePort();
  sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 1});
  t.is((await registerPhones(t, center, ['1001'], phonePort)).code, 0);
  const sup = await Seat.open(t, center, '9001', {role: 'supervisor'});
  const welcome = sup.messages[0]!;
  t.true(welcome.type === 'welcome' && welcome.role === 'supervisor' && welcome.seats.length === 3);
  const seat = await Seat.open(t, center, '1001');
  await seat.command({type: 'set-state', state: 'ready'});
  const caller = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345', pauseMs: 100});
  const seen = await sup.next(m => m.type === 'offered') as {caller: string; callId: string};
  const real = await seat.next(m => m.type === 'offered') as {caller: string};
  t.regex(real.caller, /^13900001$/);
  t.is(seen.caller, '139*0001', 'masked for the wallboard');
  for (const command of [{type: 'accept', callId: seen.callId}, {type: 'set-state', state: 'break'}, {type: 'hangup', callId: seen.callId}]) {
    t.like(await sup.command(command), {type: 'error', code: 'read-only'});
  }
  t.is(center.switch.acd.snapshot('1001').state, 'offered', 'nothing changed');
  t.like(await sup.command({type: 'ping'}), {type: 'pong'} as never);
  await seat.command({type: 'accept', callId: seen.callId});
  await sup.next(m => m.type === 'answered');
  await sup.next(m => m.type === 'ended');
  t.is((await caller.done).code, 0);
});

test('a seat that reconnects gets its state and live call back; the call stays up', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 1));
  const phonePort = await freePort();
  sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 1});
  t.is((await registerPhones(t, center, ['1001'], phonePort)).code, 0);
  const seat = await Seat.open(t, center, '1001');
  seat.acceptOffers();
  await seat.command({type: 'set-state', state: 'ready'});
  const caller = sipp(t, {scenario: 'switch-caller-waitbye.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345'});
  const answered = await seat.next(m => m.type === 'answered') as {callId: string};
  seat.ws.terminate();
  await new Promise(r => setTimeout(r, 100));
  t.is(center.switch.acd.snapshot('1001').state, 'on-call');
  const again = await Seat.open(t, center, '1001');
  const welcome = again.messages[0]!;
  t.true(welcome.type === 'welcome' && welcome.seats[0]!.state === 'on-call' && welcome.seats[0]!.callId === answered.callId);
  t.like(await again.next(m => m.type === 'offered'), {callId: answered.callId, caller: '13900001'});
  t.like(await again.next(m => m.type === 'answered'), {callId: answered.callId});
  t.like(await again.command({type: 'hangup', callId: answered.callId}), {type: 'ack'});
  t.is((await caller.done).code, 0);
});

test('a token issued by the server signs in a supervisor (SSH gateway path)', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 1));
  const token = center.auth.issueToken({agent: '9001', name: 'lead', team: 'a', role: 'supervisor'});
  const sup = new Seat(center.addresses.controlUrl);
  t.teardown(() => sup.ws.terminate());
  await new Promise(r => sup.ws.once('open', r));
  sup.send({type: 'hello', role: 'supervisor', token});
  t.like(await sup.next(m => m.type === 'welcome'), {role: 'supervisor'});
  const agentTry = new Seat(center.addresses.controlUrl);
  t.teardown(() => agentTry.ws.terminate());
  await new Promise(r => agentTry.ws.once('open', r));
  agentTry.send({type: 'hello', role: 'agent', token});
  t.like(await agentTry.next(m => m.type === 'error'), {code: 'auth'}, 'a supervisor token is no seat');
});
