// The headless SeatSession against a real center: /control on the hub port, the switch on the
// embedded SIP engine, a sipp auto-answer phone and a sipp caller over loopback.
import test from 'ava';
import {DEMO_PIN} from '../../src/config.ts';
import {SeatSession, type SeatState} from '../../src/client/seat-session.ts';
import {freePort, registerPhone, seatCenter, sipp, until} from './seat-helpers.ts';

function waitState(session: SeatSession, pred: (s: SeatState) => boolean, what: string, ms = 15_000): Promise<SeatState> {
  return until(() => pred(session.state), what, ms).then(() => session.state);
}

test('a headless seat takes a real call: ready, offered, accept, hold, resume, hang up, after-call work, ready', async t => {
  const center = await seatCenter(t, {ringPeriodSeconds: 1, noAnswerSeconds: 20});
  const phonePort = await freePort();
  const phone = sipp(t, {scenario: 'seat-phone.xml', port: phonePort});
  await registerPhone(t, center, '1001', phonePort);

  const session = new SeatSession({hubUrl: center.hubUrl, agent: '1001', pin: DEMO_PIN});
  t.teardown(() => session.stop());
  const profile = await session.start();
  t.is(profile.team, 'a');
  await waitState(session, s => s.seat?.phoneRegistered === true, 'phone registered');
  await session.setState('ready');
  await waitState(session, s => s.seat?.state === 'ready', 'ready');

  const caller = sipp(t, {scenario: 'seat-caller.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345'});
  const offered = await waitState(session, s => s.offer !== undefined, 'offer');
  t.regex(offered.offer!.caller, /^1390000\d+$/, 'the offered agent sees the full number');
  await waitState(session, s => session.now() - s.offer!.offeredAt >= 1000 || s.offer!.ticked >= 2, 'a second ring');
  await session.accept();
  const inCall = await waitState(session, s => s.call !== undefined, 'answered');
  t.is(inCall.call!.callId, offered.offer!.callId);
  t.is(inCall.offer, undefined);

  await session.hold();
  await waitState(session, s => s.call?.holdSince !== undefined, 'held');
  await session.resume();
  const resumed = await waitState(session, s => s.call?.holdSince === undefined && s.call?.holds === 1, 'resumed');
  t.true(resumed.call!.heldMs >= 0);

  await t.throwsAsync(session.resume(), {instanceOf: Error}, 'resuming a call not on hold is refused by the switch');
  await session.hangup();
  const ended = await waitState(session, s => s.ended !== undefined, 'ended');
  t.is(ended.ended!.by, 'agent');
  await waitState(session, s => s.seat?.state === 'acw', 'after-call work');
  await session.wrapupDone();
  await waitState(session, s => s.seat?.state === 'ready', 'ready again');
  t.is(session.state.seat?.callsToday, 1);

  const [callerRun, phoneRun] = await Promise.all([caller.done, phone.done]);
  t.is(callerRun.code, 0, callerRun.stderr);
  t.is(phoneRun.code, 0, phoneRun.stderr);
});

test('a wrong PIN is refused by the real switch', async t => {
  const center = await seatCenter(t);
  const session = new SeatSession({hubUrl: center.hubUrl, agent: '1001', pin: '0000'});
  t.teardown(() => session.stop());
  await t.throwsAsync(session.start());
  t.is(session.state.connection, 'refused');
});
