// The four RFC 3261 §17 transaction state machines. They own retransmission and the timers
// A/B/D (INVITE client), E/F/K (non-INVITE client), G/H/I (INVITE server), J (non-INVITE
// server); the engine core (the "TU") gets responses, timeouts and termination callbacks.
import type {Flow} from './transport.ts';
import type {SipMessage} from './sip/message.ts';

export interface Timers {
  t1: number;
  t2: number;
  t4: number;
  /** How long an INVITE may wait for a final response from the app or a callee (like timer C). */
  c: number;
}

export const defaultTimers: Timers = {t1: 500, t2: 4000, t4: 5000, c: 180_000};

/** What a transaction needs from its surroundings. */
export interface TxnHost {
  timers: Timers;
  send(flow: Flow, data: Buffer): boolean;
  onRetransmit(): void;
  /** An INVITE the TU left without a final response for 3 minutes (answer it, e.g. 408). */
  unanswered?(t: ServerTransaction): void;
}

type State = 'calling' | 'trying' | 'proceeding' | 'completed' | 'confirmed' | 'terminated';

export class ServerTransaction {
  state: State;
  lastResponse: Buffer | undefined;
  lastStatus = 0;
  readonly #timers: NodeJS.Timeout[] = [];
  #onTerminated: (t: ServerTransaction) => void;

  constructor(
    readonly id: string,
    readonly key: string,
    public request: SipMessage,
    readonly flow: Flow,
    readonly host: TxnHost,
    onTerminated: (t: ServerTransaction) => void,
  ) {
    this.#onTerminated = onTerminated;
    this.state = request.method === 'INVITE' ? 'proceeding' : 'trying';
    // A TU that never answers must not pin the transaction forever: non-INVITE clients give up
    // after 64*T1 (timer F); INVITE waits for the app up to 3 minutes (like proxy timer C).
    this.#after(request.method === 'INVITE' ? host.timers.c : 64 * host.timers.t1 + 1000, () => {
      if (this.isInvite && this.lastStatus < 200 && this.host.unanswered) {
        this.host.unanswered(this);
        if (this.state === 'completed') return; // now timers G/H run their course
      }
      this.terminate();
    });
  }

  get isInvite(): boolean {
    return this.request.method === 'INVITE';
  }

  get reliable(): boolean {
    return this.flow.transport !== 'udp';
  }

  /** A retransmitted request arrived: repeat the last response (RFC 3261 §17.2.1, §17.2.2). */
  retransmission(): void {
    if ((this.state === 'proceeding' || this.state === 'completed') && this.lastResponse) {
      this.host.send(this.flow, this.lastResponse);
      this.host.onRetransmit();
    }
  }

  /** The ACK for a non-2xx final response arrived (INVITE only). */
  ack(): void {
    if (this.state !== 'completed') return;
    this.state = 'confirmed';
    this.#clear();
    // timer I absorbs further ACK retransmissions
    this.#after(this.reliable ? 0 : this.host.timers.t4, () => this.terminate());
  }

  respond(status: number, data: Buffer): void {
    if (this.state === 'completed' || this.state === 'confirmed' || this.state === 'terminated') return;
    this.lastResponse = data;
    this.lastStatus = status;
    this.host.send(this.flow, data);
    if (status < 200) {
      this.state = 'proceeding';
      return;
    }
    this.#clear();
    if (this.isInvite) {
      if (status < 300) {
        // 2xx: the transaction ends; the core retransmits the 2xx until the ACK (§13.3.1.4)
        this.terminate();
        return;
      }
      this.state = 'completed';
      if (!this.reliable) {
        let interval = this.host.timers.t1;
        const g = () => {
          if (this.state !== 'completed') return;
          this.host.send(this.flow, data);
          this.host.onRetransmit();
          interval = Math.min(interval * 2, this.host.timers.t2);
          this.#after(interval, g);
        };
        this.#after(interval, g); // timer G
      }
      this.#after(64 * this.host.timers.t1, () => this.terminate()); // timer H
    } else {
      this.state = 'completed';
      // while timer J absorbs retransmissions only the key and the last response matter:
      // let the request go so 32 s of completed transactions stay small
      this.request = {...this.request, headers: [], body: Buffer.alloc(0)};
      this.#after(this.reliable ? 0 : 64 * this.host.timers.t1, () => this.terminate()); // timer J
    }
  }

  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.#clear();
    this.#onTerminated(this);
  }

  #after(ms: number, fn: () => void): void {
    const t = setTimeout(fn, ms);
    t.unref();
    this.#timers.push(t);
  }

  #clear(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.length = 0;
  }
}

