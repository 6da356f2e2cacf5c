// sipp (caller) → engine → a drachtio-srf app answering with srf.createUAS.
import test from 'ava';
import {engineFor, freePort, SDP, sipp, sipPort, srfFor, until} from './helpers.ts';

for (const transport of ['udp', 'tcp'] as const) {
  test(`UAS over ${transport}: sipp calls, srf.createUAS answers, sipp hangs up`, async t => {
    const engine = await engineFor(t);
    const srf = await srfFor(t, engine);
    let destroyed = 0;
    let invites = 0;
    let meta = '';
    srf.invite(async (req: any, res: any) => {
      invites++;
      meta = `${req.protocol} ${req.source_address}:${req.source_port} ${req.stackTxnId ? 'txn' : 'no-txn'}`;
      const uas = await srf.createUAS(req, res, {localSdp: SDP});
      uas.on('destroy', () => { destroyed++; });
    });
    const port = await freePort();
    const run = sipp(t, {scenario: 'engine-uac.xml', port, transport, remote: `127.0.0.1:${sipPort(engine, transport)}`});
    const r = await run.done;
    t.is(r.code, 0, r.stdout.slice(-2000) + r.stderr);
    // the source address meta: UDP shows sipp's port; TCP shows the connection's source port
    t.regex(meta, new RegExp(`^${transport} 127\\.0\\.0\\.1:${transport === 'udp' ? port : '\\d+'} txn$`));
    await until(() => destroyed === 1, 5000, 'dialog destroy');
    t.is(invites, 1);
    await until(() => engine.metrics().dialogs === 0, 5000, 'dialogs reaped');
  });
}
