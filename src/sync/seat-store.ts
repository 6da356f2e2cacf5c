// SeatStore: the seat's local-first copy of its team's day — calls, handover, wrap-up.
//
// Every document lives in a local update log. A local edit is on disk (fdatasync) before the
// promise of the method that made it resolves, so whatever the UI shows as saved survives
// kill -9. The documents sync through y-websocket to the hub whenever it is reachable; the
// provider reconnects by itself. An edit counts as pending until the hub says (its durable
// state vector, ?ack=1) that it holds it on disk; that survives restarts too, because the
// log keeps local edits and the hub's confirmations as separate record kinds.
import path from 'node:path';
import * as Y from 'yjs';
import {CallLog} from './call-log.ts';
import {HandoverLog} from './handover-log.ts';
import {WrapupLog} from './wrapup-log.ts';
import {callsDoc, handoverDoc, wrapupDoc} from './doc-name.ts';
import {UpdateLog, RecordKind, type LogRecord} from './update-log.ts';
import {warnIssue, type IssueSink} from './issues.ts';
import {openHubDoc, type HubDoc, type HubIdentity} from './hub-doc.ts';
import type {HandoverAck, HandoverItem, SeatFields, Wrapup, WrapupFigures} from './schema.ts';

export type SyncState =
  | {readonly kind: 'synced'}
  | {readonly kind: 'pending'; readonly edits: number}
  | {readonly kind: 'offline'; readonly since: number; readonly edits: number}
  | {readonly kind: 'refused'; readonly reason: string; readonly edits: number};

export type SeatStoreOptions = {
  /** The seat's data directory. */
  readonly dir: string;
  readonly team: string;
  readonly day: string;
  /** ws://host:port/sync of the hub; without it the store works offline only. */
  readonly hubUrl?: string;
  /** Credentials for the hub: {agent, pin} or {token}. */
  readonly credentials?: HubIdentity;
  readonly onIssue?: IssueSink;
  /** Clock for "offline since" (default Date.now). */
  readonly now?: () => number;
  /** Longest reconnect back-off (default 2.5 s). */
  readonly maxBackoffMs?: number;
  /** Fold a document's log into one state after this many records (default 5,000). */
  readonly compactAfter?: number;
};

type Edit = {readonly to: Map<number, number>; readonly data: Uint8Array};

class Replica {
  readonly name: string;
  readonly doc = new Y.Doc();
  readonly log: UpdateLog;
  provider: HubDoc | undefined;
  readonly pending: Edit[] = [];
  readonly confirmed = new Map<number, number>();
  offlineSince: number;
  refused: string | undefined;
  readOnly: string | undefined;
  compacting = false;

  constructor(name: string, log: UpdateLog, now: number) {
    this.name = name;
    this.log = log;
    this.offlineSince = now;
  }

  /** Drop edits the hub now holds; true if any went. */
  settle(): boolean {
    const before = this.pending.length;
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (covered(this.pending[i].to, this.confirmed)) this.pending.splice(i, 1);
    }
    return this.pending.length !== before;
  }
}

export class SeatStore {
  readonly calls: CallLog;
  readonly handover: HandoverLog;
  readonly wrapup: WrapupLog;
  readonly day: string;
  readonly team: string;
  readonly #replicas: Replica[];
  readonly #listeners = new Set<(state: SyncState) => void>();
  readonly #now: () => number;
  readonly #compactAfter: number;
  #closed = false;
  #last = '';

  private constructor(options: SeatStoreOptions, replicas: Replica[]) {
    this.day = options.day;
    this.team = options.team;
    this.#replicas = replicas;
    this.#now = options.now ?? Date.now;
    this.#compactAfter = options.compactAfter ?? 5_000;
    const onIssue = options.onIssue ?? warnIssue;
    this.calls = new CallLog(replicas[0].doc, {onIssue});
    this.handover = new HandoverLog(replicas[1].doc, {onIssue});
    this.wrapup = new WrapupLog(replicas[2].doc, {onIssue});
  }

