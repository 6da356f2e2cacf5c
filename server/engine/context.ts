// What the engine's layers share: options, logging, the transaction tables and each other.
// core.ts builds one Core and hands it to every layer; no layer reaches past it.
import type {SipHeader, SipMessage} from './sip/message.ts';
import type {AppLink} from './app-link.ts';
import type {ControlClient} from './control.ts';
import type {Dialog, DialogTable} from './dialogs/dialog.ts';
import type {Locator} from './locate.ts';
import type {CounterName, EngineMetrics} from './metrics.ts';
import type {ProxyCore} from './proxy-core.ts';
import type {ClientTransaction, ServerTransaction, Timers, TxnHost} from './transactions.ts';
import type {Flow, ListenSpec, Transports} from './transport.ts';
import type {UacCore} from './uac-core.ts';
import type {UasCore} from './uas-core.ts';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export const levelRank: Record<LogLevel, number> = {error: 0, warn: 1, info: 2, debug: 3};

export interface EngineOptions {
  sip: ListenSpec[];
  control: {host: string; port: number};
  secret: string;
  logLevel?: LogLevel;
  log?: (entry: object) => void;
  /** RFC 3261 timer base values (ms); tests shorten them. */
  timers?: Partial<Timers>;
  /**
   * How long a new request waits for an app while none is connected (the switch starting or
   * reconnecting) before its 503; 0 refuses at once as drachtio-server does. Default 5000.
   */
  holdWhileNoAppMs?: number;
  /** Host name → address (default: the system resolver via dns.lookup). */
  resolve?: (host: string) => Promise<string | undefined>;
}

export interface ProxyState {
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

/** A server transaction and what the engine knows about it. */
export interface InTxn {
  txn: ServerTransaction;
  /** performance.now() when an out-of-dialog INVITE arrived (answer latency). */
  started?: number;
  client?: ControlClient;
  toTag?: string;
  dialog?: Dialog;
  proxy?: ProxyState;
  proxyOut?: OutTxn;
}

/** A client transaction and who it is for. */
export interface OutTxn {
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

/** Live transactions by id (what apps name) and by key (what the network matches, §17.1.3/§17.2.3). */
export class TxnTable {
  readonly inByKey = new Map<string, InTxn>();
  readonly inById = new Map<string, InTxn>();
  readonly outByKey = new Map<string, OutTxn>();
  readonly outById = new Map<string, OutTxn>();

  addIn(it: InTxn): void {
    this.inById.set(it.txn.id, it);
    this.inByKey.set(it.txn.key, it);
  }

  removeIn(it: InTxn): void {
    this.inById.delete(it.txn.id);
    if (this.inByKey.get(it.txn.key) === it) this.inByKey.delete(it.txn.key);
  }

  addOut(o: OutTxn): void {
    this.outById.set(o.txn.id, o);
    this.outByKey.set(o.txn.key, o);
  }

  removeOut(t: ClientTransaction): void {
    const out = this.outById.get(t.id);
    this.outById.delete(t.id);
    if (out && this.outByKey.get(t.key) === out) this.outByKey.delete(t.key);
  }
}

export interface Core {
  readonly opts: EngineOptions;
  readonly sip: ListenSpec[];
  readonly transports: Transports;
  readonly host: TxnHost;
  readonly metrics: EngineMetrics;
  readonly counters: Record<CounterName, number>;
  readonly txns: TxnTable;
  readonly dialogs: DialogTable;
  readonly clients: Set<ControlClient>;
  readonly locate: Locator;
  readonly uas: UasCore;
  readonly uac: UacCore;
  readonly proxy: ProxyCore;
  readonly app: AppLink;
  /** Shutting down: new requests get 503. */
  closing: boolean;
  /** Debug logging on (the per-message logs are built only then). */
  readonly debug: boolean;
  log(level: LogLevel, msg: string, fields?: object): void;
  send(flow: Flow, data: Buffer): boolean;
  /** An unref'd timer whose failure is logged and counted, never thrown. */
  timer(ms: number, fn: () => void): NodeJS.Timeout;
}
