// The records side of a load run: seats write through SeatStores (the seat's own local-first
// store: fsynced log + hub), several seats per store like seats behind one terminal server,
// and a lead's read-only replica watches the hub to time each write's arrival and to count
// the calls that have a record there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {DEMO_PIN} from '../config.ts';
import {loadPersistedDoc} from '../report/load.ts';
import {CallLog} from '../sync/call-log.ts';
import type {CallFacts} from '../sync/schema.ts';
import {callsDoc} from '../sync/doc-name.ts';
import {SeatStore} from '../sync/seat-store.ts';
import type {ScriptedSeat} from './seat.ts';
import {SyncClient} from './sync-client.ts';
import type {Tally} from './tally.ts';

export type LoadRecordsOptions = {
  readonly hubUrl: string;
  readonly team: string;
  readonly day: string;
  /** Seats sharing one SeatStore. */
  readonly seatsPerStore: number;
  readonly log: (line: string) => void;
};

export class LoadRecords {
  readonly #stores: SeatStore[] = [];
  readonly #dir: string;
  readonly #observer: SyncClient;

  private constructor(dir: string, observer: SyncClient) {
    this.#dir = dir;
    this.#observer = observer;
  }

  /** Open every seat group's store now (sign-in), so the first write does not pay the handshake. */
  static async open(seats: readonly ScriptedSeat[], options: LoadRecordsOptions): Promise<LoadRecords> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-load-seats-'));
    const observer = new SyncClient({hubUrl: options.hubUrl, doc: callsDoc(options.team, options.day), agent: '9001', pin: DEMO_PIN});
    const records = new LoadRecords(dir, observer);
    // Every y-websocket provider adds a process 'exit' listener (3 per store + the observer):
    // many on purpose, not a leak.
    const providers = Math.ceil(seats.length / options.seatsPerStore) * 3 + 1;
    process.setMaxListeners(Math.max(process.getMaxListeners(), providers + 10));
    try {
      for (let i = 0; i < seats.length; i += options.seatsPerStore) {
        const first = seats[i];
        const store = await SeatStore.open({
          dir: path.join(dir, `group-${first.agent}`), team: options.team, day: options.day, hubUrl: `${options.hubUrl}/sync`,
          credentials: {agent: first.agent, pin: DEMO_PIN}, onIssue: issue => options.log(`sync issue: ${JSON.stringify(issue)}`),
        });
        records.#stores.push(store);
        for (const seat of seats.slice(i, i + options.seatsPerStore)) seat.store = store;
      }
    } catch (error) {
      await records.close();
      throw error;
    }
    return records;
  }

  /**
   * Wait for the first sync of every replica. A hub without /sync (or refusing us) is reported,
   * not fatal: the records then count as lost. Resolves whether all synced.
   */
  async whenSynced(tally: Tally, log: (line: string) => void, timeoutMs = 8000): Promise<boolean> {
    const synced = await Promise.allSettled([this.#observer.whenSynced(timeoutMs), ...this.#stores.map(store => store.whenSynced(timeoutMs))]);
    for (const [i, result] of synced.entries()) {
      if (result.status === 'fulfilled') continue;
      tally.fail(i === 0 ? 'sync: the lead replica never synced' : 'sync: a seat replica never synced');
      log(`sync: ${(result.reason as Error).message}`);
    }
    return synced.every(r => r.status === 'fulfilled');
  }

  /** Time each pending seat write until the hub's replica shows it. */
  measure(tally: Tally): void {
    const observer = this.#observer;
    observer.log.observe(change => {
      const now = Date.now();
      for (const callId of change.callIds) {
        const list = tally.pendingWrites.get(callId);
        if (!list) continue;
        const editedAt = observer.log.get(callId)?.seat.editedAt ?? -1;
        const left = list.filter(w => {
          if (w.at > editedAt) return true;
          tally.syncLatencies.push(now - w.local);
          return false;
        });
        if (left.length === 0) tally.pendingWrites.delete(callId);
        else tally.pendingWrites.set(callId, left);
      }
    });
  }

  /** How many of `callers` (numbers) have a record with the switch's facts in the hub. */
  countRecords(callers: ReadonlySet<string>): number {
    const inHub = new Set<string>();
    for (const record of this.#observer.log.list()) {
      if (record.facts && callers.has(record.facts.caller)) inHub.add(record.facts.caller);
    }
    return inHub.size;
  }

  /** The switch's facts of the calls `callers` (numbers) placed, as the hub holds them now. */
  facts(callers: ReadonlySet<string>): Map<string, CallFacts> {
    const byCaller = new Map<string, CallFacts>();
    for (const record of this.#observer.log.list()) {
      if (record.facts && callers.has(record.facts.caller)) byCaller.set(record.facts.caller, record.facts);
    }
    return byCaller;
  }

  /**
   * What the hub holds on disk: calls of `callers` with the switch's facts in the day's file,
   * and how many of `writes` the file's seat entries do not reach (their editedAt is older).
   * Read from the hub's data directory, not from what it serves: a hub may serve from memory
   * what it failed to store (issue 15).
   */
  static async onDisk(dataDir: string, team: string, day: string, callers: ReadonlySet<string>, writes: ReadonlyArray<{callId: string; at: number}>): Promise<{records: number; lostWrites: number; problems: string[]}> {
    const problems: Array<{doc: string; problem: string}> = [];
    const doc = await loadPersistedDoc(dataDir, callsDoc(team, day), problems);
    if (!doc) return {records: 0, lostWrites: writes.length, problems: problems.map(p => p.problem)};
    const log = new CallLog(doc, {onIssue: () => undefined});
    const onDisk = new Set<string>();
    for (const record of log.list()) if (record.facts && callers.has(record.facts.caller)) onDisk.add(record.facts.caller);
    const lostWrites = writes.filter(w => (log.get(w.callId)?.seat.editedAt ?? -1) < w.at).length;
    doc.destroy();
    return {records: onDisk.size, lostWrites, problems: problems.map(p => p.problem)};
  }

  async close(): Promise<void> {
    this.#observer.close();
    try {
      await Promise.all(this.#stores.map(store => store.close()));
    } finally {
      fs.rmSync(this.#dir, {recursive: true, force: true});
    }
  }
}
