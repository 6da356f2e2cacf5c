// Transaction and dialog timers seen from a raw UDP peer (real sockets, shortened RFC timers):
// timer A retransmits an unanswered INVITE, timer B turns silence into a 408 for the app,
// the UAS core retransmits a 2xx until the ACK and ends the dialog with a BYE when none comes.
import dgram from 'node:dgram';
import test from 'ava';
import {getHeader, parseMessage, serialize, type SipMessage} from '../../server/engine/sip/index.ts';
import {responseTo} from '../../server/engine/build.ts';
import {engineFor, freePort, SDP, sipPort, srfFor, until} from './helpers.ts';

const timers = {t1: 40, t2: 320, t4: 200};

async function peer(t: any): Promise<{socket: dgram.Socket; port: number; got: SipMessage[]}> {
  const socket = dgram.createSocket('udp4');
  const got: SipMessage[] = [];
  socket.on('message', m => { const r = parseMessage(m); if (r.ok) got.push(r.msg); });
  await new Promise<void>(r => socket.bind(0, '127.0.0.1', () => r()));
  t.teardown(() => socket.close());
  return {socket, port: socket.address().port, got};
}

test('timer A retransmits an INVITE until it is answered; the app gets the 200', async t => {
  const engine = await engineFor(t, {timers});
  const srf = await srfFor(t, engine);
  const p = await peer(t);
  let seen = 0;
  p.socket.on('message', m => {
    const r = parseMessage(m);
    if (!r.ok || r.msg.method !== 'INVITE') return;
    seen++;
    if (seen < 3) return; // stay silent for the first two copies
    const ok = responseTo(r.msg, 200, 'OK', [{name: 'contact', value: `<sip:peer@127.0.0.1:${p.port}>`}, {name: 'content-type', value: 'application/sdp'}], 'peer1', Buffer.from(SDP));
    p.socket.send(serialize(ok), sipPort(engine), '127.0.0.1');
  });
  const uac = await srf.createUAC(`sip:peer@127.0.0.1:${p.port}`, {localSdp: SDP});
  t.true(seen >= 3);
  t.true(engine.metrics().retransmissions_sent >= 2);
  await until(() => p.got.some(m => m.method === 'ACK'), 2000, 'ACK');
  await uac.destroy().catch(() => {});
});

test('timer B: an INVITE nobody answers fails with 408 for the app', async t => {
  const engine = await engineFor(t, {timers});
  const srf = await srfFor(t, engine);
  const p = await peer(t);
  const started = Date.now();
  const error = await t.throwsAsync(srf.createUAC(`sip:peer@127.0.0.1:${p.port}`, {localSdp: SDP}));
  t.is((error as any).status, 408);
  t.true(Date.now() - started >= 64 * timers.t1 - 50);
  t.true(p.got.filter(m => m.method === 'INVITE').length >= 5); // 1 + retransmissions at T1, 2T1, 4T1…
  await until(() => engine.metrics().client_transactions === 0, 2000, 'transaction reaped');
});

test('the 2xx is retransmitted until the ACK; without an ACK the dialog ends with a BYE', async t => {
  const engine = await engineFor(t, {timers});
  const srf = await srfFor(t, engine);
  let destroyed = false;
  srf.invite((req: any, res: any) => srf.createUAS(req, res, {localSdp: SDP}, (e: unknown, uas: any) => { if (!e) uas.on('destroy', () => { destroyed = true; }); }));
  await new Promise(r => setTimeout(r, 100));
  const p = await peer(t);
  const invite = [
    `INVITE sip:svc@127.0.0.1:${sipPort(engine)} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${p.port};branch=z9hG4bK-noack;rport`,
    'From: <sip:peer@127.0.0.1>;tag=p1', `To: <sip:svc@127.0.0.1>`, 'Call-ID: noack@test', 'CSeq: 1 INVITE',
    `Contact: <sip:peer@127.0.0.1:${p.port}>`, 'Content-Type: application/sdp', `Content-Length: ${SDP.length}`, '', SDP,
  ].join('\r\n');
  p.socket.send(invite, sipPort(engine), '127.0.0.1');
  await until(() => p.got.some(m => m.method === 'BYE'), 5000, 'BYE after no ACK');
  const oks = p.got.filter(m => m.status === 200 && getHeader(m, 'cseq') === '1 INVITE');
  t.true(oks.length >= 3, `2xx sent ${oks.length} times`);
  await until(() => destroyed, 2000, 'app told the dialog ended');
  t.is(engine.metrics().dialogs, 0);
});

