// RFC 4028 session timers: the engine refreshes the sessions it must refresh (re-INVITE at half
// the interval, ACKed by itself) and ends the ones the peer fails to refresh (BYE both ways).
import test from 'ava';
import {engineFor, freePort, SDP, sipp, sipPort, srfFor, until} from './helpers.ts';

test('we refresh: a 2 s session gets a refresh re-INVITE from the engine, the call stays up', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  const port = await freePort();
  const callee = sipp(t, {scenario: 'engine-uas-session.xml', port});
  await new Promise(r => setTimeout(r, 300));
  let appSawInvite = false;
  const uac = await srf.createUAC(`sip:callee@127.0.0.1:${port}`, {localSdp: SDP, headers: {'Session-Expires': '2;refresher=uac', Supported: 'timer'}});
  uac.on('modify', () => { appSawInvite = true; });
  await until(() => engine.metrics().session_refreshes >= 1, 3000, 'a refresh');
  await new Promise(r => setTimeout(r, 200)); // its 200 and our ACK
  t.true(uac.connected);
  await uac.destroy();
  const r = await callee.done;
  t.is(r.code, 0, r.stdout.slice(-2000));
  t.false(appSawInvite);
  t.is(engine.metrics().sessions_expired, 0);
});

test('the peer must refresh and does not: the engine ends the call with BYE and tells the app', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  let destroyed = false;
  let reason = '';
  srf.invite((req: any, res: any) => srf.createUAS(req, res, {localSdp: SDP, headers: {'Session-Expires': '2;refresher=uac', Require: 'timer'}}, (e: unknown, uas: any) => {
    if (!e) uas.on('destroy', (_msg: unknown, why: string) => { destroyed = true; reason = why; });
  }));
  await new Promise(r => setTimeout(r, 100));
  const started = Date.now();
  const r = await sipp(t, {scenario: 'engine-uac-recvbye.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`}).done;
  t.is(r.code, 0, r.stdout.slice(-2000));
  t.true(Date.now() - started >= 1200, 'not before the session interval (minus a third) ran out');
  await until(() => destroyed, 2000, 'app told');
  t.is(reason, 'Session timer expired', 'drachtio-server\'s Reason text, as srf reports it');
  t.is(engine.metrics().sessions_expired, 1);
  t.is(engine.metrics().dialogs, 0);
});
