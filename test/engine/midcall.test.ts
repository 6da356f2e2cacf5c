// Mid-call requests both ways through the engine: sipp sends re-INVITE, UPDATE, INFO and
// REFER to a srf.createUAS dialog; the app then sends re-INVITE (dialog.modify) and UPDATE
// back, and hangs up.
import test from 'ava';
import {engineFor, freePort, SDP, sipp, sipPort, srfFor, until} from './helpers.ts';

for (const transport of ['udp', 'tcp'] as const) {
  test(`mid-call over ${transport}: re-INVITE, UPDATE, INFO, REFER from sipp; re-INVITE, UPDATE, BYE from the app`, async t => {
    const engine = await engineFor(t);
    const srf = await srfFor(t, engine);
    const seen: string[] = [];
    let finished = false;
    srf.invite((req: any, res: any) => {
      seen.push(`invite:${req.get('CSeq')}`);
      // the callback form attaches the handlers before the next control message is read (a
      // promise continuation could run after an immediately following re-INVITE)
      srf.createUAS(req, res, {localSdp: SDP}, (err: Error | null, uas: any) => {
      if (err) return;
      uas.on('modify', (r: any, s: any) => { seen.push(`modify:${r.body.includes('sendonly') ? 'sendonly' : 'other'}`); s.send(200, {body: SDP}); });
      uas.on('update', (_r: any, s: any) => { seen.push('update'); s.send(200); });
      uas.on('info', (r: any, s: any) => { seen.push(`info:${r.body.trim().split(/\r?\n/)[0]}`); s.send(200); });
      uas.on('refer', async (r: any, s: any) => {
        seen.push(`refer:${r.get('Refer-To')}`);
        s.send(202);
        const answer = await uas.modify(SDP.replace('a=sendrecv', 'a=sendonly'));
        seen.push(`modified:${answer.includes('m=audio')}`);
        const upd = await uas.request({method: 'UPDATE'});
        seen.push(`updated:${upd.status}`);
        await uas.destroy();
        finished = true;
      });
      });
    });
    const r = await sipp(t, {scenario: 'engine-midcall.xml', port: await freePort(), transport, remote: `127.0.0.1:${sipPort(engine, transport)}`}).done;
    t.is(r.code, 0, r.stdout.slice(-3000));
    await until(() => finished, 5000, 'app finished');
    t.deepEqual(seen.map(s => s.replace(/@.*>/, '>')), ['invite:1 INVITE', 'modify:sendonly', 'update', 'info:Signal=5', 'refer:<sip:agent1002>', 'modified:true', 'updated:200']);
    await until(() => engine.metrics().dialogs === 0, 3000, 'dialogs reaped');
  });
}
