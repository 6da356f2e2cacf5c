// SeatDays: the seat's SeatStore for the center's current day, rolled over at midnight.
//
// Documents are partitioned per day, so a seat that stays up across midnight (a night shift,
// a 24×7 center, R-19) must open the new day's calls/handover/wrap-up documents. The previous
// day stays open and readable while it still has edits the hub has not confirmed, and for a
// grace period after the boundary (a call that arrived before midnight is still filed under
// its arrival day, and its notes are written after it ends); then it is closed. The clock is
// injected, so a test crosses midnight without waiting.
import {SeatStore, type SeatStoreOptions} from './seat-store.ts';

export type SeatDaysOptions = Omit<SeatStoreOptions, 'day'> & {
  /** The day to open first (default: the clock's day); the next one is the clock's after its midnight. */
  readonly day?: string;
  /** The center's calendar day (yyyy-mm-dd) of an epoch ms, in the center's time zone. */
  readonly dayOf: (epochMs: number) => string;
  /** How often the clock is looked at (default 15 s); 0: only when `check()` is called. */
  readonly checkEveryMs?: number;
  /** How long a previous day stays open after the boundary at least (default 2 h). */
  readonly keepPreviousMs?: number;
};

type Previous = {readonly store: SeatStore; readonly until: number; off: () => void};

export class SeatDays {
  readonly #options: SeatDaysOptions;
  readonly #now: () => number;
  #current: SeatStore;
  readonly #previous = new Map<string, Previous>();
  readonly #listeners = new Set<(day: string, previous: string) => void>();
  readonly #timer: NodeJS.Timeout | undefined;
  #checking: Promise<boolean> | undefined;
  /** The clock's day when last looked at: a rollover happens when the clock crosses midnight. */
  #clockDay: string;
  #closed = false;

  private constructor(options: SeatDaysOptions, current: SeatStore) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#current = current;
    this.#clockDay = options.dayOf(this.#now());
    const every = options.checkEveryMs ?? 15_000;
    if (every > 0) {
      this.#timer = setInterval(() => void this.check().catch(error => console.error(`zuoxi seat: day rollover failed: ${(error as Error).message}`)), every);
      this.#timer.unref();
    }
  }

  /** Open the store of the current day (by `options.now`). */
  static async open(options: SeatDaysOptions): Promise<SeatDays> {
    const now = options.now ?? Date.now;
    const store = await SeatStore.open({...options, day: options.day ?? options.dayOf(now())});
    return new SeatDays(options, store);
  }

  /** The current day's store: new edits go here. */
  get store(): SeatStore {
    return this.#current;
  }

  get day(): string {
    return this.#current.day;
  }

  /** Previous days still open (pending edits or within the grace period), oldest first. */
  get previousDays(): string[] {
    return [...this.#previous.keys()].sort();
  }

  /** The open store of `day` — today's or a previous day's still open — if any. */
  forDay(day: string): SeatStore | undefined {
    if (day === this.#current.day) return this.#current;
    return this.#previous.get(day)?.store;
  }

  /** Every open store, the current one first. */
  stores(): SeatStore[] {
    return [this.#current, ...this.previousDays.map(d => this.#previous.get(d)!.store)];
  }

  /** Called after a rollover with the new and the previous day; returns an unsubscribe. */
  onRollover(fn: (day: string, previous: string) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /**
   * Look at the clock: past the day boundary, open the new day and keep the previous one until
   * it is synced and the grace period is over. Resolves true if the day changed.
   */
  check(): Promise<boolean> {
    this.#checking ??= this.#check().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#checking?.catch(() => undefined);
    const previous = [...this.#previous.values()];
    this.#previous.clear();
    for (const p of previous) p.off();
    await Promise.all([this.#current.close(), ...previous.map(p => p.store.close())]);
  }

  async #check(): Promise<boolean> {
    if (this.#closed) return false;
    const now = this.#now();
    await this.#release(now);
    const day = this.#options.dayOf(now);
    // Only forward: a clock set back does not reopen yesterday as "today".
    if (day <= this.#clockDay) return false;
    this.#clockDay = day;
    if (day <= this.#current.day) return false;
    const next = await SeatStore.open({...this.#options, day});
    if (this.#closed) {
      await next.close();
      return false;
    }
    const previous = this.#current;
    this.#current = next;
    const entry: Previous = {store: previous, until: now + (this.#options.keepPreviousMs ?? 2 * 3600_000), off: () => {}};
    // Closed as soon as both hold: nothing pending and the grace period over.
    // (Deferred: the store is not closed from inside its own listener.)
    entry.off = previous.onSyncState(() => queueMicrotask(() => void this.#release(this.#now()).catch(() => undefined)));
    this.#previous.set(previous.day, entry);
    for (const fn of this.#listeners) fn(day, previous.day);
    return true;
  }

  /** Close the previous days that are done. */
  async #release(now: number): Promise<void> {
    for (const [day, p] of this.#previous) {
      if (now < p.until || hasPending(p.store)) continue;
      this.#previous.delete(day);
      p.off();
      await p.store.close();
    }
  }
}

function hasPending(store: SeatStore): boolean {
  const state = store.syncState();
  return state.kind !== 'synced' && state.edits > 0;
}
