// PIN guessing against a real `zuoxi server` on loopback (issue 15): a new connection after each
// failure, over /control and /sync in turn. The throttle bounds the guesses actually checked,
// logs each refusal as JSON with source, agent and reason, holds even the right PIN out during
// the lock, and leaves another agent signing in from another source alone.
import test from 'ava';
import WebSocket from 'ws';
import {DEMO_PIN} from '../../src/config.ts';
import {until} from '../e2e/seat-helpers.ts';
import {serverProcess} from '../helpers/server-process.ts';

type Server = {url: string; events: () => Array<Record<string, unknown>>; err: () => string};

async function zuoxiServer(t: import('ava').ExecutionContext): Promise<Server> {
  const server = await serverProcess(t, {agents: 3});
  const hub = await server.hub();
  if (!hub) throw new Error(`no hub address: ${server.out()} ${server.err()}`);
  const events = () => server.err().split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l) as Record<string, unknown>).filter(e => e.msg === 'sign-in refused');
  return {url: `ws://${hub}`, events, err: server.err};
}

/** One /control sign-in on a new connection: the server's first answer. */
function controlHello(url: string, agent: string, pin: string, localAddress = '127.0.0.1'): Promise<{type: string; code?: string}> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}/control`, {localAddress});
    ws.on('open', () => ws.send(JSON.stringify({type: 'hello', role: 'agent', agent, pin})));
    ws.once('message', data => {
      resolve(JSON.parse(String(data)) as {type: string; code?: string});
      ws.terminate();
    });
    ws.on('error', reject);
  });
}

/** One /sync connection: open (accepted) or the close code and reason. */
function syncOpen(url: string, agent: string, pin: string, o: {localAddress?: string; header?: boolean} = {}): Promise<{open: boolean; code?: number; reason?: string}> {
  const query = o.header ? '' : `?agent=${agent}&pin=${pin}`;
  const headers = o.header ? {authorization: `Basic ${Buffer.from(`${agent}:${pin}`).toString('base64')}`} : undefined;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}/sync/calls/a/2026-12-03${query}`, {localAddress: o.localAddress ?? '127.0.0.1', ...(headers ? {headers} : {})});
    // The hub's first message (its sync step 1) comes only once the sign-in passed.
    ws.once('message', () => {
      resolve({open: true});
      ws.terminate();
    });
    ws.on('close', (code, reason) => resolve({open: false, code, reason: String(reason)}));
    ws.on('error', reject);
  });
}

test('guessing a PIN over /control and /sync, a new connection per guess: bounded, logged, locked; another agent elsewhere signs in', async t => {
  const server = await zuoxiServer(t);
  const started = Date.now();
  let attempts = 0;
  let guess = 0;
  while (Date.now() - started < 6000) {
    const pin = String(5000 + guess++).padStart(4, '0');
    if (attempts % 2 === 0) {
      const answer = await controlHello(server.url, '1001', pin);
      t.is(answer.code, 'auth');
    } else {
      const answer = await syncOpen(server.url, '1001', pin);
      t.false(answer.open);
      t.is(answer.code, 4401);
    }
    attempts++;
  }
  const elapsedS = (Date.now() - started) / 1000;
  await until(() => server.events().length >= attempts, 'every refusal in the log (stderr)');
  const events = server.events();
  const checked = events.filter(e => e.reason === 'wrong-pin').length;
  t.log(`${attempts} attempts in ${elapsedS} s, ${checked} checked (wrong-pin), ${events.length - checked} refused unchecked (locked)`);
  t.true(attempts >= 40, `the attacker tried ${attempts} times in ${elapsedS} s`);
  // 3 free, then 1 s, 2 s, 4 s locks: ~6 checks in 6 s, where ~20/s went through before.
  t.true(checked <= Math.min(10, 3 + elapsedS), `${checked} guesses checked of ${attempts} in ${elapsedS} s`);
  t.true(checked >= 4);
  t.is(events.length, attempts, 'every refusal is logged');
  for (const e of events) t.like(e, {level: 'warn', source: '127.0.0.1', agent: '1001'});
  t.true(events.some(e => e.via === 'control' && e.reason === 'locked'));
  t.true(events.some(e => e.via === 'sync' && e.reason === 'locked'));
  t.regex((await syncOpen(server.url, '1001', '9999')).reason ?? '', /too many failed sign-ins, try again in \d+ s/, 'the sync client is told why');

  // The lock holds the right PIN out too (else it would tell a guesser when it hit), from any source.
  t.like(await controlHello(server.url, '1001', DEMO_PIN), {type: 'error', code: 'auth'});
  t.like(await controlHello(server.url, '1001', DEMO_PIN, '127.0.0.3'), {type: 'error', code: 'auth'});
  t.like(await controlHello(server.url, '1002', DEMO_PIN), {type: 'error', code: 'auth'}, 'the guessing source is locked for every agent');
  await until(() => server.events().some(e => e.agent === '1002'), 'the log line (stderr)');
  t.like(server.events().find(e => e.agent === '1002'), {reason: 'locked', source: '127.0.0.1', via: 'control'});

  // Another agent from another address is not affected: /control, /sync by header and by query.
  t.like(await controlHello(server.url, '1003', DEMO_PIN, '127.0.0.2'), {type: 'welcome'});
  t.deepEqual(await syncOpen(server.url, '1003', DEMO_PIN, {localAddress: '127.0.0.2', header: true}), {open: true});
  t.deepEqual(await syncOpen(server.url, '1003', DEMO_PIN, {localAddress: '127.0.0.2'}), {open: true});
  t.like(await syncOpen(server.url, '1003', '0000', {localAddress: '127.0.0.2', header: true}), {open: false, code: 4401}, 'a wrong PIN in the header is refused');
});
