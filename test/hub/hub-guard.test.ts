// The hub guards the switch's facts: an agent's update that writes or deletes under `facts`,
// or writes a `seat` entry in another replica's name, is refused over the real socket — not
// applied, not persisted, not relayed, the writer told and the refusal logged — while normal
// annotations (also replayed after an offline spell) and the switch's in-process writes pass.
import fs from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import {WebsocketProvider} from 'y-websocket';
import {CallLog} from '../../src/sync/call-log.ts';
import {callsUpdateRefusal} from '../../server/hub/calls-guard.ts';
import {DEMO_PIN, startHub, until} from '../sync/helpers.ts';

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
  t.teardown(() => {
    p.destroy();
    doc.destroy();
  });
  return {doc, p, denied, log: new CallLog(doc, {onIssue: () => {}})};
}

test('a seat writing or deleting facts, or writing in another replica\'s name, is refused; the hub, its log and other seats are unchanged', async t => {
  const {hub, url, logs, dataDir} = await startHub(t);
  const switchDoc = await hub.openDoc(day);
  t.teardown(() => hub.release(day));
  const onHub = new CallLog(switchDoc, {onIssue: () => {}});
  onHub.writeFacts({...facts, callId: 'c1'});
  const honest = seat(t, url, '1001');
  const attempts: Array<[string, (doc: Y.Doc) => void, RegExp]> = [
    ['overwrite the switch\'s facts of a call', doc => doc.getMap('facts').set('c1', JSON.stringify({...facts, caller: '10000000000', agentHungUpFirst: false})), /facts\[c1\] is written by the switch only/],
    ['invent a call in facts', doc => doc.getMap('facts').set('c2', JSON.stringify(facts)), /facts\[c2\] is written by the switch only/],
    ['delete the facts of a call', doc => doc.getMap('facts').delete('c1'), /deleting facts\[c1\]/],
    ['write a seat entry in another replica\'s name', doc => doc.getMap('seat').set('c1|12345', JSON.stringify({f: {disposition: 'other'}, t: 1})), /belongs to replica 12345/],
    ['write a seat entry without a replica', doc => doc.getMap('seat').set('c1', JSON.stringify({f: {disposition: 'other'}, t: 1})), /not <callId>\|<replica>/],
  ];
  const cheats = attempts.map(() => seat(t, url, '1002'));
  await until(() => honest.p.synced && cheats.every(c => c.p.synced && c.log.get('c1')?.facts), 5000, 'sync');
  const file = path.join(dataDir, 'sync', 'calls', 'a', '2026-11-23.ylog');
  await hub.flushed(day);
  const before = {state: Y.encodeStateAsUpdate(switchDoc), disk: await fs.readFile(file), honest: Y.encodeStateAsUpdate(honest.doc)};

  attempts.forEach(([, attempt], i) => attempt(cheats[i].doc));
  await until(() => cheats.every(c => c.denied.length > 0), 5000, 'every refusal');
  attempts.forEach(([what, , reason], i) => {
    t.regex(cheats[i].denied[0], /^write refused: /, what);
    t.regex(cheats[i].denied[0], reason, what);
  });
  // An honest edit made after the attempts reaching the other seat proves they were not relayed.
  honest.log.annotate('c1', {disposition: 'resolved'});
  await until(() => cheats[0].log.get('c1')?.seat.disposition === 'resolved', 5000, 'honest edit relayed');
  await hub.flushed(day);
  t.is(onHub.get('c1')?.facts?.caller, '13812345678');
  t.false(onHub.has('c2'));
  t.deepEqual([...switchDoc.getMap('seat').keys()], [`c1|${honest.doc.clientID}`]);
  t.is(honest.log.get('c1')?.facts?.caller, '13812345678');
  t.false(honest.log.has('c2'));
  // The hub and the honest seat hold exactly what they held plus the honest edit.
  const plusEdit = new Y.Doc();
  Y.applyUpdate(plusEdit, before.state);
  Y.applyUpdate(plusEdit, Y.encodeStateAsUpdate(honest.doc));
  t.deepEqual(Y.encodeStateVector(switchDoc), Y.encodeStateVector(plusEdit));
  t.deepEqual(Y.encodeStateVector(honest.doc), Y.encodeStateVector(plusEdit));
  t.notDeepEqual(Y.encodeStateAsUpdate(honest.doc), before.honest);
  // On disk: what was there is untouched (the log only grew by the honest edit).
  const disk = await fs.readFile(file);
  t.true(disk.subarray(0, before.disk.length).equals(before.disk));
  t.is(logs.filter(l => l.includes('refused a write')).length, attempts.length);
  t.true(logs.some(l => l.includes('1002') && l.includes('facts[c1] is written by the switch only')));
});

