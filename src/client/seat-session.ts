// The headless seat: one /control connection for one agent, its state, and promise-returning
// commands. The Ink seat renders it; the load tester runs hundreds of them without rendering,
// so it keeps no per-seat ticking timers: ring counts and timers are computed from the
// switch's timestamps whenever someone asks (view(now)).
import {EventEmitter} from 'node:events';
import {SelectableState, type ServerMessage, type TransferTarget} from '../sip/protocol.ts';
import {CommandError, ControlClient, type ControlDown, type Resume} from './control-client.ts';
import {seatPatch, type Clock, type Profile, type SeatPatch, type SeatState} from './seat-state.ts';

export {CommandError} from './control-client.ts';
export {lockingStates, type MissedOffer, type ActiveCall, type Clock, type Connection, type EndedCall, type Offer, type Profile, type SeatState} from './seat-state.ts';

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

type SeatEvents = {
  change: [SeatState];
  /** Every valid server message, after the state was updated. */
  message: [ServerMessage];
  /** A frame the seat could not use (named problem), never thrown. */
  invalid: [string];
};

export class SeatSession extends EventEmitter<SeatEvents> {
  readonly agent: string;
  readonly #options: SeatSessionOptions;
  readonly #clock: Clock;
  #state: SeatState = {connection: 'connecting', skewMs: 0, reconnects: 0};
  #control: ControlClient | undefined;

  constructor(options: SeatSessionOptions) {
    super();
    if (!options.pin && !options.token) throw new TypeError('SeatSession: needs a pin or a token');
    this.agent = options.agent;
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
  }

  get state(): SeatState {
    return this.#state;
  }

  /** Server-time now, corrected for clock skew. */
  now(): number {
    return this.#clock() + this.#state.skewMs;
  }

  /**
   * Connect; resolves on welcome, rejects when the hub refuses the sign-in. Reconnects by itself
   * after that. With `reachWithinMs`, a hub not reached (welcomed) in that time rejects with
   * code `unreachable` — an agent at a sign-in screen is told, not left waiting.
   */
  start(options: {reachWithinMs?: number} = {}): Promise<Profile> {
    return new Promise((resolve, reject) => {
      let lastError: string | undefined;
      const done = () => {
        clearTimeout(timer);
        this.off('change', onChange);
        this.#control?.off('down', onDown);
      };
      const onDown = (down: ControlDown) => {
        lastError = down.error ?? (down.code ? `${down.code} ${down.reason}`.trim() : lastError);
      };
      const onChange = (state: SeatState) => {
        if (state.connection === 'online' && state.profile) {
          done();
          resolve(state.profile);
        } else if (state.connection === 'refused') {
          done();
          reject(new CommandError('refused', state.refusal ?? 'sign-in refused'));
        }
      };
      const timer = options.reachWithinMs === undefined ? undefined : setTimeout(() => {
        done();
        reject(new CommandError('unreachable', `${this.#options.hubUrl}${lastError ? ` (${lastError})` : ''}`));
      }, options.reachWithinMs);
      this.on('change', onChange);
      this.#control ??= this.#open();
      this.#control.on('down', onDown);
      this.#set({connection: this.#state.profile ? this.#state.connection : 'connecting'});
      this.#control.start();
    });
  }

  /** Close for good (sign-out, tests). */
  stop(): void {
    this.#control?.stop();
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

  #open(): ControlClient {
    const o = this.#options;
    const control = new ControlClient({
      hubUrl: o.hubUrl, role: 'agent',
      credentials: o.token ? {token: o.token} : {agent: o.agent, pin: o.pin ?? ''},
      backoffMs: o.backoffMs,
      commandTimeoutMs: o.commandTimeoutMs,
      pingMs: o.pingMs ?? 15_000,
      resume: () => resumeOf(this.#state),
    });
    control.on('refused', reason => this.#set({connection: 'refused', refusal: reason}));
    control.on('down', () => this.#set({connection: 'offline', offlineSince: this.#state.offlineSince ?? this.#clock()}));
    control.on('retry', () => this.#set({reconnects: this.#state.reconnects + 1, connection: this.#state.profile ? this.#state.connection : 'connecting'}));
    control.on('invalid', problem => this.emit('invalid', problem));
    control.on('message', m => {
      const patch = seatPatch(this.#state, m, this.agent, this.#clock());
      if (patch) this.#set(patch);
      this.emit('message', m);
    });
    return control;
  }

  #send(command: Parameters<ControlClient['send']>[0], timeoutMs?: number): Promise<void> {
    if (!this.#control || this.#state.connection !== 'online') {
      return Promise.reject(new CommandError('offline', 'not connected to the switch'));
    }
    return this.#control.send(command, timeoutMs);
  }

  #set(patch: SeatPatch): void {
    this.#state = {...this.#state, ...patch};
    this.emit('change', this.#state);
  }
}

/**
 * What a reconnecting seat asks the switch to take up: the state the agent chose, as the seat last
 * heard it. A call, its ring or its after-call work did not survive a restart (the call is gone),
 * so those ask nothing and the agent starts Not Ready, choosing when to take the next call.
 */
export function resumeOf(state: SeatState): Resume | undefined {
  const seat = state.seat;
  if (!seat) return undefined;
  const chosen = SelectableState.safeParse(seat.state);
  if (!chosen.success) return undefined;
  return {state: chosen.data, ...(seat.reason ? {reason: seat.reason} : {})};
}

/** What the seat UI needs of a session (SeatSession, or a scripted stand-in in unit tests). */
export type SeatPort = Pick<SeatSession,
  'agent' | 'state' | 'now' | 'on' | 'off' | 'setState' | 'accept' | 'hold' | 'resume' | 'transfer' | 'hangup' | 'callback' | 'wrapupDone' | 'stop'>;