export interface ClientTxnUser {
  /** A response for the TU (retransmitted finals are absorbed). */
  response(t: ClientTransaction, msg: SipMessage): void;
  /** Timer B/F fired or the transport failed. */
  timeout(t: ClientTransaction, reason: 'timeout' | 'transport'): void;
  terminated(t: ClientTransaction): void;
  /** Build the ACK for a non-2xx final response to an INVITE (§17.1.1.3). */
  buildAck(t: ClientTransaction, response: SipMessage): Buffer;
}

export class ClientTransaction {
  state: State;
  gotProvisional = false;
  finalStatus = 0;
  #ack: Buffer | undefined;
  readonly #timers: NodeJS.Timeout[] = [];

  constructor(
    readonly id: string,
    readonly key: string,
    readonly method: string,
    readonly request: SipMessage,
    readonly data: Buffer,
    readonly flow: Flow,
    readonly host: TxnHost,
    readonly user: ClientTxnUser,
  ) {
    this.state = method === 'INVITE' ? 'calling' : 'trying';
  }

  get reliable(): boolean {
    return this.flow.transport !== 'udp';
  }

  start(): void {
    if (!this.host.send(this.flow, this.data)) {
      queueMicrotask(() => this.#fail('transport'));
      return;
    }
    const {t1, t2} = this.host.timers;
    if (!this.reliable) {
      let interval = t1;
      const retransmit = () => {
        if (this.method === 'INVITE' ? this.state !== 'calling' : !(this.state === 'trying' || this.state === 'proceeding')) return;
        this.host.send(this.flow, this.data);
        this.host.onRetransmit();
        // timer A doubles without bound; timer E is capped at T2 (and is T2 once proceeding)
        interval = this.method === 'INVITE' ? interval * 2 : (this.state === 'proceeding' ? t2 : Math.min(interval * 2, t2));
        this.#after(interval, retransmit);
      };
      this.#after(interval, retransmit);
    }
    this.#after(64 * t1, () => this.#fail('timeout')); // timer B / F
  }

  receive(msg: SipMessage): void {
    const status = msg.status;
    if (this.method === 'INVITE') {
      if (this.state === 'calling' || this.state === 'proceeding') {
        if (status < 200) {
          if (this.state === 'calling') {
            this.state = 'proceeding';
            this.#clear(); // stop timer A; B no longer applies once a provisional arrived
            // …but keep an upper bound so an app that never cancels cannot leak the transaction
            this.#after(this.host.timers.c + 64 * this.host.timers.t1, () => this.#fail('timeout'));
          }
          this.gotProvisional = true;
          this.user.response(this, msg);
          return;
        }
        this.finalStatus = status;
        this.#clear();
        if (status < 300) {
          this.user.response(this, msg);
          this.terminate();
          return;
        }
        this.#ack = this.user.buildAck(this, msg);
        this.host.send(this.flow, this.#ack);
        this.state = 'completed';
        this.user.response(this, msg);
        this.#after(this.reliable ? 0 : 64 * this.host.timers.t1, () => this.terminate()); // timer D (≥32 s)
        return;
      }
      if (this.state === 'completed' && status >= 300 && this.#ack) {
        this.host.send(this.flow, this.#ack); // retransmitted final: repeat the ACK
        this.host.onRetransmit();
      }
      return;
    }
    if (this.state === 'trying' || this.state === 'proceeding') {
      if (status < 200) {
        this.state = 'proceeding';
        this.gotProvisional = true;
        this.user.response(this, msg);
        return;
      }
      this.finalStatus = status;
      this.state = 'completed';
      this.#clear();
      this.user.response(this, msg);
      this.#after(this.reliable ? 0 : this.host.timers.t4, () => this.terminate()); // timer K
    }
  }

  /** The transport could not deliver the request (e.g. a TCP connection was refused). */
  transportFailed(): void {
    this.#fail('transport');
  }

  #fail(reason: 'timeout' | 'transport'): void {
    if (this.state === 'terminated' || this.state === 'completed') return;
    this.user.timeout(this, reason);
    this.terminate();
  }

  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.#clear();
    this.user.terminated(this);
  }

  #after(ms: number, fn: () => void): void {
    const t = setTimeout(fn, ms);
    t.unref();
    this.#timers.push(t);
  }

  #clear(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.length = 0;
  }
}
