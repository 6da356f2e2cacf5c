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
import type http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import type {Duplex} from 'node:stream';
import {WebSocketServer, type WebSocket, type RawData} from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import type {Auth, Identity} from '../auth.ts';
import type {HubServer} from '../http.ts';
import {parseDocName, formatDocName, periodProblem, type DocName, type PeriodWindow} from '../../src/sync/doc-name.ts';
import {UpdateLog, RecordKind} from '../../src/sync/update-log.ts';
import {MESSAGE_ACK, MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC} from '../../src/sync/hub-messages.ts';
import {accessFor} from './access.ts';
import {callsUpdateRefusal} from './calls-guard.ts';
import {credentialsOf} from './credentials.ts';
import {ReplicaOwners, HUB_OWNER} from './replicas.ts';
import {filterPresence} from './presence.ts';

/** Close codes: 4400–4499 tell y-websocket not to retry (the server decided). */
export const CloseCode = {
  malformed: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  tooBig: 1009,
  goingAway: 1001,
} as const;

/** Refusals are logged at warn with the peer's address (`source`), for fail2ban or a SIEM. */
export type HubLogger = (event: {readonly level: 'info' | 'warn' | 'error'; readonly doc?: string; readonly agent?: string; readonly source?: string; readonly message: string}) => void;

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
  readonly log?: HubLogger;
};

type ResolvedOptions = Required<Omit<HubOptions, 'log' | 'periodWindow'>> & {log: HubLogger; periodWindow?: PeriodWindow};

type Connection = {
  readonly ws: WebSocket;
  readonly identity: Identity;
  readonly source: string | undefined;
  readonly writable: boolean;
  readonly readOnlyWhy: string;
  readonly wantsAck: boolean;
  readonly hubDoc: HubDoc;
  /** Awareness client ids this connection controls, removed when it leaves. */
  readonly clients: Set<number>;
  ackScheduled: boolean;
  ackAgain: boolean;
  refusals: number;
};

type HubDoc = {
  readonly name: string;
  readonly kind: DocName['kind'];
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly log: UpdateLog;
  readonly conns: Set<Connection>;
  pins: number;
  /** State vector of everything on disk. */
  durable: Uint8Array;
  unloadTimer: NodeJS.Timeout | undefined;
  compacting: boolean;
  /** Awareness clients changed since the last relay. */
  readonly awarenessDirty: Set<number>;
  awarenessTimer: NodeJS.Timeout | undefined;
  /** Which agent each replica (Yjs client id) belongs to. */
  readonly owners: ReplicaOwners;
};

export class Hub {
  readonly #options: ResolvedOptions;
  readonly #docs = new Map<string, Promise<HubDoc>>();
  readonly #unloading = new Map<string, Promise<void>>();
  readonly #wss: WebSocketServer;
  #closed = false;

