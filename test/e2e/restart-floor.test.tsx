// A center killed (-9) and restarted on the same ports and data keeps its floor (issue 15): each
// seat reconnects and asks the switch to take up the state its agent had chosen — Ready stays
// Ready and is rung by the next call, a Not Ready reason is kept — and the seat's screen says so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {render} from 'ink-testing-library';
import {LocalRecords} from '../../src/client/seat-records.ts';
import {SeatSession, type SeatState} from '../../src/client/seat-session.ts';
import {ControlClient} from '../../src/client/control-client.ts';
import {DEMO_PIN} from '../../src/config.ts';
import {defaultPolicy} from '../../src/rules/config.ts';
import type {SeatSnapshot, ServerMessage} from '../../src/sip/protocol.ts';
import {Seat} from '../../src/tui/Seat.tsx';
import {messages} from '../../src/tui/i18n.ts';
import {realTicker} from '../../src/tui/ticker.ts';
import {serverProcess, type ServerProcess} from '../helpers/server-process.ts';
import {freePort} from '../helpers/ports.ts';
import {registerPhones, sipp, until, type TestCenter} from '../sip/helpers.ts';

async function started(server: ServerProcess): Promise<string> {
  const hub = await server.hub();
  if (!hub) throw new Error(`no hub address: ${server.out()} ${server.err()}`);
  return `ws://${hub}`;
}

/** The floor as a lead's read-only link is welcomed with it. */
async function floor(hubUrl: string): Promise<SeatSnapshot[]> {
  const lead = new ControlClient({hubUrl, role: 'supervisor', credentials: {agent: '9001', pin: DEMO_PIN}, backoffMs: false});
  try {
    const welcome = new Promise<ServerMessage>(resolve => lead.on('message', m => {
      if (m.type === 'welcome') resolve(m);
    }));
    lead.start();
    const m = await welcome;
    return m.type === 'welcome' ? m.seats : [];
  } finally {
    lead.stop();
  }
}

function waitState(session: SeatSession, pred: (s: SeatState) => boolean, what: string, ms = 20_000): Promise<void> {
  return until(() => pred(session.state), ms, what);
}

test('after kill -9 and a restart, a Ready seat is Ready (and rung), a Not Ready one keeps its reason, and the seat shows it', async t => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-restart-floor-'));
  t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
  const ports = {sipPort: await freePort(), hubPort: await freePort()};
  const first = await serverProcess(t, {dir, agents: 3, ...ports});
  const hubUrl = await started(first);

  // The phone outlives the center, as a desk phone does; its binding is on disk.
  const phonePort = await freePort();
  const phone = sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 1, timeoutS: 90});
  const registered = await registerPhones(t, {config: first.config, sipPort: ports.sipPort} as unknown as TestCenter, ['1001'], phonePort);
  t.is(registered.code, 0, registered.stderr);

  const backoffMs = {first: 100, max: 400};
  const ready = new SeatSession({hubUrl, agent: '1001', pin: DEMO_PIN, backoffMs});
  const away = new SeatSession({hubUrl, agent: '1002', pin: DEMO_PIN, backoffMs});
  const fresh = new SeatSession({hubUrl, agent: '1003', pin: DEMO_PIN, backoffMs});
  t.teardown(() => {
    for (const s of [ready, away, fresh]) s.stop();
  });
  await Promise.all([ready.start(), away.start(), fresh.start()]);
  await ready.setState('ready');
  await away.setState('not-ready', 'break');
  await fresh.setState('meal');
  await waitState(ready, s => s.seat?.state === 'ready' && s.seat.phoneRegistered, 'ready with its phone');

  const records = new LocalRecords({day: new Date().toISOString().slice(0, 10)});
  const ui = render(<Seat t={messages('en')} lang="en" policy={defaultPolicy()} ticker={realTicker} session={away} records={records}
    checkPin={() => true} columns={100} rows={30}/>);
  t.teardown(() => ui.unmount());
  const frame = () => ui.lastFrame() ?? '';
  await until(() => /break/i.test(frame()), 5000, 'the seat shows its reason');
  const before = frame();

  first.proc.kill('SIGKILL');
  await first.exited;
  await waitState(away, s => s.connection === 'offline', 'the seat sees the center gone');
  const second = await serverProcess(t, {dir, agents: 3, ...ports});
  t.is(await started(second), hubUrl, 'the same hub address');

  for (const s of [ready, away, fresh]) await waitState(s, x => x.connection === 'online' && x.reconnects > 0, `${s.agent} back online`);
  t.like(ready.state.seat, {state: 'ready'});
  t.like(away.state.seat, {state: 'not-ready', reason: 'break'});
  t.like(fresh.state.seat, {state: 'meal'});
  const seats = new Map((await floor(hubUrl)).map(s => [s.agent, s]));
  t.like(seats.get('1001'), {state: 'ready'}, 'the switch\'s floor says Ready');
  t.like(seats.get('1002'), {state: 'not-ready', reason: 'break'});
  t.like(seats.get('1003'), {state: 'meal'});

  // The screen shows the state again once it is back (not "login"), as it did before the kill.
  await until(() => !/offline|reconnect/i.test(frame()) && /break/i.test(frame()), 5000, 'the seat redrawn online');
  t.notRegex(frame(), /login/i);
  t.is(/Not Ready/i.test(frame()), /Not Ready/i.test(before));

  // Ready means rung: a call into the queue is offered to 1001.
  const caller = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${ports.sipPort}`, service: '12345', pauseMs: 100});
  await waitState(ready, s => s.offer !== undefined || s.call !== undefined, 'the call offered to the Ready seat');
  if (ready.state.offer) await ready.accept();
  t.is((await caller.done).code, 0);
  t.is((await phone.done).code, 0);
});

test('a sign-in after a sign-out starts Not Ready whatever the seat asks (resume only after a restart)', async t => {
  const server = await serverProcess(t, {agents: 1});
  const hubUrl = await started(server);
  const first = new SeatSession({hubUrl, agent: '1001', pin: DEMO_PIN});
  await first.start();
  await first.setState('ready');
  await first.signOut();
  // A seat that says it was Ready: the switch has seen this agent since it started, so no.
  const control = new ControlClient({hubUrl, role: 'agent', credentials: {agent: '1001', pin: DEMO_PIN}, backoffMs: false, resume: () => ({state: 'ready'})});
  t.teardown(() => control.stop());
  const welcome = new Promise<ServerMessage>(resolve => control.on('message', m => {
    if (m.type === 'welcome') resolve(m);
  }));
  control.start();
  const m = await welcome;
  t.like(m.type === 'welcome' ? m.seats[0] : undefined, {state: 'not-ready', reason: 'login'});
});
