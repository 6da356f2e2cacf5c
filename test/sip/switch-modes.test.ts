// Handset phones (ring at the offer, answered on the phone, CANCEL on RONA), blind transfer to a
// queue and to an outside number, and the R-08 outbound callback (agent phone first, then the
// customer) over real SIP.
import test from 'ava';
import type {ZuoxiConfig} from '../../src/config.ts';
import {Seat, centerFor, freePort, registerPhones, sipp, tempDir, testConfig} from './helpers.ts';

function handset(config: ZuoxiConfig, ...ids: string[]): ZuoxiConfig {
  for (const agent of config.agents) if (ids.includes(agent.id)) agent.phone.mode = 'handset';
  return config;
}

test('handset mode: the phone rings at the offer and is answered on the phone; the seat mirrors it', async t => {
  const center = await centerFor(t, handset(testConfig(tempDir(t), 1), '1001'));
  const phonePort = await freePort();
  const phone = sipp(t, {scenario: 'switch-phone-handset.xml', port: phonePort, calls: 1, pauseMs: 300});
  t.is((await registerPhones(t, center, ['1001'], phonePort)).code, 0);
  const seat = await Seat.open(t, center, '1001');
  t.like(seat.messages[0], {type: 'welcome', phoneMode: 'handset'});
  await seat.command({type: 'set-state', state: 'ready'});
  const caller = sipp(t, {scenario: 'switch-caller-waitbye.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345'});
  const offered = await seat.next(m => m.type === 'offered') as {callId: string};
  t.like(await seat.command({type: 'accept', callId: offered.callId}), {type: 'error', code: 'handset'});
  t.like(await seat.next(m => m.type === 'answered'), {callId: offered.callId, agent: '1001'});
  t.like(await seat.command({type: 'hangup', callId: offered.callId}), {type: 'ack'});
  t.is((await caller.done).code, 0);
  t.is((await phone.done).code, 0);
});

test('handset RONA: the ringing phone is cancelled, the call goes back to the head of the queue', async t => {
  const center = await centerFor(t, handset(testConfig(tempDir(t), 2, {ringPeriodSeconds: 0.3, noAnswerSeconds: 0.8}), '1001'));
  const phonePort = await freePort();
  const phone = sipp(t, {scenario: 'switch-phone-noanswer.xml', port: phonePort, calls: 1});
  t.is((await registerPhones(t, center, ['1001'], phonePort)).code, 0);
  const seat = await Seat.open(t, center, '1001');
  await seat.command({type: 'set-state', state: 'ready'});
  const caller = sipp(t, {scenario: 'switch-caller-cancel.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345', pauseMs: 2000});
  const offered = await seat.next(m => m.type === 'offered') as {callId: string};
  t.like(await seat.next(m => m.type === 'ended'), {callId: offered.callId, reason: 'rona'});
  const run = await phone.done;
  t.is(run.code, 0, `the phone saw no CANCEL: ${run.stderr}`);
  t.is(center.switch.acd.call(offered.callId)?.phase, 'queued');
  t.is((await caller.done).code, 0);
  const facts = await center.sink.waitFor(f => f.callId === offered.callId && f.endedAt !== undefined);
  t.like(facts, {endReason: 'abandoned', ronaAgents: ['1001']});
});

test('blind transfer to a queue and to an outside number', async t => {
  const trunkPort = await freePort();
  const center = await centerFor(t, testConfig(tempDir(t), 2, {}, {queues: [
    {id: 'main', name: '综合咨询', number: '12345', team: 'a'},
    {id: 'tax', name: '税务', number: '12366', team: 'a'},
  ]}), {trunk: `127.0.0.1:${trunkPort}`});
  const phonePort = await freePort();
  sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 2});
  const outside = sipp(t, {scenario: 'switch-customer.xml', port: trunkPort, calls: 1});
  t.is((await registerPhones(t, center, ['1001', '1002'], phonePort)).code, 0);
  const a = await Seat.open(t, center, '1001');
  const b = await Seat.open(t, center, '1002');
  for (const seat of [a, b]) seat.acceptOffers();
  await a.command({type: 'set-state', state: 'ready'});
  const caller = sipp(t, {scenario: 'switch-caller-reinvites.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345'});
  const answered = await a.next(m => m.type === 'answered') as {callId: string};
  t.like(await a.command({type: 'transfer', callId: answered.callId, target: {kind: 'queue', value: 'nope'}}), {type: 'error', code: 'unknown-queue'});
  t.like(await a.command({type: 'transfer', callId: answered.callId, target: {kind: 'queue', value: 'tax'}}), {type: 'ack'});
  await b.command({type: 'set-state', state: 'ready'});
  t.like(await b.next(m => m.type === 'offered', 'offer from the tax queue'), {callId: answered.callId, queue: 'tax'});
  t.like(await b.next(m => m.type === 'answered', 'second agent answers'), {callId: answered.callId});
  t.like(await b.command({type: 'transfer', callId: answered.callId, target: {kind: 'number', value: '95566'}}), {type: 'ack'});
  await b.next(m => m.type === 'seat' && m.seat.state === 'acw', 'second agent in ACW');
  // Caller and outside number now talk without an agent; closing the center hangs both up (BYE).
  await center.close();
  t.is((await outside.done).code, 0, 'the outside number was called and bridged');
  t.is((await caller.done).code, 0, 'the caller was re-bridged twice and hung up cleanly');
  const facts = center.sink.calls.get(answered.callId)!;
  t.deepEqual(facts.transfers.map(x => [x.kind, x.to, x.ok]), [['queue', 'tax', true], ['number', '95566', true]]);
  t.is(facts.agent, '1001', 'R-14: the owner stays');
});

test('callback: the agent phone first, then the customer; bridged; the agent hangs up', async t => {
  const trunkPort = await freePort();
  const center = await centerFor(t, testConfig(tempDir(t), 1), {trunk: `127.0.0.1:${trunkPort}`});
  const phonePort = await freePort();
  const phone = sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 1});
  const customer = sipp(t, {scenario: 'switch-customer.xml', port: trunkPort, calls: 1});
  t.is((await registerPhones(t, center, ['1001'], phonePort)).code, 0);
  const seat = await Seat.open(t, center, '1001');
  t.like(await seat.command({type: 'callback', number: '13812345678'}), {type: 'ack'});
  const offered = await seat.next(m => m.type === 'offered') as {callId: string; direction: string; caller: string};
  t.like(offered, {direction: 'outbound', caller: '13812345678'});
  t.like(await seat.next(m => m.type === 'answered'), {callId: offered.callId});
  t.like(await seat.command({type: 'callback', number: '13812345678'}), {type: 'error', code: 'busy'});
  t.like(await seat.command({type: 'hangup', callId: offered.callId}), {type: 'ack'});
  t.is((await phone.done).code, 0);
  t.is((await customer.done).code, 0);
  const facts = await center.sink.waitFor(f => f.callId === offered.callId && f.endedAt !== undefined);
  t.like(facts, {direction: 'outbound', caller: '13812345678', agent: '1001', hungUpBy: 'agent'});
});
