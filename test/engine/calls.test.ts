// Several calls: requests spread across several apps, a B2BUA call completing through 10 %
// UDP loss (retransmissions), and every transaction and dialog reaped afterwards.
import test from 'ava';
import {engineFor, freePort, SDP, sipp, sipPort, srfFor, until} from './helpers.ts';

test('INVITEs are spread round robin across the apps that route them', async t => {
  const engine = await engineFor(t);
  const counts = [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    const srf = await srfFor(t, engine);
    srf.invite((req: any, res: any) => {
      counts[i]++;
      srf.createUAS(req, res, {localSdp: SDP}, () => {});
    });
  }
  await new Promise(r => setTimeout(r, 100));
  const r = await sipp(t, {scenario: 'engine-uac.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`, calls: 9, rate: 30}).done;
  t.is(r.code, 0, r.stdout.slice(-2000));
  t.deepEqual(counts, [3, 3, 3]);
});

test('UDP loss: B2BUA calls complete with sipp -lost 10 on both sides', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  const calleePort = await freePort();
  const calls = 8;
  const callee = sipp(t, {scenario: 'engine-uas.xml', port: calleePort, calls, timeoutS: 60, extra: ['-lost', '10']});
  srf.invite((req: any, res: any) => {
    srf.createB2BUA(req, res, `sip:callee@127.0.0.1:${calleePort}`, {localSdpB: req.body}).then((legs: any) => {
      legs.uas.on('destroy', () => legs.uac.destroy().catch(() => {}));
      legs.uac.on('destroy', () => legs.uas.destroy().catch(() => {}));
    }, () => {});
  });
  await new Promise(r => setTimeout(r, 300));
  const caller = sipp(t, {scenario: 'engine-uac.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`, calls, rate: 10, timeoutS: 60, extra: ['-lost', '10']});
  const [a, b] = await Promise.all([caller.done, callee.done]);
  t.is(a.code, 0, a.stdout.slice(-2500));
  t.is(b.code, 0, b.stdout.slice(-2500));
  t.log('engine retransmissions sent', engine.metrics().retransmissions_sent, 'received', engine.metrics().retransmissions_received);
});

test('memory stays bounded: after N B2BUA calls the transaction and dialog maps are empty', async t => {
  // short RFC timers so the UDP wait states (timers J, D, K) end within the test
  const engine = await engineFor(t, {timers: {t1: 20, t2: 200, t4: 100}});
  const srf = await srfFor(t, engine);
  const calleePort = await freePort();
  const calls = 40;
  const callee = sipp(t, {scenario: 'engine-uas.xml', port: calleePort, calls});
  srf.invite((req: any, res: any) => {
    srf.createB2BUA(req, res, `sip:callee@127.0.0.1:${calleePort}`, {localSdpB: req.body}).then((legs: any) => {
      legs.uas.on('destroy', () => legs.uac.destroy().catch(() => {}));
      legs.uac.on('destroy', () => legs.uas.destroy().catch(() => {}));
    }, () => {});
  });
  await new Promise(r => setTimeout(r, 300));
  const caller = sipp(t, {scenario: 'engine-uac.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`, calls, rate: 40});
  const [a, b] = await Promise.all([caller.done, callee.done]);
  t.is(a.code, 0, a.stdout.slice(-2000));
  t.is(b.code, 0, b.stdout.slice(-2000));
  const m = engine.metrics();
  t.true(m.dialogs_created >= calls * 2, `dialogs created ${m.dialogs_created}`);
  await until(() => engine.metrics().transactions === 0 && engine.metrics().dialogs === 0, 10_000, `maps empty (now ${JSON.stringify(engine.metrics())})`);
  t.is(engine.metrics().server_transactions, 0);
  t.is(engine.metrics().client_transactions, 0);
  t.is(engine.metrics().dialogs, 0);
});

test('an app that disconnects with a call unanswered: the caller gets 480, not silence', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  srf.invite(() => { srf.disconnect(); });
  await new Promise(r => setTimeout(r, 100));
  const r = await sipp(t, {scenario: 'engine-uac-480.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`}).done;
  t.is(r.code, 0, r.stdout.slice(-1500));
  await until(() => engine.metrics().control_clients === 0, 2000, 'app gone');
});

test('an INVITE the app never answers gets 408 when timer C runs out', async t => {
  const engine = await engineFor(t, {timers: {c: 700}});
  const srf = await srfFor(t, engine);
  let offered = 0;
  srf.invite(() => { offered++; }); // takes the call and forgets it
  await new Promise(r => setTimeout(r, 100));
  const r = await sipp(t, {scenario: 'engine-uac-408.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`}).done;
  t.is(r.code, 0, r.stdout.slice(-1500));
  t.is(offered, 1);
});
