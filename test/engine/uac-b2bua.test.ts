// srf.createUAC → engine → sipp (callee), and sipp → engine → srf.createB2BUA → sipp.
import test from 'ava';
import {engineFor, freePort, SDP, sipp, sipPort, srfFor, until} from './helpers.ts';

for (const transport of ['udp', 'tcp'] as const) {
  test(`UAC over ${transport}: srf.createUAC reaches sipp, the app hangs up`, async t => {
    const engine = await engineFor(t);
    const srf = await srfFor(t, engine);
    const port = await freePort();
    const callee = sipp(t, {scenario: 'engine-uas.xml', port, transport});
    await new Promise(r => setTimeout(r, 300)); // sipp binds its port
    const uri = `sip:callee@127.0.0.1:${port}${transport === 'tcp' ? ';transport=tcp' : ''}`;
    const uac = await srf.createUAC(uri, {localSdp: SDP, headers: {From: '<sip:zuoxi@localhost>'}});
    t.truthy(uac.id);
    t.true(uac.remote.sdp.includes('m=audio'));
    await uac.destroy();
    const r = await callee.done;
    t.is(r.code, 0, r.stdout.slice(-2000) + r.stderr);
    await until(() => engine.metrics().dialogs === 0, 3000, 'dialogs reaped');
  });

  test(`B2BUA over ${transport}: sipp → srf.createB2BUA → sipp, caller hangs up, both legs end`, async t => {
    const engine = await engineFor(t);
    const srf = await srfFor(t, engine);
    const calleePort = await freePort();
    const callee = sipp(t, {scenario: 'engine-uas.xml', port: calleePort, transport});
    let ended = 0;
    srf.invite(async (req: any, res: any) => {
      const {uas, uac} = await srf.createB2BUA(req, res, `sip:callee@127.0.0.1:${calleePort}${transport === 'tcp' ? ';transport=tcp' : ''}`, {localSdpB: req.body});
      uas.on('destroy', () => { ended++; uac.destroy().catch(() => {}); });
      uac.on('destroy', () => { ended++; uas.destroy().catch(() => {}); });
    });
    await new Promise(r => setTimeout(r, 300));
    const caller = sipp(t, {scenario: 'engine-uac.xml', port: await freePort(), transport, remote: `127.0.0.1:${sipPort(engine, transport)}`});
    const [a, b] = await Promise.all([caller.done, callee.done]);
    t.is(a.code, 0, a.stdout.slice(-2000));
    t.is(b.code, 0, b.stdout.slice(-2000));
    t.is(ended, 1);
    await until(() => engine.metrics().dialogs === 0, 3000, 'dialogs reaped');
  });
}

test('B2BUA: the callee hangs up first, the caller gets the BYE', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  const calleePort = await freePort();
  const callee = sipp(t, {scenario: 'engine-uas-hangup.xml', port: calleePort});
  srf.invite(async (req: any, res: any) => {
    const {uas, uac} = await srf.createB2BUA(req, res, `sip:callee@127.0.0.1:${calleePort}`, {localSdpB: req.body});
    uas.on('destroy', () => uac.destroy().catch(() => {}));
    uac.on('destroy', () => uas.destroy().catch(() => {}));
  });
  await new Promise(r => setTimeout(r, 300));
  const caller = sipp(t, {scenario: 'engine-uac-recvbye.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`});
  const [a, b] = await Promise.all([caller.done, callee.done]);
  t.is(a.code, 0, a.stdout.slice(-2000));
  t.is(b.code, 0, b.stdout.slice(-2000));
  await until(() => engine.metrics().dialogs === 0, 3000, 'dialogs reaped');
});

test('B2BUA: the caller cancels while the callee rings; the CANCEL reaches the callee', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  const calleePort = await freePort();
  const callee = sipp(t, {scenario: 'engine-uas-cancel.xml', port: calleePort});
  let outcome = '';
  srf.invite((req: any, res: any) => {
    srf.createB2BUA(req, res, `sip:callee@127.0.0.1:${calleePort}`, {localSdpB: req.body}).then(
      () => { outcome = 'connected'; },
      (err: any) => { outcome = `failed ${err.status}`; },
    );
  });
  await new Promise(r => setTimeout(r, 300));
  const caller = sipp(t, {scenario: 'engine-uac-cancel.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`});
  const [a, b] = await Promise.all([caller.done, callee.done]);
  t.is(a.code, 0, a.stdout.slice(-2000));
  t.is(b.code, 0, b.stdout.slice(-2000));
  await until(() => outcome !== '', 3000, 'B2BUA outcome');
  t.is(outcome, 'failed 487');
  await until(() => engine.metrics().dialogs === 0, 3000, 'no dialogs left');
});
