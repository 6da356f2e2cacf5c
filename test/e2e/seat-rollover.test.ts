// The seat's records across the center's midnight (injected clock, real hub): the day file
// starts the new day (the previous one kept beside it, a call still in progress carried
// over), notes on a call that arrived before midnight go to the previous day's call record,
// the handover goes to the new day's document.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {defaultPolicy} from '../../src/rules/config.ts';
import {CallLog} from '../../src/sync/call-log.ts';
import {HandoverLog} from '../../src/sync/handover-log.ts';
import {LocalRecords} from '../../src/client/seat-records.ts';
import {seatSink} from '../../src/client/seat-sync.ts';
import {DEMO_PIN, startHub, tempDir, until} from '../sync/helpers.ts';

test('the seat rolls over at midnight: new day file and documents, yesterday\'s call still annotated where it is filed', async t => {
  const {hub, url} = await startHub(t);
  const dir = await tempDir(t);
  let clock = Date.UTC(2026, 10, 23, 15, 58); // 23:58 in Shanghai (policy UTC+8)
  const file = path.join(dir, 'seat-1001.json');
  const records = new LocalRecords({file, day: '2026-11-23'});
  const sink = await seatSink({hubUrl: url.replace(/\/sync$/, ''), agent: '1001', pin: DEMO_PIN, team: 'a', day: '2026-11-23', dir, records, policy: defaultPolicy(), clock: () => clock, checkEveryMs: 0});
  t.teardown(() => sink.close());
  records.attach(sink);
  const yesterday = new CallLog(await hub.openDoc('calls/a/2026-11-23'), {onIssue: () => {}});
  t.teardown(() => hub.release('calls/a/2026-11-23'));
  // One call done before midnight, one still on the line at midnight.
  yesterday.writeFacts({callId: 'done', direction: 'inbound', caller: '13800000001', queue: 'main', team: 'a', arrivedAt: clock});
  yesterday.writeFacts({callId: 'late', direction: 'inbound', caller: '13800000002', queue: 'main', team: 'a', arrivedAt: clock + 60_000});
  records.seen('done', {caller: '13800000001', queue: 'main', answeredAt: clock, endedAt: clock + 30_000});
  records.seen('late', {caller: '13800000002', queue: 'main', answeredAt: clock + 65_000});
  await until(() => sink.store.calls.has('late') && records.sync().kind === 'synced', 5000, 'synced before midnight');

  clock = Date.UTC(2026, 10, 23, 16, 0, 10); // 00:00:10 on the 24th
  t.true(await sink.days.check());
  t.is(records.day(), '2026-11-24');
  t.is(sink.store.day, '2026-11-24');
  t.deepEqual(records.calls().map(c => c.callId), ['late'], 'the call in progress carries over');
  const kept = JSON.parse(fs.readFileSync(path.join(dir, 'seat-1001.2026-11-23.json'), 'utf8')) as {day: string; calls: unknown[]};
  t.is(kept.day, '2026-11-23');
  t.is(kept.calls.length, 2, 'yesterday\'s day file is kept');

  // The call ends after midnight; its notes land in the record the switch filed it under.
  records.seen('late', {endedAt: clock + 20_000});
  records.annotate('late', {what: '跨午夜的来电', disposition: 'resolved'});
  await until(() => yesterday.get('late')?.seat.notes?.what === '跨午夜的来电', 5000, 'the note in yesterday\'s record at the hub');
  t.false(sink.store.calls.has('late'), 'not a stray record in the new day');

  records.setHandover('夜班交接');
  records.submitHandover();
  const today = new HandoverLog(await hub.openDoc('handover/a/2026-11-24'), {onIssue: () => {}});
  t.teardown(() => hub.release('handover/a/2026-11-24'));
  await until(() => today.list().some(e => e.item.text === '夜班交接'), 5000, 'the handover in the new day');
  await until(() => records.sync().kind === 'synced', 5000, 'synced after midnight');
});
