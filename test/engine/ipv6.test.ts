// IPv6 loopback: sipp calls the engine on [::1], srf.createUAS answers, sipp hangs up.
import test from 'ava';
import {startEngine} from '../../server/engine/index.ts';
import {freePort, SDP, SECRET, sipp, srfFor, until} from './helpers.ts';

test('UAS over UDP on ::1', async t => {
  const engine = await startEngine({sip: [{transport: 'udp', host: '::1', port: 0}], control: {host: '127.0.0.1', port: 0}, secret: SECRET, logLevel: 'warn'});
  t.teardown(() => engine.close());
  const srf = await srfFor(t, engine);
  let destroyed = false;
  srf.invite((req: any, res: any) => srf.createUAS(req, res, {localSdp: SDP}, (e: unknown, uas: any) => { if (!e) uas.on('destroy', () => { destroyed = true; }); }));
  await new Promise(r => setTimeout(r, 100));
  const port = engine.sip[0].port;
  const r = await sipp(t, {scenario: 'engine-uac.xml', port: await freePort(), remote: `[::1]:${port}`, extra: ['-i', '::1']}).done;
  t.is(r.code, 0, r.stdout.slice(-2000) + r.stderr);
  await until(() => destroyed, 3000, 'dialog destroy');
});
