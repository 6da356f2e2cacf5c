// LeadDays: the lead console's link follows the center's day. The floor's documents are per
// day, so at midnight the console opens the new day's (and, at a month's end, the new month's
// lead documents). The lead's own edits live in memory until the hub has them on disk, so the
// switch waits until nothing is unsaved; the clock is injected so a test crosses midnight at once.
import type {LeadLink} from './lead-link.ts';

export type LeadDay = {readonly day: string; readonly link: LeadLink; close(): void};

export type LeadDaysOptions = {
  /** Opens the console's link (and what hangs on it) for a day. */
  readonly open: (day: string) => LeadDay;
  /** The center's day (yyyy-mm-dd) of an epoch ms. */
  readonly dayOf: (epochMs: number) => string;
  readonly clock: () => number;
  /** How often the clock is looked at (default 15 s); 0: only when `check()` is called. */
  readonly checkEveryMs?: number;
};

export class LeadDays {
  readonly #options: LeadDaysOptions;
  #current: LeadDay;
  readonly #listeners = new Set<() => void>();
  readonly #timer: NodeJS.Timeout | undefined;

  constructor(options: LeadDaysOptions) {
    this.#options = options;
    this.#current = options.open(options.dayOf(options.clock()));
    const every = options.checkEveryMs ?? 15_000;
    if (every > 0) {
      this.#timer = setInterval(() => this.check(), every);
      this.#timer.unref();
    }
  }

  get current(): LeadDay {
    return this.#current;
  }

  onChange(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Past midnight and nothing unsaved: move to the new day. True if it did. */
  check(): boolean {
    const day = this.#options.dayOf(this.#options.clock());
    if (day <= this.#current.day || this.#current.link.status().unsaved > 0) return false;
    const previous = this.#current;
    this.#current = this.#options.open(day);
    for (const fn of this.#listeners) fn();
    previous.close();
    return true;
  }

  close(): void {
    clearInterval(this.#timer);
    this.#listeners.clear();
    this.#current.close();
  }
}
