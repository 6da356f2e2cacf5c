// The headless seat: one /control connection for one agent, its state, and promise-returning
// commands. The Ink seat renders it; the load tester runs hundreds of them without rendering,
// so it keeps no per-seat ticking timers: ring counts and timers are computed from the
// switch's timestamps whenever someone asks (view(now)).
import {EventEmitter} from 'node:events';
import WebSocket from 'ws';
import {
  ServerMessage,
  type AgentState,
  type Command,
  type QueueStats,
  type SeatSnapshot,
  type SelectableState,
  type TransferTarget,
} from '../sip/protocol.ts';
import {centerPolicy} from '../sip/center-policy.ts';
import type {PolicyConfig} from '../rules/config.ts';

export type Clock = () => number;

export type Connection = 'connecting' | 'online' | 'offline' | 'refused' | 'closed';

export type Offer = {
  readonly callId: string;
  readonly caller: string;
  readonly queue: string;
  /** Server epoch ms: ring 1 starts here. */
  readonly offeredAt: number;
  readonly waitedMs: number;
  readonly ringPeriodMs: number;
  readonly direction: 'inbound' | 'outbound';
  /** Last ring tick the switch sent (the seat also computes rings from offeredAt). */
  readonly ticked: number;
};

export type ActiveCall = {
  readonly callId: string;
  readonly caller: string;
  readonly queue: string;
  readonly direction: 'inbound' | 'outbound';
  readonly offeredAt?: number;
  /** Server epoch ms. */
  readonly answeredAt: number;
  readonly rings: number;
  /** R-02: answered after R-01's rings. */
  readonly late: boolean;
  /** Server epoch ms the current hold began. */
  readonly holdSince?: number;
  readonly holds: number;
  readonly heldMs: number;
  /** The longest single hold so far (R-10 long_hold). */
  readonly longestHoldMs?: number;
  readonly transfers: ReadonlyArray<{readonly target: TransferTarget; readonly ok: boolean}>;
};

export type EndedCall = ActiveCall & {
  readonly endedAt: number;
  readonly by: 'caller' | 'agent' | 'system';
  readonly reason: 'hangup' | 'abandoned' | 'rona' | 'transferred' | 'failed' | 'silent';
};

export type Profile = {
  readonly agent: string;
  readonly name: string;
  readonly team: string;
  readonly role: 'agent' | 'lead' | 'supervisor';
  readonly trainee: boolean;
  readonly phoneMode: 'auto-answer' | 'handset';
  /** The center's policy from the welcome (defaults when it sent none or a bad one). */
  readonly policy?: PolicyConfig;
  /** Why the defaults stand in for the center's policy, when they do: show it to the agent. */
  readonly policyWarning?: string;
};

/** Everything a seat shows, as plain data. */
export type SeatState = {
  readonly connection: Connection;
  /** Local epoch ms the connection was lost (shown as "offline since"). */
  readonly offlineSince?: number;
  /** Why the hub refused the sign-in (wrong PIN, unknown agent). */
  readonly refusal?: string;
  readonly profile?: Profile;
  readonly seat?: SeatSnapshot;
  readonly offer?: Offer;
  readonly call?: ActiveCall;
  /** The call that just ended (after-call work, notes). */
  readonly ended?: EndedCall;
  readonly queue?: QueueStats;
  /** serverNow − localNow, from the welcome and pongs. */
  readonly skewMs: number;
  readonly reconnects: number;
};

export type SeatSessionOptions = {
  /** Hub base URL, e.g. ws://127.0.0.1:7070 (the /control path is added). */
  readonly hubUrl: string;
  readonly agent: string;
  readonly pin?: string;
  readonly token?: string;
  readonly clock?: Clock;
  /** Reconnect backoff: first delay and cap (ms). */
  readonly backoffMs?: {readonly first: number; readonly max: number};
  /** How long a command waits for its ack before it is rejected (ms). */
  readonly commandTimeoutMs?: number;
  /** Keep-alive ping period while online (ms); 0 disables. */
  readonly pingMs?: number;
};

export class CommandError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
  }
}

type Pending = {resolve: () => void; reject: (error: Error) => void; timer: NodeJS.Timeout};

