// sipp (caller) → engine → a drachtio-srf app answering with srf.createUAS.
import test from 'ava';
import {engineFor, freePort, SDP, sipp, sipPort, srfFor, until} from './helpers.ts';

for (const transport of ['udp', 'tcp'] as const) {
  test(`UAS over ${transport}: sipp calls, srf.createUAS answers, sipp hangs up`, async t => {
    const engine = await engineFor(t);
    const srf = await srfFor(t, engine);
    let destroyed = 0;
    let invites = 0;
    srf.invite(async (req: any, res: any) => {
      invites++;
      const uas = await srf.createUAS(req, res, {localSdp: SDP});
      uas.on('destroy', () => { destroyed++; });
    });
    const run = sipp(t, {scenario: 'engine-uac.xml', port: await freePort(), transport, remote: `127.0.0.1:${sipPort(engine, transport)}`});
    const r = await run.done;
    t.is(r.code, 0, r.stdout.slice(-2000) + r.stderr);
    await until(() => destroyed === 1, 5000, 'dialog destroy');
    t.is(invites, 1);
    await until(() => engine.metrics().dialogs === 0, 5000, 'dialogs reaped');
  });
}
