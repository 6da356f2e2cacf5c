// Fail closed on a full disk, with an injected write error (issue 15): while the log cannot be
// written the hub refuses writes and connections (told why, 1013 so clients retry), serves
// nothing from memory, acknowledges nothing more; once the disk is back the log is reopened,
// what memory held is stored, and writers' pending edits arrive and are acknowledged.
import test from 'ava';
import * as Y from 'yjs';
import {CallLog} from '../../src/sync/call-log.ts';
import {openHubDoc, syncUrl} from '../../src/sync/hub-doc.ts';
import {UpdateLog} from '../../src/sync/update-log.ts';
import type {DocLog, OpenLog} from '../../server/hub/types.ts';
import {DEMO_PIN, startHub, until} from '../sync/helpers.ts';

const day = 'calls/a/2026-11-23';

/** Real logs whose appends fail with ENOSPC while `disk.full` (and stay failed, as a real one does). */
function faultyDisk(): {disk: {full: boolean}; openLog: OpenLog} {
  const disk = {full: false};
  const openLog: OpenLog = async file => {
    const {log, read} = await UpdateLog.open(file);
    let failed: Error | undefined;
    const wrapped: DocLog = {
      file: log.file,
      get records() {
        return log.records;
      },
      append(data, kind) {
        if (disk.full) failed ??= Object.assign(new Error(`update log ${file}: write failed: ENOSPC: no space left on device, write`), {code: 'ENOSPC'});
        return failed ? Promise.reject(failed) : log.append(data, kind);
      },
      flush: () => log.flush(),
      compact: records => (disk.full ? Promise.reject(new Error('ENOSPC')) : log.compact(records)),
      close: () => log.close(),
    };
    return {log: wrapped, read};
  };
  return {disk, openLog};
}

test('an injected write error: writes refused and nothing served while it lasts, all stored after', async t => {
  const {disk, openLog} = faultyDisk();
  const {hub, port, dataDir, logs} = await startHub(t, {openLog, storageRetryMs: 100});
  const url = syncUrl(`ws://127.0.0.1:${port}`);
  const doc = new Y.Doc();
  const refused: string[] = [];
  let durable = 0;
  const seat = openHubDoc(day, doc, {url, agent: '1001', pin: DEMO_PIN}, {
    ack: true, maxBackoffMs: 100,
    onDurable: sv => {
      durable = Math.max(durable, sv.get(doc.clientID) ?? 0);
    },
    onRefused: reason => refused.push(reason),
  });
  const closes: number[] = [];
  seat.on('connection-close', event => {
    if (event) closes.push(event.code);
  });
  t.teardown(() => {
    seat.destroy();
    doc.destroy();
  });
  await until(() => seat.synced, 5000, 'sync');
  const log = new CallLog(doc);
  log.annotate('before', {disposition: 'resolved'});
  await until(() => durable >= Y.getState(doc.store, doc.clientID), 5000, 'first ack');
  const switchDoc = await hub.openDoc(day);
  t.teardown(() => hub.release(day));

  disk.full = true;
  log.annotate('during', {notes: {when: '', who: '', where: '', what: '磁盘满时写的', why: '', how: ''}});
  await until(() => refused.some(r => /cannot store this document now \(disk full\)/.test(r)), 5000, 'the writer is told');
  await until(() => closes.includes(1013), 5000, 'closed with 1013');
  t.deepEqual(hub.storage.unwritable, [day]);
  t.true(hub.prometheus().includes('zuoxi_hub_storage_ok 0'));
  t.true(logs.some(l => l.startsWith('error') && l.includes('refusing writes')));
  const ackedWhileFull = durable;
  t.true(ackedWhileFull < Y.getState(doc.store, doc.clientID), 'the edit made while full is not acknowledged');
  // The switch writes in-process meanwhile: kept in memory, stored on recovery.
  new CallLog(switchDoc).writeFacts({callId: 'sw1', direction: 'inbound', caller: '13800000000', queue: 'main', team: 'a', arrivedAt: 1_700_000_000_000});
  // A new reader is turned away rather than served from memory.
  const reader = new Y.Doc();
  const readerCloses: Array<{code: number; reason: string}> = [];
  const readerSeat = openHubDoc(day, reader, {url, agent: '1002', pin: DEMO_PIN}, {maxBackoffMs: 100});
  readerSeat.on('connection-close', event => {
    if (event) readerCloses.push({code: event.code, reason: event.reason});
  });
  t.teardown(() => {
    readerSeat.destroy();
    reader.destroy();
  });
  await until(() => readerCloses.length > 0, 5000, 'reader refused');
  t.is(readerCloses[0].code, 1013);
  t.regex(readerCloses[0].reason, /disk full/);
  t.false(new CallLog(reader).has('before'), 'nothing served while unwritable');
  await new Promise(resolve => setTimeout(resolve, 300));
  t.is(durable, ackedWhileFull, 'nothing acknowledged while full');

  disk.full = false;
  await until(() => hub.storage.unwritable.length === 0, 5000, 'recovered');
  await until(() => durable >= Y.getState(doc.store, doc.clientID), 5000, 'the pending edit acknowledged');
  await until(() => new CallLog(reader).get('during')?.seat.notes?.what === '磁盘满时写的' && new CallLog(reader).has('sw1'), 5000, 'reader served');
  t.is(hub.storage.recoveries, 1);
  t.true(hub.storage.refused > 0);

  // On disk: a second hub on the same files has everything.
  await hub.close();
  const again = await startHub(t, {dataDir});
  const onDisk = new CallLog(await again.hub.openDoc(day));
  t.is(onDisk.get('before')?.seat.disposition, 'resolved');
  t.is(onDisk.get('during')?.seat.notes?.what, '磁盘满时写的');
  t.is(onDisk.get('sw1')?.facts?.caller, '13800000000');
  again.hub.release(day);
});
