// Where the switch hands each call's facts (src/sync/schema.ts CallFacts): the call log in the
// hub in a running center, a memory sink in tests. Writes are whole snapshots of the facts so
// far; a sink keeps the latest per call id.
import type {CallFacts} from '../sync/schema.ts';

export type CallFactsSink = {
  write(facts: CallFacts): void;
};

/** Reads a call's latest facts back (recording review finds the recording in the record). */
export type CallFactsLookup = {
  /** The facts of `callId` in `team`'s records of `day` (absent: the center's today and yesterday). */
  find(team: string, day: string | undefined, callId: string): Promise<CallFacts | undefined>;
};

/** Keeps the latest facts per call in memory (tests, and before the hub is attached). */
export class MemoryFactsSink implements CallFactsSink, CallFactsLookup {
  readonly calls = new Map<string, CallFacts>();
  readonly #waiters: Array<{test: (facts: CallFacts) => boolean; resolve: (facts: CallFacts) => void}> = [];

  write(facts: CallFacts): void {
    this.calls.set(facts.callId, facts);
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      const waiter = this.#waiters[i]!;
      if (waiter.test(facts)) {
        this.#waiters.splice(i, 1);
        waiter.resolve(facts);
      }
    }
  }

  find(team: string, _day: string | undefined, callId: string): Promise<CallFacts | undefined> {
    const facts = this.calls.get(callId);
    return Promise.resolve(facts?.team === team ? facts : undefined);
  }

  /** Resolves with the first facts written (now or later) that pass `test`. */
  waitFor(test: (facts: CallFacts) => boolean): Promise<CallFacts> {
    for (const facts of this.calls.values()) if (test(facts)) return Promise.resolve(facts);
    return new Promise(resolve => this.#waiters.push({test, resolve}));
  }
}
