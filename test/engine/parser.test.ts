// The SIP parser and serializer on their own: compact forms, folding, multi-value headers,
// Content-Length framing on streams, bodies, and clear errors for bad input.
import test from 'ava';
import {
  getHeader, getHeaderValues, getTag, parseCSeq, parseMessage, parseNameAddr, parseUri, parseVia, serialize, StreamParser,
} from '../../server/engine/sip/index.ts';

const invite = [
  'INVITE sip:12345@zuoxi.local;user=phone SIP/2.0',
  'v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;rport, SIP/2.0/TCP 10.0.0.2;branch=z9hG4bK2',
  'Via: SIP/2.0/UDP [2001:db8::1]:5070;branch=z9hG4bK3',
  'f: "Zhang San" <sip:zs@example.com>;tag=abc',
  't: <sip:12345@zuoxi.local>',
  'i: call-1@host',
  'CSeq: 7 INVITE',
  'Subject: a folded',
  '  header line',
  'm: <sip:zs@10.0.0.1:5060>;expires=60, <sip:zs@10.0.0.9>',
  'Route: <sip:proxy1;lr>,<sip:proxy2;lr>',
  'Route: <sip:proxy3;lr>',
  'c: application/sdp',
  'l: 10',
  '',
  'v=0\r\nxyz12',
].join('\r\n');

test('compact forms, folding and multi-value headers', t => {
  const r = parseMessage(invite);
  if (!r.ok) { t.fail(r.error); return; }
  const m = r.msg;
  t.is(m.method, 'INVITE');
  t.is(m.uri, 'sip:12345@zuoxi.local;user=phone');
  t.is(getHeader(m, 'Call-ID'), 'call-1@host');
  t.is(getHeader(m, 'i'), 'call-1@host');
  t.is(getHeader(m, 'subject'), 'a folded header line');
  t.deepEqual(getHeaderValues(m, 'via').map(v => parseVia(v)!.host), ['10.0.0.1', '10.0.0.2', '2001:db8::1']);
  t.is(parseVia(getHeaderValues(m, 'via')[2])!.port, 5070);
  t.deepEqual(getHeaderValues(m, 'route').map(v => parseNameAddr(v).uri), ['sip:proxy1;lr', 'sip:proxy2;lr', 'sip:proxy3;lr']);
  t.deepEqual(getHeaderValues(m, 'contact').length, 2);
  t.is(parseNameAddr(getHeaderValues(m, 'contact')[0]).params.get('expires'), '60');
  t.is(parseNameAddr(getHeader(m, 'from')!).display, 'Zhang San');
  t.is(getTag(getHeader(m, 'from')), 'abc');
  t.is(getTag(getHeader(m, 'to')), undefined);
  t.deepEqual(parseCSeq(getHeader(m, 'cseq')), {seq: 7, method: 'INVITE'});
  t.is(m.body.toString(), 'v=0\r\nxyz12');
  const u = parseUri(m.uri)!;
  t.is(u.user, '12345');
  t.is(u.params.get('user'), 'phone');
});

test('serialize → parse round trip keeps headers and body, Content-Length recomputed', t => {
  const r = parseMessage(invite);
  if (!r.ok) { t.fail(r.error); return; }
  r.msg.body = Buffer.from('v=0\r\n你好\r\n'); // multi-byte: Content-Length counts bytes
  const again = parseMessage(serialize(r.msg));
  if (!again.ok) { t.fail(again.error); return; }
  t.is(again.msg.body.toString(), 'v=0\r\n你好\r\n');
  t.is(getHeader(again.msg, 'content-length'), String(Buffer.byteLength('v=0\r\n你好\r\n')));
  t.is(getHeader(again.msg, 'subject'), 'a folded header line');
  t.regex(serialize(r.msg).toString(), /^Call-ID: call-1@host\r$/m);
  t.regex(serialize(r.msg).toString(), /^CSeq: 7 INVITE\r$/m);
});

test('stream framing: messages split and glued at any byte boundary', t => {
  const one = serialize((parseMessage(invite) as {ok: true; msg: any}).msg);
  const stream = Buffer.concat([Buffer.from('\r\n\r\n'), one, one, one]);
  for (const size of [1, 7, 64, 500, stream.length]) {
    const p = new StreamParser();
    let n = 0;
    for (let i = 0; i < stream.length; i += size) {
      const r = p.push(stream.subarray(i, i + size));
      t.falsy(r.fatal);
      for (const m of r.messages) { n++; t.is(m.body.toString(), 'v=0\r\nxyz12'); }
    }
    t.is(n, 3, `chunk size ${size}`);
    t.is(p.pending, 0);
  }
});

test('stream framing: a bad Content-Length or endless headers are fatal for the stream', t => {
  const bad = new StreamParser().push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: x\r\n\r\n'));
  t.regex(bad.fatal ?? '', /Content-Length/);
  const endless = new StreamParser().push(Buffer.from(`OPTIONS sip:a@b SIP/2.0\r\nX: ${'a'.repeat(20_000)}`));
  t.regex(endless.fatal ?? '', /header section larger/);
});

const bad: Array<[string, string, RegExp]> = [
  ['bad version', 'INVITE sip:a@b SIP/1.0\r\n\r\n', /malformed request line/],
  ['no URI', 'INVITE SIP/2.0\r\n\r\n', /malformed request line/],
  ['bad status', 'SIP/2.0 99 Odd\r\n\r\n', /malformed status line/],
  ['header without colon', 'OPTIONS sip:a@b SIP/2.0\r\nVia SIP/2.0/UDP x\r\n\r\n', /malformed header line/],
  ['conflicting Content-Length', 'OPTIONS sip:a@b SIP/2.0\r\nl: 1\r\nContent-Length: 2\r\n\r\nab', /conflicting/],
  ['short body', 'OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 20\r\n\r\nab', /exceeds/],
];
for (const [name, text, re] of bad) {
  test(`parse error: ${name}`, t => {
    const r = parseMessage(text);
    t.false(r.ok);
    if (!r.ok) t.regex(r.error, re);
  });
}

test('header helpers: URI, Via and CSeq edge cases', t => {
  t.is(parseUri('tel:+861234'), undefined);
  t.is(parseUri('sip:host:99999'), undefined);
  t.deepEqual(parseUri('sips:[::1]:5061;transport=tls')!.port, 5061);
  t.is(parseVia('SIP/2.0/UDP host:0;branch=x'), undefined);
  t.is(parseVia('garbage'), undefined);
  t.is(parseCSeq('1 2 3'), undefined);
  t.is(parseCSeq('99999999999 INVITE'), undefined);
  t.is(getTag('<sip:a@b;tag=uri-param-not-header>'), undefined);
  t.is(getTag('<sip:a@b>;TAG=Xy'), 'Xy');
});
