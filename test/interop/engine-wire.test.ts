// What phones and proxies see on the wire from the embedded engine, checked by sipp against
// drachtio-server's behaviour (issue 16): typed bodies, a challenged BYE retried, the ACK
// timeout's Reason text, the product tokens.
import test from 'ava';
import {engineFor, freePort, SDP, sipp, sipPort, srfFor, until} from '../engine/helpers.ts';
import {scenario} from './scenarios.ts';

for (const transport of ['udp', 'tcp'] as const) {
  test(`over ${transport}: the app's untyped SDP answer goes out as application/sdp, with Server: zuoxi`, async t => {
    const engine = await engineFor(t);
    const srf = await srfFor(t, engine);
    srf.invite((req: any, res: any) => srf.createUAS(req, res, {localSdp: SDP}).catch(() => {}));
    await new Promise(r => setTimeout(r, 100));
    const r = await sipp(t, {scenario: scenario(t, 'caller-typed.xml'), port: await freePort(), transport, remote: `127.0.0.1:${sipPort(engine, transport)}`}).done;
    t.is(r.code, 0, r.stdout.slice(-2000) + r.stderr);
  });
}

test('the app\'s untyped INVITE and re-INVITE go out as application/sdp, with User-Agent: zuoxi', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  const port = await freePort();
  const callee = sipp(t, {scenario: scenario(t, 'callee-typed.xml'), port});
  await new Promise(r => setTimeout(r, 300)); // sipp binds its port
  const uac = await srf.createUAC(`sip:callee@127.0.0.1:${port}`, {localSdp: SDP, headers: {From: '<sip:zuoxi@localhost>'}});
  await uac.modify(SDP.replace('a=sendrecv', 'a=sendonly'));
  await uac.destroy();
  const r = await callee.done;
  t.is(r.code, 0, r.stdout.slice(-2000) + r.stderr);
});

test('an app request whose body is neither typed nor SDP is refused, as drachtio-server does', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  const error = await new Promise<unknown>(resolve => {
    srf.request(`sip:nobody@127.0.0.1:${sipPort(engine)}`, {method: 'MESSAGE', body: 'hello'}, (e: unknown) => resolve(e));
  });
  t.regex(String((error as Error)?.message ?? error), /missing content-type/);
});

test('a BYE challenged with 401 keeps its dialog: srf\'s BYE with credentials reaches the peer', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  const port = await freePort();
  const callee = sipp(t, {scenario: scenario(t, 'callee-bye-auth.xml'), port});
  await new Promise(r => setTimeout(r, 300));
  const uac = await srf.createUAC(`sip:callee@127.0.0.1:${port}`, {localSdp: SDP, headers: {From: '<sip:zuoxi@localhost>'}});
  const bye = await uac.destroy({auth: {username: 'bob', password: 'secret'}});
  t.truthy(bye);
  const r = await callee.done;
  t.is(r.code, 0, r.stdout.slice(-2000) + r.stderr);
  await until(() => engine.metrics().dialogs === 0, 3000, 'dialog removed after the 200');
});

test('a 2xx never ACKed: the engine\'s BYE and srf\'s destroy reason say "ACK timeout"', async t => {
  // TCP: the 2xx is not retransmitted, so sipp sees one 200 and then the BYE (64*T1 = 3.2 s)
  const engine = await engineFor(t, {timers: {t1: 50}});
  const srf = await srfFor(t, engine);
  let reason = '';
  srf.invite((req: any, res: any) => {
    srf.createUAS(req, res, {localSdp: SDP}).then((uas: any) => uas.on('destroy', (_msg: unknown, why: string) => { reason = why; }), () => {});
  });
  await new Promise(r => setTimeout(r, 100));
  const r = await sipp(t, {scenario: scenario(t, 'caller-no-ack.xml'), port: await freePort(), transport: 'tcp', remote: `127.0.0.1:${sipPort(engine, 'tcp')}`}).done;
  t.is(r.code, 0, r.stdout.slice(-2000) + r.stderr);
  await until(() => reason !== '', 3000, 'srf destroy');
  t.is(reason, 'ACK timeout');
});
