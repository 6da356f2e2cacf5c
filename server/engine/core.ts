// The engine core: the transaction user between the SIP transports and the drachtio apps.
// It routes network requests to apps (by method, round robin, or by dialog), sends what apps
// ask for (new requests, in-dialog requests, responses, ACK, CANCEL, proxying), keeps dialogs
// and counts what happens. Behaviour follows drachtio-server where the issue is silent.
import crypto from 'node:crypto';
import dns from 'node:dns/promises';
import net from 'node:net';
import {monitorEventLoopDelay, type IntervalHistogram} from 'node:perf_hooks';
import process from 'node:process';
import {
  getHeader, getHeaderValues, getTag, h, parseCSeq, parseNameAddr, parseParams, parseUri, parseVia, popHeaderValue, reasons,
  type SipHeader, type SipMessage, type Via,
} from './sip/message.ts';
import {parseMessage} from './sip/parser.ts';
import {serialize, serializeText} from './sip/serialize.ts';
import {ControlClient, type ControlFrame} from './control.ts';
import {ClientTransaction, defaultTimers, ServerTransaction, type ClientTxnUser, type Timers, type TxnHost} from './transactions.ts';
import {Transports, type Flow, type ListenSpec, type TransportName} from './transport.ts';
import {
  ackFor, BRANCH_PREFIX, contactFor, newBranch, newCallId, newTag, recordRouteFor, replaceTopVia, responseTo,
  STATELESS_PREFIX, topVia, viaFor, wireTime,
} from './build.ts';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
const levelRank: Record<LogLevel, number> = {error: 0, warn: 1, info: 2, debug: 3};

export interface EngineOptions {
  sip: ListenSpec[];
  control: {host: string; port: number};
  secret: string;
  logLevel?: LogLevel;
  log?: (entry: object) => void;
  /** RFC 3261 timer base values (ms); tests shorten them. */
  timers?: Partial<Timers>;
  /** Host name → address (default: the system resolver via dns.lookup). */
  resolve?: (host: string) => Promise<string | undefined>;
}

export const ENGINE_VERSION = 'v1.0.0-zuoxi';

interface Dialog {
  id: string;
  callId: string;
  localTag: string;
  remoteTag: string;
  /** Our From/To value (with our tag) and theirs. */
  localUri: string;
  remoteUri: string;
  localSeq: number;
  /** The peer's last CSeq; a lower one is out of order (§12.2.2). */
  remoteSeq?: number;
  /** CSeq of the last INVITE we sent: the 2xx ACK carries it. */
  inviteSeq: number;
  remoteTarget: string;
  routeSet: string[];
  flow: Flow;
  client: ControlClient | undefined;
  role: 'uac' | 'uas';
  /** UAS: our 2xx being retransmitted until the ACK (§13.3.1.4). */
  pending2xx?: {seq: number; timers: NodeJS.Timeout[]};
  /** UAS: a reliable provisional response retransmitted until its PRACK (RFC 3262 §3). */
  pendingReliable?: {rseq: number; timers: NodeJS.Timeout[]};
  /** UAC: the last ACK we sent, repeated when the 2xx is retransmitted. */
  lastAck?: {seq: number; data: Buffer; flow: Flow};
  confirmed: boolean;
  /** Established by a provisional response with a To tag; 2xx confirms it, a failure ends it (§12.1). */
  early: boolean;
  /** Our current session description, offered again in session refreshes. */
  localSdp?: Buffer;
  /** RFC 4028 session timer agreed in the last 2xx: we refresh it, or we watch for the peer's refresh. */
  session?: {interval: number; weRefresh: boolean; timer: NodeJS.Timeout};
}

interface ProxyState {
  client: ControlClient;
  msgId: string;
  destinations: string[];
  next: number;
  recordRoute: boolean;
  extra: SipHeader[];
  finished: boolean;
  lastFinal?: SipMessage;
  /** Fork to every destination at once (drachtio's forking: 'simultaneous'). */
  simultaneous: boolean;
  /** Branches sent (simultaneous: all of them) and how many still wait for a final response. */
  outs: OutTxn[];
  pending: number;
}

interface InTxn {
  txn: ServerTransaction;
  /** performance.now() when an out-of-dialog INVITE arrived (answer latency). */
  started?: number;
  client?: ControlClient;
  toTag?: string;
  dialog?: Dialog;
  proxy?: ProxyState;
  proxyOut?: OutTxn;
}

interface OutTxn {
  txn: ClientTransaction;
  /** A session refresh re-INVITE the engine sent itself (RFC 4028). */
  refresh?: boolean;
  client?: ControlClient;
  dialog?: Dialog;
  /** The early dialog an initial INVITE's provisional response created. */
  early?: Dialog;
  proxyFor?: InTxn;
  pendingCancel?: ClientTransaction;
  /** Engine-internal requests (shutdown BYEs) */
  onFinal?: () => void;
}

const counterNames = [
  'sip_messages_in', 'sip_messages_out', 'sip_requests_in', 'sip_responses_in', 'retransmissions_sent',
  'retransmissions_received', 'parse_errors', 'dropped', 'bad_requests', 'calls_in', 'calls_out', 'calls_answered',
  'control_connections', 'control_errors', 'auth_failures', 'dialogs_created', 'truncated_streams', 'proxied',
  'internal_errors', 'session_refreshes', 'sessions_expired',
] as const;
type CounterName = typeof counterNames[number];

export class Engine {
  readonly sip: ListenSpec[];
  control: {host: string; port: number} = {host: '', port: 0};
  readonly #opts: EngineOptions;
  readonly #level: number;
  readonly #transports: Transports;
  readonly #host: TxnHost;
  #controlServer: net.Server | undefined;
  readonly #clients = new Set<ControlClient>();
  readonly #inByKey = new Map<string, InTxn>();
  readonly #inById = new Map<string, InTxn>();
  readonly #outByKey = new Map<string, OutTxn>();
  readonly #outById = new Map<string, OutTxn>();
  readonly #dialogs = new Map<string, Dialog>();
  readonly #dialogsByLocal = new Map<string, Dialog>();
  readonly #dialogsByCallId = new Map<string, Dialog>();
  readonly #rr = new Map<string, number>();
  readonly #counters = Object.fromEntries(counterNames.map(n => [n, 0])) as Record<CounterName, number>;
  #closing = false;
  /** INVITE→2xx latencies (ms) of the most recent answered calls, a ring. */
  readonly #answerMs = new Float64Array(5000);
  #answerCount = 0;
  /** Event-loop lag: tells engine stalls apart from slow apps or callees. */
  readonly #loopDelay: IntervalHistogram = monitorEventLoopDelay({resolution: 10});

