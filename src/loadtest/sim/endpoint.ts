// A SIP endpoint over UDP for the simulated phones and callers of the load tester: one socket,
// the engine's RFC 3261 parser/serializer, and just enough of the transaction layer (RFC 3261
// §17) for a UA on a lossy datagram transport: client transactions retransmit per timer A (INVITE)
// and E (others) and give up per timer B/F — an INVITE only while Calling: a provisional moves
// it to Proceeding, where it waits for its final response as long as its TU wants (§17.1.1.2),
// and after a CANCEL at most 64·T1 more (§9.1); responses are matched by top Via branch + CSeq
// method; server transactions answer a retransmitted request with the response already sent;
// a 2xx to INVITE is retransmitted per timer G until its ACK arrives (§13.3.1.4).
import crypto from 'node:crypto';
import dgram from 'node:dgram';
import {getHeader, getHeaderValues, h, makeRequest, parseCSeq, parseVia, type SipHeader, type SipMessage} from '../../../server/engine/sip/message.ts';
import {parseMessage} from '../../../server/engine/sip/parser.ts';
import {serialize} from '../../../server/engine/sip/serialize.ts';

export type Address = {readonly host: string; readonly port: number};

export const T1 = 500;
export const T2 = 4000;
export const T4 = 5000;
const TIMER_B = 64 * T1;

/** Timer values; tests shorten T1 (timer B and F are 64·T1). */
export type SipTimers = {readonly t1?: number};

/** What an endpoint counts; the load report sums these over every simulated UA. */
export type SipCounters = {
  sent: number;
  received: number;
  retransmissions: number;
  /** Client transactions that got no final response (timer B/F). */
  timeouts: number;
  /** INVITEs given up 64·T1 after their CANCEL without a final response (§9.1). */
  cancelTimeouts: number;
  /** 2xx to INVITE never ACKed (timer H equivalent). */
  ackTimeouts: number;
  /** Datagrams that did not parse. */
  parseErrors: number;
  /** Responses matching no transaction (late or stray). */
  strayResponses: number;
};

export const emptyCounters = (): SipCounters => ({sent: 0, received: 0, retransmissions: 0, timeouts: 0, cancelTimeouts: 0, ackTimeouts: 0, parseErrors: 0, strayResponses: 0});

export type RequestHandler = (request: SipMessage, source: Address) => void;

type ClientTxn = {
  method: string;
  bytes: Buffer;
  dest: Address;
  interval: number;
  retransmit?: NodeJS.Timeout;
  timeout?: NodeJS.Timeout;
  provisional: boolean;
  onProvisional?: (response: SipMessage) => void;
  resolve: (response: SipMessage) => void;
  /** Completed INVITE: kept a while so a retransmitted 2xx is ACKed again. */
  done: boolean;
  ack?: Buffer;
  /** The TU CANCELled this INVITE: its timeout is now the §9.1 give-up. */
  cancelled?: boolean;
};

type ServerTxn = {response?: Buffer; dest: Address; expires: number};

type Pending2xx = {bytes: Buffer; dest: Address; interval: number; timer?: NodeJS.Timeout; giveUp: number; onAckTimeout?: () => void};

/** Responses this endpoint made up itself (a timer fired, the socket closed): nothing came from the peer. */
const local = new WeakSet<SipMessage>();
const made = (response: SipMessage): SipMessage => {
  local.add(response);
  return response;
};

/** Whether `response` was made up here rather than received. */
export const isLocalResponse = (response: SipMessage): boolean => local.has(response);

export const randomToken = (bytes = 6) => crypto.randomBytes(bytes).toString('hex');
export const newBranch = () => `z9hG4bK${randomToken(8)}`;

export class SipEndpoint {
  readonly counters = emptyCounters();
  readonly #socket: dgram.Socket;
  readonly #client = new Map<string, ClientTxn>();
  readonly #server = new Map<string, ServerTxn>();
  readonly #pending2xx = new Map<string, Pending2xx>();
  readonly #sweep: NodeJS.Timeout;
  #onRequest: RequestHandler = () => {};
  #closed = false;
  readonly #t1: number;
  readonly #timerB: number;
  address: Address = {host: '127.0.0.1', port: 0};

