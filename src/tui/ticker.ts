// Time for the seat's screens: "now" and a periodic tick, injectable so tests step time by hand.

export type Ticker = {
  now(): number;
  /** Call `fn` every `ms`; returns the cancel function. */
  every(ms: number, fn: () => void): () => void;
};

export const realTicker: Ticker = {
  now: () => Date.now(),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    return () => clearInterval(timer);
  },
};

/** A hand-stepped clock: `advance(ms)` moves time and fires the ticks that fall due. */
export class ManualTicker implements Ticker {
  #now: number;
  readonly #jobs = new Set<{ms: number; next: number; fn: () => void}>();

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  every(ms: number, fn: () => void): () => void {
    const job = {ms, next: this.#now + ms, fn};
    this.#jobs.add(job);
    return () => this.#jobs.delete(job);
  }

  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let due: {ms: number; next: number; fn: () => void} | undefined;
      for (const job of this.#jobs) if (job.next <= end && (!due || job.next < due.next)) due = job;
      if (!due) break;
      this.#now = due.next;
      due.next += due.ms;
      due.fn();
    }
    this.#now = end;
  }
}
