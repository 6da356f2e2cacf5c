// Presence spoofing and flooding against a real hub socket (issue 15): a read-only supervisor
// overwriting a seat's presence is refused and logged, the seat's presence stays as the seat set
// it; 50,000 fake entries in one message close the connection; many small messages stop at the
// per-connection cap.
import test from 'ava';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import {WebsocketProvider} from 'y-websocket';
import {MAX_PRESENCE_PER_CONNECTION} from '../../server/hub/presence.ts';
import {DEMO_PIN, startHub, until} from '../sync/helpers.ts';

const day = 'calls/a/2026-11-23';

/** One awareness message setting `state` for each of `ids`. */
function awarenessMessage(ids: number[], state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, ids.length);
  for (const id of ids) {
    encoding.writeVarUint(inner, id);
    encoding.writeVarUint(inner, 99);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

async function raw(url: string, query: string): Promise<{ws: WebSocket; closed: Promise<number>; denied: () => string}> {
  const ws = new WebSocket(`${url}/${day}?${query}`);
  let received = '';
  ws.on('message', data => {
    received += Buffer.from(data as Buffer).toString('latin1');
  });
  const closed = new Promise<number>(resolve => ws.on('close', code => resolve(code)));
  await new Promise(resolve => ws.once('message', resolve));
  return {ws, closed, denied: () => received};
}

test('a supervisor cannot overwrite a seat\'s presence; floods are refused', async t => {
  const {url, logs} = await startHub(t);
  const doc = new Y.Doc();
  const seat = new WebsocketProvider(url, day, doc, {WebSocketPolyfill: WebSocket as never, params: {agent: '1001', pin: DEMO_PIN}, disableBc: true});
  t.teardown(() => {
    seat.destroy();
    doc.destroy();
  });
  seat.awareness.setLocalState({agent: '1001', state: 'ready'});
  const observerDoc = new Y.Doc();
  const observer = new WebsocketProvider(url, day, observerDoc, {WebSocketPolyfill: WebSocket as never, params: {agent: '1002', pin: DEMO_PIN}, disableBc: true});
  t.teardown(() => {
    observer.destroy();
    observerDoc.destroy();
  });
  const seen = () => observer.awareness.getStates().get(doc.clientID) as {state?: string} | undefined;
  await until(() => seen()?.state === 'ready', 5000, 'the seat\'s presence reaches a colleague');

  const supervisor = await raw(url, `agent=9001&pin=${DEMO_PIN}&role=supervisor`);
  t.teardown(() => supervisor.ws.terminate());
  supervisor.ws.send(awarenessMessage([doc.clientID], {agent: '1001', state: 'break'}));
  await until(() => supervisor.denied().includes('presence refused'), 5000, 'refusal');
  t.true(logs.some(l => l.startsWith('warn') && l.includes('9001') && l.includes(`presence of client ${doc.clientID} belongs to another connection`)), logs.join('\n'));
  // A later honest change still gets through, and the forged one never did.
  seat.awareness.setLocalStateField('state', 'acw');
  await until(() => seen()?.state === 'acw', 5000, 'the seat\'s next presence');
  t.is(seen()?.state, 'acw');

  const flood = await raw(url, `agent=1002&pin=${DEMO_PIN}`);
  flood.ws.send(awarenessMessage(Array.from({length: 50_000}, (_, i) => 1_000_000 + i), {agent: 'x'}));
  t.is(await flood.closed, 4400);
  const trickle = await raw(url, `agent=1002&pin=${DEMO_PIN}`);
  t.teardown(() => trickle.ws.terminate());
  for (let i = 0; i < 20; i++) trickle.ws.send(awarenessMessage([2_000_000 + i], {agent: 'x'}));
  await until(() => trickle.denied().includes('presence refused'), 5000, 'cap');
  // What the hub relays is what a colleague sees.
  const fakes = (from: number) => [...observer.awareness.getStates().keys()].filter(id => id >= from && id < from + 100_000).length;
  await until(() => fakes(2_000_000) === MAX_PRESENCE_PER_CONNECTION, 5000, 'capped presence relayed');
  t.true(logs.some(l => l.includes(`refused presence: a connection holds at most ${MAX_PRESENCE_PER_CONNECTION}`)));
  await new Promise(resolve => setTimeout(resolve, 300)); // two relay windows
  t.is(fakes(2_000_000), MAX_PRESENCE_PER_CONNECTION);
  t.is(fakes(1_000_000), 0, 'nothing of the flood relayed');
  t.false(logs.some(l => l.includes('refused presence') && (l.includes(' 1001 ') || l.includes(' 1002 ') && !l.includes('at most'))), 'honest echoes are not refusals');
});
