// The call scenarios the switch must pass end to end over loopback — sipp phones register with
// digest auth, sipp callers dial the queue number, ws seats accept on /control — shared by the
// embedded-engine run (switch-calls.test.ts) and the external drachtio run (switch-external.test.ts).
import type {ExecutionContext} from 'ava';
import type {ZuoxiConfig} from '../../src/config.ts';
import {Seat, freePort, registerPhones, sipp, tempDir, testConfig, type TestCenter} from './helpers.ts';

export type StartCenter = (t: ExecutionContext, config: ZuoxiConfig) => Promise<TestCenter>;

export const callScenarios: Array<[string, (t: ExecutionContext, start: StartCenter) => Promise<void>]> = [
  ['a call: queued, offered, accepted, auto-answered, caller hangs up first, ACW then Ready', async (t, start) => {
    const center = await start(t, testConfig(tempDir(t), 2));
    const phonePort = await freePort();
    const phone = sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 1});
    const reg = await registerPhones(t, center, ['1001', '1002'], phonePort);
    t.is(reg.code, 0, reg.stderr);
    const seat = await Seat.open(t, center, '1001');
    const welcome = seat.messages[0]!;
    t.is(welcome.type, 'welcome');
    t.true(welcome.type === 'welcome' && welcome.seats[0]!.phoneRegistered, 'registration visible in the snapshot');
    t.like(await seat.command({type: 'set-state', state: 'ready'}), {type: 'ack'});

    const caller = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345', pauseMs: 300});
    const offered = await seat.next(m => m.type === 'offered', 'offered');
    t.true(offered.type === 'offered' && offered.caller.startsWith('1390000'));
    if (offered.type !== 'offered') return;
    t.like(await seat.command({type: 'accept', callId: offered.callId}), {type: 'ack'});
    const answered = await seat.next(m => m.type === 'answered', 'answered');
    t.like(answered, {type: 'answered', callId: offered.callId, agent: '1001', rings: 1, late: false});
    const ended = await seat.next(m => m.type === 'ended', 'ended');
    t.like(ended, {by: 'caller', reason: 'hangup'});
    const run = await caller.done;
    t.is(run.code, 0, run.stderr);
    t.is((await phone.done).code, 0);
    const facts = await center.sink.waitFor(f => f.callId === offered.callId && f.wrapEndedAt !== undefined);
    t.like(facts, {direction: 'inbound', queue: 'main', agent: '1001', team: 'a', hungUpBy: 'caller', endReason: 'hangup', rings: 1, lateAnswer: false});
    t.true(facts.answeredAt! >= facts.offeredAt! && facts.endedAt! >= facts.answeredAt!);
    await seat.next(m => m.type === 'seat' && m.seat.state === 'ready' && m.seat.callsToday === 1, 'ready after ACW');
  }],

  ['agent hangs up first: flagged by R-07 (hungUpBy agent); silent release is recorded as silent', async (t, start) => {
    const center = await start(t, testConfig(tempDir(t), 1));
    const phonePort = await freePort();
    sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 2});
    t.is((await registerPhones(t, center, ['1001'], phonePort)).code, 0);
    const seat = await Seat.open(t, center, '1001');
    seat.acceptOffers();
    await seat.command({type: 'set-state', state: 'ready'});
    const caller = sipp(t, {scenario: 'switch-caller-waitbye.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345', calls: 2, rate: 1});
    const first = await seat.next(m => m.type === 'answered', 'first answer');
    t.like(await seat.command({type: 'hangup', callId: (first as {callId: string}).callId}), {type: 'ack'});
    t.like(await seat.next(m => m.type === 'ended'), {by: 'agent', reason: 'hangup'});
    const second = await seat.wait(m => m.type === 'answered', 'second answer');
    t.like(await seat.command({type: 'hangup', callId: (second as {callId: string}).callId, silent: true}), {type: 'ack'});
    const run = await caller.done;
    t.is(run.code, 0, run.stderr);
    const a = await center.sink.waitFor(f => f.callId === (first as {callId: string}).callId && f.endedAt !== undefined);
    const b = await center.sink.waitFor(f => f.callId === (second as {callId: string}).callId && f.endedAt !== undefined);
    t.like(a, {hungUpBy: 'agent', endReason: 'hangup'});
    t.like(b, {hungUpBy: 'agent', endReason: 'silent'});
  }],

  ['caller hangs up while queued: abandoned with its wait', async (t, start) => {
    const center = await start(t, testConfig(tempDir(t), 1));
    const sup = await Seat.open(t, center, '9001', {role: 'supervisor'});
    const caller = sipp(t, {scenario: 'switch-caller-cancel.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345', pauseMs: 400});
    const run = await caller.done;
    t.is(run.code, 0, run.stderr);
    const facts = await center.sink.waitFor(f => f.endReason === 'abandoned');
    t.true(facts.abandonWaitMs! >= 350 && facts.abandonWaitMs! < 5000, `waited ${facts.abandonWaitMs}`);
    t.is(facts.hungUpBy, 'caller');
    const stats = await sup.next(m => m.type === 'queue' && m.abandoned === 1, 'queue stats with the abandon');
    t.like(stats, {waiting: 0, offered: 1, answered: 0});
    t.is(center.switch.acd.activeCalls(), 0);
  }],

  ['RONA: the seat does not accept in time → requeued at the head, agent Not Ready(rona), the next agent takes it', async (t, start) => {
    const center = await start(t, testConfig(tempDir(t), 2, {ringPeriodSeconds: 0.3, noAnswerSeconds: 1}));
    const phonePort = await freePort();
    sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 1});
    t.is((await registerPhones(t, center, ['1001', '1002'], phonePort)).code, 0);
    const lazy = await Seat.open(t, center, '1001');
    await lazy.command({type: 'set-state', state: 'ready'});
    const caller = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345', pauseMs: 200});
    const offered = await lazy.next(m => m.type === 'offered');
    await lazy.next(m => m.type === 'ring' && m.rings === 3, 'ring ticks 2, 3');
    t.like(await lazy.next(m => m.type === 'ended', 'rona'), {reason: 'rona', by: 'system'});
    await lazy.next(m => m.type === 'seat' && m.seat.state === 'not-ready' && m.seat.reason === 'rona', 'not ready (rona)');
    const busy = await Seat.open(t, center, '1002');
    busy.acceptOffers();
    await busy.command({type: 'set-state', state: 'ready'});
    t.like(await busy.next(m => m.type === 'answered'), {callId: (offered as {callId: string}).callId});
    t.is((await caller.done).code, 0);
    const facts = await center.sink.waitFor(f => f.callId === (offered as {callId: string}).callId && f.endedAt !== undefined);
    t.deepEqual(facts.ronaAgents, ['1001']);
    t.is(facts.agent, '1002');
  }],

  ['hold and resume: the caller sees a=sendonly then a=sendrecv; hold times recorded', async (t, start) => {
    const center = await start(t, testConfig(tempDir(t), 1));
    const phonePort = await freePort();
    sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 1});
    t.is((await registerPhones(t, center, ['1001'], phonePort)).code, 0);
    const seat = await Seat.open(t, center, '1001');
    seat.acceptOffers();
    await seat.command({type: 'set-state', state: 'ready'});
    const caller = sipp(t, {scenario: 'switch-caller-hold.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345'});
    const answered = await seat.next(m => m.type === 'answered') as {callId: string};
    // Two holds at once: the second would collide with the first re-INVITE, so it is refused.
    const [first, second] = await Promise.all([seat.command({type: 'hold', callId: answered.callId}), seat.command({type: 'hold', callId: answered.callId})]);
    t.like(first, {type: 'ack'});
    t.like(second, {type: 'error', code: 'busy'});
    t.like(await seat.next(m => m.type === 'held'), {callId: answered.callId});
    t.like(await seat.command({type: 'hold', callId: answered.callId}), {type: 'error', code: 'bad-state'});
    t.like(await seat.command({type: 'resume', callId: answered.callId}), {type: 'ack'});
    t.like(await seat.command({type: 'hangup', callId: answered.callId}), {type: 'ack'});
    const run = await caller.done;
    t.is(run.code, 0, `caller scenario failed (sendonly/sendrecv check?): ${run.stderr}`);
    const facts = await center.sink.waitFor(f => f.callId === answered.callId && f.endedAt !== undefined);
    t.is(facts.holds.length, 1);
    t.true(facts.holds[0]!.end! >= facts.holds[0]!.start);
  }],

  ['blind transfer to another agent: the first phone is released, the caller is re-bridged', async (t, start) => {
    const center = await start(t, testConfig(tempDir(t), 2));
    const phonePort = await freePort();
    const phones = sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 2});
    t.is((await registerPhones(t, center, ['1001', '1002'], phonePort)).code, 0);
    const a = await Seat.open(t, center, '1001');
    const b = await Seat.open(t, center, '1002');
    for (const seat of [a, b]) seat.acceptOffers();
    await a.command({type: 'set-state', state: 'ready'});
    const caller = sipp(t, {scenario: 'switch-caller-transfer.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345'});
    const answered = await a.next(m => m.type === 'answered') as {callId: string};
    t.like(await a.command({type: 'transfer', callId: answered.callId, target: {kind: 'agent', value: '1002'}}), {type: 'error', code: 'unavailable'});
    await b.command({type: 'set-state', state: 'ready'});
    t.like(await a.command({type: 'transfer', callId: answered.callId, target: {kind: 'agent', value: '1002'}}), {type: 'ack'});
    t.like(await a.next(m => m.type === 'transferred'), {ok: true, target: {kind: 'agent', value: '1002'}});
    t.like(await b.next(m => m.type === 'answered'), {callId: answered.callId, agent: '1002'});
    t.like(await b.command({type: 'hangup', callId: answered.callId}), {type: 'ack'});
    t.is((await caller.done).code, 0);
    t.is((await phones.done).code, 0);
    const facts = await center.sink.waitFor(f => f.callId === answered.callId && f.endedAt !== undefined);
    t.like(facts, {agent: '1001', hungUpBy: 'agent'});
    t.deepEqual(facts.transfers.map(x => [x.kind, x.to, x.ok]), [['agent', '1002', true]]);
  }],
];
