// cdr:attempt / cdr:start / cdr:stop events reach an app that subscribes to them.
import test from 'ava';
import {engineFor, freePort, SDP, sipp, sipPort, srfFor, until} from './helpers.ts';

test('CDRs for an answered call and for a cancelled one', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  const cdrs: string[] = [];
  srf.on('cdr:attempt', (source: string, _time: string, msg: any) => cdrs.push(`attempt:${source}:${msg.method}`));
  srf.on('cdr:start', (source: string, _time: string, role: string, msg: any) => cdrs.push(`start:${source}:${role}:${msg.status}`));
  srf.on('cdr:stop', (source: string, _time: string, reason: string) => cdrs.push(`stop:${source}:${reason}`));
  srf.invite((req: any, res: any) => {
    if (req.get('CSeq') && req.uri.startsWith('sip:ring')) { res.send(180); return; }
    srf.createUAS(req, res, {localSdp: SDP}, () => {});
  });
  await new Promise(r => setTimeout(r, 100));
  const answered = await sipp(t, {scenario: 'engine-uac.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`}).done;
  t.is(answered.code, 0, answered.stdout.slice(-1500));
  await until(() => cdrs.length === 3, 3000, 'three CDRs');
  t.deepEqual(cdrs, ['attempt:network:INVITE', 'start:application:uas:200', 'stop:network:normal-release']);
  cdrs.length = 0;
  const cancelled = await sipp(t, {scenario: 'engine-uac-cancel.xml', port: await freePort(), remote: `127.0.0.1:${sipPort(engine)}`, extra: ['-s', 'ring']}).done;
  t.is(cancelled.code, 0, cancelled.stdout.slice(-1500));
  await until(() => cdrs.length === 2, 3000, 'two CDRs');
  t.deepEqual(cdrs, ['attempt:network:INVITE', 'stop:network:call-canceled']);
});
