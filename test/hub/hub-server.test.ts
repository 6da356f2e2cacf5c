import test from 'ava';
import WebSocket, {WebSocketServer} from 'ws';
import {HubServer} from '../../server/http.ts';

test('close() ends WebSocket connections their handler left open, instead of waiting for them', async t => {
  const hub = new HubServer();
  const wss = new WebSocketServer({noServer: true});
  hub.upgrade('/sync', (request, socket, head) => wss.handleUpgrade(request, socket, head, () => {}));
  const {port} = await hub.listen('127.0.0.1', 0);
  const client = new WebSocket(`ws://127.0.0.1:${port}/sync/calls/a/2026-11-23`);
  await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
  const closed = new Promise(resolve => client.once('close', resolve));

  const outcome = await Promise.race([
    hub.close().then(() => 'closed'),
    new Promise(resolve => setTimeout(() => resolve('still waiting after 3 s'), 3000).unref()),
  ]);
  t.is(outcome, 'closed');
  await closed;
  wss.close();
});

test('an upgrade to an unknown path gets 404, a plain request to one too', async t => {
  const hub = new HubServer();
  hub.handle('/metrics', (_request, response) => response.end('ok\n'));
  const {port} = await hub.listen('127.0.0.1', 0);
  t.teardown(() => hub.close());
  const client = new WebSocket(`ws://127.0.0.1:${port}/nowhere`);
  const status = await new Promise<number | undefined>(resolve => {
    client.once('unexpected-response', (_request, response) => resolve(response.statusCode));
    client.once('error', () => resolve(undefined));
  });
  t.is(status, 404);
  t.is((await fetch(`http://127.0.0.1:${port}/nope`)).status, 404);
  t.is(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text(), 'ok\n');
});