test('normal annotations pass, also replayed after an offline spell; the switch keeps rewriting its facts in-process', async t => {
  const {hub, url, logs} = await startHub(t);
  const switchDoc = await hub.openDoc(day);
  t.teardown(() => hub.release(day));
  const onHub = new CallLog(switchDoc, {onIssue: () => {}});
  onHub.writeFacts({...facts, callId: 'c1'});
  const a = seat(t, url, '1001');
  const b = seat(t, url, '1002');
  await until(() => a.p.synced && b.p.synced && a.log.has('c1'), 5000, 'sync');
  a.log.annotate('c1', {disposition: 'resolved', dispositionText: 'billing'});
  await until(() => b.log.get('c1')?.seat.disposition === 'resolved', 5000, 'annotation relayed');

  // Offline: the seat replaces its own entry twice (deleting its earlier values), then reconnects.
  a.p.disconnect();
  a.log.annotate('c1', {dispositionText: 'offline 1'});
  a.log.annotate('c1', {dispositionText: 'offline 2', owner: '1001'});
  onHub.writeFacts({callId: 'c1', answeredAt: facts.arrivedAt + 4000, endedAt: facts.arrivedAt + 60_000});
  a.p.connect();
  await until(() => b.log.get('c1')?.seat.dispositionText === 'offline 2', 5000, 'offline edits replayed');
  await until(() => a.log.get('c1')?.facts?.endedAt === facts.arrivedAt + 60_000, 5000, 'switch rewrite reached the seat');
  t.is(onHub.get('c1')?.seat.owner, '1001');
  t.is(onHub.get('c1')?.facts?.answeredAt, facts.arrivedAt + 4000);
  t.is(b.log.get('c1')?.facts?.endedAt, facts.arrivedAt + 60_000);
  t.deepEqual(a.denied, []);
  t.deepEqual(b.denied, []);
  t.false(logs.some(l => l.includes('refused')));
});

test('the guard follows items through their neighbours and parents (unit, no sockets)', t => {
  const hubDoc = new Y.Doc();
  new CallLog(hubDoc).writeFacts({...facts, callId: 'c1'});
  const check = (change: (doc: Y.Doc) => void) => {
    const seatDoc = new Y.Doc();
    Y.applyUpdate(seatDoc, Y.encodeStateAsUpdate(hubDoc));
    const sv = Y.encodeStateVector(seatDoc);
    change(seatDoc);
    return callsUpdateRefusal(hubDoc, Y.decodeUpdate(Y.encodeStateAsUpdate(seatDoc, sv)));
  };
  // A nested type under a facts key, and text typed into it (children point at their parent).
  t.regex(check(doc => {
    const map = new Y.Map<unknown>();
    doc.getMap('facts').set('c9', map);
    map.set('caller', new Y.Text('1380000'));
  }) ?? '', /facts\[c9\]/);
  // A nested edit inside the seat's own entry is its own; another root is not the guard's business.
  t.is(check(doc => {
    const text = new Y.Text();
    doc.getMap('seat').set(`c1|${doc.clientID}`, text);
    text.insert(0, 'abc');
    text.insert(3, 'def');
  }), undefined);
  t.is(check(doc => doc.getArray('scratch').insert(0, [1, 2])), undefined);
  // Repeating what the hub already holds (a step 2 with everything) is fine.
  t.is(callsUpdateRefusal(hubDoc, Y.decodeUpdate(Y.encodeStateAsUpdate(hubDoc))), undefined);
  // Deleting another replica's entry without replacing it is refused.
  const other = new Y.Doc();
  new CallLog(other).annotate('c1', {disposition: 'resolved'});
  Y.applyUpdate(hubDoc, Y.encodeStateAsUpdate(other));
  t.regex(check(doc => doc.getMap('seat').delete(`c1|${other.clientID}`)) ?? '', /without replacing it/);
});
