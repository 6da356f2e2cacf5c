// Sign-in cost: the PIN check (scrypt N=16384, ~50 ms) runs off the event loop, so 50 seats
// signing in at once do not stall the switch; messages sent right behind a hello wait for it and
// run in order, authenticated — or are refused if the hello was.
import {performance} from 'node:perf_hooks';
import test from 'ava';
import {hashPin, verifyPin} from '../../src/config.ts';
import {Auth} from '../../server/auth.ts';
import {Seat, centerFor, tempDir, testConfig} from './helpers.ts';

const PIN = '2468';
const realHash = hashPin(PIN); // the real cost, as `zuoxi config` writes it

function realCostConfig(dir: string, agents: number) {
  const config = testConfig(dir, agents);
  for (const agent of config.agents) agent.pinHash = realHash;
  return config;
}

test('verifyAsync: same answers as verify, one scrypt for identical checks in flight', async t => {
  const config = realCostConfig(tempDir(t), 2);
  const auth = new Auth(config);
  const checks = Array.from({length: 10}, () => auth.verifyAsync('1001', PIN));
  t.is(auth.pendingChecks(), 1, 'ten identical checks share one scrypt');
  for (const identity of await Promise.all(checks)) t.like(identity, {agent: '1001', role: 'agent'});
  t.is(auth.pendingChecks(), 0);
  t.is(await auth.verifyAsync('1002', '0000'), undefined, 'wrong PIN');
  t.is(await auth.verifyAsync('4040', PIN), undefined, 'unknown agent');
  t.is(await auth.verifyAsync('1002', PIN, {asSupervisor: true}), undefined, 'an agent is no lead');
  t.like(auth.verify('1001', PIN), {agent: '1001'}, 'the sync check shares the cache');
});

test('50 seats with a real-cost PIN sign in at once: the event loop keeps going', async t => {
  const center = await centerFor(t, realCostConfig(tempDir(t), 50));
  const started = performance.now();
  verifyPin(PIN, realHash);
  const serialMs = (performance.now() - started) * 50; // what 50 checks on the event loop would block
  const seats = await Promise.all(center.switch.config.agents.map(async agent => {
    const seat = new Seat(center.addresses.controlUrl);
    t.teardown(() => seat.ws.terminate());
    await new Promise<void>((resolve, reject) => {
      seat.ws.once('open', () => resolve());
      seat.ws.once('error', reject);
    });
    return [agent.id, seat] as const;
  }));
  let maxLagMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxLagMs = Math.max(maxLagMs, now - last - 5);
    last = now;
  }, 5);
  t.teardown(() => clearInterval(timer));
  const t0 = performance.now();
  for (const [agent, seat] of seats) seat.send({type: 'hello', role: 'agent', agent, pin: PIN});
  const welcomes = await Promise.all(seats.map(([, seat]) => seat.next(m => m.type === 'welcome' || m.type === 'error', 'welcome', 30_000)));
  const wallMs = performance.now() - t0;
  clearInterval(timer);
  t.true(welcomes.every(m => m.type === 'welcome'), 'every seat signed in');
  t.log(`50 sign-ins: ${wallMs.toFixed(0)} ms wall, event-loop lag max ${maxLagMs.toFixed(0)} ms (serial scrypt would block ~${serialMs.toFixed(0)} ms)`);
  // Far from both: blocking would stall the loop for about the serial cost (~2.5 s here).
  t.true(maxLagMs < Math.max(200, serialMs / 4), `event-loop lag ${maxLagMs.toFixed(0)} ms`);
});

test('a command right behind hello waits for the PIN check and runs after it, in order', async t => {
  const center = await centerFor(t, realCostConfig(tempDir(t), 2));
  const seat = new Seat(center.addresses.controlUrl);
  t.teardown(() => seat.ws.terminate());
  await new Promise<void>(resolve => seat.ws.once('open', () => resolve()));
  seat.send({type: 'hello', id: 'h', role: 'agent', agent: '1001', pin: PIN});
  seat.send({type: 'set-state', id: 's1', state: 'ready'});
  seat.send({type: 'set-state', id: 's2', state: 'not-ready', reason: 'training'});
  await seat.next(m => m.type === 'ack' && m.ref === 's2');
  const order = seat.messages.map(m => (m.type === 'ack' || m.type === 'error' ? `${m.type}:${m.ref}` : m.type)).filter(x => x.includes(':') || x === 'welcome');
  t.deepEqual(order, ['welcome', 'ack:h', 'ack:s1', 'ack:s2']);
  t.is(center.switch.acd.snapshot('1001').state, 'not-ready', 'both commands ran, in order');

  // Behind a wrong PIN: the command is refused, never run unauthenticated.
  const intruder = new Seat(center.addresses.controlUrl);
  t.teardown(() => intruder.ws.terminate());
  await new Promise<void>(resolve => intruder.ws.once('open', () => resolve()));
  intruder.send({type: 'hello', id: 'h', role: 'agent', agent: '1002', pin: '0000'});
  intruder.send({type: 'set-state', id: 's', state: 'ready'});
  t.like(await intruder.next(m => m.type === 'error' && m.ref === 's'), {code: 'not-authenticated'});
  t.like(intruder.messages[0], {type: 'error', ref: 'h', code: 'auth'});
  t.is(center.switch.acd.snapshot('1002').state, 'offline');
});
