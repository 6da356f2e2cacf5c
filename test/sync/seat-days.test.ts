// Day rollover with a real hub and an injected clock: a seat up across midnight (center time,
// Asia/Shanghai) opens the new day's documents; the previous day stays readable and open until
// its pending (offline) edit reached the hub, then it is closed.
import test from 'ava';
import {SeatDays} from '../../src/sync/seat-days.ts';
import {CallLog} from '../../src/sync/call-log.ts';
import {dayKey} from '../../src/sync/doc-name.ts';
import {DEMO_PIN, startHub, tempDir, until} from './helpers.ts';

const base = {direction: 'inbound' as const, caller: '13812345678', queue: 'main', team: 'a'};
// 23:59:00 on 2026-11-23 in Shanghai.
const beforeMidnight = Date.UTC(2026, 10, 23, 15, 59);

test('at midnight the seat opens the new day; the previous day stays open until its offline edit is synced', async t => {
  const {hub, url} = await startHub(t);
  let clock = beforeMidnight;
  const days = await SeatDays.open({
    dir: await tempDir(t), team: 'a', hubUrl: url, credentials: {agent: '1001', pin: DEMO_PIN}, maxBackoffMs: 100,
    now: () => clock, dayOf: ms => dayKey(ms, 'Asia/Shanghai'), checkEveryMs: 0, keepPreviousMs: 60_000,
  });
  t.teardown(() => days.close());
  t.is(days.day, '2026-11-23');
  const yesterdayOnHub = new CallLog(await hub.openDoc('calls/a/2026-11-23'));
  t.teardown(() => hub.release('calls/a/2026-11-23'));
  yesterdayOnHub.writeFacts({...base, callId: 'late', arrivedAt: clock + 30_000});
  await until(() => days.store.calls.has('late'), 5000, 'the call reaches the seat');
  t.false(await days.check(), 'no rollover before midnight');

  // The hub goes out of reach; the agent writes notes on the call that arrived before midnight.
  const yesterday = days.store;
  yesterday.disconnect();
  await yesterday.annotate('late', {disposition: 'resolved', dispositionText: 'across midnight'});
  const rolled: string[] = [];
  days.onRollover((day, previous) => rolled.push(`${previous}→${day}`));

  clock = Date.UTC(2026, 10, 23, 16, 0, 30); // 00:00:30 on the 24th
  t.true(await days.check());
  t.deepEqual(rolled, ['2026-11-23→2026-11-24']);
  t.is(days.day, '2026-11-24');
  t.is(days.store.day, '2026-11-24');
  t.deepEqual(days.previousDays, ['2026-11-23']);
  t.is(days.forDay('2026-11-23'), yesterday);
  t.is(days.forDay('2026-11-23')?.calls.get('late')?.seat.dispositionText, 'across midnight', 'yesterday stays readable');
  // Today's documents are the new day's, on the hub too.
  await days.store.whenSynced(5000);
  await days.store.addHandover({id: 'h1', from: '1001', kind: 'note', text: 'new day', due: null, createdAt: clock});
  await days.store.whenSynced(5000);
  t.true(hub.loaded.includes('handover/a/2026-11-24'));
  t.false(await days.check(), 'the same day again: nothing to do');

  // Past the grace period, yesterday still has a pending edit: it stays open.
  clock += 120_000;
  await days.check();
  t.deepEqual(days.previousDays, ['2026-11-23']);
  t.is(yesterdayOnHub.get('late')?.seat.dispositionText, undefined);
  // The hub is back: the edit reaches yesterday's document there, and yesterday is closed.
  yesterday.reconnect();
  await until(() => days.previousDays.length === 0, 5000, 'yesterday released once synced');
  t.is(yesterdayOnHub.get('late')?.seat.dispositionText, 'across midnight');
  t.is(days.forDay('2026-11-23'), undefined);
  t.is(days.stores().length, 1);
});

test('a clock set back does not roll the day backwards; within the grace period a synced previous day stays open', async t => {
  let clock = Date.UTC(2026, 10, 23, 16, 0, 30);
  const days = await SeatDays.open({dir: await tempDir(t), team: 'a', now: () => clock, dayOf: ms => dayKey(ms, 'Asia/Shanghai'), checkEveryMs: 0, keepPreviousMs: 60_000});
  t.teardown(() => days.close());
  t.is(days.day, '2026-11-24');
  clock = beforeMidnight;
  t.false(await days.check());
  t.is(days.day, '2026-11-24');
  clock = Date.UTC(2026, 10, 24, 16, 0, 0);
  t.true(await days.check());
  t.deepEqual(days.previousDays, ['2026-11-24'], 'offline without edits, but within the grace period');
  clock += 61_000;
  await days.check();
  t.deepEqual(days.previousDays, []);
  t.is(days.day, '2026-11-25');
});
