// The hub's documents: loaded from their update log on first use, every change appended and
// fdatasynced before it is relayed to the other clients, compacted now and then, unloaded when
// nobody has used them for a while.
//
// Fail closed on a full disk: when an append fails the document becomes unwritable. Its
// connections are told why and closed with 1013 (y-websocket retries), new ones are turned
// away the same way, so nobody is served from memory what is not on disk and nothing more is
// acknowledged; writers keep their edits pending and resend them on reconnect. Every
// `retryMs` the log is closed and reopened (a failed write was cut back, see update-log.ts)
// and whatever memory holds beyond the last synced state vector is appended; once that is on
// disk the document serves again.
import fs from 'node:fs/promises';
import path from 'node:path';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import {formatDocName, type DocName} from '../../src/sync/doc-name.ts';
import {UpdateLog, RecordKind} from '../../src/sync/update-log.ts';
import {MESSAGE_AWARENESS, MESSAGE_SYNC} from '../../src/sync/hub-messages.ts';
import {ReplicaOwners, HUB_OWNER} from './replicas.ts';
import {CloseCode, closeWith, send, sendDenied, type HubLogger} from './wire.ts';
import type {Connection, HubDoc, OpenLog} from './types.ts';

export type StoreOptions = {
  /** Documents live under <dataDir>/sync/<kind>/<team>/<period>.ylog. */
  readonly dataDir: string;
  readonly idleUnloadMs: number;
  readonly compactAfter: number;
  readonly awarenessBatchMs: number;
  /** How often an unwritable document tries its log again. */
  readonly retryMs: number;
  readonly openLog: OpenLog;
  readonly log: HubLogger;
};

/** Storage health, for /metrics. */
export type StorageStats = {
  /** Documents that cannot be written now. */
  readonly unwritable: string[];
  /** Times a document became unwritable. */
  readonly failures: number;
  /** Writes and connections turned away because their document was unwritable. */
  readonly refused: number;
  readonly recoveries: number;
};

export const openUpdateLog: OpenLog = file => UpdateLog.open(file);

export class DocStore {
  readonly #options: StoreOptions;
  readonly #docs = new Map<string, Promise<HubDoc>>();
  readonly #unloading = new Map<string, Promise<void>>();
  readonly #unwritable = new Set<HubDoc>();
  #failures = 0;
  #refused = 0;
  #recoveries = 0;
  #closed = false;

  constructor(options: StoreOptions) {
    this.#options = options;
  }

