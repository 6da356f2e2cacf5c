// SeatStore with a real hub over real sockets: three seats and a lead on one day's log, one
// seat offline while editing; after reconnect every replica holds the same records, the lead's
// write was refused and never reached the hub.
import test from 'ava';
import path from 'node:path';
import fs from 'node:fs/promises';
import {SeatStore, type SyncState} from '../../src/sync/seat-store.ts';
import {readLog, RecordKind} from '../../src/sync/update-log.ts';
import {CallLog} from '../../src/sync/call-log.ts';
import {DEMO_PIN, startHub, tempDir, until} from './helpers.ts';

const day = '2026-11-23';
const base = {direction: 'inbound' as const, caller: '13812345678', queue: 'main', team: 'a', arrivedAt: 1_700_000_000_000};

async function seat(t: import('ava').ExecutionContext, url: string, agent: string, dir?: string) {
  const store = await SeatStore.open({dir: dir ?? await tempDir(t), team: 'a', day, hubUrl: url, credentials: {agent, pin: DEMO_PIN}, maxBackoffMs: 100});
  t.teardown(() => store.close());
  return store;
}

test('3 seats and a lead converge; the offline seat catches up; the lead is refused', async t => {
  const {hub, url} = await startHub(t);
  const switchDoc = await hub.openDoc(`calls/a/${day}`);
  const switchLog = new CallLog(switchDoc);
  const seats = await Promise.all(['1001', '1002', '1003'].map(a => seat(t, url, a)));
  const lead = await seat(t, url, '9001');
  await Promise.all(seats.map(s => s.whenSynced(5000)));
  await until(() => lead.readOnlyReason() !== undefined, 5000, 'lead told read-only');

  for (let i = 0; i < 5; i++) switchLog.writeFacts({...base, callId: `c${i}`, arrivedAt: base.arrivedAt + i});
  await until(() => seats[2].calls.size === 5, 5000, 'facts reach seat 3');

  // Seat 3 goes offline and keeps working.
  const states: SyncState[] = [];
  seats[2].onSyncState(s => states.push(s));
  seats[2].disconnect();
  await until(() => seats[2].syncState().kind === 'offline', 5000, 'offline state');
  await seats[2].annotate('c0', {notes: {when: '上午', who: '刘先生', where: '东区', what: '停水', why: '', how: '转供水公司'}, disposition: 'transferred'}, {by: '1003', at: 1});
  await seats[2].annotate('c4', {category: 'dispatch', caller: {surname: '刘', address: '东区3栋', phone: '13700000000'}});
  await seats[2].addHandover({id: 'h-1003-1', from: '1003', kind: 'callback', text: '刘先生停水回电', due: null, createdAt: 2});
  const offline = seats[2].syncState();
  t.is(offline.kind, 'offline');
  t.is(offline.kind === 'offline' ? offline.edits : -1, 3);

  // Meanwhile the others and the switch go on; one edits the same call, other fields.
  await seats[0].annotate('c0', {owner: '1001'});
  await seats[1].annotate('c1', {disposition: 'resolved'});
  switchLog.writeFacts({callId: 'c0', answeredAt: base.arrivedAt + 4000, rings: 1});
  await seats[0].submitWrapup({agent: '1001', at: 3, figures: {answered: 2}, remarks: ''});
  // The lead tries to change a record: refused by the hub.
  await lead.annotate('c1', {disposition: 'other'});

  seats[2].reconnect();
  await Promise.all(seats.map(s => s.whenSynced(10_000)));
  t.true(states.some(s => s.kind === 'synced'));
  await until(() => lead.calls.get('c0')?.seat.notes?.who === '刘先生', 5000, 'lead sees the offline edit');

  const view = (log: CallLog) => JSON.stringify(log.list());
  const expected = view(switchLog);
  for (const s of seats) t.is(view(s.calls), expected);
  const c0 = switchLog.get('c0')!;
  t.is(c0.seat.disposition, 'transferred');
  t.is(c0.seat.owner, '1001');
  t.is(c0.facts?.answeredAt, base.arrivedAt + 4000);
  t.is(switchLog.get('c1')?.seat.disposition, 'resolved');
  t.is(switchLog.get('c4')?.seat.caller?.surname, '刘');
  for (const s of seats) t.deepEqual(s.handover.open().map(i => i.id), ['h-1003-1']);
  for (const s of seats) t.is(s.wrapup.get('1001')?.figures.answered, 2);
  // The hub holds every seat edit and not the lead's.
  const hubCalls = new CallLog(await hub.openDoc(`calls/a/${day}`));
  t.is(hubCalls.get('c1')?.seat.disposition, 'resolved');
  t.is(lead.syncState().kind, 'pending');
  t.regex(lead.readOnlyReason() ?? '', /write refused|read-only/);
  hub.release(`calls/a/${day}`);
  hub.release(`calls/a/${day}`);
});

