// /healthz and /readyz on the hub port, over real HTTP against a running center (issue 16).
import test from 'ava';
import {startEngine} from '../../server/engine/index.ts';
import {centerFor, tempDir, testConfig} from '../sip/helpers.ts';
import {freePort} from '../helpers/ports.ts';

type Ready = {status: string; notReady: string[]; parts: Record<string, {ready: boolean; detail?: string}>};

const get = async (port: number, path: string, method = 'GET'): Promise<{status: number; body: string}> => {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, {method});
  return {status: r.status, body: await r.text()};
};

test('a center with the embedded engine: /healthz 200, /readyz 200 with every part ready', async t => {
  const center = await centerFor(t, testConfig(tempDir(t), 1));
  const port = center.addresses.hub.port;
  const health = await get(port, '/healthz');
  t.is(health.status, 200);
  t.is(JSON.parse(health.body).status, 'ok');
  const ready = await get(port, '/readyz');
  t.is(ready.status, 200, ready.body);
  const body = JSON.parse(ready.body) as Ready;
  t.deepEqual(body.notReady, []);
  t.deepEqual(Object.keys(body.parts).sort(), ['engine', 'hub', 'media', 'switch']);
  t.is((await get(port, '/readyz', 'HEAD')).status, 200);
  t.is((await get(port, '/readyz', 'POST')).status, 405);
});

test('the switch loses its drachtio server: /readyz 503 naming the switch, /healthz still 200', async t => {
  const engine = await startEngine({sip: [{transport: 'udp', host: '127.0.0.1', port: await freePort()}], control: {host: '127.0.0.1', port: 0}, secret: 's3cret', logLevel: 'error'});
  t.teardown(() => engine.close());
  const controlPort = engine.control.port;
  const center = await centerFor(t, testConfig(tempDir(t), 1), {drachtio: {host: '127.0.0.1', port: controlPort, secret: 's3cret'}});
  const port = center.addresses.hub.port;
  t.is((await get(port, '/readyz')).status, 200);
  await engine.close();
  const deadline = Date.now() + 5000;
  let last = await get(port, '/readyz');
  while (last.status !== 503 && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 50));
    last = await get(port, '/readyz');
  }
  t.is(last.status, 503, last.body);
  const body = JSON.parse(last.body) as Ready;
  t.deepEqual(body.notReady, ['switch']);
  t.regex(body.parts.switch.detail ?? '', /not connected/);
  t.is((await get(port, '/healthz')).status, 200);
  // the engine comes back on its port: srf reconnects and the center is ready again
  const again = await startEngine({sip: [{transport: 'udp', host: '127.0.0.1', port: await freePort()}], control: {host: '127.0.0.1', port: controlPort}, secret: 's3cret', logLevel: 'error'});
  t.teardown(() => again.close());
  const back = Date.now() + 15_000;
  while (last.status !== 200 && Date.now() < back) {
    await new Promise(r => setTimeout(r, 100));
    last = await get(port, '/readyz');
  }
  t.is(last.status, 200, last.body);
});

test('the engine has no app connected: it reports itself not ready', async t => {
  const engine = await startEngine({sip: [{transport: 'udp', host: '127.0.0.1', port: await freePort()}], control: {host: '127.0.0.1', port: 0}, secret: 's3cret', logLevel: 'error'});
  t.teardown(() => engine.close());
  t.deepEqual(engine.readiness(), {ready: false, detail: 'no app connected'});
  await engine.close();
  t.deepEqual(engine.readiness(), {ready: false, detail: 'shutting down'});
});
