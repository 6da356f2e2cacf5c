// The switch's call facts into the hub's day documents: the record an agent annotates is the
// one the switch writes (server/center.ts wires it; tests read it back through `find`).
import type {CallFactsLookup, CallFactsSink} from '../src/sip/facts-sink.ts';
import {CallLog, ORIGIN_SWITCH} from '../src/sync/call-log.ts';
import {callsDoc, dayKey} from '../src/sync/doc-name.ts';
import type {CallFacts} from '../src/sync/schema.ts';
import type {Hub} from './hub/hub.ts';

/**
 * Call facts into the day's call log in the hub (`calls/<team>/<yyyy-mm-dd>`, the day of the
 * call's arrival in the center's time zone), so the record the agent annotates is the same one.
 * Writes to one document keep their order; a failure is logged, never thrown at the switch.
 */
export class HubFactsSink implements CallFactsSink, CallFactsLookup {
  readonly #hub: Hub;
  readonly #timeZone: string;
  readonly #log: (entry: Record<string, unknown>) => void;
  readonly #logs = new Map<string, Promise<CallLog>>();
  /** Facts waiting for the next batch, per document, latest per call. */
  readonly #batch = new Map<string, Map<string, CallFacts>>();
  readonly #pending = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;

  constructor(hub: Hub, timeZone: string, log: (entry: Record<string, unknown>) => void = () => {}) {
    this.#hub = hub;
    this.#timeZone = timeZone;
    this.#log = log;
  }

  write(facts: CallFacts): void {
    const name = callsDoc(facts.team, dayKey(facts.arrivedAt, this.#timeZone));
    let calls = this.#batch.get(name);
    if (!calls) this.#batch.set(name, calls = new Map());
    calls.set(facts.callId, facts);
    // A call's facts change several times in a few ms (offer, answer…): one update, one fsync.
    this.#timer ??= setTimeout(() => this.#flushBatch(), 20);
  }

  /** The latest facts of `callId` in `team`'s call log of `day` (absent: today, then yesterday). */
  async find(team: string, day: string | undefined, callId: string): Promise<CallFacts | undefined> {
    const now = Date.now();
    const days = day ? [day] : [dayKey(now, this.#timeZone), dayKey(now - 86_400_000, this.#timeZone)];
    for (const d of days) {
      const name = callsDoc(team, d);
      const waiting = this.#batch.get(name)?.get(callId);
      if (waiting) return waiting;
      const doc = await this.#hub.openDoc(name);
      try {
        const facts = new CallLog(doc).get(callId)?.facts;
        if (facts) return facts;
      } finally {
        this.#hub.release(name);
      }
    }
    return undefined;
  }

  /** Every call's facts in `team`'s call log of `day` (the switch rebuilds its counters from them after a restart). */
  async dayFacts(team: string, day: string): Promise<CallFacts[]> {
    const name = callsDoc(team, day);
    const doc = await this.#hub.openDoc(name);
    try {
      return new CallLog(doc).list().flatMap(record => (record.facts ? [record.facts] : []));
    } finally {
      this.#hub.release(name);
    }
  }

  /** Wait for the writes so far. */
  async flush(): Promise<void> {
    this.#flushBatch();
    await Promise.all([...this.#pending]);
  }

  async close(): Promise<void> {
    await this.flush();
    for (const name of this.#logs.keys()) this.#hub.release(name);
    this.#logs.clear();
  }

  #flushBatch(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const [name, calls] of this.#batch) {
      let callLog = this.#logs.get(name);
      if (!callLog) {
        callLog = this.#hub.openDoc(name).then(doc => new CallLog(doc));
        this.#logs.set(name, callLog);
        // A document that failed to open is tried again with the next batch.
        callLog.catch(() => this.#logs.delete(name));
        this.#releaseOlder(name);
      }
      const facts = [...calls.values()];
      const write = callLog
        .then(log => {
          log.doc.transact(() => {
            for (const f of facts) {
              try {
                log.writeFacts(f);
              } catch (error) {
                this.#log({level: 'error', msg: 'call facts not written', doc: name, callId: f.callId, error: (error as Error).message});
              }
            }
          }, ORIGIN_SWITCH);
        })
        .catch((error: Error) => this.#log({level: 'error', msg: 'call facts not written', doc: name, error: error.message}))
        .finally(() => this.#pending.delete(write));
      this.#pending.add(write);
    }
    this.#batch.clear();
  }

  /** Keep only the newest two days of a team pinned (a call may wrap up after midnight). */
  #releaseOlder(name: string): void {
    const team = name.split('/')[1];
    const days = [...this.#logs.keys()].filter(n => n.split('/')[1] === team).sort();
    for (const old of days.slice(0, -2)) {
      this.#logs.delete(old);
      this.#hub.release(old);
    }
  }
}
