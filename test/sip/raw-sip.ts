// A phone's REGISTER over raw UDP on loopback, for the registrar's hardening tests: every
// header and every digest field is the test's to choose (replays, forged counts, other sources).
import crypto from 'node:crypto';
import dgram from 'node:dgram';
import type {ExecutionContext} from 'ava';

export type SipResponse = {
  readonly status: number;
  readonly reason: string;
  /** Lower-cased header name → values in order. */
  readonly headers: ReadonlyMap<string, string[]>;
  readonly bytes: number;
  readonly text: string;
};

const md5 = (s: string) => crypto.createHash('md5').update(s).digest('hex');

function parse(text: string): SipResponse {
  const [head = ''] = text.split('\r\n\r\n');
  const [first = '', ...lines] = head.split('\r\n');
  const match = /^SIP\/2\.0 (\d{3}) (.*)$/.exec(first);
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    headers.set(name, [...headers.get(name) ?? [], line.slice(i + 1).trim()]);
  }
  return {status: Number(match?.[1] ?? 0), reason: match?.[2] ?? '', headers, bytes: Buffer.byteLength(text), text};
}

/** The nonce of a 401's WWW-Authenticate (and whether it says stale=true). */
export function challengeOf(response: SipResponse): {nonce: string; stale: boolean} {
  const value = response.headers.get('www-authenticate')?.[0] ?? '';
  const nonce = /nonce="([^"]+)"/.exec(value)?.[1];
  if (!nonce) throw new Error(`no challenge in ${response.status} ${response.reason}`);
  return {nonce, stale: /stale=true/i.test(value)};
}

/** An Authorization header value for REGISTER with qop=auth. */
export function authorization(o: {user: string; password: string; realm: string; nonce: string; nc: number; uri?: string}): string {
  const uri = o.uri ?? `sip:${o.realm}`;
  const nc = o.nc.toString(16).padStart(8, '0');
  const cnonce = crypto.randomBytes(6).toString('hex');
  const ha1 = md5(`${o.user}:${o.realm}:${o.password}`);
  const response = md5(`${ha1}:${o.nonce}:${nc}:${cnonce}:auth:${md5(`REGISTER:${uri}`)}`);
  return `Digest username="${o.user}", realm="${o.realm}", nonce="${o.nonce}", uri="${uri}", response="${response}", algorithm=MD5, qop=auth, nc=${nc}, cnonce="${cnonce}"`;
}

export class RawPhone {
  readonly address: string;
  readonly #socket: dgram.Socket;
  readonly #target: {host: string; port: number};
  #port = 0;
  #cseq = 0;
  readonly #callId = crypto.randomUUID();
  readonly #waiting = new Map<string, (r: SipResponse) => void>();

  private constructor(socket: dgram.Socket, address: string, target: {host: string; port: number}) {
    this.#socket = socket;
    this.address = address;
    this.#target = target;
    socket.on('message', data => {
      const response = parse(data.toString());
      const branch = /branch=([^;,\s]+)/.exec(response.headers.get('via')?.[0] ?? '')?.[1];
      if (branch) this.#waiting.get(branch)?.(response);
    });
  }

  /** A UDP socket on `address` (any 127.x.y.z is loopback on Linux), closed in teardown. */
  static async open(t: ExecutionContext, sipPort: number, address = '127.0.0.1'): Promise<RawPhone> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, address, () => resolve());
    });
    const phone = new RawPhone(socket, address, {host: '127.0.0.1', port: sipPort});
    phone.#port = socket.address().port;
    t.teardown(() => socket.close());
    return phone;
  }

  get port(): number {
    return this.#port;
  }

  /** Send one REGISTER (retransmitted until answered, as a UA does over UDP) and resolve with the final response. */
  register(o: {user: string; realm: string; contact?: string; expires?: number; authorization?: string}): Promise<SipResponse> {
    const branch = `z9hG4bK${crypto.randomBytes(8).toString('hex')}`;
    const lines = [
      `REGISTER sip:${o.realm} SIP/2.0`,
      `Via: SIP/2.0/UDP ${this.address}:${this.#port};branch=${branch};rport`,
      `From: <sip:${o.user}@${o.realm}>;tag=${this.#callId.slice(0, 8)}`,
      `To: <sip:${o.user}@${o.realm}>`,
      `Call-ID: ${this.#callId}`,
      `CSeq: ${++this.#cseq} REGISTER`,
      ...(o.contact === undefined ? [] : [o.contact === '*' ? 'Contact: *' : `Contact: <${o.contact}>`]),
      ...(o.expires === undefined ? [] : [`Expires: ${o.expires}`]),
      ...(o.authorization ? [`Authorization: ${o.authorization}`] : []),
      'Max-Forwards: 70',
      'Content-Length: 0',
      '', '',
    ];
    const message = Buffer.from(lines.join('\r\n'));
    return new Promise((resolve, reject) => {
      const send = () => this.#socket.send(message, this.#target.port, this.#target.host);
      const retransmit = setInterval(send, 500);
      const timeout = setTimeout(() => {
        clearInterval(retransmit);
        this.#waiting.delete(branch);
        reject(new Error(`no final response to REGISTER ${o.user} within 5 s`));
      }, 5000);
      this.#waiting.set(branch, response => {
        if (response.status < 200) return;
        clearInterval(retransmit);
        clearTimeout(timeout);
        this.#waiting.delete(branch);
        resolve(response);
      });
      send();
    });
  }

  /** Challenge, then answer it: the 200 (or whatever) and the nonce used with nc=1. */
  async registerWith(o: {user: string; password: string; realm: string; contact?: string; expires?: number}): Promise<{response: SipResponse; nonce: string; authorization: string}> {
    const challenge = challengeOf(await this.register({user: o.user, realm: o.realm, ...(o.contact === undefined ? {} : {contact: o.contact}), ...(o.expires === undefined ? {} : {expires: o.expires})}));
    const auth = authorization({user: o.user, password: o.password, realm: o.realm, nonce: challenge.nonce, nc: 1});
    const response = await this.register({user: o.user, realm: o.realm, authorization: auth, ...(o.contact === undefined ? {} : {contact: o.contact}), ...(o.expires === undefined ? {} : {expires: o.expires})});
    return {response, nonce: challenge.nonce, authorization: auth};
  }
}