type SeatEvents = {
  change: [SeatState];
  /** Every valid server message, after the state was updated. */
  message: [ServerMessage];
  /** A frame the seat could not use (named problem), never thrown. */
  invalid: [string];
};

const controlUrl = (hubUrl: string) => `${hubUrl.replace(/\/+$/, '')}/control`;

export class SeatSession extends EventEmitter<SeatEvents> {
  readonly agent: string;
  readonly #options: SeatSessionOptions;
  readonly #clock: Clock;
  #state: SeatState = {connection: 'connecting', skewMs: 0, reconnects: 0};
  #ws: WebSocket | undefined;
  #pending = new Map<string, Pending>();
  #nextId = 1;
  #retryTimer: NodeJS.Timeout | undefined;
  #pingTimer: NodeJS.Timeout | undefined;
  #backoff: number;
  #stopped = false;
  #helloId = '';

  constructor(options: SeatSessionOptions) {
    super();
    if (!options.pin && !options.token) throw new TypeError('SeatSession: needs a pin or a token');
    this.agent = options.agent;
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
    this.#backoff = options.backoffMs?.first ?? 250;
  }

  get state(): SeatState {
    return this.#state;
  }

  /** Server-time now, corrected for clock skew. */
  now(): number {
    return this.#clock() + this.#state.skewMs;
  }

  /** Connect; resolves on welcome, rejects when the hub refuses the sign-in. Reconnects by itself after that. */
  start(): Promise<Profile> {
    this.#stopped = false;
    return new Promise((resolve, reject) => {
      const onChange = (state: SeatState) => {
        if (state.connection === 'online' && state.profile) {
          this.off('change', onChange);
          resolve(state.profile);
        } else if (state.connection === 'refused') {
          this.off('change', onChange);
          reject(new CommandError('refused', state.refusal ?? 'sign-in refused'));
        }
      };
      this.on('change', onChange);
      this.#connect();
    });
  }