  /** Load the team's day from disk, then connect to the hub if one is given. */
  static async open(options: SeatStoreOptions): Promise<SeatStore> {
    const now = options.now ?? Date.now;
    const names = [callsDoc(options.team, options.day), handoverDoc(options.team, options.day), wrapupDoc(options.team, options.day)];
    const replicas = await Promise.all(names.map(name => loadReplica(options.dir, name, now(), options.onIssue ?? warnIssue)));
    const store = new SeatStore(options, replicas);
    for (const replica of replicas) {
      replica.doc.on('update', (update: Uint8Array, origin: unknown) => store.#persist(replica, update, origin));
    }
    if (options.hubUrl && options.credentials) {
      for (const replica of replicas) store.#connect(replica, options.hubUrl, options.credentials, options.maxBackoffMs ?? 2500);
    }
    return store;
  }

  /** Annotate a call; resolves once the edit is on disk. */
  async annotate(callId: string, fields: SeatFields, stamp: {by?: string; at?: number} = {}): Promise<SeatFields> {
    const result = this.calls.annotate(callId, fields, stamp);
    await this.saved();
    return result;
  }

  async addHandover(item: HandoverItem): Promise<HandoverItem> {
    const result = this.handover.add(item);
    await this.saved();
    return result;
  }

  async acknowledgeHandover(itemId: string, ack: HandoverAck): Promise<HandoverAck> {
    const result = this.handover.acknowledge(itemId, ack);
    await this.saved();
    return result;
  }

  async submitWrapup(input: {agent: string; at: number; figures: WrapupFigures; remarks: string}): Promise<Wrapup> {
    const result = this.wrapup.submit({...input, date: this.day});
    await this.saved();
    return result;
  }

  async amendWrapup(input: {agent: string; at: number; figures?: WrapupFigures; remarks?: string; reason: string}): Promise<Wrapup> {
    const result = this.wrapup.amend(input);
    await this.saved();
    return result;
  }

  /** Resolves once every edit made so far (through any API) is on disk. */
  async saved(): Promise<void> {
    await Promise.all(this.#replicas.map(r => r.log.flush()));
  }

  syncState(): SyncState {
    const edits = this.#replicas.reduce((n, r) => n + r.pending.length, 0);
    const refused = this.#replicas.find(r => r.refused);
    if (refused) return {kind: 'refused', reason: refused.refused!, edits};
    const offline = this.#replicas.filter(r => !r.provider?.synced);
    if (offline.length > 0) return {kind: 'offline', since: Math.min(...offline.map(r => r.offlineSince || this.#now())), edits};
    return edits > 0 ? {kind: 'pending', edits} : {kind: 'synced'};
  }

  /** Why the hub treats this seat as read-only, if it does (a lead's seat on the floor's docs). */
  readOnlyReason(): string | undefined {
    return this.#replicas.find(r => r.readOnly)?.readOnly;
  }

  /** Called with the new state whenever it changes; returns an unsubscribe. */
  onSyncState(fn: (state: SyncState) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Resolves when the state is 'synced' (everything on the hub's disk), or rejects after `ms`. */
  whenSynced(ms = 10_000): Promise<void> {
    if (this.syncState().kind === 'synced') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`not synced after ${ms} ms: ${JSON.stringify(this.syncState())}`));
      }, ms);
      const off = this.onSyncState(state => {
        if (state.kind !== 'synced') return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  /** Stop syncing (the documents stay usable locally); `reconnect()` resumes. */
  disconnect(): void {
    for (const r of this.#replicas) r.provider?.disconnect();
  }

  reconnect(): void {
    for (const r of this.#replicas) r.provider?.connect();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const r of this.#replicas) r.provider?.destroy();
    await this.saved().catch(() => undefined);
    await Promise.all(this.#replicas.map(r => r.log.close()));
    for (const r of this.#replicas) r.doc.destroy();
  }

  #persist(replica: Replica, update: Uint8Array, origin: unknown): void {
    if (this.#closed) return;
    const local = origin !== replica.provider;
    if (local) {
      const to = Y.parseUpdateMeta(update).to;
      if (to.size > 0 && !covered(to, replica.confirmed)) replica.pending.push({to, data: update});
    }
    replica.log.append(update, local ? RecordKind.local : RecordKind.remote).catch(error => {
      console.error(`zuoxi seat: cannot save ${replica.name}: ${(error as Error).message}`);
    });
    if (local) this.#emit();
    // A long day appends many small records; fold them into one state now and then.
    if (replica.log.records > this.#compactAfter && !replica.compacting) {
      replica.compacting = true;
      void replica.log.compact(() => compactedRecords(replica))
        .catch(error => console.error(`zuoxi seat: compacting ${replica.name} failed (log kept as is): ${(error as Error).message}`))
        .finally(() => {
          replica.compacting = false;
        });
    }
  }

  #connect(replica: Replica, hubUrl: string, credentials: NonNullable<SeatStoreOptions['credentials']>, maxBackoffTime: number): void {
    const provider = openHubDoc(replica.name, replica.doc, {url: hubUrl, ...credentials}, {
      ack: true,
      maxBackoffMs: maxBackoffTime,
      onDurable: sv => {
        let grew = false;
        for (const [client, clock] of sv) {
          if ((replica.confirmed.get(client) ?? 0) < clock) {
            replica.confirmed.set(client, clock);
            grew = true;
          }
        }
        if (!grew) return;
        replica.settle();
        // Remember what the hub holds, so pending counts stay right after a restart.
        void replica.log.append(Y.encodeStateVector(replica.confirmed), RecordKind.confirmed).catch(() => undefined);
        this.#emit();
      },
      onRefused: reason => {
        replica.readOnly = reason;
        this.#emit();
      },
    });
    replica.provider = provider;
    provider.on('sync', () => this.#emit());
    provider.on('status', ({status}) => {
      if (status !== 'connected' && replica.offlineSince === 0) replica.offlineSince = this.#now();
      if (status === 'connected') replica.offlineSince = 0;
      this.#emit();
    });
    provider.on('connection-close', () => {
      if (replica.offlineSince === 0) replica.offlineSince = this.#now();
      this.#emit();
    });
    provider.on('closed', event => {
      replica.refused = `${event.code} ${event.reason}`;
      this.#emit();
    });
  }

  #emit(): void {
    const state = this.syncState();
    const key = JSON.stringify(state);
    if (key === this.#last) return;
    this.#last = key;
    for (const fn of this.#listeners) fn(state);
  }
}

/** The log's content after compaction: the whole state, unconfirmed local edits, the hub's confirmation. */
function compactedRecords(replica: Replica): LogRecord[] {
  return [
    {kind: RecordKind.remote, data: Y.encodeStateAsUpdate(replica.doc)},
    ...replica.pending.map(e => ({kind: RecordKind.local, data: e.data})),
    ...(replica.confirmed.size > 0 ? [{kind: RecordKind.confirmed, data: Y.encodeStateVector(replica.confirmed)}] : []),
  ];
}

function covered(to: Map<number, number>, confirmed: Map<number, number>): boolean {
  for (const [client, clock] of to) if ((confirmed.get(client) ?? 0) < clock) return false;
  return true;
}

async function loadReplica(dir: string, name: string, now: number, onIssue: IssueSink): Promise<Replica> {
  const file = path.join(dir, 'docs', `${name}.ylog`);
  const {log, read} = await UpdateLog.open(file);
  if (read.damaged) onIssue({where: file, error: `local log damaged, kept the intact part: ${read.damaged}`});
  const replica = new Replica(name, log, now);
  const locals: LogRecord[] = [];
  replica.doc.transact(() => {
    for (const record of read.records) {
      if (record.kind === RecordKind.confirmed) {
        for (const [client, clock] of Y.decodeStateVector(record.data)) {
          if ((replica.confirmed.get(client) ?? 0) < clock) replica.confirmed.set(client, clock);
        }
        continue;
      }
      try {
        Y.applyUpdate(replica.doc, record.data);
      } catch (error) {
        onIssue({where: file, error: `unreadable record skipped: ${(error as Error).message}`});
        continue;
      }
      if (record.kind === RecordKind.local) locals.push(record);
    }
  }, 'load');
  for (const record of locals) {
    const to = Y.parseUpdateMeta(record.data).to;
    if (to.size > 0) replica.pending.push({to, data: record.data});
  }
  replica.settle();
  // Compact: the whole state once, the edits the hub has not confirmed, the confirmations.
  if (read.records.length > 1) await log.compact(() => compactedRecords(replica));
  return replica;
}
