// The hub with real sockets: y-websocket clients converge through it, roles are enforced by
// the hub itself, bad input closes the connection with a reason and nothing crashes.
import test from 'ava';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import {WebsocketProvider} from 'y-websocket';
import {CallLog} from '../../src/sync/call-log.ts';
import {DEMO_PIN, startHub, until} from '../sync/helpers.ts';

const day = 'calls/a/2026-11-23';
const facts = {direction: 'inbound' as const, caller: '13812345678', queue: 'main', team: 'a', arrivedAt: 1_700_000_000_000};

function provider(t: import('ava').ExecutionContext, url: string, doc: Y.Doc, params: Record<string, string>, name = day) {
  const p = new WebsocketProvider(url, name, doc, {WebSocketPolyfill: WebSocket as never, params, disableBc: true, maxBackoffTime: 200});
  const denied: string[] = [];
  p.messageHandlers[2] = (_encoder, decoder) => {
    // auth message: [permissionDenied=0][reason]
    decoding.readVarUint(decoder);
    denied.push(decoding.readVarString(decoder));
  };
  const closes: Array<{code: number; reason: string}> = [];
  p.on('connection-close', event => {
    if (event) closes.push({code: event.code, reason: event.reason});
  });
  t.teardown(() => {
    p.destroy();
    // The provider's Awareness keeps a timer until its doc is destroyed.
    doc.destroy();
  });
  return {p, denied, closes};
}

function rawSocket(t: import('ava').ExecutionContext, url: string): Promise<{ws: WebSocket; closed: Promise<{code: number; reason: string}>}> {
  const ws = new WebSocket(url);
  t.teardown(() => ws.terminate());
  const closed = new Promise<{code: number; reason: string}>(resolve => ws.on('close', (code, reason) => resolve({code, reason: reason.toString()})));
  ws.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ws, closed}));
    ws.once('error', reject);
  });
}

test('seats converge through the hub; the switch writes in-process; a lead is read-only', async t => {
  const {hub, url, logs} = await startHub(t);
  const switchDoc = await hub.openDoc(day);
  const switchLog = new CallLog(switchDoc);
  const docs = [new Y.Doc(), new Y.Doc()];
  const seats = docs.map((doc, i) => provider(t, url, doc, {agent: String(1001 + i), pin: DEMO_PIN}));
  const leadDoc = new Y.Doc();
  const lead = provider(t, url, leadDoc, {agent: '9001', pin: DEMO_PIN});
  await until(() => seats.every(s => s.p.synced) && lead.p.synced, 5000, 'sync');

  switchLog.writeFacts({...facts, callId: 'c1'});
  new CallLog(docs[0]).annotate('c1', {disposition: 'resolved'});
  new CallLog(docs[1]).annotate('c1', {owner: '1002'});
  const complete = (doc: Y.Doc) => {
    const r = new CallLog(doc).get('c1');
    return r?.facts?.caller === '13812345678' && r.seat.disposition === 'resolved' && r.seat.owner === '1002';
  };
  await until(() => [switchDoc, ...docs, leadDoc].every(complete), 5000, 'convergence');

  // The lead tries to write: refused by the hub (not applied, not relayed), and told so.
  new CallLog(leadDoc).annotate('c1', {disposition: 'other'});
  await until(() => lead.denied.some(r => r.includes('write refused')), 5000, 'refusal');
  t.true(lead.denied[0].startsWith('read-only'));
  // A later seat edit still flows to everyone, the lead's edit reached nobody.
  new CallLog(docs[0]).annotate('c1', {dispositionText: 'after lead'});
  await until(() => new CallLog(docs[1]).get('c1')?.seat.dispositionText === 'after lead', 5000, 'later edit');
  t.is(new CallLog(switchDoc).get('c1')?.seat.disposition, 'resolved');
  t.is(new CallLog(docs[1]).get('c1')?.seat.disposition, 'resolved');
  t.true(logs.some(l => l.includes('9001') && l.includes('refused a write')));
  hub.release(day);
});

