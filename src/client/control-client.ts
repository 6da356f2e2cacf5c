// The one client of the switch's /control channel, used by the seat, the wallboard and the lead
// console: it says hello (agent or supervisor, with id + PIN or a server-issued token), parses
// every frame with the shared schema, settles commands on their ack or error, keeps the link
// alive with pings, and reconnects with one back-off policy. A refused hello (wrong PIN, not a
// lead) is final: it is reported and never retried.
import {EventEmitter} from 'node:events';
import WebSocket from 'ws';
import {parseServerMessage, type Command, type SelectableState, type ServerMessage} from '../sip/protocol.ts';

/** Who says hello: an agent or lead (id + PIN), or a server-issued token. */
export type ControlCredentials = {readonly agent: string; readonly pin: string} | {readonly token: string};

/** The one reconnect policy: doubling from 250 ms to 5 s, with jitter. */
export const defaultBackoff = {first: 250, max: 5000} as const;

export type ControlClientOptions = {
  /** Hub base URL, e.g. ws://127.0.0.1:7070 (the /control path is added). */
  readonly hubUrl: string;
  readonly role: 'agent' | 'supervisor';
  readonly credentials: ControlCredentials;
  /** Reconnect back-off: first delay and cap (ms; default `defaultBackoff`); false: one connection only. */
  readonly backoffMs?: {readonly first: number; readonly max: number} | false;
  /** How long a command waits for its ack before it is rejected (ms). */
  readonly commandTimeoutMs?: number;
  /** Keep-alive ping period while welcomed (ms); 0 (default) disables. */
  readonly pingMs?: number;
  readonly handshakeTimeoutMs?: number;
  readonly maxPayload?: number;
  /** Asked at each hello: the state to resume after a center restart (agents; see Hello.resume). */
  readonly resume?: () => Resume | undefined;
};

/** A state the switch may take up at sign-in (Hello.resume). */
export type Resume = {readonly state: SelectableState; readonly reason?: string};

export class CommandError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
  }
}

/** A connection that ended: the close code and reason, and the socket error before it, if any. */
export type ControlDown = {readonly code: number; readonly reason: string; readonly error?: string};

type ControlEvents = {
  /** Every valid server message (the refusal of the hello included, after `refused`). */
  message: [ServerMessage];
  /** A frame that could not be used (named problem), never thrown. */
  invalid: [string];
  /** The hub refused the hello: `code: message`. The client stops. */
  refused: [string];
  /** The connection was lost (not after `stop()`); a reconnect follows unless refused or one-shot. */
  down: [ControlDown];
  /** A reconnect attempt starts. */
  retry: [];
};

type Pending = {resolve: () => void; reject: (error: Error) => void; timer: NodeJS.Timeout};