  constructor(options: HubOptions) {
    this.#options = {
      maxMessageBytes: 16 * 1024 * 1024,
      idleUnloadMs: 30_000,
      compactAfter: 5_000,
      awarenessBatchMs: 100,
      now: Date.now,
      log: defaultLogger,
      ...options,
    };
    this.#wss = new WebSocketServer({noServer: true, maxPayload: this.#options.maxMessageBytes, perMessageDeflate: false});
  }

  /** Documents currently in memory. */
  get loaded(): string[] {
    return [...this.#docs.keys()];
  }

  /** Open connections. */
  get connections(): number {
    let n = 0;
    for (const c of this.#wss.clients) if (c.readyState === c.OPEN) n++;
    return n;
  }

  /**
   * The document for in-process writers (the switch). Its local transactions are persisted and
   * relayed like a client's. It stays loaded until `release(name)` is called as often.
   */
  async openDoc(name: string): Promise<Y.Doc> {
    const parsed = parseDocName(name);
    if (!parsed.ok) throw new TypeError(parsed.error);
    const hubDoc = await this.#load(parsed.name);
    hubDoc.pins++;
    this.#cancelUnload(hubDoc);
    return hubDoc.doc;
  }

  release(name: string): void {
    void this.#docs.get(name)?.then(hubDoc => {
      hubDoc.pins = Math.max(0, hubDoc.pins - 1);
      this.#maybeUnload(hubDoc);
    });
  }

  /** Resolves once everything written to `name` so far is on disk. */
  async flushed(name: string): Promise<void> {
    const hubDoc = await this.#docs.get(name);
    await hubDoc?.log.flush();
  }

  /** Route an upgrade from the HTTP server (path /sync/<kind>/<team>/<period>). */
  handleUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(request, socket, head, ws => {
      ws.on('error', () => ws.terminate());
      void this.#accept(ws, request).catch(error => {
        this.#options.log({level: 'error', message: `connection setup failed: ${(error as Error).message}`});
        closeWith(ws, 1011, 'hub error');
      });
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const ws of this.#wss.clients) closeWith(ws, CloseCode.goingAway, 'hub shutting down');
    this.#wss.close();
    await Promise.all([...this.#unloading.values()]);
    const docs = await Promise.all([...this.#docs.values()].map(p => p.catch(() => undefined)));
    await Promise.all(docs.map(d => (d ? this.#unload(d) : undefined)));
  }

  async #accept(ws: WebSocket, request: http.IncomingMessage): Promise<void> {
    // Messages that arrive while we authenticate and load are queued, not lost.
    const early: RawData[] = [];
    const queue = (data: RawData) => early.push(data);
    ws.on('message', queue);
    const url = new URL(request.url ?? '/', 'http://hub');
    let docText: string;
    try {
      docText = decodeURIComponent(url.pathname.replace(/^\/sync\/?/, ''));
    } catch {
      docText = url.pathname;
    }
    const params = url.searchParams;
    let identity: Identity | undefined;
    let retryAfterMs: number | undefined;
    const credentials = credentialsOf(request, params);
    if (credentials.token) identity = this.#options.auth.resolveToken(credentials.token);
    else if (credentials.agent && credentials.pin) {
      // Off the event loop (scrypt on the thread pool): many seats signing in must not stall the rest.
      const outcome = await this.#options.auth.checkPin(credentials.agent, credentials.pin, {asSupervisor: params.get('role') === 'supervisor', source: request.socket.remoteAddress, via: 'sync'});
      if (outcome.ok) identity = outcome.identity;
      else retryAfterMs = outcome.retryAfterMs;
    }
    if (!identity) {
      this.#options.log({level: 'warn', doc: docText, agent: credentials.agent, source: request.socket.remoteAddress, message: 'refused: bad credentials'});
      closeWith(ws, CloseCode.unauthorized, retryAfterMs === undefined
        ? 'unauthorized: agent id and PIN (or token) not accepted'
        : `unauthorized: too many failed sign-ins, try again in ${Math.ceil(retryAfterMs / 1000)} s`);
      return;
    }
    const parsed = parseDocName(docText);
    if (!parsed.ok) {
      closeWith(ws, CloseCode.notFound, parsed.error);
      return;
    }
    const access = accessFor(identity, parsed.name);
    if (access.kind === 'none') {
      this.#options.log({level: 'warn', doc: docText, agent: identity.agent, source: request.socket.remoteAddress, message: `refused: ${access.why}`});
      closeWith(ws, CloseCode.forbidden, `forbidden: ${formatDocName(parsed.name)}: ${access.why}`);
      return;
    }
    if (this.#closed) {
      closeWith(ws, CloseCode.goingAway, 'hub shutting down');
      return;
    }
    const outside = this.#options.periodWindow && periodProblem(parsed.name, this.#options.now(), this.#options.periodWindow);
    if (outside && !this.#docs.has(formatDocName(parsed.name)) && !(await exists(this.#file(parsed.name)))) {
      this.#options.log({level: 'warn', doc: docText, agent: identity.agent, source: request.socket.remoteAddress, message: `refused: ${outside}`});
      closeWith(ws, CloseCode.notFound, `not found: ${outside}`);
      return;
    }
    const hubDoc = await this.#load(parsed.name);
    if (ws.readyState !== ws.OPEN) {
      this.#maybeUnload(hubDoc);
      return;
    }
    const conn: Connection = {
      ws,
      identity,
      source: request.socket.remoteAddress,
      writable: access.kind === 'write',
      readOnlyWhy: access.kind === 'read' ? access.why : '',
      wantsAck: params.get('ack') === '1',
      hubDoc,
      clients: new Set(),
      ackScheduled: false,
      ackAgain: false,
      refusals: 0,
    };
    hubDoc.conns.add(conn);
    this.#cancelUnload(hubDoc);
    ws.off('message', queue);
    ws.on('message', (data, isBinary) => this.#message(conn, data, isBinary));
    ws.on('close', () => this.#leave(conn));

    // Server side of the handshake: our state vector (the client answers with what we lack)
    // and the current awareness states.
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(step1, hubDoc.doc);
    send(conn, encoding.toUint8Array(step1));
    const states = hubDoc.awareness.getStates();
    if (states.size > 0) {
      const aw = encoding.createEncoder();
      encoding.writeVarUint(aw, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(aw, awarenessProtocol.encodeAwarenessUpdate(hubDoc.awareness, [...states.keys()]));
      send(conn, encoding.toUint8Array(aw));
    }
    if (!conn.writable) sendDenied(conn, `read-only: ${conn.readOnlyWhy}`);
    if (conn.wantsAck) this.#scheduleAck(conn);
    for (const data of early) this.#message(conn, data, true);
  }

  #message(conn: Connection, data: RawData, isBinary: boolean): void {
    if (!isBinary) {
      closeWith(conn.ws, CloseCode.malformed, 'malformed: expected binary y-websocket messages');
      return;
    }
    const bytes = toBytes(data);
    const {doc, awareness} = conn.hubDoc;
    try {
      const decoder = decoding.createDecoder(bytes);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MESSAGE_SYNC: {
          const syncType = decoding.readVarUint(decoder);
          if (syncType === syncProtocol.messageYjsSyncStep1) {
            const reply = encoding.createEncoder();
            encoding.writeVarUint(reply, MESSAGE_SYNC);
            syncProtocol.writeSyncStep2(reply, doc, decoding.readVarUint8Array(decoder));
            send(conn, encoding.toUint8Array(reply));
          } else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
            const update = decoding.readVarUint8Array(decoder);
            this.#applyUpdate(conn, update);
          } else {
            throw new Error(`unknown sync message type ${syncType}`);
          }
          break;
        }
        case MESSAGE_AWARENESS: {
          const update = decoding.readVarUint8Array(decoder);
          const allowed = filterPresence(update, {
            mine: conn.clients,
            heldByOthers: id => [...conn.hubDoc.conns].some(c => c !== conn && c.clients.has(id)),
            clockOf: id => awareness.meta.get(id)?.clock,
          });
          if (allowed.refusal) {
            this.#options.log({level: 'warn', doc: conn.hubDoc.name, agent: conn.identity.agent, source: conn.source, message: `refused presence: ${allowed.refusal}`});
            sendDenied(conn, `presence refused: ${allowed.refusal}`);
          }
          if (allowed.update) awarenessProtocol.applyAwarenessUpdate(awareness, allowed.update, conn);
          break;
        }
        case MESSAGE_QUERY_AWARENESS: {
          const reply = encoding.createEncoder();
          encoding.writeVarUint(reply, MESSAGE_AWARENESS);
          encoding.writeVarUint8Array(reply, awarenessProtocol.encodeAwarenessUpdate(awareness, [...awareness.getStates().keys()]));
          send(conn, encoding.toUint8Array(reply));
          break;
        }
        case MESSAGE_AUTH:
          // Clients have nothing to tell us here; ignore.
          break;
        default:
          throw new Error(`unknown message type ${type}`);
      }
    } catch (error) {
      this.#options.log({level: 'warn', doc: conn.hubDoc.name, agent: conn.identity.agent, source: conn.source, message: `malformed message closed the connection: ${(error as Error).message}`});
      closeWith(conn.ws, CloseCode.malformed, `malformed: ${(error as Error).message}`.slice(0, 120));
    }
  }

  #applyUpdate(conn: Connection, update: Uint8Array): void {
    const {doc} = conn.hubDoc;
    if (!conn.writable) {
      // A read-only client's step 2 after our step 1 repeats what it got from us: fine. Anything
      // the hub does not already hold is a write, and it is refused.
      if (!isEmptyUpdate(update) && !Y.snapshotContainsUpdate(Y.snapshot(doc), update)) {
        this.#refuseWrite(conn, conn.readOnlyWhy);
      }
      return;
    }
    // Validate the encoding before it reaches the document: a garbage update must not leave a
    // half-applied transaction behind.
    const decoded = Y.decodeUpdate(update);
    if (conn.hubDoc.kind === 'calls') {
      // The switch's facts and other replicas' entries are not an agent's to write.
      const why = callsUpdateRefusal(doc, decoded);
      if (why) {
        this.#refuseWrite(conn, why);
        return;
      }
    }
    // Whatever client id the update claims, its content must be under the writer's own replicas.
    const owned = conn.hubDoc.owners.check(doc, decoded, conn.identity.agent);
    if ('refusal' in owned) {
      this.#refuseWrite(conn, owned.refusal);
      return;
    }
    // Appended before the update itself (same batch): a claim is on disk whenever its content is.
    for (const record of conn.hubDoc.owners.claim(owned.claims, conn.identity.agent)) void conn.hubDoc.log.append(record.data, record.kind).catch(() => undefined);
    Y.applyUpdate(doc, update, conn);
    if (conn.wantsAck) this.#scheduleAck(conn);
  }

  /** Not applied, not relayed; the writer is told why, and the refusal logged. */
  #refuseWrite(conn: Connection, why: string): void {
    conn.refusals++;
    this.#options.log({level: 'warn', doc: conn.hubDoc.name, agent: conn.identity.agent, source: conn.source, message: `refused a write: ${why}`});
    sendDenied(conn, `write refused: ${why}`);
  }

  /** After the writes so far are on disk, tell the client the hub's durable state vector. */
  #scheduleAck(conn: Connection): void {
    if (conn.ackScheduled) {
      // Writes arrived after the pending ack's batch: ack again once they are on disk too.
      conn.ackAgain = true;
      return;
    }
    conn.ackScheduled = true;
    conn.ackAgain = false;
    void conn.hubDoc.log.flush().then(() => {
      conn.ackScheduled = false;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_ACK);
      encoding.writeVarUint8Array(encoder, conn.hubDoc.durable);
      send(conn, encoding.toUint8Array(encoder));
      if (conn.ackAgain) this.#scheduleAck(conn);
    }, () => {
      conn.ackScheduled = false;
    });
  }

  #leave(conn: Connection): void {
    const hubDoc = conn.hubDoc;
    if (!hubDoc.conns.delete(conn)) return;
    const mine = [...conn.clients].filter(id => hubDoc.awareness.getStates().has(id));
    if (mine.length > 0) awarenessProtocol.removeAwarenessStates(hubDoc.awareness, mine, null);
    this.#maybeUnload(hubDoc);
  }

  #load(name: DocName): Promise<HubDoc> {
    const key = formatDocName(name);
    const existing = this.#docs.get(key);
    if (existing) return existing;
    const pending = (async () => {
      await this.#unloading.get(key);
      const {log, read} = await UpdateLog.open(this.#file(name));
      if (read.damaged) this.#options.log({level: 'error', doc: key, message: `log damaged, kept the intact prefix: ${read.damaged}`});
      const doc = new Y.Doc({gc: true});
      const owners = new ReplicaOwners();
      let bad = 0;
      doc.transact(() => {
        for (const record of read.records) {
          if (record.kind === RecordKind.confirmed) continue;
          if (record.kind === RecordKind.owner) {
            if (!owners.load(record.data)) bad++;
            continue;
          }
          try {
            Y.applyUpdate(doc, record.data);
          } catch {
            bad++;
          }
        }
      }, 'load');
      if (bad > 0) this.#options.log({level: 'error', doc: key, message: `${bad} unreadable records skipped`});
      const hubDoc: HubDoc = {
        name: key,
        kind: name.kind,
        doc,
        awareness: new awarenessProtocol.Awareness(doc),
        log,
        conns: new Set(),
        pins: 0,
        durable: Y.encodeStateVector(doc),
        unloadTimer: undefined,
        compacting: false,
        awarenessDirty: new Set(),
        awarenessTimer: undefined,
        owners,
      };
      owners.reserve(doc.clientID, HUB_OWNER);
      // The hub itself holds no presence.
      hubDoc.awareness.setLocalState(null);
      if (read.records.length > 1) await this.#compact(hubDoc);
      doc.on('update', (update: Uint8Array, origin: unknown) => this.#persistAndRelay(hubDoc, update, origin));
      hubDoc.awareness.on('update', ({added, updated, removed}: {added: number[]; updated: number[]; removed: number[]}, origin: unknown) => {
        const changed = [...added, ...updated, ...removed];
        const conn = origin as Connection | null;
        if (conn && hubDoc.conns.has(conn)) {
          for (const id of added) conn.clients.add(id);
          for (const id of removed) conn.clients.delete(id);
        }
        // Presence is coalesced: every client renews its state every 15 s, and seats that started
        // together renew together; relaying each renewal to the whole team at once would queue
        // hundreds of messages ahead of record edits. One combined message per window instead.
        for (const id of changed) hubDoc.awarenessDirty.add(id);
        if (!hubDoc.awarenessTimer) hubDoc.awarenessTimer = setTimeout(() => this.#flushAwareness(hubDoc), this.#options.awarenessBatchMs);
      });
      return hubDoc;
    })();
    this.#docs.set(key, pending);
    pending.catch(() => this.#docs.delete(key));
    return pending;
  }

  #file(name: DocName): string {
    return path.join(this.#options.dataDir, 'sync', name.kind, name.team, `${name.period}.ylog`);
  }

  #flushAwareness(hubDoc: HubDoc): void {
    hubDoc.awarenessTimer = undefined;
    if (hubDoc.awarenessDirty.size === 0) return;
    const changed = [...hubDoc.awarenessDirty];
    hubDoc.awarenessDirty.clear();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(hubDoc.awareness, changed));
    const message = encoding.toUint8Array(encoder);
    for (const c of hubDoc.conns) send(c, message);
  }

  #persistAndRelay(hubDoc: HubDoc, update: Uint8Array, origin: unknown): void {
    // Everything applied so far is in this or an earlier batch: once it is on disk, so is this state.
    const sv = Y.encodeStateVector(hubDoc.doc);
    hubDoc.log.append(update).then(() => {
      hubDoc.durable = sv;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      const message = encoding.toUint8Array(encoder);
      for (const c of hubDoc.conns) if (c !== origin) send(c, message);
      if (hubDoc.log.records > this.#options.compactAfter && !hubDoc.compacting) void this.#compact(hubDoc);
    }, error => {
      // The disk failed: nothing is relayed or acknowledged; clients keep the edit and resend.
      this.#options.log({level: 'error', doc: hubDoc.name, message: `persisting an update failed: ${(error as Error).message}`});
      for (const c of hubDoc.conns) closeWith(c.ws, 1011, 'hub cannot persist updates');
    });
  }

  async #compact(hubDoc: HubDoc): Promise<void> {
    hubDoc.compacting = true;
    try {
      await hubDoc.log.compact(() => [{kind: RecordKind.remote, data: Y.encodeStateAsUpdate(hubDoc.doc)}, ...hubDoc.owners.records()]);
    } catch (error) {
      this.#options.log({level: 'error', doc: hubDoc.name, message: `compaction failed (the log stays as it was): ${(error as Error).message}`});
    } finally {
      hubDoc.compacting = false;
    }
  }

  #cancelUnload(hubDoc: HubDoc): void {
    if (hubDoc.unloadTimer) clearTimeout(hubDoc.unloadTimer);
    hubDoc.unloadTimer = undefined;
  }

  #maybeUnload(hubDoc: HubDoc): void {
    if (hubDoc.conns.size > 0 || hubDoc.pins > 0 || this.#closed) return;
    this.#cancelUnload(hubDoc);
    hubDoc.unloadTimer = setTimeout(() => {
      if (hubDoc.conns.size > 0 || hubDoc.pins > 0 || this.#docs.get(hubDoc.name) === undefined) return;
      const done = this.#unload(hubDoc).finally(() => this.#unloading.delete(hubDoc.name));
      this.#unloading.set(hubDoc.name, done);
    }, this.#options.idleUnloadMs);
    hubDoc.unloadTimer.unref();
  }

  async #unload(hubDoc: HubDoc): Promise<void> {
    this.#cancelUnload(hubDoc);
    clearTimeout(hubDoc.awarenessTimer);
    hubDoc.awarenessTimer = undefined;
    this.#docs.delete(hubDoc.name);
    await hubDoc.log.flush().catch(() => undefined);
    if (hubDoc.log.records > 1) await this.#compact(hubDoc);
    await hubDoc.log.close();
    hubDoc.awareness.destroy();
    hubDoc.doc.destroy();
  }
}

