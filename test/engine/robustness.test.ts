// Bad input never takes the engine down: malformed SIP over UDP and TCP, truncated TCP frames,
// junk and wrong secrets on the control port. After each case a valid OPTIONS is still answered.
import dgram from 'node:dgram';
import net from 'node:net';
import test from 'ava';
import type {Engine} from '../../server/engine/index.ts';
import {parseMessage} from '../../server/engine/sip/index.ts';
import {engineFor, SECRET, sipPort, srfFor, until} from './helpers.ts';

function options(port: number, branch = `z9hG4bK-t${Math.random().toString(36).slice(2)}`, local = 0, extra = ''): string {
  return `OPTIONS sip:ping@127.0.0.1:${port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${local || 5060};branch=${branch};rport\r\n` +
    `From: <sip:t@127.0.0.1>;tag=t1\r\nTo: <sip:ping@127.0.0.1>\r\nCall-ID: ${branch}@t\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n${extra}Content-Length: 0\r\n\r\n`;
}

/** Send datagrams from one socket and collect the responses for a while. */
async function udpExchange(engine: Engine, payloads: Array<Buffer | string | ((localPort: number) => string)>, waitMs = 300): Promise<string[]> {
  const socket = dgram.createSocket('udp4');
  const got: string[] = [];
  socket.on('message', m => got.push(m.toString()));
  await new Promise<void>(r => socket.bind(0, '127.0.0.1', () => r()));
  const local = socket.address().port;
  for (const p of payloads) {
    const data = typeof p === 'function' ? p(local) : p;
    await new Promise<void>(r => socket.send(data, sipPort(engine), '127.0.0.1', () => r()));
  }
  const end = Date.now() + waitMs;
  while (Date.now() < end && got.length < payloads.length) await new Promise(r => setTimeout(r, 10));
  socket.close();
  return got;
}

async function stillAnswers(t: any, engine: Engine): Promise<void> {
  const got = await udpExchange(engine, [local => options(sipPort(engine), undefined, local)], 2000);
  const r = parseMessage(got[0] ?? '');
  t.true(r.ok && r.msg.status === 200, `OPTIONS answered: ${got[0]}`);
}

const udpCases: Array<[string, (port: number, local: number) => string | Buffer, number | 'drop']> = [
  ['malformed start line', () => 'INVITE sip:x@y SIP/3.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKx\r\n\r\n', 'drop'],
  ['request line with spaces everywhere', () => 'HELLO  WORLD\r\n\r\n', 'drop'],
  ['non-numeric Content-Length', (p, l) => options(p, undefined, l).replace('Content-Length: 0', 'Content-Length: abc'), 400],
  ['Content-Length beyond the datagram', (p, l) => options(p, undefined, l).replace('Content-Length: 0', 'Content-Length: 500'), 400],
  ['missing Call-ID', (p, l) => options(p, undefined, l).replace(/Call-ID: .*\r\n/, ''), 400],
  ['CSeq method mismatch', (p, l) => options(p, undefined, l).replace('CSeq: 1 OPTIONS', 'CSeq: 1 INVITE'), 400],
  ['malformed header line', (p, l) => options(p, undefined, l).replace('Max-Forwards: 70', 'Max Forwards 70'), 400],
  ['huge headers', (p, l) => options(p, undefined, l, `X-Big: ${'a'.repeat(40_000)}\r\n`), 'drop'],
  ['binary garbage', () => Buffer.from(Array.from({length: 900}, (_, i) => (i * 7919) % 256)), 'drop'],
  ['Max-Forwards 0', (p, l) => options(p, undefined, l).replace('Max-Forwards: 70', 'Max-Forwards: 0'), 483],
  ['an in-dialog request for an unknown dialog aimed elsewhere (no open relay)', (p, l) => options(p, undefined, l).replace(`OPTIONS sip:ping@127.0.0.1:${p}`, 'OPTIONS sip:victim@127.0.0.1:9').replace('To: <sip:ping@127.0.0.1>', 'To: <sip:ping@127.0.0.1>;tag=zz'), 481],
  ['a request that already passed through us (loop)', (p, l) => options(p, undefined, l).replace('\r\nFrom:', `\r\nVia: SIP/2.0/UDP 127.0.0.1:${p};branch=z9hG4bK-zxloop1\r\nFrom:`), 482],
];

for (const [name, make, expected] of udpCases) {
  test(`UDP bad input: ${name} → ${expected === 'drop' ? 'dropped and counted' : expected}`, async t => {
    const engine = await engineFor(t);
    const before = engine.metrics();
    const got = await udpExchange(engine, [local => make(sipPort(engine), local).toString('latin1')], expected === 'drop' ? 150 : 2000);
    if (expected === 'drop') {
      t.is(got.length, 0);
      t.true(engine.metrics().dropped > before.dropped);
      t.true(engine.metrics().parse_errors > before.parse_errors);
    } else {
      const r = parseMessage(got[0] ?? '');
      t.true(r.ok, `a response came back: ${got[0]}`);
      if (r.ok) t.is(r.msg.status, expected);
    }
    await stillAnswers(t, engine);
  });
}

