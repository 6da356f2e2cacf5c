// Failed sign-in throttling for PINs (/control, /sync, export): per agent and per source
// address, with exponential back-off, in the spirit of fail2ban and OpenSSH's penalties. A
// 4-digit PIN is 10,000 guesses; unthrottled scrypt checks run at ~20/s, so a PIN fell in
// minutes (issue 15). Here, after `freeFailures` failures a key is locked for `baseDelayMs`,
// doubling with every further failure up to `maxDelayMs`, so after ten failures an attacker
// gets well under one guess a second — whatever the number of connections it opens.
//
// An agent's PIN is checked once at a time, so guesses sent in parallel are throttled as well as
// serial ones (a source may sign in many seats at once). While a key is locked the PIN is not
// even checked: a right PIN during the lock is refused like a wrong one, so the lock is not an
// oracle. A success clears the agent's count but not the source's: an agent who knows their own
// PIN must not be able to wipe the record of guessing a colleague's.
//
// Pure logic: time is a parameter, nothing here reads a clock or does I/O.

export type ThrottleOptions = {
  /** Failures a key may have before it is locked (default 3: the seat's own "3 tries"). */
  readonly freeFailures?: number;
  /** First lock (default 1 s), doubled with every further failure. */
  readonly baseDelayMs?: number;
  /** Longest lock (default 15 min). */
  readonly maxDelayMs?: number;
  /** A key with no failure for this long starts again from zero (default 30 min). */
  readonly forgetAfterMs?: number;
  /** Keys remembered at most; the least recently failed are forgotten first (default 10,000). */
  readonly maxKeys?: number;
};

type Entry = {failures: number; lastFailure: number; lockedUntil: number; busy: boolean};

export type ThrottleVerdict =
  | {readonly allowed: true}
  | {readonly allowed: false; readonly key: string; readonly retryAfterMs: number; readonly busy: boolean};

export class AuthThrottle {
  readonly #free: number;
  readonly #base: number;
  readonly #max: number;
  readonly #forget: number;
  readonly #maxKeys: number;
  /** In insertion order = least recently failed first (re-inserted on every failure). */
  readonly #entries = new Map<string, Entry>();

  constructor(options: ThrottleOptions = {}) {
    this.#free = positiveInt(options.freeFailures ?? 3, 'freeFailures');
    this.#base = positiveInt(options.baseDelayMs ?? 1000, 'baseDelayMs');
    this.#max = positiveInt(options.maxDelayMs ?? 15 * 60_000, 'maxDelayMs');
    this.#forget = positiveInt(options.forgetAfterMs ?? 30 * 60_000, 'forgetAfterMs');
    this.#maxKeys = positiveInt(options.maxKeys ?? 10_000, 'maxKeys');
  }

  /**
   * Whether an attempt under all of `keys` may be checked now. `exclusive` keys (an agent) take
   * one check at a time: guesses sent in parallel wait their turn like serial ones, whereas a
   * source (an office behind one address, a load test) may sign many seats in at once. Every
   * allowed attempt must be settled with `failed` or `succeeded`.
   */
  begin(keys: readonly string[], now: number, exclusive: readonly string[] = []): ThrottleVerdict {
    let worst: {key: string; retryAfterMs: number; busy: boolean} | undefined;
    for (const key of keys) {
      const entry = this.#current(key, now);
      if (!entry) continue;
      if (entry.lockedUntil > now && (!worst || entry.lockedUntil - now > worst.retryAfterMs)) worst = {key, retryAfterMs: entry.lockedUntil - now, busy: false};
      else if (!worst && entry.busy && exclusive.includes(key)) worst = {key, retryAfterMs: 0, busy: true};
    }
    if (worst) return {allowed: false, ...worst};
    for (const key of exclusive) this.#entry(key, now).busy = true;
    return {allowed: true};
  }

  /** The attempt begun under `keys` was wrong. */
  failed(keys: readonly string[], now: number): void {
    for (const key of keys) {
      const entry = this.#entry(key, now);
      entry.busy = false;
      entry.failures++;
      entry.lastFailure = now;
      if (entry.failures > this.#free) entry.lockedUntil = now + this.#delay(entry.failures);
      // Most recently failed last: the first to be forgotten when the table is full.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    while (this.#entries.size > this.#maxKeys) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** The attempt begun under `keys` was right: `clear` keys start again from zero, the others keep their record. */
  succeeded(keys: readonly string[], clear: readonly string[], now: number): void {
    for (const key of keys) {
      const entry = this.#current(key, now);
      if (!entry) continue;
      entry.busy = false;
      if (clear.includes(key) || entry.failures === 0) this.#entries.delete(key);
    }
  }

  /** Failures counted for `key` (0 once forgotten). */
  failures(key: string, now: number): number {
    return this.#current(key, now)?.failures ?? 0;
  }

  /** Keys currently remembered (diagnostics, tests). */
  get size(): number {
    return this.#entries.size;
  }

  #current(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && !entry.busy && now - Math.max(entry.lastFailure, entry.lockedUntil) >= this.#forget) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #entry(key: string, now: number): Entry {
    let entry = this.#current(key, now);
    if (!entry) this.#entries.set(key, (entry = {failures: 0, lastFailure: now, lockedUntil: 0, busy: false}));
    return entry;
  }

  #delay(failures: number): number {
    const doublings = Math.min(failures - this.#free - 1, 40);
    return Math.min(this.#max, this.#base * 2 ** doublings);
  }
}

function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new TypeError(`AuthThrottle: ${name} must be a positive integer, got ${value}`);
  return value;
}

/** One key per source address: IPv4-mapped IPv6 addresses count as their IPv4 address. */
export function sourceKey(address: string | undefined): string | undefined {
  if (!address) return undefined;
  return `source:${address.startsWith('::ffff:') ? address.slice(7) : address}`;
}

export function agentKey(agent: string): string {
  return `agent:${agent}`;
}
