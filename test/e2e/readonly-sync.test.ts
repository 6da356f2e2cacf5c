// Read-only on /sync, enforced by the hub: a modified y-websocket client with a lead's real
// credentials (PIN as lead, PIN as supervisor view, the SSH gateway's supervisor token) ignores
// the hub's "read-only" notice and pushes edits and deletions of a call record as both kinds of
// sync message. None reaches another client, the hub's document, or its disk.
import process from 'node:process';
import test from 'ava';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import {WebsocketProvider} from 'y-websocket';
import {CallLog, FACTS_MAP, SEAT_MAP} from '../../src/sync/call-log.ts';
import {DEMO_PIN, startHub, tempDir, until} from '../sync/helpers.ts';

process.setMaxListeners(100);

const day = 'calls/a/2026-11-23';
const facts = {callId: 'c1', direction: 'inbound' as const, caller: '13812345678', queue: 'main', team: 'a', arrivedAt: 1_700_000_000_000, agent: '1001'};

function seatDoc(t: import('ava').ExecutionContext, url: string, agent: string) {
  const doc = new Y.Doc();
  const p = new WebsocketProvider(url, day, doc, {WebSocketPolyfill: WebSocket as never, params: {agent, pin: DEMO_PIN}, disableBc: true, maxBackoffTime: 200});
  t.teardown(() => {
    p.destroy();
    // The provider's awareness keeps a 3 s interval of its own alive otherwise.
    p.awareness.destroy();
    doc.destroy();
  });
  return {doc, p, log: new CallLog(doc, {onIssue: () => {}})};
}

/** A client that speaks the y-websocket wire protocol itself and ignores what the hub says. */
async function modifiedClient(t: import('ava').ExecutionContext, url: string, params: Record<string, string>) {
  const ws = new WebSocket(`${url}/${day}?${new URLSearchParams(params)}`);
  t.teardown(() => ws.terminate());
  const denied: string[] = [];
  ws.on('message', data => {
    const decoder = decoding.createDecoder(new Uint8Array(data as Buffer));
    if (decoding.readVarUint(decoder) !== 2) return;
    decoding.readVarUint(decoder);
    denied.push(decoding.readVarString(decoder));
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const push = (kind: number, update: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, kind);
    encoding.writeVarUint8Array(encoder, update);
    ws.send(encoding.toUint8Array(encoder));
  };
  return {denied, push};
}

test('a lead\'s PIN, supervisor view or SSH token cannot change or delete a call record through /sync', async t => {
  const dataDir = await tempDir(t);
  const running = await startHub(t, {dataDir});
  const writer = seatDoc(t, running.url, '1001');
  const reader = seatDoc(t, running.url, '1002');
  await until(() => writer.p.synced && reader.p.synced, 5000, 'seats synced');
  // The switch writes the facts in-process (the hub refuses them from seats).
  const switchDoc = await running.hub.openDoc(day);
  t.teardown(() => running.hub.release(day));
  new CallLog(switchDoc, {onIssue: () => {}}).writeFacts(facts);
  writer.log.annotate('c1', {disposition: 'other'});
  await until(() => reader.log.get('c1')?.seat.disposition === 'other', 5000, 'record reached the other seat');

  const token = running.auth.issueToken({agent: '9001', name: '班长 林', team: 'a', role: 'supervisor'});
  const credentials: Array<Record<string, string>> = [
    {agent: '9001', pin: DEMO_PIN},
    {agent: '9001', pin: DEMO_PIN, role: 'supervisor'},
    {token},
  ];
  for (const params of credentials) {
    const lead = await modifiedClient(t, running.url, params);
    // The lead's replica: everything the hub has, then an edit and a deletion on top.
    const mine = new Y.Doc();
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(writer.doc));
    const before = Y.encodeStateVector(mine);
    mine.getMap(SEAT_MAP).set('c1|disposition', 'complaint');
    mine.getMap(SEAT_MAP).set('c1|notes', 'lead was here');
    mine.getMap(FACTS_MAP).delete('c1');
    const delta = Y.encodeStateAsUpdate(mine, before);
    lead.push(syncProtocol.messageYjsUpdate, delta);
    lead.push(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(mine));
    await until(() => lead.denied.filter(d => d.startsWith('write refused')).length >= 2, 5000, `refusals for ${Object.keys(params).join('+')}`);
  }

  // A later seat edit still flows; the leads' edits reached nobody.
  writer.log.annotate('c1', {dispositionText: 'after the leads'});
  await until(() => reader.log.get('c1')?.seat.dispositionText === 'after the leads', 5000, 'later edit');
  const seen = reader.log.get('c1');
  t.is(seen?.seat.disposition, 'other');
  t.is(seen?.seat.notes, undefined);
  t.is(seen?.facts?.caller, '13812345678');
  t.is(writer.log.get('c1')?.seat.disposition, 'other');

  // Nor did they reach the disk: a new hub on the same data, a new seat.
  await running.hub.close();
  await running.server.close();
  const again = await startHub(t, {dataDir});
  const late = seatDoc(t, again.url, '1003');
  await until(() => late.p.synced && late.log.get('c1')?.seat.dispositionText === 'after the leads', 5000, 'reload from disk');
  t.is(late.log.get('c1')?.seat.disposition, 'other');
  t.is(late.log.get('c1')?.seat.notes, undefined);
  t.truthy(late.log.get('c1')?.facts);
});
