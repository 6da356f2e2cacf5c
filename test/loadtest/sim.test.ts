// The simulated phones and callers against sipp, an independent SIP implementation, over
// loopback UDP: digest registration, auto-answer, hold mirrored, BYE, a caller's full call,
// a caller's CANCEL after its patience, and its INVITE transaction's timers.
import dgram from 'node:dgram';
import test from 'ava';
import {CallerSim} from '../../src/loadtest/sim/callers.ts';
import {PhoneFarm} from '../../src/loadtest/sim/phones.ts';
import {freePort} from '../helpers/ports.ts';
import {fixture, sipp} from './sipp.ts';

const waitFor = <T>(emitter: PhoneFarm, event: 'held' | 'resumed' | 'ended' | 'answered' | 'invite', timeoutMs = 10_000) => new Promise<T>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
  emitter.once(event, (value: unknown) => {
    clearTimeout(timer);
    resolve(value as T);
  });
});

test('a phone registers with digest auth against sipp, auto-answers, mirrors hold and answers BYE', async t => {
  const registrarPort = await freePort();
  const registrar = sipp(t, ['-sf', fixture('sim-registrar.xml'), '-i', '127.0.0.1', '-p', String(registrarPort), '-m', '1']);
  await new Promise(resolve => setTimeout(resolve, 300)); // sipp binds its socket
  const farm = await PhoneFarm.start({server: {host: '127.0.0.1', port: registrarPort}, domain: 'zuoxi.local', phones: [{user: '1001', password: 'pw-1001'}]});
  t.teardown(() => farm.close());
  const registered = await farm.registerAll();
  t.deepEqual(registered, {ok: 1, failed: []});
  t.true(farm.isRegistered('1001'));
  const reg = await registrar.done;
  t.is(reg.code, 0, reg.output);

  const invited = waitFor<{auto: boolean}>(farm, 'invite');
  const held = waitFor(farm, 'held');
  const ended = waitFor<{by: string}>(farm, 'ended');
  const switchPort = await freePort();
  const caller = sipp(t, [`127.0.0.1:${farm.endpoint.address.port}`, '-sf', fixture('sim-call-phone.xml'), '-i', '127.0.0.1', '-p', String(switchPort), '-s', '1001', '-m', '1']);
  t.true((await invited).auto);
  await held;
  t.is((await ended).by, 'switch');
  const call = await caller.done;
  t.is(call.code, 0, call.output);
  t.is(farm.counters.autoAnswered, 1);
  t.is(farm.counters.failures, 0);
});

test('a wrong phone password is refused and counted as a failure', async t => {
  const registrarPort = await freePort();
  const registrar = sipp(t, ['-sf', fixture('sim-registrar.xml'), '-i', '127.0.0.1', '-p', String(registrarPort), '-m', '1']);
  await new Promise(resolve => setTimeout(resolve, 300));
  const farm = await PhoneFarm.start({server: {host: '127.0.0.1', port: registrarPort}, phones: [{user: '1001', password: 'wrong'}]});
  t.teardown(() => farm.close());
  t.deepEqual(await farm.registerAll(), {ok: 0, failed: ['1001']});
  t.is(farm.counters.registerFailures, 1);
  t.regex(farm.failures[0].what, /403/);
  await registrar.done;
});

test('a caller is answered, held, talks and hangs up first', async t => {
  const switchPort = await freePort();
  const uas = sipp(t, ['-sf', fixture('sim-answer-caller.xml'), '-i', '127.0.0.1', '-p', String(switchPort), '-m', '1']);
  await new Promise(resolve => setTimeout(resolve, 300));
  const callers = await CallerSim.start({server: {host: '127.0.0.1', port: switchPort}});
  t.teardown(() => callers.close());
  const result = await callers.call({from: '13900000001', talkMs: 500, patienceMs: 5000});
  t.is(result.outcome, 'completed');
  t.is(result.endedBy, 'caller');
  t.is(result.holds, 1);
  t.truthy(result.ringingAt);
  t.true(result.answeredAt! >= result.inviteAt);
  const done = await uas.done;
  t.is(done.code, 0, done.output);
});

