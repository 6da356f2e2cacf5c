// A bare UDP SIP peer for tests that need to read one response's headers exactly: sends a
// request and resolves with the first final response to it.
import dgram from 'node:dgram';
import crypto from 'node:crypto';
import type {ExecutionContext} from 'ava';

export interface Reply {
  status: number;
  headers: Map<string, string>;
  raw: string;
}

export async function udpPeer(t: ExecutionContext): Promise<{request(method: string, port: number, extra?: string[]): Promise<Reply>}> {
  const socket = dgram.createSocket('udp4');
  t.teardown(() => socket.close());
  await new Promise<void>(resolve => socket.bind(0, '127.0.0.1', resolve));
  const local = socket.address().port;
  const waiting = new Map<string, (r: Reply) => void>();
  socket.on('message', data => {
    const raw = data.toString('utf8');
    const m = /^SIP\/2\.0 (\d{3})/.exec(raw);
    if (!m || Number(m[1]) < 200) return;
    const headers = new Map<string, string>();
    for (const line of raw.split('\r\n\r\n')[0].split('\r\n').slice(1)) {
      const i = line.indexOf(':');
      if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
    }
    const callId = headers.get('call-id') ?? '';
    waiting.get(callId)?.({status: Number(m[1]), headers, raw});
    waiting.delete(callId);
  });
  return {
    request(method, port, extra = []) {
      const callId = crypto.randomUUID();
      const msg = [
        `${method} sip:someone@127.0.0.1:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${local};rport;branch=z9hG4bK${crypto.randomBytes(6).toString('hex')}`,
        'Max-Forwards: 70',
        `From: <sip:tester@127.0.0.1:${local}>;tag=${crypto.randomBytes(4).toString('hex')}`,
        `To: <sip:someone@127.0.0.1:${port}>`,
        `Call-ID: ${callId}`,
        `CSeq: 1 ${method}`,
        `Contact: <sip:tester@127.0.0.1:${local}>`,
        ...extra,
        'Content-Length: 0',
        '', '',
      ].join('\r\n');
      return new Promise(resolve => {
        waiting.set(callId, resolve);
        socket.send(msg, port, '127.0.0.1');
      });
    },
  };
}
