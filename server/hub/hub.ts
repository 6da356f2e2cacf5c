// The sync hub: the y-websocket sync and awareness protocols on /sync/<doc>, one durable
// update log per document, roles enforced per connection.
//
// An update is written and fdatasynced before it is relayed to the other clients or
// acknowledged to its writer (a seat that asked with ?ack=1 gets the hub's durable state
// vector back), so a seat never believes the hub holds an edit the hub could still lose.
// Read-only connections (leads on the floor's documents, supervisors) have their updates
// refused: not applied, not relayed, and they are told so with an auth "permission denied".
// So are an agent's updates to a calls document that touch the switch's facts or another
// replica's entries (calls-guard.ts).
//
// The parts: admission.ts (who may open what), store.ts (documents, their logs, relaying),
// messages.ts (what a connection says), wire.ts (close codes, sending, logging).
import type http from 'node:http';
import type {Duplex} from 'node:stream';
import {WebSocketServer, type RawData, type WebSocket} from 'ws';
import type * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type {Auth} from '../auth.ts';
import type {HubServer} from '../http.ts';
import {parseDocName, type PeriodWindow} from '../../src/sync/doc-name.ts';
import {admit, type AdmissionContext} from './admission.ts';
import {ConnectionCounter, defaultConnectionLimits, defaultWriteLimits, type ConnectionLimits, type WriteLimits} from './limits.ts';
import {greet, handleMessage, type MessageContext} from './messages.ts';
import {DocStore, openUpdateLog, storageRefusal, type StorageStats} from './store.ts';
import type {Connection, OpenLog} from './types.ts';
import {CloseCode, closeWith, defaultLogger, type HubLogger} from './wire.ts';

export {CloseCode, type HubLogger} from './wire.ts';
export {defaultConnectionLimits, defaultWriteLimits, type ConnectionLimits, type WriteLimits} from './limits.ts';

export type HubOptions = {
  readonly auth: Auth;
  /** Documents live under <dataDir>/sync/<kind>/<team>/<period>.ylog. */
  readonly dataDir: string;
  /** Largest accepted WebSocket message (default 16 MiB; a day's state fits easily). */
  readonly maxMessageBytes?: number;
  /** How long an unused document stays in memory (default 30 s). */
  readonly idleUnloadMs?: number;
  /** Compact a document's log after this many appended records (default 5,000). */
  readonly compactAfter?: number;
  /** Presence changes are relayed together at most this often (default 100 ms). */
  readonly awarenessBatchMs?: number;
  /**
   * Documents a client may create, around today (existing ones stay readable whatever their
   * date); `defaultPeriodWindow` is the usual choice. Off when not given.
   */
  readonly periodWindow?: PeriodWindow;
  /** Clock for the period window (tests). */
  readonly now?: () => number;
  /** How often a document whose log failed (a full disk) tries it again (default 1 s). */
  readonly storageRetryMs?: number;
  /** Size limits on text fields, entries and live updates (default 8 KiB, 64 KiB). */
  readonly writeLimits?: WriteLimits;
  /** Connections per signed-in identity (by role) and per source address. */
  readonly connectionLimits?: ConnectionLimits;
  /** Opens a document's update log (tests inject disk errors here). */
  readonly openLog?: OpenLog;
  readonly log?: HubLogger;
};

type ResolvedOptions = Required<Omit<HubOptions, 'log' | 'periodWindow'>> & {log: HubLogger; periodWindow?: PeriodWindow};

export type HubStats = {
  /** Loaded documents that cannot be written to disk now (they serve nobody until they can). */
  readonly unwritable: number;
  readonly failures: number;
  readonly refused: number;
  readonly recoveries: number;
  readonly connections: number;
};

export class Hub {
  readonly #options: ResolvedOptions;
  readonly #store: DocStore;
  readonly #admission: AdmissionContext;
  readonly #messages: MessageContext;
  readonly #wss: WebSocketServer;
  readonly #perSource = new ConnectionCounter();
  readonly #perIdentity = new ConnectionCounter();
  #closed = false;