test('a caller whose patience runs out CANCELs: abandoned', async t => {
  const switchPort = await freePort();
  const uas = sipp(t, ['-sf', fixture('sim-ring-caller.xml'), '-i', '127.0.0.1', '-p', String(switchPort), '-m', '1']);
  await new Promise(resolve => setTimeout(resolve, 300));
  const callers = await CallerSim.start({server: {host: '127.0.0.1', port: switchPort}});
  t.teardown(() => callers.close());
  const result = await callers.call({from: '13900000002', talkMs: 500, patienceMs: 400});
  t.is(result.outcome, 'abandoned');
  t.is(result.status, 487);
  t.true(result.endedAt - result.inviteAt >= 400);
  const done = await uas.done;
  t.is(done.code, 0, done.output);
});

// Issue 14: timers shortened (T1 20 ms, so timer B is 1.28 s) to show what a caller does past it.
const shortTimers = {t1: 20};

test('after a 180 the caller stays in Proceeding past timer B and CANCELs at its patience, not 408', async t => {
  const switchPort = await freePort();
  const uas = sipp(t, ['-sf', fixture('sim-ring-caller.xml'), '-i', '127.0.0.1', '-p', String(switchPort), '-m', '1']);
  await new Promise(resolve => setTimeout(resolve, 300));
  const callers = await CallerSim.start({server: {host: '127.0.0.1', port: switchPort}, timers: shortTimers});
  t.teardown(() => callers.close());
  const patienceMs = 2500; // about twice timer B
  const result = await callers.call({from: '13900000003', talkMs: 500, patienceMs});
  t.is(result.outcome, 'abandoned');
  t.is(result.status, 487);
  t.is(result.queue.kind, 'abandoned');
  t.true(result.endedAt - result.inviteAt >= patienceMs, `ended after ${result.endedAt - result.inviteAt} ms`);
  t.true(result.queue.waitedMs >= patienceMs);
  t.truthy(result.ringingAt);
  t.is(callers.endpoint.counters.timeouts, 0);
  const done = await uas.done;
  t.is(done.code, 0, done.output);
});

test('a CANCEL whose INVITE never gets a final response is given up 64·T1 later as an abandon', async t => {
  const switchPort = await freePort();
  const uas = sipp(t, ['-sf', fixture('sim-ring-no-final.xml'), '-i', '127.0.0.1', '-p', String(switchPort), '-m', '1']);
  await new Promise(resolve => setTimeout(resolve, 300));
  const callers = await CallerSim.start({server: {host: '127.0.0.1', port: switchPort}, timers: shortTimers});
  t.teardown(() => callers.close());
  const result = await callers.call({from: '13900000004', talkMs: 500, patienceMs: 400});
  t.is(result.outcome, 'abandoned');
  t.is(result.queue.kind, 'abandoned');
  const after = result.endedAt - result.inviteAt;
  t.true(after >= 400 + 64 * shortTimers.t1 && after < 400 + 64 * shortTimers.t1 + 2000, `ended after ${after} ms`);
  t.is(callers.endpoint.counters.cancelTimeouts, 1);
  const done = await uas.done;
  t.is(done.code, 0, done.output);
});

test('a switch that never answers the INVITE at all: timer B still ends it, as unreached', async t => {
  const silent = dgram.createSocket('udp4');
  await new Promise<void>(resolve => silent.bind(0, '127.0.0.1', () => resolve()));
  t.teardown(() => silent.close());
  const callers = await CallerSim.start({server: {host: '127.0.0.1', port: silent.address().port}, timers: shortTimers});
  t.teardown(() => callers.close());
  const result = await callers.call({from: '13900000005', talkMs: 500, patienceMs: 60_000});
  t.is(result.outcome, 'failed');
  t.is(result.status, 408);
  t.is(result.queue.kind, 'unreached');
  t.true(result.endedAt - result.inviteAt < 5000);
  t.is(callers.endpoint.counters.timeouts, 1);
});