test('a TCP target that refuses the connection fails the request at once with 503', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  const port = await freePort(); // nothing listens here
  const started = Date.now();
  const error = await t.throwsAsync(srf.createUAC(`sip:nobody@127.0.0.1:${port};transport=tcp`, {localSdp: SDP}));
  t.is((error as any).status, 503);
  t.true(Date.now() - started < 2000);
  await until(() => engine.metrics().client_transactions === 0, 2000, 'transaction reaped');
});

test('a reliable 183 is retransmitted until the PRACK, then no more', async t => {
  const engine = await engineFor(t, {timers});
  const srf = await srfFor(t, engine);
  let pracked = false;
  srf.invite((_req: any, res: any) => {
    res.send(183, {headers: {Require: '100rel', RSeq: '7', 'Content-Type': 'application/sdp'}, body: SDP}, () => {}, () => { pracked = true; });
  });
  await new Promise(r => setTimeout(r, 100));
  const p = await peer(t);
  const invite = [
    `INVITE sip:svc@127.0.0.1:${sipPort(engine)} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${p.port};branch=z9hG4bK-rel1;rport`,
    'From: <sip:peer@127.0.0.1>;tag=p1', 'To: <sip:svc@127.0.0.1>', 'Call-ID: rel@test', 'CSeq: 1 INVITE', 'Supported: 100rel',
    `Contact: <sip:peer@127.0.0.1:${p.port}>`, 'Content-Type: application/sdp', `Content-Length: ${SDP.length}`, '', SDP,
  ].join('\r\n');
  p.socket.send(invite, sipPort(engine), '127.0.0.1');
  const provisional = () => p.got.filter(m => m.status === 183);
  await until(() => provisional().length >= 3, 3000, 'three copies of the 183');
  const first = provisional()[0];
  const prack = [
    `PRACK sip:svc@127.0.0.1:${sipPort(engine)} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${p.port};branch=z9hG4bK-rel2;rport`,
    'From: <sip:peer@127.0.0.1>;tag=p1', `To: ${getHeader(first, 'to')}`, 'Call-ID: rel@test', 'CSeq: 2 PRACK', 'RAck: 7 1 INVITE',
    'Content-Length: 0', '', '',
  ].join('\r\n');
  p.socket.send(prack, sipPort(engine), '127.0.0.1');
  await until(() => p.got.some(m => m.status === 200 && getHeader(m, 'cseq') === '2 PRACK'), 2000, '200 to the PRACK');
  await until(() => pracked, 2000, 'the app saw the PRACK');
  const copies = provisional().length;
  await new Promise(r => setTimeout(r, 8 * timers.t1));
  t.is(provisional().length, copies);
});

test('an in-dialog request with a lower CSeq than the last one gets 500 (§12.2.2)', async t => {
  const engine = await engineFor(t, {timers});
  const srf = await srfFor(t, engine);
  const infos: string[] = [];
  srf.invite((req: any, res: any) => srf.createUAS(req, res, {localSdp: SDP}, (e: unknown, uas: any) => {
    if (!e) uas.on('info', (r: any, s: any) => { infos.push(r.get('CSeq')); s.send(200); });
  }));
  await new Promise(r => setTimeout(r, 100));
  const p = await peer(t);
  const base = (method: string, seq: number, branch: string, to: string) => [
    `${method} sip:svc@127.0.0.1:${sipPort(engine)} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${p.port};branch=z9hG4bK-${branch};rport`,
    'From: <sip:peer@127.0.0.1>;tag=p1', `To: ${to}`, 'Call-ID: cseq@test', `CSeq: ${seq} ${method}`,
    `Contact: <sip:peer@127.0.0.1:${p.port}>`,
  ];
  p.socket.send([...base('INVITE', 5, 'c1', '<sip:svc@127.0.0.1>'), 'Content-Type: application/sdp', `Content-Length: ${SDP.length}`, '', SDP].join('\r\n'), sipPort(engine), '127.0.0.1');
  await until(() => p.got.some(m => m.status === 200), 3000, '200 to the INVITE');
  const to = getHeader(p.got.find(m => m.status === 200)!, 'to')!;
  p.socket.send([...base('ACK', 5, 'c2', to), 'Content-Length: 0', '', ''].join('\r\n'), sipPort(engine), '127.0.0.1');
  p.socket.send([...base('INFO', 3, 'c3', to), 'Content-Length: 0', '', ''].join('\r\n'), sipPort(engine), '127.0.0.1');
  await until(() => p.got.some(m => m.status === 500 && getHeader(m, 'cseq') === '3 INFO'), 2000, '500 to the stale INFO');
  p.socket.send([...base('INFO', 6, 'c4', to), 'Content-Length: 0', '', ''].join('\r\n'), sipPort(engine), '127.0.0.1');
  await until(() => p.got.some(m => m.status === 200 && getHeader(m, 'cseq') === '6 INFO'), 2000, '200 to the next INFO');
  t.deepEqual(infos, ['6 INFO']);
});