test('TCP: a truncated frame is dropped and counted; a framing error closes only that connection', async t => {
  const engine = await engineFor(t);
  const port = sipPort(engine, 'tcp');
  const half = options(port).slice(0, 60);
  await new Promise<void>(resolve => {
    const c = net.connect(port, '127.0.0.1', () => c.end(half));
    c.on('close', () => resolve());
    c.on('error', () => resolve());
  });
  await until(() => engine.metrics().truncated_streams === 1, 2000, 'truncated counted');
  // bad Content-Length makes the stream unframeable: 400 if possible, then the connection closes
  const reply = await new Promise<string>(resolve => {
    let got = '';
    const c = net.connect(port, '127.0.0.1', () => c.write(options(port).replace('Content-Length: 0', 'Content-Length: -5').replace('UDP', 'TCP')));
    c.on('data', d => { got += d; });
    c.on('close', () => resolve(got));
    c.on('error', () => resolve(got));
    setTimeout(() => { c.destroy(); resolve(got); }, 3000).unref();
  });
  t.true(engine.metrics().parse_errors >= 1, reply);
  t.true(reply.startsWith('SIP/2.0 400'), reply);
  // a valid OPTIONS over a fresh TCP connection is answered
  const ok = await new Promise<string>(resolve => {
    let got = '';
    const c = net.connect(port, '127.0.0.1', () => c.write(options(port).replace('UDP', 'TCP')));
    c.on('data', d => { got += d; if (got.includes('\r\n\r\n')) { c.destroy(); resolve(got); } });
    c.on('error', () => resolve(got));
    setTimeout(() => { c.destroy(); resolve(got); }, 3000).unref();
  });
  t.true(ok.startsWith('SIP/2.0 200'), ok);
  await stillAnswers(t, engine);
});

test('TCP: two messages in one segment and one message split across segments are both framed', async t => {
  const engine = await engineFor(t);
  const port = sipPort(engine, 'tcp');
  const got = await new Promise<string>(resolve => {
    let buf = '';
    const c = net.connect(port, '127.0.0.1', async () => {
      const a = options(port, 'z9hG4bK-a').replace('UDP', 'TCP');
      const b = options(port, 'z9hG4bK-b').replace('UDP', 'TCP');
      const d = options(port, 'z9hG4bK-d').replace('UDP', 'TCP');
      c.write(a + b);
      c.write(d.slice(0, 30));
      await new Promise(r => setTimeout(r, 50));
      c.write(d.slice(30));
    });
    c.on('data', x => { buf += x; if ((buf.match(/SIP\/2\.0 200/g) ?? []).length === 3) { c.destroy(); resolve(buf); } });
    setTimeout(() => { c.destroy(); resolve(buf); }, 3000).unref();
  });
  t.is((got.match(/SIP\/2\.0 200/g) ?? []).length, 3);
});

test('control port: junk closes that connection, the wrong secret is refused, apps keep working', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  let options = 0;
  srf.options((_req: any, res: any) => { options++; res.send(200); });
  for (const junk of ['hello world\r\n', '12#abc', '5#x|y|z', `${'9'.repeat(20)}#`, '\u0000\u0001\u0002garbage']) {
    await new Promise<void>(resolve => {
      const c = net.connect(engine.control.port, '127.0.0.1', () => c.write(junk));
      c.resume();
      c.on('close', () => resolve());
      c.on('error', () => resolve());
      setTimeout(() => { c.destroy(); resolve(); }, 1000).unref();
    });
  }
  t.true(engine.metrics().control_errors >= 4);
  // sending SIP before authenticating is refused too
  await new Promise<void>(resolve => {
    const s = `abc|sip|||\r\nOPTIONS sip:x@127.0.0.1 SIP/2.0\r\n\r\n`;
    const c = net.connect(engine.control.port, '127.0.0.1', () => c.write(`${Buffer.byteLength(s)}#${s}`));
    c.resume();
    c.on('close', () => resolve());
    c.on('error', () => resolve());
    setTimeout(() => { c.destroy(); resolve(); }, 1000).unref();
  });
  const err = await t.throwsAsync(srfFor(t, engine, `not-${SECRET}`));
  t.regex(err!.message, /authenticate/);
  t.is(engine.metrics().auth_failures, 1);
  await stillAnswers(t, engine);
  t.is(options, 1);
});

