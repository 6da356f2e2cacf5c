// SeatSession against a tiny in-process /control stand-in (unit level: message handling,
// promises, reconnect). The real switch is exercised in test/e2e/seat-*.test.ts.
import test from 'ava';
import {WebSocketServer, type WebSocket} from 'ws';
import {freePort} from '../helpers/ports.ts';
import {SeatSession, type SeatState} from '../../src/client/seat-session.ts';

type Fake = {seatExtra: Record<string, unknown>; url: string; port: number; sockets: Set<WebSocket>; received: any[]; push: (m: unknown) => void; close: () => Promise<void>; restart: () => Promise<void>};

async function fakeSwitch(t: any, port?: number): Promise<Fake> {
  const p = port ?? await freePort();
  const sockets = new Set<WebSocket>();
  const received: any[] = [];
  const seatExtra: Record<string, unknown> = {};
  let wss: WebSocketServer;
  const listen = () => new Promise<void>(resolve => {
    wss = new WebSocketServer({host: '127.0.0.1', port: p, path: '/control'}, () => resolve());
    wss.on('connection', ws => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', raw => {
        const m = JSON.parse(String(raw));
        received.push(m);
        if (m.type === 'hello') {
          if (m.pin !== '1234') return ws.send(JSON.stringify({type: 'error', ref: m.id, code: 'auth', message: 'wrong agent or PIN'}));
          return ws.send(JSON.stringify({type: 'welcome', agent: m.agent, name: '张敏', team: 'a', role: 'agent', trainee: false, phoneMode: 'auto-answer', now: 1_000_000,
            seats: [{agent: m.agent, name: '张敏', team: 'a', state: 'not-ready', since: 999_000, phoneRegistered: true, callsToday: 0, lateToday: 0, ...seatExtra}]}));
        }
        if (m.type === 'hold' && m.callId === 'nope') return ws.send(JSON.stringify({type: 'error', ref: m.id, code: 'no-call', message: 'no such call'}));
        if (m.type === 'ping') return ws.send(JSON.stringify({type: 'pong', ref: m.id, now: 1_000_000}));
        ws.send(JSON.stringify({type: 'ack', ref: m.id}));
      });
    });
  });
  await listen();
  const close = () => new Promise<void>(resolve => {
    for (const s of sockets) s.terminate();
    wss.close(() => resolve());
  });
  t.teardown(close);
  return {seatExtra, url: `ws://127.0.0.1:${p}`, port: p, sockets, received,
    push: m => { for (const s of sockets) s.send(JSON.stringify(m)); },
    close, restart: listen};
}

function until(session: SeatSession, predicate: (s: SeatState) => boolean, ms = 5000): Promise<SeatState> {
  if (predicate(session.state)) return Promise.resolve(session.state);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { session.off('change', on); reject(new Error('timed out waiting for seat state')); }, ms);
    const on = (s: SeatState) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      session.off('change', on);
      resolve(s);
    };
    session.on('change', on);
  });
}

test('signs in, corrects clock skew, resolves commands on ack and rejects on error', async t => {
  const fake = await fakeSwitch(t);
  const session = new SeatSession({hubUrl: fake.url, agent: '1001', pin: '1234', clock: () => 400_000, pingMs: 0});
  t.teardown(() => session.stop());
  const profile = await session.start();
  t.is(profile.name, '张敏');
  t.is(session.state.seat?.state, 'not-ready');
  t.is(session.now(), 1_000_000);
  await session.setState('ready');
  t.like(fake.received.at(-1), {type: 'set-state', state: 'ready'});
  const error = await t.throwsAsync(session.hold('nope'));
  t.is((error as any).code, 'no-call');
  await t.throwsAsync(session.hold(), {message: /no call in progress/});
});

test('a wrong PIN is refused and not retried', async t => {
  const fake = await fakeSwitch(t);
  const session = new SeatSession({hubUrl: fake.url, agent: '1001', pin: '0000', pingMs: 0});
  t.teardown(() => session.stop());
  await t.throwsAsync(session.start(), {message: /wrong agent or PIN/});
  t.is(session.state.connection, 'refused');
  const hellos = fake.received.filter(m => m.type === 'hello').length;
  await new Promise(r => setTimeout(r, 400));
  t.is(fake.received.filter(m => m.type === 'hello').length, hellos);
});

