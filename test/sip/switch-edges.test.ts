// Edges over real SIP: the agent hangs up on the phone first, a number that is no queue.
import test from 'ava';
import {Seat, centerFor, freePort, registerPhones, sipp, tempDir, testConfig} from './helpers.ts';

test('the agent hangs up on the phone first: recorded as agent (R-07), the caller gets BYE', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 1));
  const phonePort = await freePort();
  const phone = sipp(t, {scenario: 'switch-phone-hangup.xml', port: phonePort, calls: 1, pauseMs: 200});
  t.is((await registerPhones(t, center, ['1001'], phonePort)).code, 0);
  const seat = await Seat.open(t, center, '1001');
  seat.acceptOffers();
  await seat.command({type: 'set-state', state: 'ready'});
  const caller = sipp(t, {scenario: 'switch-caller-waitbye.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345'});
  const answered = await seat.next(m => m.type === 'answered') as {callId: string};
  t.like(await seat.next(m => m.type === 'ended'), {callId: answered.callId, by: 'agent', reason: 'hangup'});
  t.is((await caller.done).code, 0);
  t.is((await phone.done).code, 0);
  t.like(await center.sink.waitFor(f => f.callId === answered.callId && f.endedAt !== undefined), {hungUpBy: 'agent'});
});

test('a call to a number that is no queue is refused with 404 and never queued', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 1));
  const run = await sipp(t, {scenario: 'switch-caller-404.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '99999'}).done;
  t.is(run.code, 0, run.stderr);
  t.is(center.switch.queueStats().offered, 0);
  t.is(center.switch.acd.activeCalls(), 0);
});

test('caller gives up while the handset rings: the phone is cancelled, abandoned with its wait', async t => {
  const config = testConfig(tempDir(t), 1, {noAnswerSeconds: 30});
  config.agents[0]!.phone.mode = 'handset';
  const center = await centerFor(t, config);
  const phonePort = await freePort();
  const phone = sipp(t, {scenario: 'switch-phone-noanswer.xml', port: phonePort, calls: 1});
  t.is((await registerPhones(t, center, ['1001'], phonePort)).code, 0);
  const seat = await Seat.open(t, center, '1001');
  await seat.command({type: 'set-state', state: 'ready'});
  const caller = sipp(t, {scenario: 'switch-caller-cancel.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345', pauseMs: 500});
  const offered = await seat.next(m => m.type === 'offered') as {callId: string};
  t.like(await seat.next(m => m.type === 'ended'), {callId: offered.callId, by: 'caller', reason: 'abandoned'});
  t.is((await caller.done).code, 0);
  t.is((await phone.done).code, 0, 'the ringing phone got CANCEL');
  const facts = await center.sink.waitFor(f => f.callId === offered.callId && f.endedAt !== undefined);
  t.true(facts.abandonWaitMs! >= 400, `waited ${facts.abandonWaitMs}`);
  await seat.next(m => m.type === 'seat' && m.seat.state === 'ready' && m.seat.since >= facts.endedAt!, 'Ready again');
});

test('an auto-answer phone that never answers: cancelled at the no-answer limit, the call goes to the next agent', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 2, {noAnswerSeconds: 0.8}));
  const deadPort = await freePort();
  const livePort = await freePort();
  const dead = sipp(t, {scenario: 'switch-phone-noanswer.xml', port: deadPort, calls: 1});
  sipp(t, {scenario: 'switch-phone.xml', port: livePort, calls: 1});
  t.is((await registerPhones(t, center, ['1001'], deadPort)).code, 0);
  t.is((await registerPhones(t, center, ['1002'], livePort)).code, 0);
  const first = await Seat.open(t, center, '1001');
  first.acceptOffers();
  await first.command({type: 'set-state', state: 'ready'});
  const caller = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345', pauseMs: 100});
  const offered = await first.next(m => m.type === 'offered') as {callId: string};
  t.like(await first.next(m => m.type === 'ended'), {callId: offered.callId, by: 'system', reason: 'failed'});
  await first.next(m => m.type === 'seat' && m.seat.state === 'not-ready' && m.seat.reason === 'phone-no-answer', 'not ready');
  t.is((await dead.done).code, 0, 'the dead phone got CANCEL');
  const second = await Seat.open(t, center, '1002');
  second.acceptOffers();
  await second.command({type: 'set-state', state: 'ready'});
  t.like(await second.next(m => m.type === 'answered'), {callId: offered.callId});
  t.is((await caller.done).code, 0);
});

test('a re-INVITE from the caller is relayed to the agent phone and its answer back (SDP passes through)', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 1));
  const phonePort = await freePort();
  const phone = sipp(t, {scenario: 'switch-phone-reinvite.xml', port: phonePort, calls: 1});
  t.is((await registerPhones(t, center, ['1001'], phonePort)).code, 0);
  const seat = await Seat.open(t, center, '1001');
  seat.acceptOffers();
  await seat.command({type: 'set-state', state: 'ready'});
  const caller = sipp(t, {scenario: 'switch-caller-reinvite.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345'});
  const run = await caller.done;
  t.is(run.code, 0, `caller: ${run.stderr}`);
  const phoneRun = await phone.done;
  t.is(phoneRun.code, 0, `phone: ${phoneRun.stderr}`);
  t.like(await seat.next(m => m.type === 'ended'), {by: 'caller'});
});