test('a seat starts offline from its own disk', async t => {
  const dir = await tempDir(t);
  const first = await SeatStore.open({dir, team: 'a', day});
  await first.annotate('x1', {owner: '1001'});
  t.is(first.syncState().kind, 'offline');
  await first.close();

  const second = await SeatStore.open({dir, team: 'a', day});
  t.is(second.calls.get('x1')?.seat.owner, '1001');
  const state = second.syncState();
  t.is(state.kind === 'offline' ? state.edits : -1, 1);
  await second.close();
});

test('a torn tail in the local log is cut off; everything before it loads', async t => {
  const dir = await tempDir(t);
  const store = await SeatStore.open({dir, team: 'a', day});
  await store.annotate('y1', {owner: '1001'});
  await store.annotate('y2', {owner: '1002'});
  await store.close();
  const file = path.join(dir, 'docs', 'calls', 'a', `${day}.ylog`);
  await fs.appendFile(file, Buffer.from([200, 0, 0, 0, 1, 2, 3]));
  const issues: string[] = [];
  const again = await SeatStore.open({dir, team: 'a', day, onIssue: i => issues.push(i.error)});
  t.deepEqual(again.calls.ids().sort(), ['y1', 'y2']);
  t.true(issues.some(e => e.includes('torn')));
  await again.annotate('y3', {owner: '1003'});
  await again.close();
  const third = await SeatStore.open({dir, team: 'a', day});
  t.deepEqual(third.calls.ids().sort(), ['y1', 'y2', 'y3']);
  await third.close();
});

test('a long day compacts the local log and keeps unconfirmed edits pending', async t => {
  const dir = await tempDir(t);
  const store = await SeatStore.open({dir, team: 'a', day, compactAfter: 10});
  for (let i = 0; i < 30; i++) await store.annotate(`z${i}`, {owner: '1001'});
  await store.close();
  const file = path.join(dir, 'docs', 'calls', 'a', `${day}.ylog`);
  // Compaction wrote the folded state first; unconfirmed edits stay as local records after it.
  const {records} = await readLog(file);
  t.is(records[0].kind, RecordKind.remote);
  t.true(records.filter(r => r.kind === RecordKind.local).length >= 1);
  const again = await SeatStore.open({dir, team: 'a', day});
  t.is(again.calls.size, 30);
  const state = again.syncState();
  t.is(state.kind === 'offline' ? state.edits : -1, 30);
  await again.close();
});

test('the seat reconnects by itself when the hub comes back, and its offline edits reach it', async t => {
  const first = await startHub(t);
  const store = await seat(t, first.url, '1001');
  await store.whenSynced(5000);
  await first.hub.close();
  await first.server.close();
  await until(() => store.syncState().kind === 'offline', 5000, 'offline after the hub went away');
  await store.annotate('r1', {disposition: 'callback'});
  const state = store.syncState();
  t.is(state.kind === 'offline' ? state.edits : -1, 1);
  t.true(state.kind === 'offline' && state.since > 0);

  const second = await startHub(t, {port: first.port, dataDir: first.dataDir});
  await store.whenSynced(10_000);
  const onHub = new CallLog(await second.hub.openDoc(`calls/a/${day}`));
  t.is(onHub.get('r1')?.seat.disposition, 'callback');
  second.hub.release(`calls/a/${day}`);
});