/** ws://HOST:PORT (or http://) of the hub → its /control URL; TypeError for anything else. */
export function controlUrl(hubUrl: string): string {
  const url = new URL(hubUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new TypeError(`hubUrl: expected ws://HOST:PORT, got ${hubUrl}`);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/control`;
  return url.toString();
}

export class ControlClient extends EventEmitter<ControlEvents> {
  readonly #options: ControlClientOptions;
  readonly #url: string;
  #ws: WebSocket | undefined;
  #pending = new Map<string, Pending>();
  #nextId = 1;
  #helloId = '';
  #welcomed = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #pingTimer: NodeJS.Timeout | undefined;
  #backoff: number;
  #stopped = true;
  #refused: string | undefined;

  constructor(options: ControlClientOptions) {
    super();
    this.#options = options;
    this.#url = controlUrl(options.hubUrl);
    this.#backoff = this.#policy()?.first ?? 0;
  }

  /** The hub's refusal of the hello, once it refused. */
  get refused(): string | undefined {
    return this.#refused;
  }

  /** Connected and welcomed: commands can be sent. */
  get online(): boolean {
    return this.#welcomed && this.#ws?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (!this.#stopped && !this.#refused) return;
    clearTimeout(this.#retryTimer);
    this.#stopped = false;
    this.#refused = undefined;
    this.#connect();
  }

  /** Close for good; pending commands fail with `closed`. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#pingTimer);
    this.#failPending(new CommandError('closed', 'seat closed'));
    const ws = this.#ws;
    this.#ws = undefined;
    this.#welcomed = false;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
    }
  }

  /** Send a command; resolves on the switch's ack (or pong), rejects with its error. */
  send(command: Command, timeoutMs = this.#options.commandTimeoutMs ?? 10_000): Promise<void> {
    const ws = this.#ws;
    if (!ws || !this.online) return Promise.reject(new CommandError('offline', 'not connected to the switch'));
    const id = `c${this.#nextId++}`;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new CommandError('timeout', `${command.type}: no answer from the switch`));
      }, timeoutMs);
      this.#pending.set(id, {resolve, reject, timer});
      ws.send(JSON.stringify({...command, id}));
    });
  }

  #connect(): void {
    if (this.#stopped) return;
    const ws = new WebSocket(this.#url, {handshakeTimeout: this.#options.handshakeTimeoutMs ?? 5000, ...(this.#options.maxPayload ? {maxPayload: this.#options.maxPayload} : {})});
    this.#ws = ws;
    let lastError: string | undefined;
    ws.on('open', () => {
      this.#helloId = `h${this.#nextId++}`;
      const c = this.#options.credentials;
      const resume = this.#options.role === 'agent' ? this.#options.resume?.() : undefined;
      ws.send(JSON.stringify({
        type: 'hello', id: this.#helloId, role: this.#options.role, ...('token' in c ? {token: c.token} : {agent: c.agent, pin: c.pin}), ...(resume ? {resume} : {}),
      }));
    });
    ws.on('message', (data, isBinary) => {
      // The switch speaks JSON text only; a binary frame is dropped unread.
      if (!isBinary) this.#receive(ws, String(data));
    });
    ws.on('error', error => {
      lastError = error.message; // 'close' follows and handles it
    });
    ws.on('close', (code, reason) => {
      if (this.#ws !== ws) return;
      this.#ws = undefined;
      this.#welcomed = false;
      clearInterval(this.#pingTimer);
      this.#failPending(new CommandError('offline', 'lost the switch'));
      if (this.#stopped || this.#refused) return;
      this.emit('down', {code, reason: reason.toString(), ...(lastError ? {error: lastError} : {})});
      if (this.#stopped) return;
      const policy = this.#policy();
      if (!policy) {
        this.#stopped = true;
        return;
      }
      this.#scheduleRetry(policy);
    });
  }

  #policy(): {readonly first: number; readonly max: number} | undefined {
    const b = this.#options.backoffMs;
    return b === false ? undefined : b ?? defaultBackoff;
  }

  #scheduleRetry(backoff: {readonly first: number; readonly max: number}): void {
    // Jitter keeps hundreds of load-test seats from reconnecting in lockstep.
    const delay = Math.min(backoff.max, this.#backoff) * (0.75 + Math.random() * 0.5);
    this.#backoff = Math.min(backoff.max, this.#backoff * 2);
    this.#retryTimer = setTimeout(() => {
      this.emit('retry');
      this.#connect();
    }, delay);
  }

  #receive(ws: WebSocket, raw: string): void {
    const parsed = parseServerMessage(raw);
    if (!parsed.ok) {
      this.emit('invalid', parsed.error);
      return;
    }
    const m = parsed.message;
    if (m.type === 'welcome') {
      this.#welcomed = true;
      this.#backoff = this.#policy()?.first ?? 0;
      this.#startPing(ws);
    } else if (m.type === 'error' && m.ref && m.ref === this.#helloId) {
      this.#refused = `${m.code}: ${m.message}`;
      this.emit('refused', this.#refused);
      this.emit('message', m);
      ws.close();
      return;
    } else if (m.type === 'error') {
      this.#settle(m.ref, new CommandError(m.code, m.message));
    } else if (m.type === 'ack' || m.type === 'pong') {
      this.#settle(m.ref);
    }
    this.emit('message', m);
  }

  #startPing(ws: WebSocket): void {
    clearInterval(this.#pingTimer);
    const every = this.#options.pingMs ?? 0;
    if (!every) return;
    // A dead TCP path shows up as a missing pong: close and reconnect rather than hang.
    this.#pingTimer = setInterval(() => {
      this.send({type: 'ping'}).catch(() => ws.terminate());
    }, every);
    this.#pingTimer.unref();
  }

  #settle(ref: string | undefined, error?: Error): void {
    if (!ref) return;
    const p = this.#pending.get(ref);
    if (!p) return;
    this.#pending.delete(ref);
    clearTimeout(p.timer);
    if (error) p.reject(error);
    else p.resolve();
  }

  #failPending(error: Error): void {
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(error);
      this.#pending.delete(id);
    }
  }
}
