// The wall's /control feed against a scripted WebSocket peer (the real switch is in the e2e
// tests): junk is counted and ignored, never applied and never fatal; a dropped connection is
// retried and the floor comes back; a refused hello stops the feed for good.
import test from 'ava';
import {WebSocketServer, type WebSocket} from 'ws';
import {defaultPolicy} from '../../src/rules/config.ts';
import {FloorFeed, controlUrl} from '../../src/client/floor/floor-feed.ts';
import {FloorModel} from '../../src/client/floor/floor-model.ts';
import {freePort} from '../helpers/ports.ts';
import {seat, T0} from './floor-fixture.ts';

async function peer(t: import('ava').ExecutionContext, onHello: (ws: WebSocket, hello: Record<string, unknown>, count: number) => void) {
  const port = await freePort();
  const server = new WebSocketServer({host: '127.0.0.1', port, path: '/control'});
  let count = 0;
  const hellos: Array<Record<string, unknown>> = [];
  const sockets = new Set<WebSocket>();
  server.on('connection', ws => {
    sockets.add(ws);
    ws.on('message', data => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      hellos.push(message);
      onHello(ws, message, ++count);
    });
  });
  t.teardown(() => new Promise<void>(resolve => {
    for (const ws of sockets) ws.terminate();
    server.close(() => resolve());
  }));
  await new Promise(resolve => server.once('listening', resolve));
  return {url: `ws://127.0.0.1:${port}`, hellos, sockets};
}

const until = async (check: () => boolean, what: string) => {
  const end = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
};

const welcome = (name: string) => JSON.stringify({type: 'welcome', agent: '9001', name, team: 'a', role: 'supervisor', trainee: false, phoneMode: 'auto-answer', now: T0, seats: [seat(0), seat(1)]});

test('junk is ignored and counted; only a supervisor hello is ever sent; a dropped link comes back', async t => {
  const p = await peer(t, (ws, _hello, count) => {
    ws.send('not json');
    ws.send(JSON.stringify({type: 'seat', seat: {agent: 1001}}));
    ws.send(Buffer.from([1, 2, 3]), {binary: true});
    ws.send(JSON.stringify({type: 'surprise'}));
    ws.send(welcome(`lead ${count}`));
    if (count === 1) setTimeout(() => ws.terminate(), 50);
  });
  const model = new FloorModel({policy: defaultPolicy()});
  const feed = new FloorFeed({hubUrl: p.url, credentials: {agent: '9001', pin: '1234'}, model, backoffMs: {first: 20, max: 100}});
  t.teardown(() => feed.close());
  await until(() => model.view().lead?.name === 'lead 1', 'first welcome');
  t.is(feed.invalid, 3, 'not JSON, a bad seat, an unknown type (binary frames are dropped unread)');
  t.is(model.view().seats.length, 2);
  await until(() => model.view().lead?.name === 'lead 2', 'the second welcome after the drop');
  t.true(model.view().connected);
  t.true(p.hellos.every(h => h.type === 'hello' && h.role === 'supervisor' && h.agent === '9001'), JSON.stringify(p.hellos));
});

test('a refused hello stops the feed: reported once, not retried', async t => {
  const p = await peer(t, (ws, hello) => ws.send(JSON.stringify({type: 'error', ref: hello.id, code: 'auth', message: 'not a lead, or wrong PIN/token'})));
  const model = new FloorModel({policy: defaultPolicy()});
  const refusals: string[] = [];
  const feed = new FloorFeed({hubUrl: p.url, credentials: {token: 'abc'}, model, backoffMs: {first: 10, max: 20}, onRefused: r => refusals.push(r)});
  t.teardown(() => feed.close());
  await until(() => refusals.length === 1, 'refusal');
  await new Promise(resolve => setTimeout(resolve, 200));
  t.deepEqual(refusals, ['auth: not a lead, or wrong PIN/token']);
  t.is(p.hellos.length, 1);
  t.is(p.hellos[0].token, 'abc');
  t.is(feed.refused, 'auth: not a lead, or wrong PIN/token');
});

test('hub URLs: ws/http accepted, /control appended once; anything else is a TypeError naming it', t => {
  t.is(controlUrl('ws://127.0.0.1:7070'), 'ws://127.0.0.1:7070/control');
  t.is(controlUrl('http://hub:7070/'), 'ws://hub:7070/control');
  t.is(controlUrl('https://hub/zuoxi'), 'wss://hub/zuoxi/control');
  t.throws(() => controlUrl('ftp://hub'), {instanceOf: TypeError, message: /hubUrl: expected ws:\/\/HOST:PORT, got ftp:\/\/hub/});
});
