// An agent setting its Yjs client id to a colleague's and rewriting the colleague's seat entry
// (issue 15): refused over the real socket, logged at warn, not on disk nor kept after a hub
// restart — and still refused after the restart, since the hub keeps who owns which replica.
import test from 'ava';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import {WebsocketProvider} from 'y-websocket';
import {CallLog} from '../../src/sync/call-log.ts';
import {readLog, RecordKind} from '../../src/sync/update-log.ts';
import {DEMO_PIN, startHub, tempDir, until} from '../sync/helpers.ts';

const day = 'calls/a/2026-11-23';
const facts = {direction: 'inbound' as const, caller: '13812345678', queue: 'main', team: 'a', arrivedAt: 1_700_000_000_000};

function seat(t: import('ava').ExecutionContext, url: string, agent: string) {
  const doc = new Y.Doc();
  const p = new WebsocketProvider(url, day, doc, {WebSocketPolyfill: WebSocket as never, params: {agent, pin: DEMO_PIN}, disableBc: true, maxBackoffTime: 200});
  const denied: string[] = [];
  p.messageHandlers[2] = (_encoder, decoder) => {
    decoding.readVarUint(decoder);
    denied.push(decoding.readVarString(decoder));
  };
  const own = doc.clientID;
  const stop = () => {
    // Presence is keyed by the id the provider started with.
    doc.clientID = own;
    p.destroy();
    doc.destroy();
  };
  t.teardown(stop);
  return {doc, p, denied, log: new CallLog(doc, {onIssue: () => {}}), stop};
}

test('a seat entry rewritten under a colleague\'s client id is refused, logged, and not kept after restart', async t => {
  const dataDir = await tempDir(t);
  const first = await startHub(t, {dataDir});
  const switchDoc = await first.hub.openDoc(day);
  new CallLog(switchDoc, {onIssue: () => {}}).writeFacts({...facts, callId: 'c1'});
  const victim = seat(t, first.url, '1001');
  await until(() => victim.p.synced && victim.log.has('c1'), 5000, 'victim synced');
  victim.log.annotate('c1', {disposition: 'resolved', dispositionText: 'refund agreed'});
  const key = `c1|${victim.doc.clientID}`;
  await until(() => switchDoc.getMap('seat').has(key), 5000, 'victim note on the hub');

  const forger = seat(t, first.url, '1002');
  await until(() => forger.p.synced && forger.log.get('c1')?.seat.dispositionText === 'refund agreed', 5000, 'forger synced');
  // Set once synced (Yjs picks a new id when a remote update carries its own), then write.
  forger.doc.clientID = victim.doc.clientID;
  forger.log.annotate('c1', {disposition: 'other', dispositionText: 'caller was rude, no refund'});
  t.not(forger.doc.getMap('seat').get(key), switchDoc.getMap('seat').get(key), 'the forger rewrote the victim\'s key locally');
  await until(() => forger.denied.length > 0, 5000, 'refusal');
  t.regex(forger.denied[0], new RegExp(`^write refused: replica ${victim.doc.clientID} belongs to 1001, not to 1002`));
  t.true(first.logs.some(l => l.startsWith('warn') && l.includes('1002') && l.includes(`replica ${victim.doc.clientID} belongs to 1001`)), first.logs.join('\n'));
  t.is(new CallLog(switchDoc, {onIssue: () => {}}).get('c1')?.seat.dispositionText, 'refund agreed');
  // The victim keeps writing its own entry.
  victim.log.annotate('c1', {dispositionText: 'refund agreed, sent'});
  await until(() => new CallLog(switchDoc, {onIssue: () => {}}).get('c1')?.seat.dispositionText === 'refund agreed, sent', 5000, 'victim edit after the attempt');
  await first.hub.flushed(day);
  forger.stop();
  victim.stop();
  first.hub.release(day);
  await first.hub.close();
  await first.server.close();

  // The owner record is on disk beside the updates.
  const {records} = await readLog(`${dataDir}/sync/calls/a/2026-11-23.ylog`);
  t.true(records.some(r => r.kind === RecordKind.owner && Buffer.from(r.data).toString() === JSON.stringify({client: victim.doc.clientID, agent: '1001'})));

  const second = await startHub(t, {dataDir});
  const reloaded = await second.hub.openDoc(day);
  t.teardown(() => second.hub.release(day));
  t.is(new CallLog(reloaded, {onIssue: () => {}}).get('c1')?.seat.dispositionText, 'refund agreed, sent', 'not kept after restart');
  // After the restart the forger tries again with the same id: still the victim's.
  const again = seat(t, second.url, '1002');
  await until(() => again.p.synced && again.log.has('c1'), 5000, 'forger synced again');
  again.doc.clientID = victim.doc.clientID;
  again.log.annotate('c1', {dispositionText: 'second try'});
  await until(() => again.denied.length > 0, 5000, 'refusal after restart');
  t.regex(again.denied[0], /belongs to 1001, not to 1002/);
  t.is(new CallLog(reloaded, {onIssue: () => {}}).get('c1')?.seat.dispositionText, 'refund agreed, sent');
  // The victim, back with the same replica, may still write.
  const back = seat(t, second.url, '1001');
  await until(() => back.p.synced && back.log.has('c1'), 5000, 'victim back');
  back.doc.clientID = victim.doc.clientID;
  back.log.annotate('c1', {dispositionText: 'closed'});
  await until(() => new CallLog(reloaded, {onIssue: () => {}}).get('c1')?.seat.dispositionText === 'closed', 5000, 'victim edit after restart');
  t.deepEqual(back.denied, []);
});