  constructor(options: HubOptions) {
    this.#options = {
      maxMessageBytes: 16 * 1024 * 1024,
      idleUnloadMs: 30_000,
      compactAfter: 5_000,
      awarenessBatchMs: 100,
      now: Date.now,
      storageRetryMs: 1_000,
      writeLimits: defaultWriteLimits,
      connectionLimits: defaultConnectionLimits,
      openLog: openUpdateLog,
      log: defaultLogger,
      ...options,
    };
    const {dataDir, idleUnloadMs, compactAfter, awarenessBatchMs, storageRetryMs, openLog, log} = this.#options;
    this.#store = new DocStore({dataDir, idleUnloadMs, compactAfter, awarenessBatchMs, retryMs: storageRetryMs, openLog, log});
    this.#admission = {auth: this.#options.auth, store: this.#store, log, periodWindow: this.#options.periodWindow, now: this.#options.now};
    this.#messages = {store: this.#store, log, limits: this.#options.writeLimits};
    this.#wss = new WebSocketServer({noServer: true, maxPayload: this.#options.maxMessageBytes, perMessageDeflate: false});
  }

  /** Documents currently in memory. */
  get loaded(): string[] {
    return this.#store.loaded;
  }

  /** Open connections. */
  get connections(): number {
    let n = 0;
    for (const c of this.#wss.clients) if (c.readyState === c.OPEN) n++;
    return n;
  }

  /** Whether every loaded document can be written, and how often one could not (a full disk). */
  get storage(): StorageStats {
    return this.#store.storage;
  }

  /** Prometheus text lines for the center's /metrics. */
  /** What /metrics shows of the hub (server/metrics.ts in a center; `prometheus` standalone). */
  stats(): HubStats {
    const s = this.#store.storage;
    return {unwritable: s.unwritable.length, failures: s.failures, refused: s.refused, recoveries: s.recoveries, connections: this.connections};
  }

  prometheus(): string {
    const s = this.stats();
    return [
      '# HELP zuoxi_hub_storage_ok 1 when every loaded document can be written to disk, 0 while one cannot (it serves nobody then).',
      '# TYPE zuoxi_hub_storage_ok gauge',
      `zuoxi_hub_storage_ok ${s.unwritable === 0 ? 1 : 0}`,
      '# TYPE zuoxi_hub_docs_unwritable gauge',
      `zuoxi_hub_docs_unwritable ${s.unwritable}`,
      '# TYPE zuoxi_hub_storage_failures_total counter',
      `zuoxi_hub_storage_failures_total ${s.failures}`,
      '# TYPE zuoxi_hub_storage_refused_total counter',
      `zuoxi_hub_storage_refused_total ${s.refused}`,
      '# TYPE zuoxi_hub_storage_recoveries_total counter',
      `zuoxi_hub_storage_recoveries_total ${s.recoveries}`,
      '# TYPE zuoxi_hub_connections gauge',
      `zuoxi_hub_connections ${s.connections}`,
      '',
    ].join('\n');
  }

  /**
   * The document for in-process writers (the switch). Its local transactions are persisted and
   * relayed like a client's. It stays loaded until `release(name)` is called as often.
   */
  async openDoc(name: string): Promise<Y.Doc> {
    const parsed = parseDocName(name);
    if (!parsed.ok) throw new TypeError(parsed.error);
    const hubDoc = await this.#store.load(parsed.name);
    hubDoc.pins++;
    this.#store.cancelUnload(hubDoc);
    return hubDoc.doc;
  }

  release(name: string): void {
    void this.#store.get(name)?.then(hubDoc => {
      hubDoc.pins = Math.max(0, hubDoc.pins - 1);
      this.#store.maybeUnload(hubDoc);
    });
  }

  /** Resolves once everything written to `name` so far is on disk. */
  async flushed(name: string): Promise<void> {
    const hubDoc = await this.#store.get(name);
    await hubDoc?.log.flush();
  }

  /** Route an upgrade from the HTTP server (path /sync/<kind>/<team>/<period>). */
  handleUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(request, socket, head, ws => {
      ws.on('error', () => ws.terminate());
      // Counted before sign-in: connections that never authenticate hold a slot too.
      const source = request.socket.remoteAddress ?? '?';
      const cap = this.#options.connectionLimits.perSource;
      if (!this.#perSource.take(source, cap)) {
        this.#options.log({level: 'warn', source, message: `refused: over ${cap} connections from this source`});
        closeWith(ws, CloseCode.tryLater, `too many connections from ${source} (limit ${cap})`);
        return;
      }
      ws.once('close', () => this.#perSource.release(source));
      void this.#accept(ws, request).catch((error: unknown) => {
        const message = (error as Error).message;
        this.#options.log({level: 'error', message: `connection setup failed: ${message}`});
        // A new document's log could not be created on a full disk: worth a retry, unlike a bug.
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') closeWith(ws, CloseCode.tryLater, storageRefusal(message));
        else closeWith(ws, 1011, 'hub error');
      });
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const ws of this.#wss.clients) closeWith(ws, CloseCode.goingAway, 'hub shutting down');
    this.#wss.close();
    await this.#store.close();
  }

  async #accept(ws: WebSocket, request: http.IncomingMessage): Promise<void> {
    // Messages that arrive while we authenticate and load are queued, not lost.
    const early: RawData[] = [];
    const queue = (data: RawData) => early.push(data);
    ws.on('message', queue);
    const url = new URL(request.url ?? '/', 'http://hub');
    const admission = await admit(this.#admission, request, url);
    if (!admission.ok) {
      closeWith(ws, admission.code, admission.reason);
      return;
    }
    if (this.#closed) {
      closeWith(ws, CloseCode.goingAway, 'hub shutting down');
      return;
    }
    const {access, identity} = admission;
    const who = `${identity.role}:${identity.agent}`;
    const cap = this.#options.connectionLimits.perIdentity[identity.role];
    if (!this.#perIdentity.take(who, cap)) {
      this.#options.log({level: 'warn', agent: identity.agent, source: request.socket.remoteAddress, message: `refused: over ${cap} connections for ${identity.role} ${identity.agent}`});
      closeWith(ws, CloseCode.tryLater, `too many connections for ${identity.role} ${identity.agent} (limit ${cap})`);
      return;
    }
    if (ws.readyState === ws.CLOSED) {
      // Gone while it signed in: its close event has passed already.
      this.#perIdentity.release(who);
      return;
    }
    ws.once('close', () => this.#perIdentity.release(who));
    const hubDoc = await this.#store.load(admission.name);
    const unwritable = this.#store.refusal(hubDoc);
    if (ws.readyState !== ws.OPEN || unwritable) {
      // An unwritable document may hold what is not on disk: it serves nobody until it is.
      if (unwritable) closeWith(ws, CloseCode.tryLater, unwritable);
      this.#store.maybeUnload(hubDoc);
      return;
    }
    const conn: Connection = {
      ws,
      identity,
      source: request.socket.remoteAddress,
      writable: access.kind === 'write',
      readOnlyWhy: access.kind === 'read' ? access.why : '',
      wantsAck: url.searchParams.get('ack') === '1',
      hubDoc,
      clients: new Set(),
      ackScheduled: false,
      ackAgain: false,
      refusals: 0,
    };
    hubDoc.conns.add(conn);
    this.#store.cancelUnload(hubDoc);
    ws.off('message', queue);
    ws.on('message', (data, isBinary) => handleMessage(this.#messages, conn, data, isBinary));
    ws.on('close', () => this.#leave(conn));
    greet(this.#messages, conn);
    for (const data of early) handleMessage(this.#messages, conn, data, true);
  }

  #leave(conn: Connection): void {
    const hubDoc = conn.hubDoc;
    if (!hubDoc.conns.delete(conn)) return;
    const mine = [...conn.clients].filter(id => hubDoc.awareness.getStates().has(id));
    if (mine.length > 0) awarenessProtocol.removeAwarenessStates(hubDoc.awareness, mine, null);
    this.#store.maybeUnload(hubDoc);
  }
}

/** Mount the hub on the shared HTTP server at /sync. */
export function attachHub(server: HubServer, options: HubOptions): Hub {
  const hub = new Hub(options);
  server.upgrade('/sync', (request, socket, head) => hub.handleUpgrade(request, socket, head));
  return hub;
}