  private constructor(socket: dgram.Socket, timers: SipTimers) {
    this.#socket = socket;
    this.#t1 = timers.t1 ?? T1;
    this.#timerB = 64 * this.#t1;
    socket.on('message', (data, rinfo) => this.#receive(data, {host: rinfo.address, port: rinfo.port}));
    // A send error (e.g. ICMP port unreachable surfacing) must not crash the simulator.
    socket.on('error', () => {});
    this.#sweep = setInterval(() => this.#expire(), 2000);
    this.#sweep.unref();
  }

  /** Bind a UDP socket (port 0 = any free port). */
  static async open(host = '127.0.0.1', port = 0, timers: SipTimers = {}): Promise<SipEndpoint> {
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    // Many calls at once: keep the kernel from dropping bursts.
    try {
      socket.setRecvBufferSize(4 * 1024 * 1024);
      socket.setSendBufferSize(4 * 1024 * 1024);
    } catch {}
    const endpoint = new SipEndpoint(socket, timers);
    const a = socket.address();
    endpoint.address = {host: a.address, port: a.port};
    return endpoint;
  }

  /** Where requests that start no client transaction of ours go (INVITE, BYE, re-INVITE, ACK, CANCEL…). */
  onRequest(handler: RequestHandler): void {
    this.#onRequest = handler;
  }

  /** `SIP/2.0/UDP host:port;branch=…;rport` for a new request from this endpoint. */
  via(branch = newBranch()): SipHeader {
    return h('via', `SIP/2.0/UDP ${hostPort(this.address)};branch=${branch};rport`);
  }

  /** Send without a transaction (ACK, or a response re-sent by the TU). */
  send(message: SipMessage | Buffer, dest: Address): void {
    if (this.#closed) return;
    const bytes = Buffer.isBuffer(message) ? message : serialize(message);
    this.counters.sent++;
    this.#socket.send(bytes, dest.port, dest.host);
  }

  /**
   * Start a client transaction. Resolves with the final response, or a synthetic
   * 408 when timer B/F fires (for an INVITE: no provisional came either). INVITE non-2xx
   * finals are ACKed here (§17.1.1.3).
   */
  request(message: SipMessage, dest: Address, onProvisional?: (response: SipMessage) => void): Promise<SipMessage> {
    const via = parseVia(getHeader(message, 'via') ?? '');
    if (!via?.branch) throw new TypeError('request: the message needs a top Via with a branch');
    const key = `${via.branch}|${message.method}`;
    const bytes = serialize(message);
    return new Promise(resolve => {
      const txn: ClientTxn = {method: message.method, bytes, dest, interval: this.#t1, provisional: false, onProvisional, resolve, done: false};
      this.#client.set(key, txn);
      this.send(bytes, dest);
      const retransmit = () => {
        txn.retransmit = setTimeout(() => {
          if (txn.done || this.#closed) return;
          // INVITE: timer A stops at the first provisional; others keep going at T2 (timer E).
          if (txn.method === 'INVITE' && txn.provisional) return;
          this.counters.retransmissions++;
          this.send(txn.bytes, dest);
          txn.interval = txn.method === 'INVITE' ? txn.interval * 2 : Math.min(txn.interval * 2, T2);
          retransmit();
        }, txn.provisional ? T2 : txn.interval);
      };
      retransmit();
      txn.timeout = setTimeout(() => {
        if (txn.done) return;
        this.counters.timeouts++;
        this.#finish(key, txn);
        this.#client.delete(key);
        txn.resolve(made({method: '', uri: '', status: 408, reason: 'Request Timeout (no response)', headers: message.headers, body: Buffer.alloc(0)}));
      }, this.#timerB);
    });
  }

  /**
   * The TU CANCELled `invite`: if its final response does not come within 64·T1, the
   * transaction is given up as cancelled (§9.1), resolving with a synthetic 487.
   */
  cancelled(invite: SipMessage): void {
    const branch = parseVia(getHeader(invite, 'via') ?? '')?.branch;
    const key = `${branch}|INVITE`;
    const txn = this.#client.get(key);
    if (!txn || txn.done || txn.cancelled) return;
    txn.cancelled = true;
    clearTimeout(txn.timeout);
    txn.timeout = setTimeout(() => {
      if (txn.done) return;
      this.counters.cancelTimeouts++;
      this.#finish(key, txn);
      this.#client.delete(key);
      txn.resolve(made({method: '', uri: '', status: 487, reason: 'Request Terminated (no final response after CANCEL)', headers: invite.headers, body: Buffer.alloc(0)}));
    }, this.#timerB);
  }

  /** ACK a 2xx to an INVITE we sent; re-sent if the 2xx is retransmitted. */
  ack(invite: SipMessage, ack: SipMessage, dest: Address): void {
    const bytes = serialize(ack);
    const branch = parseVia(getHeader(invite, 'via') ?? '')?.branch;
    const txn = branch ? this.#client.get(`${branch}|INVITE`) : undefined;
    if (txn) txn.ack = bytes;
    this.send(bytes, dest);
  }

  /**
   * Answer a request. The response is remembered so a retransmitted request gets it again;
   * a 2xx to INVITE is retransmitted until the ACK arrives (`onAckTimeout` if it never does).
   */
  respond(request: SipMessage, response: SipMessage, source: Address, onAckTimeout?: () => void): void {
    const via = parseVia(getHeader(request, 'via') ?? '');
    const bytes = serialize(response);
    if (via?.branch) this.#server.set(`${via.branch}|${request.method}`, {response: bytes, dest: source, expires: Date.now() + TIMER_B});
    this.send(bytes, source);
    if (request.method === 'INVITE' && response.status >= 200 && response.status < 300) {
      const key = `${getHeader(request, 'call-id')}|${parseCSeq(getHeader(request, 'cseq'))?.seq}`;
      const pending: Pending2xx = {bytes, dest: source, interval: T1, giveUp: Date.now() + TIMER_B, onAckTimeout};
      this.#pending2xx.set(key, pending);
      const again = () => {
        pending.timer = setTimeout(() => {
          if (this.#pending2xx.get(key) !== pending || this.#closed) return;
          if (Date.now() >= pending.giveUp) {
            this.#pending2xx.delete(key);
            this.counters.ackTimeouts++;
            pending.onAckTimeout?.();
            return;
          }
          this.counters.retransmissions++;
          this.send(pending.bytes, pending.dest);
          pending.interval = Math.min(pending.interval * 2, T2);
          again();
        }, pending.interval);
      };
      again();
    }
  }

  /** Build and send a response to `request` (To tag added when given and absent). */
  reply(request: SipMessage, status: number, reason: string, source: Address, options: {toTag?: string; headers?: SipHeader[]; body?: string; onAckTimeout?: () => void} = {}): SipMessage {
    const response = responseTo(request, status, reason, options.toTag, options.headers, options.body);
    this.respond(request, response, source, options.onAckTimeout);
    return response;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#sweep);
    for (const [key, txn] of this.#client) {
      this.#finish(key, txn);
      txn.resolve(made({method: '', uri: '', status: 503, reason: 'Endpoint closed', headers: [], body: Buffer.alloc(0)}));
    }
    this.#client.clear();
    for (const p of this.#pending2xx.values()) clearTimeout(p.timer);
    this.#pending2xx.clear();
    await new Promise<void>(resolve => this.#socket.close(() => resolve()));
  }

  /** Open transactions (for bounded-memory checks). */
  get sizes(): {client: number; server: number; pending2xx: number} {
    return {client: this.#client.size, server: this.#server.size, pending2xx: this.#pending2xx.size};
  }

  #finish(_key: string, txn: ClientTxn): void {
    txn.done = true;
    clearTimeout(txn.retransmit);
    clearTimeout(txn.timeout);
  }

  #receive(data: Buffer, source: Address): void {
    this.counters.received++;
    const parsed = parseMessage(data);
    if (!parsed.ok) {
      this.counters.parseErrors++;
      return;
    }
    const msg = parsed.msg;
    if (msg.status) this.#response(msg);
    else this.#request(msg, source);
  }

  #response(response: SipMessage): void {
    const via = parseVia(getHeader(response, 'via') ?? '');
    const cseq = parseCSeq(getHeader(response, 'cseq'));
    const key = `${via?.branch}|${cseq?.method}`;
    const txn = this.#client.get(key);
    if (!txn) {
      this.counters.strayResponses++;
      return;
    }
    if (txn.done) {
      // A retransmitted 2xx to our INVITE: the ACK was lost, send it again.
      if (txn.ack && response.status >= 200 && response.status < 300) this.send(txn.ack, txn.dest);
      return;
    }
    if (response.status < 200) {
      txn.provisional = true;
      // Proceeding: no timer B any more (§17.1.1.2); the TU decides how long to wait.
      if (txn.method === 'INVITE' && !txn.cancelled) clearTimeout(txn.timeout);
      txn.onProvisional?.(response);
      return;
    }
    this.#finish(key, txn);
    if (txn.method === 'INVITE') {
      if (response.status >= 300) this.send(ackFor(txn.bytes, response), txn.dest);
      // Keep the INVITE around (timer M-ish) so 2xx retransmissions are re-ACKed / absorbed.
      const linger = setTimeout(() => this.#client.delete(key), TIMER_B);
      linger.unref();
    } else {
      // Timer K: absorb retransmitted responses (answers to our retransmissions) for a while.
      const linger = setTimeout(() => this.#client.delete(key), T4);
      linger.unref();
    }
    txn.resolve(response);
  }

  #request(request: SipMessage, source: Address): void {
    const via = parseVia(getHeader(request, 'via') ?? '');
    if (request.method === 'ACK') {
      const key = `${getHeader(request, 'call-id')}|${parseCSeq(getHeader(request, 'cseq'))?.seq}`;
      const pending = this.#pending2xx.get(key);
      if (pending) {
        clearTimeout(pending.timer);
        this.#pending2xx.delete(key);
      }
      // ACK of a non-2xx belongs to its INVITE server transaction: nothing more to do.
      if (via?.branch && this.#server.has(`${via.branch}|INVITE`)) return;
      this.#onRequest(request, source);
      return;
    }
    if (via?.branch) {
      const key = `${via.branch}|${request.method}`;
      const known = this.#server.get(key);
      if (known) {
        // Retransmission: answer with what we said, or wait for the TU to answer.
        if (known.response) {
          this.counters.retransmissions++;
          this.send(known.response, known.dest);
        }
        return;
      }
      this.#server.set(key, {dest: source, expires: Date.now() + TIMER_B});
    }
    this.#onRequest(request, source);
  }

  #expire(): void {
    const now = Date.now();
    for (const [key, txn] of this.#server) if (txn.expires <= now) this.#server.delete(key);
  }
}

export function hostPort(a: Address): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}

/** A response to `request`: Via, From, To (+tag), Call-ID, CSeq copied (§8.2.6.2). */
export function responseTo(request: SipMessage, status: number, reason: string, toTag?: string, extra: SipHeader[] = [], body = ''): SipMessage {
  const headers: SipHeader[] = [];
  for (const v of request.headers) if (v.name === 'via') headers.push({name: 'via', value: v.value});
  const from = getHeader(request, 'from') ?? '';
  let to = getHeader(request, 'to') ?? '';
  if (toTag && !/;\s*tag=/i.test(to)) to = `${to};tag=${toTag}`;
  headers.push(h('from', from), h('to', to), h('call-id', getHeader(request, 'call-id') ?? ''), h('cseq', getHeader(request, 'cseq') ?? ''));
  headers.push(...extra);
  if (body) headers.push(h('content-type', 'application/sdp'));
  return {method: '', uri: '', status, reason, headers, body: Buffer.from(body)};
}

/** The ACK for a non-2xx final response to an INVITE (same branch, To from the response). */
function ackFor(inviteBytes: Buffer, response: SipMessage): Buffer {
  const parsed = parseMessage(inviteBytes);
  if (!parsed.ok) return Buffer.alloc(0);
  const invite = parsed.msg;
  const cseq = parseCSeq(getHeader(invite, 'cseq'));
  const headers: SipHeader[] = [
    h('via', getHeaderValues(invite, 'via')[0]),
    h('max-forwards', '70'),
    h('from', getHeader(invite, 'from') ?? ''),
    h('to', getHeader(response, 'to') ?? ''),
    h('call-id', getHeader(invite, 'call-id') ?? ''),
    h('cseq', `${cseq?.seq ?? 1} ACK`),
  ];
  for (const route of invite.headers.filter(x => x.name === 'route')) headers.push({name: 'route', value: route.value});
  return serialize(makeRequest('ACK', invite.uri, headers));
}