  /** Close for good (sign-out, tests). */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#pingTimer);
    this.#failPending(new CommandError('closed', 'seat closed'));
    const ws = this.#ws;
    this.#ws = undefined;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
    }
    this.#set({connection: 'closed'});
  }

  /**
   * R-20 sign-out, then close: the switch sets the agent offline at once (no 30 s grace) and
   * offers it nothing more. Rejects with the switch's refusal (a live call: the call stays up and
   * the seat's grace applies) or when the switch is out of reach — the seat is closed either way.
   */
  async signOut(timeoutMs = 2000): Promise<void> {
    try {
      await this.#send({type: 'sign-out'}, timeoutMs);
    } finally {
      this.stop();
    }
  }

  // ── commands (each resolves on the switch's ack, rejects with its error) ──────────
  setState(state: SelectableState, reason?: string): Promise<void> {
    return this.#send({type: 'set-state', state, ...(reason ? {reason} : {})});
  }

  accept(callId = this.#state.offer?.callId): Promise<void> {
    if (!callId) return Promise.reject(new CommandError('no-call', 'no call is offered'));
    return this.#send({type: 'accept', callId});
  }

  hold(callId = this.#state.call?.callId): Promise<void> {
    if (!callId) return Promise.reject(new CommandError('no-call', 'no call in progress'));
    return this.#send({type: 'hold', callId});
  }

  resume(callId = this.#state.call?.callId): Promise<void> {
    if (!callId) return Promise.reject(new CommandError('no-call', 'no call in progress'));
    return this.#send({type: 'resume', callId});
  }

  transfer(target: TransferTarget, callId = this.#state.call?.callId): Promise<void> {
    if (!callId) return Promise.reject(new CommandError('no-call', 'no call in progress'));
    return this.#send({type: 'transfer', callId, target});
  }

  /** silent: R-12 release, not flagged as agent-hung-up-first. */
  hangup(options: {silent?: boolean} = {}, callId = this.#state.call?.callId): Promise<void> {
    if (!callId) return Promise.reject(new CommandError('no-call', 'no call in progress'));
    return this.#send({type: 'hangup', callId, ...(options.silent ? {silent: true} : {})});
  }

  callback(number: string, origin?: string): Promise<void> {
    return this.#send({type: 'callback', number, ...(origin ? {origin} : {})});
  }

  wrapupDone(): Promise<void> {
    return this.#send({type: 'wrapup-done'});
  }

  ping(): Promise<void> {
    return this.#send({type: 'ping'});
  }

  // ── connection ────────────────────────────────────────────────────────────────
  #connect(): void {
    if (this.#stopped) return;
    this.#set({connection: this.#state.profile ? this.#state.connection : 'connecting'});
    const ws = new WebSocket(controlUrl(this.#options.hubUrl), {handshakeTimeout: 5000});
    this.#ws = ws;
    ws.on('open', () => {
      this.#helloId = `h${this.#nextId++}`;
      const o = this.#options;
      ws.send(JSON.stringify({type: 'hello', id: this.#helloId, role: 'agent', agent: o.agent, ...(o.token ? {token: o.token} : {pin: o.pin})}));
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        this.emit('invalid', 'binary frame');
        return;
      }
      this.#receive(String(data));
    });
    ws.on('error', () => {}); // 'close' follows and handles it
    ws.on('close', () => {
      if (this.#ws !== ws) return;
      this.#ws = undefined;
      clearInterval(this.#pingTimer);
      this.#failPending(new CommandError('offline', 'lost the switch'));
      if (this.#stopped || this.#state.connection === 'refused') return;
      this.#set({connection: 'offline', offlineSince: this.#state.offlineSince ?? this.#clock()});
      this.#scheduleRetry();
    });
  }

  #scheduleRetry(): void {
    const max = this.#options.backoffMs?.max ?? 5000;
    // Jitter keeps hundreds of load-test seats from reconnecting in lockstep.
    const delay = Math.min(max, this.#backoff) * (0.75 + Math.random() * 0.5);
    this.#backoff = Math.min(max, this.#backoff * 2);
    this.#retryTimer = setTimeout(() => {
      this.#set({reconnects: this.#state.reconnects + 1});
      this.#connect();
    }, delay);
  }

  #receive(raw: string): void {
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      this.emit('invalid', 'not JSON');
      return;
    }
    const parsed = ServerMessage.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.emit('invalid', `${issue?.path.join('.') || '(message)'}: ${issue?.message ?? 'invalid'}`);
      return;
    }
    this.#apply(parsed.data);
    this.emit('message', parsed.data);
  }

  #apply(m: ServerMessage): void {
    const s = this.#state;
    switch (m.type) {
      case 'welcome': {
        this.#backoff = this.#options.backoffMs?.first ?? 250;
        const seat = m.seats.find(x => x.agent === this.agent) ?? m.seats[0];
        const center = centerPolicy(m.policy);
        const profile: Profile = {
          agent: m.agent, name: m.name, team: m.team, role: m.role, trainee: m.trainee, phoneMode: m.phoneMode,
          policy: center.policy, ...(center.warning ? {policyWarning: center.warning} : {}),
        };
        // A call bridged before the switch was lost keeps its local details (caller, rings).
        const keepCall = seat?.callId && s.call?.callId === seat.callId ? s.call : undefined;
        const call = keepCall ? {...keepCall, holdSince: seat?.holdSince} : seat?.callId && seat.callSince ? {
          callId: seat.callId, caller: '', queue: '', direction: 'inbound' as const, answeredAt: seat.callSince, rings: 0, late: false,
          holdSince: seat.holdSince, holds: seat.holdSince ? 1 : 0, heldMs: 0, transfers: [],
        } : undefined;
        this.#set({
          connection: 'online', offlineSince: undefined, refusal: undefined, profile, seat,
          call, offer: seat?.state === 'offered' ? s.offer : undefined,
          skewMs: m.now - this.#clock(),
        });
        this.#startPing();
        return;
      }
      case 'error': {
        if (m.ref && m.ref === this.#helloId) {
          this.#set({connection: 'refused', refusal: `${m.code}: ${m.message}`});
          this.#ws?.close();
          return;
        }
        this.#settle(m.ref, new CommandError(m.code, m.message));
        return;
      }
      case 'ack':
        this.#settle(m.ref);
        return;
      case 'pong':
        if (m.ref) this.#settle(m.ref);
        return;
      case 'seat': {
        if (m.seat.agent !== this.agent) return;
        const patch: Partial<Mutable<SeatState>> = {seat: m.seat};
        if (s.call && m.seat.callId === s.call.callId && m.seat.holdSince !== s.call.holdSince) patch.call = {...s.call, holdSince: m.seat.holdSince};
        if (s.offer && m.seat.state !== 'offered' && m.seat.callId !== s.offer.callId) patch.offer = undefined;
        this.#set(patch);
        return;
      }
      case 'offered':
        if (m.agent !== this.agent) return;
        this.#set({offer: {callId: m.callId, caller: m.caller, queue: m.queue, offeredAt: m.offeredAt, waitedMs: m.waitedMs, ringPeriodMs: m.ringPeriodMs, direction: m.direction, ticked: 1}});
        return;
      case 'ring':
        if (m.agent !== this.agent || s.offer?.callId !== m.callId) return;
        this.#set({offer: {...s.offer, ticked: m.rings}});
        return;
      case 'answered': {
        if (m.agent !== this.agent) return;
        const o = s.offer?.callId === m.callId ? s.offer : undefined;
        this.#set({
          offer: undefined, ended: undefined,
          call: {
            callId: m.callId, caller: o?.caller ?? '', queue: o?.queue ?? '', direction: o?.direction ?? 'inbound', offeredAt: o?.offeredAt,
            answeredAt: m.answeredAt, rings: m.rings, late: m.late, holds: 0, heldMs: 0, transfers: [],
          },
        });
        return;
      }
      case 'held':
        if (s.call?.callId !== m.callId) return;
        this.#set({call: {...s.call, holdSince: m.at, holds: s.call.holds + 1}});
        return;
      case 'resumed':
        if (s.call?.callId !== m.callId) return;
        this.#set({call: {...s.call, holdSince: undefined, heldMs: s.call.heldMs + m.heldMs, longestHoldMs: Math.max(s.call.longestHoldMs ?? 0, m.heldMs)}});
        return;
      case 'transferred':
        if (s.call?.callId !== m.callId) return;
        this.#set({call: {...s.call, transfers: [...s.call.transfers, {target: m.target, ok: m.ok}]}});
        return;
      case 'ended': {
        if (s.offer?.callId === m.callId) {
          this.#set({offer: undefined});
          return;
        }
        if (s.call?.callId !== m.callId) return;
        const open = s.call.holdSince ? Math.max(0, m.at - s.call.holdSince) : 0;
        const longestHoldMs = Math.max(s.call.longestHoldMs ?? 0, open);
        this.#set({call: undefined, ended: {...s.call, holdSince: undefined, heldMs: s.call.heldMs + open, longestHoldMs, endedAt: m.at, by: m.by, reason: m.reason}});
        return;
      }
      case 'queue':
        this.#set({queue: m});
        return;
    }
  }

  #startPing(): void {
    clearInterval(this.#pingTimer);
    const every = this.#options.pingMs ?? 15_000;
    if (!every) return;
    // A dead TCP path shows up as a missing pong: close and reconnect rather than hang.
    this.#pingTimer = setInterval(() => {
      this.ping().catch(() => this.#ws?.terminate());
    }, every);
    this.#pingTimer.unref();
  }

  #send(command: Command, timeoutMs = this.#options.commandTimeoutMs ?? 10_000): Promise<void> {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN || this.#state.connection !== 'online') {
      return Promise.reject(new CommandError('offline', 'not connected to the switch'));
    }
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

  #set(patch: Partial<Mutable<SeatState>>): void {
    this.#state = {...this.#state, ...patch};
    this.emit('change', this.#state);
  }
}

type Mutable<T> = {-readonly [K in keyof T]: T[K]};

/** Agent states shown as "away" (R-36: the seat locks). */
export const lockingStates: ReadonlySet<AgentState> = new Set(['break', 'meal']);

/** What the seat UI needs of a session (SeatSession, or a scripted stand-in in unit tests). */
export type SeatPort = Pick<SeatSession,
  'agent' | 'state' | 'now' | 'on' | 'off' | 'setState' | 'accept' | 'hold' | 'resume' | 'transfer' | 'hangup' | 'callback' | 'wrapupDone' | 'stop'>;