  /** Documents currently in memory. */
  get loaded(): string[] {
    return [...this.#docs.keys()];
  }

  get storage(): StorageStats {
    return {unwritable: [...this.#unwritable].map(d => d.name), failures: this.#failures, refused: this.#refused, recoveries: this.#recoveries};
  }

  /** Why `hubDoc` cannot take writes now (counted as a refusal), or undefined. */
  refusal(hubDoc: HubDoc): string | undefined {
    if (hubDoc.unwritable === undefined) return undefined;
    this.#refused++;
    return storageRefusal(hubDoc.unwritable);
  }

  get(key: string): Promise<HubDoc> | undefined {
    return this.#docs.get(key);
  }

  has(key: string): boolean {
    return this.#docs.has(key);
  }

  file(name: DocName): string {
    return path.join(this.#options.dataDir, 'sync', name.kind, name.team, `${name.period}.ylog`);
  }

  /** Whether the document exists on disk (a window check lets existing documents through). */
  async exists(name: DocName): Promise<boolean> {
    try {
      await fs.access(this.file(name));
      return true;
    } catch {
      return false;
    }
  }

  load(name: DocName): Promise<HubDoc> {
    const key = formatDocName(name);
    const existing = this.#docs.get(key);
    if (existing) return existing;
    const pending = (async () => {
      await this.#unloading.get(key);
      const {log, read} = await this.#options.openLog(this.file(name));
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
        unwritable: undefined,
        unsaved: 0,
        retryTimer: undefined,
        retries: 0,
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

  /** A record beside the updates (a replica claim), on disk no later than what follows it. */
  appendRecord(hubDoc: HubDoc, data: Uint8Array, kind: RecordKind): void {
    // While unwritable, recovery writes every claim again (owners.records()).
    if (hubDoc.unwritable !== undefined) return;
    hubDoc.log.append(data, kind).catch((error: unknown) => this.#fail(hubDoc, error as Error));
  }

  cancelUnload(hubDoc: HubDoc): void {
    if (hubDoc.unloadTimer) clearTimeout(hubDoc.unloadTimer);
    hubDoc.unloadTimer = undefined;
  }

  maybeUnload(hubDoc: HubDoc): void {
    if (hubDoc.conns.size > 0 || hubDoc.pins > 0 || this.#closed) return;
    this.cancelUnload(hubDoc);
    hubDoc.unloadTimer = setTimeout(() => {
      if (hubDoc.conns.size > 0 || hubDoc.pins > 0 || this.#docs.get(hubDoc.name) === undefined) return;
      const done = this.#unload(hubDoc).finally(() => this.#unloading.delete(hubDoc.name));
      this.#unloading.set(hubDoc.name, done);
    }, this.#options.idleUnloadMs);
    hubDoc.unloadTimer.unref();
  }

  /** Flush, compact and close every document. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#unloading.values()]);
    const docs = await Promise.all([...this.#docs.values()].map(p => p.catch(() => undefined)));
    await Promise.all(docs.map(d => (d ? this.#unload(d) : undefined)));
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
    if (hubDoc.unwritable !== undefined) {
      // Only in-process writers (the switch) change an unwritable document; recovery stores it.
      hubDoc.unsaved++;
      return;
    }
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
    }, (error: unknown) => this.#fail(hubDoc, error as Error));
  }

  /** The disk failed: nothing more is relayed or acknowledged; clients keep their edits and resend. */
  #fail(hubDoc: HubDoc, error: Error): void {
    if (hubDoc.unwritable !== undefined || this.#docs.get(hubDoc.name) === undefined) return;
    hubDoc.unwritable = error.message;
    this.#unwritable.add(hubDoc);
    this.#failures++;
    this.#options.log({level: 'error', doc: hubDoc.name, message: `persisting an update failed, refusing writes until it can: ${error.message}`});
    const why = storageRefusal(error.message);
    for (const c of hubDoc.conns) {
      sendDenied(c, `write refused: ${why}`);
      closeWith(c.ws, CloseCode.tryLater, why);
    }
    this.#scheduleRecovery(hubDoc);
  }

  #scheduleRecovery(hubDoc: HubDoc): void {
    clearTimeout(hubDoc.retryTimer);
    hubDoc.retryTimer = setTimeout(() => void this.#recover(hubDoc), this.#options.retryMs);
    hubDoc.retryTimer.unref();
  }

  /** Close and reopen the log, then append what memory holds beyond the synced state. */
  async #recover(hubDoc: HubDoc): Promise<void> {
    hubDoc.retryTimer = undefined;
    if (this.#docs.get(hubDoc.name) === undefined) return;
    await hubDoc.log.close().catch(() => undefined);
    try {
      const {log, read} = await this.#options.openLog(hubDoc.log.file);
      if (read.damaged) this.#options.log({level: 'warn', doc: hubDoc.name, message: `reopened log had a torn tail, cut: ${read.damaged}`});
      hubDoc.log = log;
      let unsaved: number;
      let sv: Uint8Array;
      do {
        unsaved = hubDoc.unsaved;
        sv = Y.encodeStateVector(hubDoc.doc);
        const appended = [
          ...hubDoc.owners.records().map(r => log.append(r.data, r.kind)),
          // Every struct beyond the last synced state, and the whole delete set.
          log.append(Y.encodeStateAsUpdate(hubDoc.doc, hubDoc.durable)),
        ];
        await Promise.all(appended);
        hubDoc.durable = sv;
      } while (unsaved !== hubDoc.unsaved);
    } catch (error) {
      hubDoc.retries++;
      if ((hubDoc.retries & (hubDoc.retries - 1)) === 0) this.#options.log({level: 'warn', doc: hubDoc.name, message: `log still unwritable after ${hubDoc.retries} tries, retrying every ${this.#options.retryMs} ms: ${(error as Error).message}`});
      if (this.#docs.get(hubDoc.name) !== undefined) this.#scheduleRecovery(hubDoc);
      return;
    }
    hubDoc.unwritable = undefined;
    hubDoc.unsaved = 0;
    hubDoc.retries = 0;
    this.#unwritable.delete(hubDoc);
    this.#recoveries++;
    this.#options.log({level: 'warn', doc: hubDoc.name, message: 'log writable again; serving the document'});
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

  async #unload(hubDoc: HubDoc): Promise<void> {
    this.cancelUnload(hubDoc);
    clearTimeout(hubDoc.retryTimer);
    // What an unwritable document held beyond its disk was never acknowledged: writers resend it.
    this.#unwritable.delete(hubDoc);
    clearTimeout(hubDoc.awarenessTimer);
    hubDoc.awarenessTimer = undefined;
    this.#docs.delete(hubDoc.name);
    await hubDoc.log.flush().catch(() => undefined);
    if (hubDoc.log.records > 1 && hubDoc.unwritable === undefined) await this.#compact(hubDoc);
    await hubDoc.log.close().catch(() => undefined);
    hubDoc.awareness.destroy();
    hubDoc.doc.destroy();
  }
}

export function storageRefusal(error: string): string {
  return `the hub cannot store this document now (${/ENOSPC|no space/i.test(error) ? 'disk full' : 'disk error'}); keep it pending, it is retried`;
}
