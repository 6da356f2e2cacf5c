// CANCEL before answer (both directions), OPTIONS, REGISTER with digest auth
// (drachtio-mw-digest-auth), srf.proxyRequest — each against sipp over real SIP.
import crypto from 'node:crypto';
import {createRequire} from 'node:module';
import test from 'ava';
import {engineFor, freePort, SDP, sipp, sipPort, srfFor, until} from './helpers.ts';

// the package ships no type declarations
const digestAuth = createRequire(import.meta.url)('drachtio-mw-digest-auth');

test('CANCEL from sipp before the answer: 200 + 487, the app sees the cancel', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  let cancelled = false;
  srf.invite((req: any, res: any) => {
    req.on('cancel', () => { cancelled = true; });
    res.send(180);
  });
  const r = await sipp(t, {scenario: 'engine-uac-cancel.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`}).done;
  t.is(r.code, 0, r.stdout.slice(-2000));
  await until(() => cancelled, 3000, 'cancel event');
  t.is(engine.metrics().dialogs, 0);
});

test('CANCEL from the app (srf.createUAC + req.cancel) before sipp answers: 487', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  const port = await freePort();
  const callee = sipp(t, {scenario: 'engine-uas-cancel.xml', port});
  await new Promise(r => setTimeout(r, 300));
  let sent: any;
  const error = await t.throwsAsync(srf.createUAC(`sip:callee@127.0.0.1:${port}`, {localSdp: SDP}, {
    cbRequest: (_err: unknown, req: any) => { sent = req; },
    cbProvisional: (res: any) => { if (res.status === 180) sent.cancel(); },
  }));
  t.is((error as any).status, 487);
  const r = await callee.done;
  t.is(r.code, 0, r.stdout.slice(-2000));
});

