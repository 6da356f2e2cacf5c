// Queue policy end to end over loopback: sipp callers against the real switch (embedded engine).
// A caller past max wait gets the configured final response at the configured second (± the ACD
// tick), never a 408 from a timer; a full queue refuses the next caller; overflow lands in the
// second queue with the wait carried over; a flood of INVITEs that never hang up is let go at max
// wait and later callers are answered.
import test from 'ava';
import {Seat, centerFor, freePort, registerPhones, sipp, tempDir, testConfig, until} from './helpers.ts';

const TOLERANCE_MS = 400; // the machine is shared; the ACD itself wakes at the deadline

const twoQueues = [
  {id: 'main', name: 'Main', number: '12345', team: 'b', priority: 0},
  {id: 'backup', name: 'Backup', number: '12346', team: 'a', priority: 0},
];

test('a caller past max wait gets the configured 503 at the configured second, and the outcome is a fact', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 1, {queueing: {queues: {main: {maxWaitSeconds: 2, onMaxWait: {action: 'reject', status: 503}}}}}));
  const caller = sipp(t, {scenario: 'switch-caller-refused-503.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345'});
  const run = await caller.done;
  t.is(run.code, 0, run.stderr);
  const facts = await center.sink.waitFor(f => f.endReason === 'queue-policy');
  const waited = facts.endedAt! - facts.arrivedAt;
  t.true(waited >= 2000 && waited < 2000 + TOLERANCE_MS, `let go after ${waited} ms`);
  t.like(facts.queueOutcomes![0], {reason: 'max-wait', action: 'reject', status: 503, queue: 'main'});
  t.is(facts.hungUpBy, 'system');
  t.is(center.switch.legCount(), 0);
});

test('max wait with a callback: the caller gets 480 and the call carries the R-08 callback task', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 1, {queueing: {defaults: {maxWaitSeconds: 1}}}));
  const run = await sipp(t, {scenario: 'switch-caller-refused-480.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345'}).done;
  t.is(run.code, 0, run.stderr);
  const facts = await center.sink.waitFor(f => f.endReason === 'queue-policy');
  const outcome = facts.queueOutcomes![0]!;
  t.like(outcome, {reason: 'max-wait', action: 'callback', status: 480});
  t.true(outcome.callback!.due > outcome.callback!.notBefore && outcome.callback!.notBefore > facts.arrivedAt);
});

test('a full queue refuses the next caller with 486; the waiting one stays queued', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 1, {queueing: {queues: {main: {maxLength: 1, onFull: {action: 'reject', status: 486}}}}}));
  const first = sipp(t, {scenario: 'switch-caller-cancel.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345', pauseMs: 2500});
  await center.sink.waitFor(f => f.endedAt === undefined);
  const second = await sipp(t, {scenario: 'switch-caller-refused-486.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345'}).done;
  t.is(second.code, 0, second.stderr);
  const refused = await center.sink.waitFor(f => f.endReason === 'queue-policy');
  t.like(refused.queueOutcomes![0], {reason: 'full', action: 'reject', status: 486});
  t.is((await first.done).code, 0);
  const abandoned = await center.sink.waitFor(f => f.endReason === 'abandoned');
  t.true(abandoned.abandonWaitMs! >= 2000, 'the first caller waited on until it gave up');
});

test('overflow lands in the second queue with its wait carried over, and an agent there answers', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 1, {queueing: {queues: {main: {maxWaitSeconds: 1, onMaxWait: {action: 'overflow', queue: 'backup'}}}}}, {queues: twoQueues}));
  const phonePort = await freePort();
  sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 1});
  t.is((await registerPhones(t, center, ['1001'], phonePort)).code, 0);
  const seat = (await Seat.open(t, center, '1001')).acceptOffers();
  await seat.command({type: 'set-state', state: 'ready'});
  const caller = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345', pauseMs: 200});
  const offered = await seat.next(m => m.type === 'offered', 'offered');
  t.like(offered, {queue: 'backup'});
  t.true(offered.type === 'offered' && offered.waitedMs >= 1000, 'the wait counts from the first queue');
  t.is((await caller.done).code, 0);
  const facts = await center.sink.waitFor(f => f.answeredAt !== undefined && f.endedAt !== undefined);
  t.is(facts.queue, 'backup');
  t.like(facts.queueOutcomes![0], {reason: 'max-wait', action: 'overflow', queue: 'main', to: 'backup'});
  t.true(facts.answeredAt! - facts.arrivedAt >= 1000);
});

test('20 INVITEs that never hang up are let go at max wait; the callers after them are answered', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 3, {queueing: {defaults: {maxWaitSeconds: 3, onMaxWait: {action: 'reject', status: 480}}}}));
  const phonePort = await freePort();
  sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 3});
  t.is((await registerPhones(t, center, ['1001', '1002', '1003'], phonePort)).code, 0);
  const seats = await Promise.all(['1001', '1002', '1003'].map(async id => (await Seat.open(t, center, id)).acceptOffers()));
  const flood = sipp(t, {scenario: 'switch-caller-refused-480.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345', calls: 20, rate: 40});
  await until(() => center.switch.acd.queueStats(Date.now()).waiting === 20, 10_000, 'the flood queued');
  const floodRun = await flood.done;
  t.is(floodRun.code, 0, floodRun.stderr);
  t.is(center.switch.acd.queueStats(Date.now()).waiting, 0, 'the flood is gone once max wait passed');
  for (const seat of seats) await seat.command({type: 'set-state', state: 'ready'});
  const real = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345', calls: 3, rate: 20, pauseMs: 200});
  const realRun = await real.done;
  t.is(realRun.code, 0, realRun.stderr);
  const all = [...center.sink.calls.values()];
  t.is(all.filter(f => f.endReason === 'queue-policy').length, 20);
  t.is(all.filter(f => f.answeredAt !== undefined).length, 3);
  t.false(all.some(f => f.endReason === 'failed'));
});

test('R-19: a caller outside the queue\'s service hours gets 480 (no media) and the team a callback task within 5 working days', async t => {
  // A calendar open only on a weekday that is not today (center time UTC+8): closed now.
  const today = new Date(Date.now() + 8 * 3_600_000).getUTCDay();
  const other = (today + 3) % 7;
  const center = await centerFor(t, testConfig(tempDir(t), 1, {
    calendars: {definitions: {elsewhen: {days: [other], open: '09:00', close: '10:00'}}},
    queueing: {queues: {main: {calendar: 'elsewhen'}}},
  }));
  const run = await sipp(t, {scenario: 'switch-caller-refused-480.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345'}).done;
  t.is(run.code, 0, run.stderr);
  const facts = await center.sink.waitFor(f => f.endReason === 'queue-policy');
  const outcome = facts.queueOutcomes![0]!;
  t.like(outcome, {reason: 'closed', action: 'callback', status: 480});
  t.is(outcome.callback!.promise, 'working_days');
  t.true(outcome.callback!.due - facts.arrivedAt >= 5 * 86_400_000, 'due by the close of the 5th business day');
  t.true(facts.endedAt! - facts.arrivedAt < 1000, 'let go at once, not after a wait');
});