test('control port: an authenticated client sending bad SIP or unknown ids gets NO replies and stays connected', async t => {
  const engine = await engineFor(t);
  const replies: string[] = [];
  const c = net.connect(engine.control.port, '127.0.0.1');
  t.teardown(() => c.destroy());
  let buf = '';
  c.on('data', d => {
    buf += d;
    for (;;) {
      const hash = buf.indexOf('#');
      if (hash < 0) break;
      const len = Number(buf.slice(0, hash));
      if (buf.length < hash + 1 + len) break;
      replies.push(buf.slice(hash + 1, hash + 1 + len));
      buf = buf.slice(hash + 1 + len);
    }
  });
  const send = (s: string) => c.write(`${Buffer.byteLength(s)}#${s}`);
  await new Promise<void>(r => c.once('connect', () => r()));
  send(`m1|authenticate|${SECRET}|`);
  send('m2|sip|||\r\nthis is not SIP at all');
  send('m3|sip|no-such-txn|\r\nSIP/2.0 200 OK\r\nCall-ID: x\r\n\r\n');
  send('m4|sip||no-such-dialog\r\nBYE sip:x@127.0.0.1 SIP/2.0\r\n\r\n');
  send('m5|proxy|no-such-txn|||||||sip:127.0.0.1\r\nINVITE sip:x@127.0.0.1 SIP/2.0\r\n\r\n');
  send('m6|frobnicate');
  send('m7|ping');
  await until(() => replies.length >= 7, 3000, 'seven replies');
  const byId = (id: string) => replies.find(r => r.split('|')[2] === id) ?? '';
  t.regex(byId('m1'), /\|response\|m1\|OK\|udp\/127\.0\.0\.1:\d+,tcp\/127\.0\.0\.1:\d+\|v\d/);
  t.regex(byId('m2'), /\|NO\|invalid SIP message/);
  t.regex(byId('m3'), /\|NO\|Response not sent due to unknown transaction/);
  t.regex(byId('m4'), /\|NO\|unable to find dialog/);
  t.regex(byId('m5'), /\|NO\|unknown transaction/);
  t.regex(byId('m6'), /\|NO\|Unknown message type/);
  t.regex(byId('m7'), /\|OK\|pong/);
  t.false(c.destroyed);
  await stillAnswers(t, engine);
});

test('fuzz: 600 mutated INVITEs, responses and BYEs over UDP never take the engine down', async t => {
  const engine = await engineFor(t);
  const srf = await srfFor(t, engine);
  srf.invite((req: any, res: any) => res.send(486));
  srf.bye((_req: any, res: any) => res.send(200));
  await new Promise(r => setTimeout(r, 100));
  const port = sipPort(engine);
  const seeds = [
    options(port).replace(/OPTIONS/g, 'INVITE').replace('Content-Length: 0', 'Content-Type: application/sdp\r\nContent-Length: 4') + 'v=0\n',
    `SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-zxfuzz;rport\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: f@z\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n`,
    options(port).replace(/OPTIONS/g, 'BYE').replace('To: <sip:ping@127.0.0.1>', 'To: <sip:ping@127.0.0.1>;tag=x'),
    options(port).replace(/OPTIONS/g, 'CANCEL'),
    options(port).replace(/OPTIONS/g, 'ACK'),
  ];
  // a small deterministic PRNG: the same mutations every run
  let x = 0x2545f491;
  const rnd = (n: number) => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) % n; };
  const mutate = (s: string): string => {
    const b = Buffer.from(s);
    switch (rnd(6)) {
      case 0: for (let i = 0; i < 1 + rnd(8); i++) b[rnd(b.length)] = rnd(256); return b.toString('latin1');
      case 1: return s.slice(0, rnd(s.length));
      case 2: { const lines = s.split('\r\n'); lines.splice(1 + rnd(lines.length - 1), 1); return lines.join('\r\n'); }
      case 3: { const lines = s.split('\r\n'); const i = 1 + rnd(lines.length - 2); lines.splice(i, 0, lines[i]); return lines.join('\r\n'); }
      case 4: return s.replace(/: /g, () => (rnd(4) === 0 ? ':' + ' '.repeat(rnd(3)) + '\t' : ': '));
      default: return s.replace(/\d+/g, m => (rnd(3) === 0 ? String(rnd(100_000_000)) : m));
    }
  };
  const socket = dgram.createSocket('udp4');
  await new Promise<void>(r => socket.bind(0, '127.0.0.1', () => r()));
  t.teardown(() => socket.close());
  for (let i = 0; i < 600; i++) {
    const msg = mutate(seeds[i % seeds.length]);
    await new Promise<void>(r => socket.send(Buffer.from(msg, 'latin1'), port, '127.0.0.1', () => r()));
    if (i % 50 === 0) await new Promise(r => setTimeout(r, 10));
  }
  await new Promise(r => setTimeout(r, 300));
  t.is(engine.metrics().internal_errors, 0);
  await stillAnswers(t, engine);
});

test('TCP: endless headers and binary garbage close that connection only', async t => {
  const engine = await engineFor(t);
  const port = sipPort(engine, 'tcp');
  for (const junk of [`OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nX-Big: ${'a'.repeat(40_000)}`, Buffer.from(Array.from({length: 5000}, (_, i) => (i * 31) % 256)).toString('latin1') + '\r\n\r\n']) {
    const before = engine.metrics().parse_errors;
    const closed = await new Promise<boolean>(resolve => {
      const c = net.connect(port, '127.0.0.1', () => c.write(Buffer.from(junk, 'latin1')));
      c.resume();
      c.on('close', () => resolve(true));
      c.on('error', () => resolve(true));
      setTimeout(() => { c.destroy(); resolve(false); }, 3000).unref();
    });
    t.true(closed, 'the engine closed the connection');
    t.true(engine.metrics().parse_errors > before);
  }
  await stillAnswers(t, engine);
});
