// kill -9 tests with real processes: a seat killed right after it showed an edit as saved,
// and the hub killed while seats write. Nothing acknowledged may be lost.
import test from 'ava';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import {WebsocketProvider} from 'y-websocket';
import {CallLog} from '../../src/sync/call-log.ts';
import {freePort} from '../helpers/ports.ts';
import {DEMO_PIN, startHub, tempDir, until} from './helpers.ts';
import {kill9, startChild} from './process.ts';

const day = 'calls/a/2026-11-23';

test('kill -9 a seat right after "saved": the edit is there after restart and reaches the hub', async t => {
  const dir = await tempDir(t);
  const port = await freePort();
  const url = `ws://127.0.0.1:${port}/sync`;
  // Nothing listens on the port yet: the edit can only be on the seat's disk.
  const writer = startChild(t, 'test/sync/fixtures/seat-process.ts', ['write', dir, url, 'k9']);
  await writer.waitFor(/^saved$/);
  await kill9(writer);

  const {hub} = await startHub(t, {port});
  const checker = startChild(t, 'test/sync/fixtures/seat-process.ts', ['check', dir, url, 'k9']);
  const record = JSON.parse(await checker.waitFor(/^(\{|null)/));
  t.is(record?.seat?.disposition, 'callback');
  t.is(record?.seat?.notes?.what, '噪音投诉');
  t.is(await checker.waitFor(/synced/), 'synced');
  await checker.exited;
  const onHub = new CallLog(await hub.openDoc(day)).get('k9');
  t.is(onHub?.seat.notes?.who, '王女士');
  hub.release(day);
});

test('kill -9 the hub during sync: after restart every acknowledged edit is there', async t => {
  const dataDir = await tempDir(t);
  const port = await freePort();
  const url = `ws://127.0.0.1:${port}/sync`;
  const hubProc = startChild(t, 'test/sync/fixtures/hub-process.ts', [String(port), dataDir]);
  await hubProc.waitFor(/ready/);

  // Two writers that record which of their edits the hub acknowledged as durable.
  const writers = ['1001', '1002'].map(agent => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(url, day, doc, {WebSocketPolyfill: WebSocket as never, params: {agent, pin: DEMO_PIN, ack: '1'}, disableBc: true, maxBackoffTime: 100});
    t.teardown(() => {
      provider.destroy();
      doc.destroy();
    });
    const durable = new Map<number, number>();
    provider.messageHandlers[100] = (_e, decoder) => {
      for (const [client, clock] of Y.decodeStateVector(decoding.readVarUint8Array(decoder))) durable.set(client, Math.max(durable.get(client) ?? 0, clock));
    };
    const log = new CallLog(doc);
    const edits: Array<{callId: string; clock: number}> = [];
    return {agent, doc, provider, durable, log, edits};
  });
  await until(() => writers.every(w => w.provider.synced), 10_000, 'writers synced');

  let n = 0;
  const writeSome = (count: number) => {
    for (let i = 0; i < count; i++) {
      for (const w of writers) {
        const callId = `${w.agent}-${n}`;
        w.log.annotate(callId, {owner: w.agent, dispositionText: `edit ${n}`});
        w.edits.push({callId, clock: Y.getState(w.doc.store, w.doc.clientID)});
      }
      n++;
    }
  };
  const acked = (w: (typeof writers)[number]) => w.edits.filter(e => (w.durable.get(w.doc.clientID) ?? 0) >= e.clock);
  writeSome(20);
  await until(() => writers.every(w => acked(w).length >= 20), 10_000, 'first acks');
  // Keep writing while the hub dies mid-stream.
  const timer = setInterval(() => writeSome(3), 2);
  await until(() => writers.every(w => w.edits.length >= 80), 10_000, 'more writes');
  await kill9(hubProc);
  clearInterval(timer);
  const ackedBeforeCrash = writers.map(w => acked(w).map(e => e.callId));
  for (const w of writers) w.provider.destroy();
  t.true(ackedBeforeCrash.every(list => list.length >= 20));

  // Restart on the same data; a fresh reader (no local state to resend) sees what the hub kept.
  const again = startChild(t, 'test/sync/fixtures/hub-process.ts', [String(port), dataDir]);
  await again.waitFor(/ready/);
  const reader = new Y.Doc();
  const readerProvider = new WebsocketProvider(url, day, reader, {WebSocketPolyfill: WebSocket as never, params: {agent: '1003', pin: DEMO_PIN}, disableBc: true});
  t.teardown(() => {
    readerProvider.destroy();
    reader.destroy();
  });
  await until(() => readerProvider.synced, 10_000, 'reader synced');
  const kept = new Set(new CallLog(reader).ids());
  const lost = ackedBeforeCrash.flat().filter(id => !kept.has(id));
  t.deepEqual(lost, []);
  t.log(`acknowledged ${ackedBeforeCrash.flat().length}, on disk after restart ${kept.size}, written ${n * 2}`);
});
