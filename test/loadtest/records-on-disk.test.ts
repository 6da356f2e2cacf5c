// The load test's lost figures read from the hub's files (issue 15): a record and a seat write
// the hub stored count as kept; a write whose stamp the file does not reach counts as lost.
import test from 'ava';
import {CallLog} from '../../src/sync/call-log.ts';
import {LoadRecords} from '../../src/loadtest/records.ts';
import {startHub} from '../sync/helpers.ts';

test('records and seat writes counted from the hub\'s day file', async t => {
  const {hub, dataDir} = await startHub(t);
  const name = 'calls/a/2026-11-23';
  const doc = await hub.openDoc(name);
  t.teardown(() => hub.release(name));
  const log = new CallLog(doc);
  log.writeFacts({callId: 'c1', direction: 'inbound', caller: '13800000001', queue: 'main', team: 'a', arrivedAt: 1_700_000_000_000});
  log.annotate('c1', {dispositionText: 'done'}, {by: '1001', at: 5000});
  await hub.flushed(name);
  const callers = new Set(['13800000001', '13800000002']);
  const kept = await LoadRecords.onDisk(dataDir, 'a', '2026-11-23', callers, [{callId: 'c1', at: 5000}]);
  t.deepEqual(kept, {records: 1, lostWrites: 0, problems: []});
  const later = await LoadRecords.onDisk(dataDir, 'a', '2026-11-23', callers, [{callId: 'c1', at: 5000}, {callId: 'c1', at: 6000}, {callId: 'c2', at: 1}]);
  t.is(later.lostWrites, 2);
  const none = await LoadRecords.onDisk(dataDir, 'a', '2026-11-24', callers, [{callId: 'c1', at: 5000}]);
  t.deepEqual(none, {records: 0, lostWrites: 1, problems: []});
});