test('follows an offer through answer, hold, resume and end; ignores garbage', async t => {
  const fake = await fakeSwitch(t);
  const session = new SeatSession({hubUrl: fake.url, agent: '1001', pin: '1234', pingMs: 0});
  t.teardown(() => session.stop());
  const invalid: string[] = [];
  session.on('invalid', e => invalid.push(e));
  await session.start();
  for (const s of fake.sockets) s.send('{{not json');
  fake.push({type: 'offered', callId: 'c1', agent: '1001', caller: '13812345678', queue: '综合咨询', offeredAt: 1_000_000, waitedMs: 1200, ringPeriodMs: 5000});
  fake.push({type: 'offered', callId: 'x', agent: '1001'});
  await until(session, s => s.offer?.callId === 'c1');
  fake.push({type: 'ring', callId: 'c1', agent: '1001', rings: 2});
  await until(session, s => s.offer?.ticked === 2);
  fake.push({type: 'answered', callId: 'c1', agent: '1001', answeredAt: 1_012_000, rings: 3, late: false});
  const inCall = await until(session, s => s.call?.callId === 'c1');
  t.is(inCall.offer, undefined);
  t.is(inCall.call?.caller, '13812345678');
  fake.push({type: 'held', callId: 'c1', agent: '1001', at: 1_020_000});
  await until(session, s => s.call?.holdSince === 1_020_000);
  fake.push({type: 'resumed', callId: 'c1', agent: '1001', at: 1_050_000, heldMs: 30_000});
  await until(session, s => s.call?.holdSince === undefined && s.call?.heldMs === 30_000);
  fake.push({type: 'ended', callId: 'c1', agent: '1001', at: 1_090_000, by: 'caller', reason: 'hangup'});
  const ended = await until(session, s => s.ended?.callId === 'c1');
  t.is(ended.call, undefined);
  t.is(ended.ended?.by, 'caller');
  t.is(ended.ended?.holds, 1);
  t.true(invalid.some(e => e === 'not JSON'));
  t.true(invalid.some(e => /caller|queue|offeredAt/.test(e)));
});

test('loses the switch, shows offline, reconnects by itself and keeps the bridged call', async t => {
  const fake = await fakeSwitch(t);
  let now = 5_000;
  const session = new SeatSession({hubUrl: fake.url, agent: '1001', pin: '1234', clock: () => now, backoffMs: {first: 50, max: 200}, pingMs: 0});
  t.teardown(() => session.stop());
  await session.start();
  fake.push({type: 'offered', callId: 'c9', agent: '1001', caller: '13800000000', queue: 'q', offeredAt: 1_000_000, waitedMs: 0, ringPeriodMs: 5000});
  fake.push({type: 'answered', callId: 'c9', agent: '1001', answeredAt: 1_001_000, rings: 1, late: false});
  await until(session, s => s.call?.callId === 'c9');
  await fake.close();
  now = 6_000;
  const offline = await until(session, s => s.connection === 'offline');
  t.is(offline.offlineSince, 6_000);
  await t.throwsAsync(session.setState('ready'), {message: /not connected/});
  // The welcome after reconnect names the call as still bridged (the phone kept the audio).
  Object.assign(fake.seatExtra, {state: 'on-call', callId: 'c9', callSince: 1_001_000});
  await fake.restart();
  const back = await until(session, s => s.connection === 'online' && s.reconnects > 0, 5000);
  t.is(back.offlineSince, undefined);
  t.is(back.call?.callId, 'c9');
  t.is(back.call?.caller, '13800000000', 'the call keeps what the seat knew about it');
});

test('a hub out of reach rejects the sign-in within reachWithinMs, as unreachable, naming the hub', async t => {
  const port = await freePort(); // nothing listens there
  const session = new SeatSession({hubUrl: `ws://127.0.0.1:${port}`, agent: '1001', pin: '1234', backoffMs: {first: 100, max: 500}});
  t.teardown(() => session.stop());
  const started = Date.now();
  const error = await t.throwsAsync(session.start({reachWithinMs: 1500}));
  t.is((error as Error & {code?: string}).code, 'unreachable');
  t.regex(error!.message, new RegExp(`ws://127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
  t.true(Date.now() - started < 4000, 'said within seconds');
});

test('an offer ended while ringing is kept as missed, with why — whether the seat update or the end comes first', async t => {
  const fake = await fakeSwitch(t);
  const session = new SeatSession({hubUrl: fake.url, agent: '1001', pin: '1234', pingMs: 0});
  t.teardown(() => session.stop());
  await session.start();
  fake.push({type: 'offered', callId: 'c1', agent: '1001', caller: '13812345678', queue: '综合咨询', offeredAt: 1_000_000, waitedMs: 1200, ringPeriodMs: 5000});
  await until(session, s => s.offer?.callId === 'c1');
  fake.push({type: 'ended', callId: 'c1', agent: '1001', at: 1_004_000, by: 'caller', reason: 'abandoned'});
  const s1 = await until(session, s => s.missed !== undefined);
  t.is(s1.offer, undefined);
  t.like(s1.missed, {callId: 'c1', caller: '13812345678', by: 'caller', reason: 'abandoned'});

  fake.push({type: 'offered', callId: 'c2', agent: '1001', caller: '13900000002', queue: '综合咨询', offeredAt: 1_010_000, waitedMs: 0, ringPeriodMs: 5000});
  await until(session, s => s.offer?.callId === 'c2');
  fake.push({type: 'seat', seat: {agent: '1001', name: '张敏', team: 'a', state: 'ready', since: 1_012_000, phoneRegistered: true, callsToday: 0, lateToday: 0}});
  await until(session, s => s.offer === undefined);
  fake.push({type: 'ended', callId: 'c2', agent: '1001', at: 1_012_000, by: 'caller', reason: 'abandoned'});
  const s2 = await until(session, s => s.missed?.callId === 'c2');
  t.like(s2.missed, {caller: '13900000002', by: 'caller'});
});