/** Mount the hub on the shared HTTP server at /sync. */
export function attachHub(server: HubServer, options: HubOptions): Hub {
  const hub = new Hub(options);
  server.upgrade('/sync', (request, socket, head) => hub.handleUpgrade(request, socket, head));
  return hub;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

function isEmptyUpdate(update: Uint8Array): boolean {
  // An update with no structs and no deletions is 2 bytes (two zero varints).
  return update.length <= 2 && update.every(b => b === 0);
}

function send(conn: Connection, message: Uint8Array): void {
  if (conn.ws.readyState !== conn.ws.OPEN) return;
  conn.ws.send(message, error => {
    if (error) conn.ws.terminate();
  });
}

function sendDenied(conn: Connection, reason: string): void {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  authProtocol.writePermissionDenied(encoder, reason);
  send(conn, encoding.toUint8Array(encoder));
}

function closeWith(ws: WebSocket, code: number, reason: string): void {
  // A close reason must fit a control frame (123 bytes of UTF-8).
  let text = reason;
  while (Buffer.byteLength(text) > 123) text = text.slice(0, -1);
  try {
    ws.close(code, text);
  } catch {
    ws.terminate();
  }
  setTimeout(() => ws.terminate(), 2_000).unref();
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** One JSON line per event (security lines carry agent and source), as the center logs. */
const defaultLogger: HubLogger = event => {
  if (event.level === 'info') return;
  const line = JSON.stringify({at: new Date().toISOString(), level: event.level, msg: `hub: ${event.message}`, ...(event.doc ? {doc: event.doc} : {}), ...(event.agent ? {agent: event.agent} : {}), ...(event.source ? {source: event.source} : {})});
  if (event.level === 'error') console.error(line);
  else console.warn(line);
};