test('another team, bad credentials, unknown documents and month documents are refused with a reason', async t => {
  const {url, auth} = await startHub(t);
  const cases: Array<[string, Record<string, string>, number, RegExp]> = [
    ['calls/b/2026-11-23', {agent: '1001', pin: DEMO_PIN}, 4403, /team a, not b/],
    [day, {agent: '1001', pin: '0000'}, 4401, /unauthorized/],
    [day, {agent: '1001'}, 4401, /unauthorized/],
    ['calls/a/2026-13-01', {agent: '1001', pin: DEMO_PIN}, 4404, /not a date/],
    ['calls/a/..%2F..%2Fetc', {agent: '1001', pin: DEMO_PIN}, 4404, /is not <kind>/],
    ['calls/a/2026-11-23/x', {agent: '1001', pin: DEMO_PIN}, 4404, /is not <kind>/],
    ['roster/a/2026-11', {agent: '1001', pin: DEMO_PIN}, 4403, /team lead's/],
    ['ledger/a/2026-11', {agent: '1001', pin: DEMO_PIN}, 4403, /team lead's/],
    ['qa/b/2026-11', {agent: '1001', pin: DEMO_PIN}, 4403, /team a, not b/],
    [day, {token: 'not-a-token'}, 4401, /unauthorized/],
    ['calls/a/%E0%A4%A', {agent: '1001', pin: DEMO_PIN}, 4404, /document/],
  ];
  for (const [name, params, code, reason] of cases) {
    const c = provider(t, url, new Y.Doc(), params, name);
    await until(() => c.closes.length > 0, 5000, `close for ${name}`);
    t.is(c.closes[0].code, code, name);
    t.regex(c.closes[0].reason, reason, name);
    // 44xx: y-websocket does not retry.
    t.false(c.p.shouldConnect, name);
  }
  // The lead writes its month documents; a supervisor view reads them only.
  const qa = new Y.Doc();
  const lead = provider(t, url, qa, {agent: '9001', pin: DEMO_PIN}, 'qa/a/2026-11');
  await until(() => lead.p.synced, 5000, 'lead qa sync');
  qa.getMap('scores').set('x', 1);
  const viewDoc = new Y.Doc();
  const view = provider(t, url, viewDoc, {agent: '9001', pin: DEMO_PIN, role: 'supervisor'}, 'qa/a/2026-11');
  await until(() => viewDoc.getMap('scores').get('x') === 1, 5000, 'supervisor sees qa');
  viewDoc.getMap('scores').set('x', 2);
  await until(() => view.denied.some(r => r.includes('write refused')), 5000, 'supervisor refused');
  t.is(qa.getMap('scores').get('x'), 1);
  // The SSH gateway's wallboard session: a token for a supervisor identity reads the floor only.
  const token = auth.issueToken({agent: '9001', name: '班长', team: 'a', role: 'supervisor'});
  const wallDoc = new Y.Doc();
  const wall = provider(t, url, wallDoc, {token});
  await until(() => wall.p.synced && wall.denied.length > 0, 5000, 'wallboard sync');
  t.regex(wall.denied[0], /read-only: a supervisor view/);
});

test('garbage, text and oversized frames close the connection with a reason; the hub keeps serving', async t => {
  const {url, hub} = await startHub(t, {maxMessageBytes: 64 * 1024});
  const q = `?agent=1001&pin=${DEMO_PIN}`;
  const garbage = await rawSocket(t, `${url}/${day}${q}`);
  garbage.ws.send(Buffer.from([0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02]));
  const g = await garbage.closed;
  t.is(g.code, 4400);
  t.regex(g.reason, /malformed/);

  const unknown = await rawSocket(t, `${url}/${day}${q}`);
  unknown.ws.send(Buffer.from([77, 1, 2]));
  t.regex((await unknown.closed).reason, /unknown message type 77/);

  const awareness = await rawSocket(t, `${url}/${day}${q}`);
  const bad = encoding.createEncoder();
  encoding.writeVarUint(bad, 1);
  encoding.writeVarUint8Array(bad, Uint8Array.from([1, 5, 1, 3, 123, 123, 123]));
  awareness.ws.send(encoding.toUint8Array(bad));
  t.is((await awareness.closed).code, 4400);

  const text = await rawSocket(t, `${url}/${day}${q}`);
  text.ws.send('hello');
  t.regex((await text.closed).reason, /expected binary/);

  const big = await rawSocket(t, `${url}/${day}${q}`);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, new Uint8Array(100 * 1024));
  big.ws.send(encoding.toUint8Array(encoder));
  t.is((await big.closed).code, 1009);

  // Still serving, and the document holds nothing from the garbage.
  const doc = new Y.Doc();
  const ok = provider(t, url, doc, {agent: '1002', pin: DEMO_PIN});
  await until(() => ok.p.synced, 5000, 'sync after garbage');
  const hubDoc = await hub.openDoc(day);
  t.is(hubDoc.getMap('facts').size + hubDoc.getMap('seat').size, 0);
  hub.release(day);
});

test('documents persist across a hub restart and unload when unused', async t => {
  const first = await startHub(t, {idleUnloadMs: 50});
  const doc = new Y.Doc();
  const seat = provider(t, first.url, doc, {agent: '1001', pin: DEMO_PIN, ack: '1'});
  let acked = false;
  seat.p.messageHandlers[100] = () => {
    acked = true;
  };
  await until(() => seat.p.synced, 5000, 'sync');
  acked = false;
  new CallLog(doc).annotate('k1', {disposition: 'resolved'});
  await until(() => acked, 5000, 'ack');
  seat.p.destroy();
  await until(() => first.hub.loaded.length === 0, 5000, 'unload');
  await first.hub.close();
  await first.server.close();

  const second = await startHub(t, {dataDir: first.dataDir});
  const again = await second.hub.openDoc(day);
  t.is(new CallLog(again).get('k1')?.seat.disposition, 'resolved');
  second.hub.release(day);
});

test('a malformed record written by an old client reaches seats as a reported, skipped entry', async t => {
  const {hub, url} = await startHub(t);
  // Facts come from the switch in-process (an old switch here); the hub refuses them from seats.
  const switchDoc = await hub.openDoc(day);
  t.teardown(() => hub.release(day));
  const oldDoc = new Y.Doc();
  const old = provider(t, url, oldDoc, {agent: '1003', pin: DEMO_PIN});
  const seatDoc = new Y.Doc();
  const seat = provider(t, url, seatDoc, {agent: '1001', pin: DEMO_PIN});
  await until(() => old.p.synced && seat.p.synced, 5000, 'sync');
  new CallLog(switchDoc).writeFacts({...facts, callId: 'ok1'});
  switchDoc.transact(() => switchDoc.getMap('facts').set('bad1', JSON.stringify({direction: 'sideways', caller: 5})));
  oldDoc.transact(() => oldDoc.getMap('seat').set(`ok1|${oldDoc.clientID}`, {f: {disposition: 42}, t: 1}));
  const issues: string[] = [];
  const log = new CallLog(seatDoc, {onIssue: i => issues.push(`${i.where}: ${i.error}`)});
  await until(() => seatDoc.getMap('facts').size === 2 && seatDoc.getMap('seat').size === 1, 5000, 'old client data arrives');
  t.deepEqual(log.list().map(r => r.callId), ['ok1']);
  t.is(log.get('ok1')?.seat.disposition, undefined);
  t.true(issues.some(i => i.startsWith('facts[bad1]')));
  t.true(issues.some(i => i.startsWith(`seat[ok1|${oldDoc.clientID}].disposition`)));
});