test('OPTIONS: answered by an app routing options, and by the engine itself when none does', async t => {
  const engine = await engineFor(t);
  const alone = await sipp(t, {scenario: 'engine-options.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`}).done;
  t.is(alone.code, 0, alone.stdout.slice(-1500));
  const srf = await srfFor(t, engine);
  let seen = 0;
  srf.options((_req: any, res: any) => { seen++; res.send(200, {headers: {'X-App': 'yes'}}); });
  await new Promise(r => setTimeout(r, 100)); // the route message reaches the engine
  for (const transport of ['udp', 'tcp'] as const) {
    const r = await sipp(t, {scenario: 'engine-options.xml', port: await freePort(), transport, remote: `127.0.0.1:${sipPort(engine, transport)}`}).done;
    t.is(r.code, 0, r.stdout.slice(-1500));
  }
  t.is(seen, 2);
  // remove_route: the app stops taking OPTIONS, the engine answers them again itself
  srf.unregisterForMessages('options');
  await new Promise(r => setTimeout(r, 100));
  const after = await sipp(t, {scenario: 'engine-options.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`}).done;
  t.is(after.code, 0, after.stdout.slice(-1500));
  t.is(seen, 2);
});

test('REGISTER with digest authentication through drachtio-mw-digest-auth', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  const registered: string[] = [];
  srf.use('register', digestAuth({
    realm: 'zuoxi.local',
    passwordLookup: (username: string, _realm: string, cb: (err: unknown, pw?: string | null) => void) => cb(null, username === '1001' ? 's3cret' : null),
  }));
  srf.register((req: any, res: any) => {
    registered.push(req.authorization.username);
    res.send(200, {headers: {Contact: req.get('Contact'), Expires: '300'}});
  });
  await new Promise(r => setTimeout(r, 100));
  const ok = await sipp(t, {scenario: 'engine-register.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`, extra: ['-s', '1001', '-au', '1001', '-ap', 's3cret']}).done;
  t.is(ok.code, 0, ok.stdout.slice(-2000));
  t.deepEqual(registered, ['1001']);
  // a wrong password is refused (403 after the second attempt), so sipp's scenario fails
  const bad = await sipp(t, {scenario: 'engine-register.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`, timeoutS: 3, extra: ['-s', '1001', '-au', '1001', '-ap', crypto.randomUUID()]}).done;
  t.not(bad.code, 0);
  t.deepEqual(registered, ['1001']);
});

test('srf.proxyRequest: sipp → engine (proxy) → sipp, with Record-Route, BYE through the proxy', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  const calleePort = await freePort();
  const callee = sipp(t, {scenario: 'engine-uas.xml', port: calleePort});
  let result: any;
  srf.invite(async (req: any) => {
    result = await srf.proxyRequest(req, `sip:callee@127.0.0.1:${calleePort}`, {recordRoute: true});
  });
  await new Promise(r => setTimeout(r, 300));
  const caller = sipp(t, {scenario: 'engine-uac.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`});
  const [a, b] = await Promise.all([caller.done, callee.done]);
  t.is(a.code, 0, a.stdout.slice(-2000));
  t.is(b.code, 0, b.stdout.slice(-2000));
  t.true(result.connected);
  t.is(result.finalStatus, 200);
  t.is(engine.metrics().dialogs, 0); // a proxy keeps no dialog
});

test('host names are resolved (here by an injected resolver, so no DNS traffic leaves the box)', async t => {
  const engine = await engineFor(t, {resolve: async host => (host === 'callee.zuoxi.test' ? '127.0.0.1' : undefined)});
  const srf = await srfFor(t, engine);
  const error = await t.throwsAsync(srf.createUAC('sip:someone@no-such-host.zuoxi.test', {localSdp: SDP}));
  t.regex(error!.message, /cannot send to sip:someone@no-such-host\.zuoxi\.test/);
  t.is(engine.metrics().client_transactions, 0);
  const port = await freePort();
  const callee = sipp(t, {scenario: 'engine-uas.xml', port});
  await new Promise(r => setTimeout(r, 300));
  const uac = await srf.createUAC(`sip:callee@callee.zuoxi.test:${port}`, {localSdp: SDP});
  await uac.destroy();
  const r = await callee.done;
  t.is(r.code, 0, r.stdout.slice(-1500));
});

test('reliable provisional responses (100rel): sipp PRACKs the app\'s 183; the app PRACKs sipp\'s 183', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  let pracked = false;
  srf.invite((req: any, res: any) => {
    res.send(183, {headers: {Require: '100rel', RSeq: '1', 'Content-Type': 'application/sdp'}, body: SDP}, () => {}, () => {
      pracked = true;
      srf.createUAS(req, res, {localSdp: SDP}, () => {});
    });
  });
  await new Promise(r => setTimeout(r, 100));
  const a = await sipp(t, {scenario: 'engine-uac-100rel.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`}).done;
  t.is(a.code, 0, a.stdout.slice(-2500));
  t.true(pracked);

  const port = await freePort();
  const callee = sipp(t, {scenario: 'engine-uas-100rel.xml', port});
  await new Promise(r => setTimeout(r, 300));
  const provisional: number[] = [];
  const uac = await srf.createUAC(`sip:callee@127.0.0.1:${port}`, {localSdp: SDP, headers: {Supported: '100rel'}}, {cbProvisional: (r: any) => provisional.push(r.status)});
  t.deepEqual(provisional, [183]);
  await uac.destroy();
  const b = await callee.done;
  t.is(b.code, 0, b.stdout.slice(-2500));
  await until(() => engine.metrics().dialogs === 0, 3000, 'dialogs reaped');
});

test('srf.request: an out-of-dialog OPTIONS from the app reaches sipp over UDP and TCP and its 200 comes back', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  for (const transport of ['udp', 'tcp'] as const) {
    const port = await freePort();
    const target = sipp(t, {scenario: 'engine-uas-options.xml', port, transport});
    await new Promise(r => setTimeout(r, 300));
    const status = await new Promise<number>((resolve, reject) => {
      srf.request(`sip:phone@127.0.0.1:${port}${transport === 'tcp' ? ';transport=tcp' : ''}`, {method: 'OPTIONS', headers: {'X-Ping': '1'}}, (err: Error | null, req: any) => {
        if (err) { reject(err); return; }
        req.on('response', (res: any) => resolve(res.status));
      });
    });
    t.is(status, 200);
    const r = await target.done;
    t.is(r.code, 0, r.stdout.slice(-1500));
  }
});

test('srf.proxyRequest with simultaneous forking: the first 2xx wins, the ringing branch is cancelled', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  const [ringing, answering] = [await freePort(), await freePort()];
  const ringer = sipp(t, {scenario: 'engine-uas-cancel.xml', port: ringing});
  const answerer = sipp(t, {scenario: 'engine-uas.xml', port: answering});
  let result: any;
  srf.invite(async (req: any) => {
    result = await srf.proxyRequest(req, [`sip:a@127.0.0.1:${ringing}`, `sip:b@127.0.0.1:${answering}`], {forking: 'simultaneous', recordRoute: true});
  });
  await new Promise(r => setTimeout(r, 300));
  const caller = sipp(t, {scenario: 'engine-uac.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`});
  const [a, b, c] = await Promise.all([caller.done, ringer.done, answerer.done]);
  t.is(a.code, 0, a.stdout.slice(-2000));
  t.is(b.code, 0, `the ringing branch saw the CANCEL: ${b.stdout.slice(-2000)}`);
  t.is(c.code, 0, c.stdout.slice(-2000));
  await until(() => result !== undefined, 2000, 'proxy result');
  t.true(result.connected);
});
