// An agent phone over raw TCP on loopback: it registers on one connection with a Contact whose
// port nothing listens on, then answers what arrives on that same connection — so a call only
// reaches it if the switch reuses the flow the phone registered on (RFC 5626 style).
import crypto from 'node:crypto';
import net from 'node:net';
import type {ExecutionContext} from 'ava';
import {authorization} from './raw-sip.ts';

export type TcpMessage = {readonly firstLine: string; readonly headers: ReadonlyMap<string, string[]>; readonly body: string};

export class RawTcpPhone {
  readonly #socket: net.Socket;
  #buffer = '';
  readonly #inbox: TcpMessage[] = [];
  #wake?: () => void;

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      this.#drain();
    });
    socket.on('error', () => {});
  }

  static async connect(t: ExecutionContext, sipPort: number): Promise<RawTcpPhone> {
    const socket = net.connect({host: '127.0.0.1', port: sipPort});
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    t.teardown(() => socket.destroy());
    return new RawTcpPhone(socket);
  }

  get localPort(): number {
    return this.#socket.localPort!;
  }

  /** REGISTER with digest auth over this connection; resolves with the final status. */
  async register(o: {user: string; password: string; realm: string; contact: string}): Promise<number> {
    const callId = crypto.randomUUID();
    const send = (cseq: number, auth?: string) => this.send([
      `REGISTER sip:${o.realm} SIP/2.0`,
      `Via: SIP/2.0/TCP 127.0.0.1:${this.localPort};branch=z9hG4bK${crypto.randomBytes(6).toString('hex')};rport`,
      `From: <sip:${o.user}@${o.realm}>;tag=r${cseq}`,
      `To: <sip:${o.user}@${o.realm}>`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} REGISTER`,
      `Contact: <${o.contact}>`,
      'Expires: 300',
      ...(auth ? [`Authorization: ${auth}`] : []),
      'Max-Forwards: 70',
    ]);
    send(1);
    const challenge = await this.next(m => m.firstLine.startsWith('SIP/2.0 ') && !m.firstLine.startsWith('SIP/2.0 1'));
    const nonce = /nonce="([^"]+)"/.exec(challenge.headers.get('www-authenticate')?.[0] ?? '')?.[1];
    if (!nonce) return Number(challenge.firstLine.split(' ')[1]);
    send(2, authorization({user: o.user, password: o.password, realm: o.realm, nonce, nc: 1}));
    const final = await this.next(m => m.firstLine.startsWith('SIP/2.0 ') && !m.firstLine.startsWith('SIP/2.0 1'));
    return Number(final.firstLine.split(' ')[1]);
  }

  /** The next message that passes `test` (already received or future). */
  async next(test: (m: TcpMessage) => boolean, timeoutMs = 10_000): Promise<TcpMessage> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const i = this.#inbox.findIndex(test);
      if (i >= 0) return this.#inbox.splice(i, 1)[0]!;
      if (Date.now() > end) throw new Error('timed out waiting for a SIP message on the TCP flow');
      await new Promise<void>(resolve => {
        this.#wake = resolve;
        setTimeout(resolve, 100);
      });
    }
  }

  /** Answer a request with `status` (a 200 to an INVITE carries SDP and a Contact on this connection). */
  answer(request: TcpMessage, status: number, reason: string, sdp?: string): void {
    const copy = (name: string) => (request.headers.get(name) ?? []).map(v => `${name}: ${v}`);
    const to = request.headers.get('to')?.[0] ?? '';
    this.send([
      `SIP/2.0 ${status} ${reason}`,
      ...copy('via'),
      ...copy('from'),
      `to: ${/;tag=/.test(to) ? to : `${to};tag=p${this.localPort}`}`,
      ...copy('call-id'),
      ...copy('cseq'),
      ...(sdp ? [`Contact: <sip:phone@127.0.0.1:${this.localPort};transport=tcp>`, 'Content-Type: application/sdp'] : []),
    ], sdp);
  }

  send(lines: string[], body = ''): void {
    this.#socket.write([...lines, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n'));
  }

  #drain(): void {
    for (;;) {
      const end = this.#buffer.indexOf('\r\n\r\n');
      if (end < 0) break;
      const head = this.#buffer.slice(0, end);
      const [firstLine = '', ...lines] = head.split('\r\n');
      const headers = new Map<string, string[]>();
      for (const line of lines) {
        const i = line.indexOf(':');
        if (i < 0) continue;
        const name = line.slice(0, i).trim().toLowerCase();
        headers.set(name, [...headers.get(name) ?? [], line.slice(i + 1).trim()]);
      }
      const length = Number(headers.get('content-length')?.[0] ?? headers.get('l')?.[0] ?? 0);
      if (this.#buffer.length < end + 4 + length) break;
      const body = this.#buffer.slice(end + 4, end + 4 + length);
      this.#buffer = this.#buffer.slice(end + 4 + length);
      this.#inbox.push({firstLine, headers, body});
    }
    this.#wake?.();
  }
}