  constructor(opts: EngineOptions) {
    this.#opts = opts;
    this.#level = levelRank[opts.logLevel ?? 'info'];
    this.#transports = new Transports({
      message: (msg, flow) => this.#onMessage(msg, flow),
      parseError: (error, partial, flow) => {
        try {
          this.#onParseError(error, partial, flow);
        } catch (e) {
          this.#counters.internal_errors++;
          this.#log('error', 'failed to answer a bad message', {error: (e as Error).stack});
        }
      },
      truncated: (flow, pending) => {
        this.#counters.truncated_streams++;
        this.#counters.dropped++;
        this.#log('warn', 'tcp stream closed inside a message', {peer: `${flow.address}:${flow.port}`, pending});
      },
      error: (error, where) => this.#log('warn', 'transport error', {where, error: error.message}),
      connectFailed: (address, port, error) => {
        this.#log('info', 'tcp connection failed', {peer: `${address}:${port}`, error: error.message});
        for (const out of [...this.#outById.values()]) {
          const f = out.txn.flow;
          if (f.transport === 'tcp' && f.address === address && f.port === port && out.txn.state !== 'terminated') out.txn.transportFailed();
        }
      },
    });
    this.sip = this.#transports.bound;
    const timers = {...defaultTimers, ...opts.timers};
    this.#host = {
      timers,
      send: (flow, data) => this.#send(flow, data),
      onRetransmit: () => { this.#counters.retransmissions_sent++; },
      unanswered: t => {
        const it = this.#inById.get(t.id);
        if (it && !it.proxy) this.#respond(it, 408, 'Request Timeout - no final response from the application');
      },
    };
  }

  async start(): Promise<void> {
    this.#loopDelay.enable();
    await this.#transports.listen(this.#opts.sip);
    const server = net.createServer(socket => this.#onControlConnection(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#opts.control.port, this.#opts.control.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', error => this.#log('error', 'control server error', {error: error.message}));
    this.#controlServer = server;
    const a = server.address() as net.AddressInfo;
    this.control = {host: this.#opts.control.host, port: a.port};
    this.#log('info', 'engine listening', {sip: this.sip.map(s => `${s.transport}:${s.host}:${s.port}`), control: `${this.control.host}:${this.control.port}`});
  }

  // ---------------------------------------------------------------- observability

  /** p50/p99 of INVITE (received) → 2xx (sent) over the last answered calls, in ms. */
  answerLatency(): {count: number; p50: number; p99: number; max: number} {
    const n = Math.min(this.#answerCount, this.#answerMs.length);
    if (n === 0) return {count: 0, p50: 0, p99: 0, max: 0};
    const sorted = this.#answerMs.slice(0, n).sort();
    return {count: n, p50: sorted[Math.floor(n * 0.5)], p99: sorted[Math.min(n - 1, Math.floor(n * 0.99))], max: sorted[n - 1]};
  }

  metrics(): Record<string, number> {
    const lat = this.answerLatency();
    return {
      answer_latency_p50_ms: Math.round(lat.p50 * 1000) / 1000,
      answer_latency_p99_ms: Math.round(lat.p99 * 1000) / 1000,
      event_loop_delay_p99_ms: Math.round(this.#loopDelay.percentile(99) / 1e3) / 1e3,
      event_loop_delay_max_ms: Math.round(this.#loopDelay.max / 1e3) / 1e3,
      heap_used_bytes: process.memoryUsage().heapUsed,
      rss_bytes: process.memoryUsage.rss(),
      ...this.#counters,
      server_transactions: this.#inById.size,
      client_transactions: this.#outById.size,
      transactions: this.#inById.size + this.#outById.size,
      dialogs: this.#dialogs.size,
      control_clients: this.#clients.size,
      tcp_connections: this.#transports.connectionCount,
    };
  }

  prometheus(): string {
    const gauges = new Set(['answer_latency_p50_ms', 'answer_latency_p99_ms', 'event_loop_delay_p99_ms', 'event_loop_delay_max_ms', 'heap_used_bytes', 'rss_bytes', 'server_transactions', 'client_transactions', 'transactions', 'dialogs', 'control_clients', 'tcp_connections']);
    let out = '';
    for (const [k, v] of Object.entries(this.metrics())) {
      const name = `zuoxi_engine_${k}${gauges.has(k) ? '' : '_total'}`;
      out += `# TYPE ${name} ${gauges.has(k) ? 'gauge' : 'counter'}\n${name} ${v}\n`;
    }
    return out;
  }

  #log(level: LogLevel, msg: string, fields: object = {}): void {
    if (levelRank[level] > this.#level || !this.#opts.log) return;
    this.#opts.log({time: new Date().toISOString(), level, msg, ...fields});
  }

  #send(flow: Flow, data: Buffer): boolean {
    this.#counters.sip_messages_out++;
    if (this.#level >= levelRank.debug) {
      const nl = data.indexOf('\r\n');
      this.#log('debug', 'sip out', {start: data.toString('utf8', 0, nl < 0 ? Math.min(80, data.length) : nl), peer: `${flow.transport}:${flow.address}:${flow.port}`});
    }
    return this.#transports.send(flow, data);
  }

  // ---------------------------------------------------------------- network side

  #onParseError(error: string, partial: SipMessage | undefined, flow: Flow): void {
    this.#counters.parse_errors++;
    this.#log('info', 'unparsable SIP message', {error, peer: `${flow.address}:${flow.port}`, transport: flow.transport});
    // A request whose Via we could read gets a 400; anything else is dropped and counted.
    if (partial && partial.method && partial.method !== 'ACK' && topVia(partial)) {
      this.#counters.bad_requests++;
      this.#stamp(partial, flow);
      this.#sendStateless(partial, flow, responseTo(partial, 400, `Bad Request - ${error.slice(0, 100).replace(/[\r\n]/g, ' ')}`, [], newTag()));
    } else {
      this.#counters.dropped++;
    }
  }

  #onMessage(msg: SipMessage, flow: Flow): void {
    this.#counters.sip_messages_in++;
    if (this.#level >= levelRank.debug) {
      this.#log('debug', 'sip in', {start: msg.status ? `${msg.status} ${msg.reason}` : `${msg.method} ${msg.uri}`, cseq: getHeader(msg, 'cseq'), callId: getHeader(msg, 'call-id'), peer: `${flow.transport}:${flow.address}:${flow.port}`});
    }
    try {
      if (msg.status) {
        this.#counters.sip_responses_in++;
        this.#onResponse(msg, flow);
      } else {
        this.#counters.sip_requests_in++;
        this.#onRequest(msg, flow);
      }
    } catch (error) {
      // a message we failed to handle is dropped and counted; the engine goes on
      this.#counters.internal_errors++;
      this.#counters.dropped++;
      this.#log('error', 'failed to handle a SIP message', {error: (error as Error).stack, peer: `${flow.address}:${flow.port}`});
    }
  }

  /** RFC 3581 / §18.2.1: record where the request really came from in its top Via. */
  #stamp(msg: SipMessage, flow: Flow): Via | undefined {
    const via = topVia(msg);
    if (!via) return undefined;
    const first = getHeaderValues(msg, 'via')[0];
    let value = first;
    if (via.host !== flow.address) value = setParam(value, 'received', flow.address);
    if (via.params.has('rport')) value = setParam(value, 'rport', String(flow.port));
    if (value !== first) replaceTopVia(msg, value);
    return via;
  }

  /** Where responses to a request go (§18.2.2, RFC 3581 §4). */
  #responseFlow(via: Via, flow: Flow): Flow {
    if (flow.transport !== 'udp' || via.params.has('rport')) return flow;
    return {...flow, port: via.port ?? 5060};
  }

  #sendStateless(req: SipMessage, flow: Flow, res: SipMessage): void {
    const via = topVia(req);
    this.#send(via ? this.#responseFlow(via, flow) : flow, serialize(res));
  }

  #validate(msg: SipMessage): string | undefined {
    for (const name of ['from', 'to', 'call-id', 'cseq']) if (getHeader(msg, name) === undefined) return `missing ${name} header`;
    const cseq = parseCSeq(getHeader(msg, 'cseq'));
    if (!cseq) return 'malformed CSeq';
    if (cseq.method !== msg.method) return 'CSeq method does not match the request method';
    const mf = getHeader(msg, 'max-forwards');
    if (mf !== undefined && !/^\d{1,3}$/.test(mf)) return 'malformed Max-Forwards';
    if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(msg.uri)) return 'malformed Request-URI';
    return undefined;
  }

  #serverKey(via: Via, msg: SipMessage, method: string): string {
    if (via.branch.startsWith('z9hG4bK')) return `${via.branch}|${via.host}:${via.port ?? 5060}|${method}`;
    // RFC 2543 peers: fall back to the dialog-ish identifiers (§17.2.3)
    return `${getHeader(msg, 'call-id')}|${getTag(getHeader(msg, 'from'))}|${parseCSeq(getHeader(msg, 'cseq'))?.seq}|${via.host}|${method}`;
  }

  #onRequest(msg: SipMessage, flow: Flow): void {
    const via = this.#stamp(msg, flow);
    if (!via) {
      this.#counters.parse_errors++;
      this.#counters.dropped++;
      this.#log('info', 'request without a usable Via dropped', {peer: `${flow.address}:${flow.port}`});
      return;
    }
    const problem = this.#validate(msg);
    if (problem) {
      this.#counters.parse_errors++;
      if (msg.method === 'ACK') { this.#counters.dropped++; return; }
      this.#counters.bad_requests++;
      this.#sendStateless(msg, flow, responseTo(msg, 400, `Bad Request - ${problem}`, [], newTag()));
      return;
    }
    const method = msg.method;
    const key = this.#serverKey(via, msg, method === 'ACK' ? 'INVITE' : method);
    // loose routing: a top Route naming us is ours to remove (§16.4); only requests that were
    // routed through us this way may be forwarded on (no open relay)
    const route = getHeaderValues(msg, 'route')[0];
    let routedViaUs = false;
    if (route) {
      const u = parseUri(parseNameAddr(route).uri);
      if (u && this.#transports.isLocal(u.host, u.port)) {
        popHeaderValue(msg, 'route');
        routedViaUs = true;
      }
    }
    if (method === 'ACK') {
      const inv = this.#inByKey.get(key);
      if (inv && inv.txn.state === 'completed') { inv.txn.ack(); return; }
      if (inv && inv.txn.state === 'confirmed') return;
      if (inv?.proxy) { this.#forwardStateless(msg, flow); return; }
      this.#onAck(msg, flow, routedViaUs);
      return;
    }
    const existing = this.#inByKey.get(key);
    if (existing) {
      this.#counters.retransmissions_received++;
      existing.txn.retransmission();
      return;
    }
    const rflow = this.#responseFlow(via, flow);
    if (method === 'CANCEL') { this.#onCancel(msg, rflow, via, key); return; }

    const mf = getHeader(msg, 'max-forwards');
    if (mf !== undefined && Number(mf) <= 0) {
      this.#reject(msg, rflow, key, 483);
      return;
    }
    if (this.#isLoop(msg)) {
      this.#reject(msg, rflow, key, 482);
      return;
    }
    const toTag = getTag(getHeader(msg, 'to'));
    if (toTag) { this.#onInDialog(msg, rflow, key, toTag, routedViaUs); return; }

    const it = this.#newIn(msg, rflow, key);
    if (method === 'INVITE') {
      this.#counters.calls_in++;
      it.started = performance.now();
      this.#respond(it, 100);
      this.#cdr('attempt', 'network', msg);
    }
    if (this.#closing) { this.#respond(it, 503); return; }
    const client = this.#pick(method);
    if (!client) {
      if (method === 'OPTIONS') this.#respond(it, 200, undefined, [h('allow', 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, UPDATE, REFER, REGISTER, NOTIFY, SUBSCRIBE, MESSAGE, PRACK')]);
      else this.#respond(it, 503);
      return;
    }
    it.client = client;
    this.#deliver(client, msg, flow, it.txn.id, '');
  }

  /** A request that already passed through us with one of our branches is looping (§16.3 step 4, basic form). */
  #isLoop(msg: SipMessage): boolean {
    const vias = getHeaderValues(msg, 'via');
    for (let i = 1; i < vias.length; i++) {
      const v = parseVia(vias[i]);
      if (v && v.branch.startsWith(BRANCH_PREFIX) && this.#transports.isLocal(v.host, v.port)) return true;
    }
    return false;
  }

  #newIn(msg: SipMessage, flow: Flow, key: string): InTxn {
    const id = crypto.randomUUID();
    const it: InTxn = {txn: undefined as unknown as ServerTransaction};
    it.txn = new ServerTransaction(id, key, msg, flow, this.#host, () => {
      this.#inById.delete(id);
      if (this.#inByKey.get(key) === it) this.#inByKey.delete(key);
    });
    this.#inById.set(id, it);
    this.#inByKey.set(key, it);
    return it;
  }

  #reject(msg: SipMessage, flow: Flow, key: string, status: number): void {
    if (msg.method === 'ACK') return;
    this.#respond(this.#newIn(msg, flow, key), status);
  }

  /** Send a response the engine builds itself on a server transaction. */
  #respond(it: InTxn, status: number, reason?: string, extra: SipHeader[] = []): void {
    if (status >= 300 && it.dialog?.early && it.txn.request.method === 'INVITE') this.#removeDialog(it.dialog);
    if (status > 100 && !it.toTag) it.toTag = newTag();
    const res = responseTo(it.txn.request, status, reason, extra, it.toTag);
    it.txn.respond(status, serialize(res));
  }

  #pick(method: string): ControlClient | undefined {
    const m = method.toLowerCase();
    const candidates: ControlClient[] = [];
    for (const c of this.#clients) if (c.authenticated && c.open && c.routes.has(m)) candidates.push(c);
    if (candidates.length === 0) return undefined;
    const n = (this.#rr.get(m) ?? 0) % candidates.length;
    this.#rr.set(m, n + 1);
    return candidates[n];
  }

  #deliver(client: ControlClient, msg: SipMessage, flow: Flow, txnId: string, dialogId: string, source = 'network'): void {
    const raw = serializeText(msg);
    client.send(`sip|${source}|${Buffer.byteLength(raw)}|${flow.transport}|${flow.address}|${flow.port}|${wireTime()}|${txnId}|${dialogId}|${flow.local.host}|${flow.local.port}|\r\n${raw}`);
  }

  /** cdr:attempt|start|stop to one app that asked for them (drachtio's Cdr::postCdr). */
  #cdr(type: 'attempt' | 'start' | 'stop', source: 'network' | 'application', msg: SipMessage, detail?: string): void {
    const client = this.#pick(`cdr:${type}`);
    if (!client) return;
    client.send(`cdr:${type}|${source}|${wireTime()}${detail ? `|${detail}` : ''}\r\n${serializeText(msg)}`);
  }

  #onCancel(msg: SipMessage, flow: Flow, via: Via, key: string): void {
    const ct = this.#newIn(msg, flow, key);
    const inv = this.#inByKey.get(this.#serverKey(via, msg, 'INVITE'));
    if (!inv || inv.txn.state === 'terminated') { this.#respond(ct, 481); return; }
    this.#respond(ct, 200);
    if (inv.txn.lastStatus >= 200) return; // too late: the INVITE has its final response
    if (inv.proxy) {
      for (const o of inv.proxy.outs) if (!o.txn.finalStatus && o.txn.state !== 'terminated') this.#cancelOut(o, []);
      return;
    }
    this.#respond(inv, 487);
    this.#cdr('stop', 'network', msg, 'call-canceled');
    if (inv.client) this.#deliver(inv.client, msg, flow, inv.txn.id, '');
  }

  #onAck(msg: SipMessage, flow: Flow, routedViaUs: boolean): void {
    const dialog = this.#dialogsByLocal.get(`${getHeader(msg, 'call-id')}\n${getTag(getHeader(msg, 'to'))}`);
    if (!dialog) {
      if (routedViaUs && !this.#isForUs(msg)) this.#forwardStateless(msg, flow);
      else this.#counters.dropped++;
      return;
    }
    const seq = parseCSeq(getHeader(msg, 'cseq'))!.seq;
    if (!dialog.pending2xx || dialog.pending2xx.seq !== seq) {
      // a repeated ACK (the peer saw our 2xx twice) or one we did not ask for: absorbed here
      this.#counters.retransmissions_received++;
      return;
    }
    for (const t of dialog.pending2xx.timers) clearTimeout(t);
    dialog.pending2xx = undefined;
    dialog.confirmed = true;
    if (dialog.client?.open) this.#deliver(dialog.client, msg, flow, crypto.randomUUID(), dialog.id);
  }

  /** Is the request addressed to us (R-URI or remaining top Route), or to someone we proxy to? */
  #isForUs(msg: SipMessage): boolean {
    const route = getHeaderValues(msg, 'route')[0];
    const target = parseUri(route ? parseNameAddr(route).uri : msg.uri);
    return !target || this.#transports.isLocal(target.host, target.port);
  }

  #onInDialog(msg: SipMessage, flow: Flow, key: string, toTag: string, routedViaUs: boolean): void {
    const dialog = this.#dialogsByLocal.get(`${getHeader(msg, 'call-id')}\n${toTag}`);
    if (!dialog) {
      if (routedViaUs && !this.#isForUs(msg)) { this.#forwardStateless(msg, flow); return; }
      this.#reject(msg, flow, key, 481);
      return;
    }
    const method = msg.method;
    const seq = parseCSeq(getHeader(msg, 'cseq'))!.seq;
    if (dialog.remoteSeq !== undefined && seq < dialog.remoteSeq) {
      const late = this.#newIn(msg, flow, key);
      late.toTag = toTag;
      this.#respond(late, 500, 'Server Internal Error - CSeq out of order');
      return;
    }
    dialog.remoteSeq = seq;
    const it = this.#newIn(msg, flow, key);
    it.toTag = toTag;
    it.dialog = dialog;
    if (method === 'INVITE') this.#respond(it, 100);
    if ((method === 'INVITE' || method === 'UPDATE') && getHeader(msg, 'contact')) {
      // target refresh (§12.2.2)
      dialog.remoteTarget = parseNameAddr(getHeaderValues(msg, 'contact')[0]).uri;
    }
    if (method === 'BYE') {
      this.#removeDialog(dialog);
      this.#cdr('stop', 'network', msg, 'normal-release');
    }
    // the stack answers PRACK itself, as drachtio's sofia does (RFC 3262 §3); the app is told
    if (method === 'PRACK') {
      const rack = /^\s*(\d+)/.exec(getHeader(msg, 'rack') ?? '');
      if (rack && dialog.pendingReliable?.rseq === Number(rack[1])) this.#stopReliable(dialog);
      this.#respond(it, 200);
    }
    const client = dialog.client;
    if (!client?.open) {
      // the app owning the dialog is gone: end what we can on its behalf
      this.#respond(it, method === 'BYE' ? 200 : 481);
      return;
    }
    it.client = client;
    this.#deliver(client, msg, flow, it.txn.id, dialog.id);
  }

  #onResponse(msg: SipMessage, flow: Flow): void {
    const via = topVia(msg);
    const cseq = parseCSeq(getHeader(msg, 'cseq'));
    if (!via || !cseq || !via.branch.startsWith(BRANCH_PREFIX)) {
      this.#counters.dropped++;
      this.#log('debug', 'response not for us dropped', {peer: `${flow.address}:${flow.port}`});
      return;
    }
    const out = this.#outByKey.get(`${via.branch}|${cseq.method}`);
    if (out) { out.txn.receive(msg); return; }
    const vias = getHeaderValues(msg, 'via');
    if (vias.length > 1) { this.#forwardResponseStateless(msg); return; }
    if (cseq.method === 'INVITE' && msg.status >= 200 && msg.status < 300) {
      // a retransmitted 2xx: our ACK got lost (§13.2.2.4)
      const dialog = this.#dialogsByLocal.get(`${getHeader(msg, 'call-id')}\n${getTag(getHeader(msg, 'from'))}`);
      if (dialog?.lastAck && dialog.lastAck.seq === cseq.seq) {
        this.#counters.retransmissions_received++;
        this.#send(dialog.lastAck.flow, dialog.lastAck.data);
        this.#counters.retransmissions_sent++;
        return;
      }
      this.#counters.retransmissions_received++;
      return;
    }
    this.#counters.dropped++;
  }

  // ---------------------------------------------------------------- stateless forwarding (proxy leftovers)

  #forwardStateless(msg: SipMessage, _flow: Flow): void {
    const route = getHeaderValues(msg, 'route')[0];
    const target = this.#target(route ? parseNameAddr(route).uri : msg.uri);
    if (!target) { this.#counters.dropped++; return; }
    const mf = Number(getHeader(msg, 'max-forwards') ?? '70');
    if (mf <= 0) { this.#counters.dropped++; return; }
    const fwd: SipMessage = {...msg, headers: msg.headers.filter(x => x.name !== 'max-forwards')};
    fwd.headers.unshift(h('max-forwards', String(mf - 1)));
    const tv = topVia(msg)!;
    const branch = `${STATELESS_PREFIX}${crypto.createHash('md5').update(`${tv.branch}|${msg.method === 'ACK' ? 'ack' : ''}`).digest('hex').slice(0, 16)}`;
    fwd.headers.unshift(h('via', viaFor(target.local, branch)));
    this.#counters.proxied++;
    this.#send(target, serialize(fwd));
  }

  #forwardResponseStateless(msg: SipMessage): void {
    const fwd: SipMessage = {...msg, headers: msg.headers.map(x => ({...x}))};
    popHeaderValue(fwd, 'via');
    const next = topVia(fwd);
    if (!next) { this.#counters.dropped++; return; }
    const transport = next.transport.toLowerCase() as TransportName;
    const local = this.#transports.local(transport === 'tcp' ? 'tcp' : 'udp');
    if (!local) { this.#counters.dropped++; return; }
    const address = next.params.get('received') || next.host;
    const port = Number(next.params.get('rport')) || next.port || 5060;
    this.#counters.proxied++;
    this.#send({transport: local.transport, address, port, local}, serialize(fwd));
  }

  /** Resolve a SIP URI to a flow (IP literals and localhost; the engine runs on loopback/LANs). */
  #target(uri: string): Flow | undefined {
    const u = parseUri(uri.includes(':') ? uri : `sip:${uri}`);
    if (!u) return undefined;
    const transport: TransportName = (u.params.get('transport') ?? 'udp').toLowerCase() === 'tcp' ? 'tcp' : 'udp';
    const local = this.#transports.local(transport);
    if (!local) return undefined;
    let address = u.params.get('maddr') || u.host;
    if (address === 'localhost') address = net.isIPv6(local.host) ? '::1' : '127.0.0.1';
    if (!net.isIP(address)) return undefined;
    return {transport, address, port: u.port ?? 5060, local};
  }

  /** Like #target, resolving a host name by DNS (A/AAAA via the system resolver, cached 60 s). */
  async #resolveTarget(uri: string): Promise<Flow | undefined> {
    const direct = this.#target(uri);
    if (direct) return direct;
    const u = parseUri(uri.includes(':') ? uri : `sip:${uri}`);
    if (!u || net.isIP(u.host)) return undefined;
    const cached = this.#dns.get(u.host);
    let address = cached && cached.until > Date.now() ? cached.address : undefined;
    if (!address) {
      try {
        address = this.#opts.resolve ? await this.#opts.resolve(u.host) : (await dns.lookup(u.host)).address;
        if (!address || !net.isIP(address)) return undefined;
        this.#dns.set(u.host, {address, until: Date.now() + 60_000});
        if (this.#dns.size > 1000) this.#dns.delete(this.#dns.keys().next().value!);
      } catch {
        return undefined;
      }
    }
    const at = uri.indexOf(u.host);
    return this.#target(`${uri.slice(0, at)}${address.includes(':') ? `[${address}]` : address}${uri.slice(at + u.host.length)}`);
  }

  readonly #dns = new Map<string, {address: string; until: number}>();

  // ---------------------------------------------------------------- client transactions

  readonly #clientUser: ClientTxnUser = {
    response: (t, msg) => this.#onOutResponse(t, msg),
    timeout: (t, reason) => {
      const out = this.#outById.get(t.id);
      if (!out) return;
      const status = reason === 'timeout' ? 408 : 503;
      this.#log('info', 'client transaction failed', {method: t.method, reason});
      const fake = responseTo(t.request, status, reason === 'timeout' ? 'Request Timeout' : 'Service Unavailable - transport failure');
      try {
        this.#onOutResponse(t, fake, true);
      } catch (error) {
        this.#counters.internal_errors++;
        this.#log('error', 'failed to handle a transaction timeout', {error: (error as Error).stack});
      }
    },
    terminated: t => {
      const out = this.#outById.get(t.id);
      this.#outById.delete(t.id);
      if (out && this.#outByKey.get(t.key) === out) this.#outByKey.delete(t.key);
    },
    buildAck: (t, response) => serialize(ackFor(t.request, response)),
  };

  #startOut(out: Omit<OutTxn, 'txn'>, request: SipMessage, flow: Flow, branch: string): OutTxn {
    const id = crypto.randomUUID();
    const data = serialize(request);
    const o = out as OutTxn;
    o.txn = new ClientTransaction(id, `${branch}|${request.method}`, request.method, request, data, flow, this.#host, this.#clientUser);
    this.#outById.set(id, o);
    this.#outByKey.set(o.txn.key, o);
    o.txn.start();
    return o;
  }

  #onOutResponse(t: ClientTransaction, msg: SipMessage, synthetic = false): void {
    const out = this.#outById.get(t.id);
    if (!out) return;
    if (out.proxyFor) { this.#onProxyResponse(out, msg, synthetic); return; }
    const status = msg.status;
    if (status < 200 && out.pendingCancel) {
      const c = out.pendingCancel;
      out.pendingCancel = undefined;
      this.#outById.set(c.id, {txn: c});
      this.#outByKey.set(c.key, {txn: c});
      c.start();
    }
    let dialogId = out.dialog?.id ?? '';
    if (t.method === 'INVITE' && !out.dialog && status > 100 && status < 200 && getTag(getHeader(msg, 'to'))) {
      // an early dialog, so a PRACK or UPDATE can be sent inside it (RFC 3262, RFC 3311)
      out.early ??= this.#uacDialog(t, msg, out.client, true);
      dialogId = out.early.id;
    }
    if (t.method === 'INVITE' && status >= 200) {
      out.pendingCancel = undefined;
      if (status < 300) {
        if (out.dialog) {
          const contact = getHeaderValues(msg, 'contact')[0];
          if (contact) out.dialog.remoteTarget = parseNameAddr(contact).uri;
        } else {
          const d = this.#uacDialog(t, msg, out.client);
          dialogId = d.id;
        }
        if (!out.dialog) {
          this.#counters.calls_answered++;
          this.#cdr('start', 'network', msg, 'uac');
        }
      } else if (!out.dialog) {
        dialogId = `${getHeader(t.request, 'call-id')};from-tag=${getTag(getHeader(t.request, 'from'))}`;
        if (out.early?.early) this.#removeDialog(out.early);
        this.#cdr('stop', 'network', msg, 'call-rejected');
      }
    }
    if ((t.method === 'INVITE' || t.method === 'UPDATE') && status >= 200 && status < 300) {
      const d = out.dialog ?? this.#dialogs.get(dialogId);
      if (d) {
        if (t.request.body.length) d.localSdp = t.request.body;
        if (out.refresh) this.#ackRefresh(d);
        this.#armSession(d, getHeader(msg, 'session-expires'), 'uac');
      }
    } else if (out.refresh && t.method === 'INVITE' && status >= 300 && out.dialog && this.#dialogs.get(out.dialog.id) === out.dialog) {
      const d = out.dialog;
      if (status === 491 && d.session) {
        // glare: our refresh crossed theirs; try again shortly (RFC 3261 §14.1)
        d.session.timer = this.#timer(2000 + Math.random() * 2000, () => this.#refreshSession(d));
      } else {
        this.#log('warn', 'session refresh failed; ending dialog', {dialog: d.id, status});
        this.#byeOnBehalf(d);
      }
    }
    if (out.refresh) return; // the app never asked for it
    if (t.method === 'BYE' && status >= 200 && out.dialog) this.#removeDialog(out.dialog);
    if (status >= 200 && out.onFinal) out.onFinal();
    if (out.client?.open) this.#deliver(out.client, msg, t.flow, t.id, dialogId);
  }

  #uacDialog(t: ClientTransaction, res: SipMessage, client: ControlClient | undefined, early = false): Dialog {
    const callId = getHeader(t.request, 'call-id')!;
    const localTag = getTag(getHeader(t.request, 'from'))!;
    const remoteTag = getTag(getHeader(res, 'to')) ?? '';
    const contact = getHeaderValues(res, 'contact')[0];
    const id = `${callId};from-tag=${localTag}`;
    const existing = this.#dialogs.get(id);
    if (existing) {
      if (existing.early && !early) {
        // the 2xx confirms the early dialog: its target and route set are the 2xx's (§13.2.2.4)
        existing.early = false;
        existing.remoteTag = remoteTag;
        existing.remoteUri = getHeader(res, 'to')!;
        if (contact) existing.remoteTarget = parseNameAddr(contact).uri;
        existing.routeSet = getHeaderValues(res, 'record-route').reverse();
      }
      return existing;
    }
    const seq = parseCSeq(getHeader(t.request, 'cseq'))!.seq;
    const d: Dialog = {
      id, callId, localTag, remoteTag,
      localUri: getHeader(t.request, 'from')!,
      remoteUri: getHeader(res, 'to')!,
      localSeq: seq, inviteSeq: seq,
      remoteTarget: contact ? parseNameAddr(contact).uri : t.request.uri,
      routeSet: getHeaderValues(res, 'record-route').reverse(),
      flow: t.flow, client, role: 'uac', confirmed: !early, early,
    };
    this.#addDialog(d);
    return d;
  }

  #addDialog(d: Dialog): void {
    this.#dialogs.set(d.id, d);
    this.#dialogsByLocal.set(`${d.callId}\n${d.localTag}`, d);
    this.#dialogsByCallId.set(d.callId, d);
    this.#counters.dialogs_created++;
  }

  #timer(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      try {
        fn();
      } catch (error) {
        this.#counters.internal_errors++;
        this.#log('error', 'timer failed', {error: (error as Error).stack});
      }
    }, ms);
    t.unref();
    return t;
  }

  /**
   * RFC 4028: a 2xx carrying Session-Expires sets the session interval and who refreshes it.
   * We refresh at half the interval; when the peer refreshes, a missing refresh ends the call
   * (BYE) shortly before the interval runs out, as drachtio-server does.
   */
  #armSession(d: Dialog, se: string | undefined, ourRole: 'uac' | 'uas', refresherOverride?: 'uac' | 'uas'): void {
    if (d.session) clearTimeout(d.session.timer);
    d.session = undefined;
    const m = se ? /^\s*(\d{1,6})/.exec(se) : null;
    if (!se || !m || this.#dialogs.get(d.id) !== d) return;
    const interval = Math.max(1, Number(m[1]));
    const refresher = refresherOverride ?? parseParams(se).get('refresher')?.toLowerCase() ?? 'uas';
    const weRefresh = refresher === ourRole;
    const ms = weRefresh ? (interval * 1000) / 2 : interval * 1000 - Math.min(32_000, (interval * 1000) / 3);
    const timer = this.#timer(ms, () => (weRefresh ? this.#refreshSession(d) : this.#sessionExpired(d)));
    d.session = {interval, weRefresh, timer};
  }

  #refreshSession(d: Dialog): void {
    if (this.#dialogs.get(d.id) !== d || !d.session) return;
    // we are the UAC of the refresh and stay the refresher
    const extra = [h('session-expires', `${d.session.interval};refresher=uac`), h('supported', 'timer')];
    if (d.localSdp?.length) extra.push(h('content-type', 'application/sdp'));
    const built = this.#inDialogRequest(d, 'INVITE', extra, d.localSdp ?? Buffer.alloc(0));
    if (!built) { this.#sessionExpired(d); return; }
    d.inviteSeq = parseCSeq(getHeader(built.msg, 'cseq'))!.seq;
    this.#counters.session_refreshes++;
    this.#startOut({dialog: d, refresh: true}, built.msg, built.flow, built.branch);
  }

  #ackRefresh(d: Dialog): void {
    const ack = this.#inDialogRequest(d, 'ACK', [], Buffer.alloc(0), d.inviteSeq);
    if (!ack) return;
    const data = serialize(ack.msg);
    d.lastAck = {seq: d.inviteSeq, data, flow: ack.flow};
    this.#send(ack.flow, data);
  }

  #sessionExpired(d: Dialog): void {
    if (this.#dialogs.get(d.id) !== d) return;
    this.#counters.sessions_expired++;
    this.#log('info', 'session expired without a refresh; ending dialog', {dialog: d.id});
    this.#byeOnBehalf(d);
  }

  #removeDialog(d: Dialog): void {
    if (d.pending2xx) for (const t of d.pending2xx.timers) clearTimeout(t);
    d.pending2xx = undefined;
    this.#stopReliable(d);
    if (d.session) clearTimeout(d.session.timer);
    d.session = undefined;
    if (this.#dialogs.get(d.id) === d) this.#dialogs.delete(d.id);
    const k = `${d.callId}\n${d.localTag}`;
    if (this.#dialogsByLocal.get(k) === d) this.#dialogsByLocal.delete(k);
    if (this.#dialogsByCallId.get(d.callId) === d) this.#dialogsByCallId.delete(d.callId);
  }

  // ---------------------------------------------------------------- control side

  #onControlConnection(socket: net.Socket): void {
    const client = new ControlClient(socket);
    this.#clients.add(client);
    this.#counters.control_connections++;
    socket.setNoDelay(true);
    // a peer that never authenticates must not hold a connection
    const authTimer = setTimeout(() => { if (!client.authenticated) socket.destroy(); }, 5000);
    authTimer.unref();
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      clearTimeout(authTimer);
      this.#clients.delete(client);
      this.#orphaned(client);
    });
    socket.on('data', chunk => {
      const r = client.push(chunk);
      for (const f of r.frames) {
        try {
          this.#onFrame(client, f);
        } catch (error) {
          this.#counters.control_errors++;
          this.#log('error', 'control message failed', {type: f.type, error: (error as Error).message});
          client.reply(f.msgId, false, 'internal error');
        }
        if (!client.open) return;
      }
      if (r.error) {
        this.#counters.control_errors++;
        this.#log('warn', 'control client sent junk; closing', {error: r.error, peer: `${socket.remoteAddress}:${socket.remotePort}`});
        socket.destroy();
      }
    });
  }

  /** An app went away: answer what it left unanswered so callers are not left hanging. */
  #orphaned(client: ControlClient): void {
    if (!client.authenticated) return;
    let n = 0;
    for (const it of this.#inById.values()) {
      if (it.client !== client || it.txn.lastStatus >= 200 || it.txn.state === 'terminated' || it.proxy) continue;
      if (it.txn.request.method === 'CANCEL' || it.txn.request.method === 'ACK') continue;
      const method = it.txn.request.method;
      // a BYE has already ended its dialog here; anything else could not be handled
      if (method === 'BYE') this.#respond(it, 200);
      else if (method === 'INVITE') this.#respond(it, 480, 'Temporarily Unavailable - application disconnected');
      else this.#respond(it, 503, 'Service Unavailable - application disconnected');
      n++;
    }
    this.#log('info', 'app disconnected', {client: client.id, answered: n});
  }

  #onFrame(client: ControlClient, f: ControlFrame): void {
    if (!client.authenticated) {
      if (f.type !== 'authenticate') {
        this.#counters.control_errors++;
        client.reply(f.msgId, false, 'authenticate first');
        client.socket.end();
        return;
      }
      if (!constantTimeEqual(f.args[0] ?? '', this.#opts.secret)) {
        this.#counters.auth_failures++;
        this.#log('warn', 'control client failed to authenticate', {peer: `${client.socket.remoteAddress}:${client.socket.remotePort}`});
        client.reply(f.msgId, false, 'incorrect secret');
        client.socket.end();
        return;
      }
      client.authenticated = true;
      for (const t of (f.args[1] ?? '').split(',')) if (t) client.tags.add(t);
      const hostports = this.sip.map(s => `${s.transport}/${s.host}:${s.port}`).join(',');
      client.reply(f.msgId, true, `${hostports}|${ENGINE_VERSION}|${hostports}`);
      this.#log('info', 'app connected', {client: client.id});
      return;
    }
    switch (f.type) {
      case 'ping': client.reply(f.msgId, true, 'pong'); return;
      case 'route': {
        const verb = (f.args[0] ?? '').toLowerCase();
        if (!verb) { client.reply(f.msgId, false, 'Route request includes unsupported verb'); return; }
        client.routes.add(verb);
        client.reply(f.msgId, true);
        return;
      }
      case 'remove_route':
        client.routes.delete((f.args[0] ?? '').toLowerCase());
        client.reply(f.msgId, true);
        return;
      case 'authenticate': client.reply(f.msgId, true); return;
      case 'sip': this.#onAppSip(client, f); return;
      case 'proxy': this.#onAppProxy(client, f); return;
      default:
        this.#counters.control_errors++;
        client.reply(f.msgId, false, 'Unknown message type');
    }
  }

  #echo(client: ControlClient, msgId: string, flow: Flow, msg: SipMessage, txnId: string, dialogId?: string): void {
    const raw = serializeText(msg);
    const meta = `application|${Buffer.byteLength(raw)}|${flow.transport}|${flow.address}|${flow.port}|${wireTime()}|${txnId}`;
    client.reply(msgId, true, `${meta}|${dialogId === undefined ? '' : `${dialogId}|`}|Msg sent:|\r\n${raw}`);
  }

  #onAppSip(client: ControlClient, f: ControlFrame): void {
    const [txnId = '', dialogId = '', routeUrl = ''] = f.args;
    const parsed = parseMessage(f.body);
    if (!parsed.ok) {
      this.#counters.control_errors++;
      client.reply(f.msgId, false, `invalid SIP message: ${parsed.error}`);
      return;
    }
    const msg = parsed.msg;
    if (msg.status) { this.#appResponse(client, f.msgId, txnId, msg); return; }
    if (dialogId) { this.#appInDialog(client, f.msgId, dialogId, msg); return; }
    if (txnId && msg.method === 'CANCEL') { this.#appCancel(client, f.msgId, txnId, msg); return; }
    if (msg.method === 'ACK') { client.reply(f.msgId, false, 'ACK for non-success responses is automatically generated by the stack'); return; }
    // like drachtio-server: a request naming the Call-ID of a dialog we hold goes inside it
    const callId = getHeader(msg, 'call-id');
    const byCallId = callId ? this.#dialogsByCallId.get(callId) : undefined;
    if (byCallId) { this.#appInDialog(client, f.msgId, byCallId.id, msg); return; }
    this.#appRequest(client, f.msgId, msg, routeUrl);
  }

  #appResponse(client: ControlClient, msgId: string, txnId: string, app: SipMessage): void {
    const it = this.#inById.get(txnId);
    if (!it || it.txn.state === 'completed' || it.txn.state === 'confirmed' || it.txn.state === 'terminated') {
      client.reply(msgId, false, 'Response not sent due to unknown transaction');
      return;
    }
    const req = it.txn.request;
    const status = app.status;
    if (req.method === 'CANCEL') { client.reply(msgId, false, '200 OK to incoming CANCEL is automatically generated by the stack'); return; }
    if (status > 100 && !it.toTag) it.toTag = getTag(getHeader(app, 'to')) ?? newTag();
    const reserved = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'content-length', 'record-route']);
    const extra = app.headers.filter(x => !reserved.has(x.name));
    const dialogForming = req.method === 'INVITE' || req.method === 'SUBSCRIBE';
    if (dialogForming && status > 100 && status < 300 && !extra.some(x => x.name === 'contact')) {
      extra.push(h('contact', contactFor(it.txn.flow.local)));
    } else {
      fixLocalhostContact(extra, it.txn.flow.local);
    }
    const res = responseTo(req, status, app.reason || reasons[status] || 'Unknown', extra, it.toTag, app.body);
    let dialogId = it.dialog?.id ?? '';
    if (req.method === 'INVITE' && status > 100 && status < 200 && !it.dialog) {
      // a provisional response with our tag makes an early dialog (PRACK, UPDATE inside it)
      const d = this.#uasDialog(it, res, client);
      d.early = true;
      dialogId = d.id;
    }
    if (dialogForming && status >= 200 && status < 300) {
      const seq = parseCSeq(getHeader(req, 'cseq'))!.seq;
      let d = it.dialog;
      if (d?.early) {
        d.early = false;
        d.localUri = getHeader(res, 'to')!;
        this.#counters.calls_answered++;
        this.#cdr('start', 'application', res, 'uas');
        if (it.started !== undefined) this.#answerMs[this.#answerCount++ % this.#answerMs.length] = performance.now() - it.started;
      }
      if (!d) {
        d = this.#uasDialog(it, res, client);
        this.#counters.calls_answered++;
        if (req.method === 'INVITE') this.#cdr('start', 'application', res, 'uas');
        if (it.started !== undefined) this.#answerMs[this.#answerCount++ % this.#answerMs.length] = performance.now() - it.started;
      }
      dialogId = d.id;
      if (req.method === 'INVITE') this.#retransmit2xx(d, seq, serialize(res), it.txn.flow);
    } else if (dialogForming && status >= 300 && it.dialog?.early) {
      dialogId = it.dialog.id;
      this.#removeDialog(it.dialog);
      if (req.method === 'INVITE') this.#cdr('stop', 'application', res, 'call-rejected');
    } else if (dialogForming && !it.dialog) {
      dialogId = `${getHeader(req, 'call-id')};from-tag=${getTag(getHeader(req, 'from'))}`;
      if (req.method === 'INVITE' && status >= 300) this.#cdr('stop', 'application', res, 'call-rejected');
    }
    const data = serialize(res);
    it.txn.respond(status, data);
    if (status >= 200 && status < 300 && it.dialog && (req.method === 'INVITE' || req.method === 'UPDATE')) {
      if (res.body.length) it.dialog.localSdp = res.body;
      // the 2xx says what was agreed; a 2xx without it leaves refreshing to the requester (RFC 4028 §9)
      const agreed = getHeader(res, 'session-expires');
      this.#armSession(it.dialog, agreed ?? getHeader(req, 'session-expires'), 'uas', agreed ? undefined : 'uac');
    }
    const rseq = Number(getHeader(res, 'rseq'));
    if (status > 100 && status < 200 && rseq > 0 && it.dialog?.early && /\b100rel\b/i.test(getHeader(res, 'require') ?? '')) {
      this.#retransmitReliable(it, it.dialog, rseq, data);
    } else if (status >= 200 && it.dialog) {
      this.#stopReliable(it.dialog);
    }
    this.#echo(client, msgId, it.txn.flow, res, txnId, dialogId);
  }

  /** Retransmit a reliable provisional response over UDP until its PRACK (T1 doubling, 64*T1 at most). */
  #retransmitReliable(it: InTxn, d: Dialog, rseq: number, data: Buffer): void {
    this.#stopReliable(d);
    if (it.txn.flow.transport !== 'udp') return;
    const timers: NodeJS.Timeout[] = [];
    d.pendingReliable = {rseq, timers};
    const started = performance.now();
    let interval = this.#host.timers.t1;
    const again = () => {
      if (d.pendingReliable?.rseq !== rseq || it.txn.lastStatus >= 200 || it.txn.state === 'terminated') return;
      if (performance.now() - started >= 64 * this.#host.timers.t1) { d.pendingReliable = undefined; return; }
      this.#send(it.txn.flow, data);
      this.#counters.retransmissions_sent++;
      interval *= 2;
      const t = setTimeout(again, interval);
      t.unref();
      timers.push(t);
    };
    const t = setTimeout(again, interval);
    t.unref();
    timers.push(t);
  }

  #stopReliable(d: Dialog): void {
    if (d.pendingReliable) for (const t of d.pendingReliable.timers) clearTimeout(t);
    d.pendingReliable = undefined;
  }

  #uasDialog(it: InTxn, res: SipMessage, client: ControlClient): Dialog {
    const req = it.txn.request;
    const callId = getHeader(req, 'call-id')!;
    const remoteTag = getTag(getHeader(req, 'from')) ?? '';
    const contact = getHeaderValues(req, 'contact')[0];
    const seq = parseCSeq(getHeader(req, 'cseq'))!.seq;
    const d: Dialog = {
      id: `${callId};from-tag=${remoteTag}`, callId, localTag: it.toTag!, remoteTag,
      localUri: getHeader(res, 'to')!, remoteUri: getHeader(req, 'from')!,
      localSeq: Math.floor(Math.random() * 10000) + 1, inviteSeq: 0, remoteSeq: seq,
      remoteTarget: contact ? parseNameAddr(contact).uri : req.uri,
      routeSet: getHeaderValues(req, 'record-route'),
      flow: {...it.txn.flow}, client, role: 'uas', confirmed: false, early: false,
    };
    it.dialog = d;
    this.#addDialog(d);
    return d;
  }

  /** UAS core: retransmit the 2xx until its ACK arrives; no ACK in 64*T1 ends the dialog (§13.3.1.4). */
  #retransmit2xx(d: Dialog, seq: number, data: Buffer, flow: Flow): void {
    if (d.pending2xx) for (const t of d.pending2xx.timers) clearTimeout(t);
    const timers: NodeJS.Timeout[] = [];
    d.pending2xx = {seq, timers};
    const {t1, t2} = this.#host.timers;
    if (flow.transport === 'udp') {
      let interval = t1;
      const again = () => {
        if (d.pending2xx?.seq !== seq) return;
        this.#send(flow, data);
        this.#counters.retransmissions_sent++;
        interval = Math.min(interval * 2, t2);
        const t = setTimeout(again, interval);
        t.unref();
        timers.push(t);
        if (timers.length > 20) timers.splice(0, timers.length - 2);
      };
      const t = setTimeout(again, interval);
      t.unref();
      timers.push(t);
    }
    const giveUp = setTimeout(() => {
      if (d.pending2xx?.seq !== seq) return;
      d.pending2xx = undefined;
      this.#log('warn', 'no ACK for 2xx; ending dialog', {dialog: d.id});
      try {
        this.#byeOnBehalf(d);
      } catch (error) {
        this.#counters.internal_errors++;
        this.#log('error', 'failed to end a dialog', {error: (error as Error).stack});
      }
    }, 64 * t1);
    giveUp.unref();
    timers.push(giveUp);
  }

  /** Send BYE for a dialog the engine ends itself and tell the app (drachtio's "unsolicited" BYE). */
  #byeOnBehalf(d: Dialog, onFinal?: () => void): void {
    const bye = this.#inDialogRequest(d, 'BYE', [h('reason', 'SIP ;cause=200 ;text="dialog ended by the engine"')], Buffer.alloc(0));
    this.#removeDialog(d);
    if (!bye) { onFinal?.(); return; }
    this.#startOut({onFinal}, bye.msg, bye.flow, bye.branch);
    if (d.client?.open) this.#deliver(d.client, bye.msg, bye.flow, 'unsolicited', d.id, 'application');
  }

  #inDialogRequest(d: Dialog, method: string, extra: SipHeader[], body: Buffer, seqOverride?: number): {msg: SipMessage; flow: Flow; branch: string} | undefined {
    let flow: Flow | undefined;
    if (d.flow.transport === 'tcp' && d.flow.conn && !d.flow.conn.destroyed) flow = d.flow;
    else {
      const first = d.routeSet[0];
      flow = this.#target(first ? parseNameAddr(first).uri : d.remoteTarget);
      if (flow && d.flow.transport === 'tcp' && flow.transport === 'udp') flow = undefined;
      flow ??= d.flow.transport === 'udp' ? {...d.flow} : undefined;
    }
    if (!flow) return undefined;
    const seq = seqOverride ?? ++d.localSeq;
    const branch = newBranch();
    const headers: SipHeader[] = [
      h('via', viaFor(flow.local, branch)),
      h('max-forwards', '70'),
      ...d.routeSet.map(r => h('route', r)),
      h('from', d.localUri),
      h('to', d.remoteUri),
      h('call-id', d.callId),
      h('cseq', `${seq} ${method}`),
    ];
    const needsContact = method === 'INVITE' || method === 'UPDATE' || method === 'SUBSCRIBE' || method === 'REFER' || method === 'NOTIFY';
    if (needsContact && !extra.some(x => x.name === 'contact')) headers.push(h('contact', contactFor(flow.local)));
    headers.push(...extra);
    return {msg: {method, uri: d.remoteTarget, status: 0, reason: '', headers, body}, flow, branch};
  }

  #appInDialog(client: ControlClient, msgId: string, dialogId: string, app: SipMessage): void {
    const d = this.#dialogs.get(dialogId);
    if (!d) { client.reply(msgId, false, `unable to find dialog for dialog id ${dialogId}`); return; }
    const reserved = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'content-length', 'max-forwards', 'route']);
    const extra = app.headers.filter(x => !reserved.has(x.name));
    fixLocalhostContact(extra, d.flow.local);
    if (app.method === 'ACK') {
      const ack = this.#inDialogRequest(d, 'ACK', extra, app.body, d.inviteSeq);
      if (!ack) { client.reply(msgId, false, 'no route to the dialog peer'); return; }
      const data = serialize(ack.msg);
      d.lastAck = {seq: d.inviteSeq, data, flow: ack.flow};
      this.#send(ack.flow, data);
      this.#echo(client, msgId, ack.flow, ack.msg, crypto.randomUUID());
      return;
    }
    const built = this.#inDialogRequest(d, app.method, extra, app.body);
    if (!built) { client.reply(msgId, false, 'no route to the dialog peer'); return; }
    if (app.method === 'INVITE') d.inviteSeq = parseCSeq(getHeader(built.msg, 'cseq'))!.seq;
    const out = this.#startOut({client, dialog: d}, built.msg, built.flow, built.branch);
    if (app.method === 'BYE') this.#cdr('stop', 'application', built.msg, 'normal-release');
    this.#echo(client, msgId, built.flow, built.msg, out.txn.id);
  }

  #appRequest(client: ControlClient, msgId: string, app: SipMessage, routeUrl: string): void {
    let routeTarget = routeUrl;
    const route = getHeaderValues(app, 'route')[0];
    if (!routeTarget && route) routeTarget = parseNameAddr(route).uri;
    const target = routeTarget || app.uri;
    const flow = this.#target(target);
    if (flow) { this.#appRequestTo(client, msgId, app, flow); return; }
    void this.#resolveTarget(target).then(f => {
      if (f) this.#appRequestTo(client, msgId, app, f);
      else client.reply(msgId, false, `cannot send to ${target}: unsupported or unresolvable target`);
    });
  }

  #appRequestTo(client: ControlClient, msgId: string, app: SipMessage, flow: Flow): void {
    const method = app.method;
    const branch = newBranch();
    const reserved = new Set(['via', 'content-length', 'from', 'to', 'call-id', 'cseq', 'max-forwards']);
    const extra = app.headers.filter(x => !reserved.has(x.name));
    let from = getHeader(app, 'from') ?? `<sip:${flow.local.host}>`;
    if (from.includes('@localhost')) from = from.replace('@localhost', `@${flow.local.host}`);
    if (!getTag(from)) from = `${from};tag=${newTag()}`;
    const to = getHeader(app, 'to') ?? `<${app.uri}>`;
    const headers: SipHeader[] = [
      h('via', viaFor(flow.local, branch)),
      h('max-forwards', getHeader(app, 'max-forwards') ?? '70'),
      h('from', from),
      h('to', to),
      h('call-id', getHeader(app, 'call-id') ?? newCallId(flow.local.host)),
      h('cseq', getHeader(app, 'cseq') ?? `${Math.floor(Math.random() * 1000) + 1} ${method}`),
    ];
    const needsContact = method === 'INVITE' || method === 'SUBSCRIBE' || method === 'REGISTER' || method === 'REFER' || method === 'NOTIFY';
    fixLocalhostContact(extra, flow.local);
    if (needsContact && !extra.some(x => x.name === 'contact')) headers.push(h('contact', contactFor(flow.local)));
    headers.push(...extra);
    const msg: SipMessage = {method, uri: app.uri, status: 0, reason: '', headers, body: app.body};
    const out = this.#startOut({client}, msg, flow, branch);
    if (method === 'INVITE') {
      this.#counters.calls_out++;
      this.#cdr('attempt', 'application', msg);
    }
    this.#echo(client, msgId, flow, msg, out.txn.id);
  }

  #appCancel(client: ControlClient, msgId: string, txnId: string, app: SipMessage): void {
    const out = this.#outById.get(txnId);
    if (!out || out.txn.method !== 'INVITE' || out.txn.finalStatus) {
      client.reply(msgId, false, 'unknown transaction or final response already received');
      return;
    }
    const cancel = this.#cancelOut(out, app.headers.filter(x => x.name === 'reason'));
    this.#echo(client, msgId, out.txn.flow, cancel.request, cancel.id);
  }

  /** CANCEL a client INVITE: same branch, sent once a provisional arrived (§9.1). */
  #cancelOut(out: OutTxn, extra: SipHeader[]): ClientTransaction {
    const inv = out.txn.request;
    const headers: SipHeader[] = [
      h('via', getHeaderValues(inv, 'via')[0]),
      h('max-forwards', '70'),
      ...inv.headers.filter(x => x.name === 'route'),
      h('from', getHeader(inv, 'from')!),
      h('to', getHeader(inv, 'to')!),
      h('call-id', getHeader(inv, 'call-id')!),
      h('cseq', `${parseCSeq(getHeader(inv, 'cseq'))!.seq} CANCEL`),
      ...extra,
    ];
    const msg: SipMessage = {method: 'CANCEL', uri: inv.uri, status: 0, reason: '', headers, body: Buffer.alloc(0)};
    const branch = topVia(inv)!.branch;
    const id = crypto.randomUUID();
    const c = new ClientTransaction(id, `${branch}|CANCEL`, 'CANCEL', msg, serialize(msg), out.txn.flow, this.#host, this.#clientUser);
    if (out.txn.gotProvisional) {
      this.#outById.set(id, {txn: c});
      this.#outByKey.set(c.key, {txn: c});
      c.start();
    } else {
      out.pendingCancel = c;
    }
    return c;
  }

  // ---------------------------------------------------------------- proxy

  #onAppProxy(client: ControlClient, f: ControlFrame): void {
    const [txnId = '', remain = '', , , forking = '', , , ...destinations] = f.args;
    const it = this.#inById.get(txnId);
    if (!it || it.txn.lastStatus >= 200) { client.reply(f.msgId, false, 'unknown transaction'); return; }
    const dests = destinations.filter(Boolean);
    if (dests.length === 0) { client.reply(f.msgId, false, 'Invalid proxy request: no destination'); return; }
    const parsed = parseMessage(f.body);
    const skip = new Set(['via', 'content-length', 'from', 'to', 'call-id', 'cseq', 'max-forwards']);
    const extra = parsed.ok ? parsed.msg.headers.filter(x => !skip.has(x.name)) : [];
    const simultaneous = forking === 'simultaneous' && dests.length > 1;
    it.proxy = {client, msgId: f.msgId, destinations: dests, next: 0, recordRoute: remain === 'remainInDialog', extra, finished: false, simultaneous, outs: [], pending: 0};
    if (!simultaneous) { this.#proxyNext(it); return; }
    const p = it.proxy;
    p.pending = dests.length;
    p.next = dests.length;
    for (const dest of dests) {
      const flow = this.#target(dest);
      if (flow) { this.#proxyTo(it, dest, flow); continue; }
      void this.#resolveTarget(dest).then(found => {
        if (it.txn.state === 'terminated' || p.finished) return;
        if (found) this.#proxyTo(it, dest, found);
        else this.#proxyBranchFailed(it);
      });
    }
  }

  /** A simultaneous branch ended without success; the last one to end decides the answer. */
  #proxyBranchFailed(it: InTxn): void {
    const p = it.proxy!;
    p.pending--;
    if (p.pending <= 0) this.#proxyFinish(it);
  }

  #proxyNext(it: InTxn): void {
    const p = it.proxy!;
    const dest = p.destinations[p.next++];
    if (dest === undefined) { this.#proxyFinish(it); return; }
    const flow = this.#target(dest);
    if (flow) { this.#proxyTo(it, dest, flow); return; }
    void this.#resolveTarget(dest).then(f => {
      if (it.txn.state === 'terminated' || p.finished) return;
      if (f) this.#proxyTo(it, dest, f);
      else this.#proxyNext(it);
    });
  }

  #proxyTo(it: InTxn, dest: string, flow: Flow): void {
    const p = it.proxy!;
    const req = it.txn.request;
    const mf = Number(getHeader(req, 'max-forwards') ?? '70');
    const extraNames = new Set(p.extra.map(x => x.name));
    const headers = req.headers.filter(x => x.name !== 'max-forwards' && !extraNames.has(x.name));
    headers.unshift(h('max-forwards', String(Math.max(0, mf - 1))));
    if (p.recordRoute) headers.unshift(h('record-route', recordRouteFor(flow.local)));
    const branch = newBranch();
    headers.unshift(h('via', viaFor(flow.local, branch)));
    headers.push(...p.extra);
    const fwd: SipMessage = {method: req.method, uri: dest.includes(':') ? dest : `sip:${dest}`, status: 0, reason: '', headers, body: req.body};
    this.#counters.proxied++;
    it.proxyOut = this.#startOut({proxyFor: it}, fwd, flow, branch);
    it.proxy!.outs.push(it.proxyOut);
  }

  #onProxyResponse(out: OutTxn, msg: SipMessage, synthetic: boolean): void {
    const it = out.proxyFor!;
    const p = it.proxy!;
    if (p.finished) return;
    const raw = serializeText(msg);
    const f = out.txn.flow;
    if (!synthetic) p.client.send(`response|${p.msgId}|OK|network|${Buffer.byteLength(raw)}|${f.transport}|${f.address}|${f.port}|${wireTime()}|${out.txn.id}||continue\r\n${raw}`);
    const status = msg.status;
    if (status === 100) return;
    const up: SipMessage = {...msg, headers: msg.headers.map(x => ({...x}))};
    popHeaderValue(up, 'via');
    if (status < 200) { it.txn.respond(status, serialize(up)); return; }
    if (p.simultaneous) {
      if (status < 300) {
        // the first 2xx wins; the other branches are cancelled (RFC 3261 §16.7 step 10)
        for (const o of p.outs) if (o !== out && !o.txn.finalStatus && o.txn.state !== 'terminated') this.#cancelOut(o, [h('reason', 'SIP ;cause=200 ;text="Call completed elsewhere"')]);
        p.lastFinal = up;
        this.#proxyFinish(it);
        return;
      }
      // keep the best failure: a 6xx ends the search, otherwise the lowest code (§16.7 step 6)
      if (!p.lastFinal || (p.lastFinal.status < 600 && (status >= 600 || status < p.lastFinal.status))) p.lastFinal = up;
      if (status >= 600) {
        for (const o of p.outs) if (o !== out && !o.txn.finalStatus && o.txn.state !== 'terminated') this.#cancelOut(o, []);
        this.#proxyFinish(it);
        return;
      }
      this.#proxyBranchFailed(it);
      return;
    }
    if (status >= 300 && status < 600 && p.next < p.destinations.length) {
      p.lastFinal = up;
      this.#proxyNext(it);
      return;
    }
    p.lastFinal = up;
    this.#proxyFinish(it);
  }

  #proxyFinish(it: InTxn): void {
    const p = it.proxy!;
    if (p.finished) return;
    p.finished = true;
    if (p.lastFinal) it.txn.respond(p.lastFinal.status, serialize(p.lastFinal));
    else this.#respond(it, 503, 'Service Unavailable - no destination reachable');
    p.client.send(`response|${p.msgId}|OK|done`);
  }

  // ---------------------------------------------------------------- shutdown

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#loopDelay.disable();
    this.#controlServer?.close();
    // end confirmed calls cleanly: BYE each one and wait (bounded) for the answers
    const pending: Promise<void>[] = [];
    for (const d of [...this.#dialogs.values()]) {
      if (d.early) { this.#removeDialog(d); continue; }
      pending.push(new Promise<void>(resolve => this.#byeOnBehalf(d, resolve)));
    }
    if (pending.length) {
      this.#log('info', 'ending dialogs before shutdown', {dialogs: pending.length});
      await Promise.race([Promise.all(pending), new Promise(resolve => setTimeout(resolve, Math.min(2000, 4 * this.#host.timers.t1 + 500)))]);
    }
    for (const it of this.#inById.values()) it.txn.terminate();
    for (const out of [...this.#outById.values()]) out.txn.terminate();
    for (const c of this.#clients) c.socket.destroy();
    this.#clients.clear();
    await this.#transports.close();
    this.#log('info', 'engine closed');
  }
}

function setParam(value: string, name: string, v: string): string {
  const re = new RegExp(`;\\s*${name}(=[^;]*)?`, 'i');
  return re.test(value) ? value.replace(re, `;${name}=${v}`) : `${value};${name}=${v}`;
}

function fixLocalhostContact(headers: SipHeader[], local: ListenSpec): void {
  for (let i = 0; i < headers.length; i++) {
    const x = headers[i];
    if (x.name === 'contact' && x.value.includes('@localhost')) {
      headers[i] = {name: 'contact', value: x.value.replace('@localhost', `@${local.host}:${local.port}`)};
    }
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
