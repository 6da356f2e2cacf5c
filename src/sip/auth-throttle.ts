// Failed-authentication throttling for the registrar, in the spirit of Kamailio's pike and
// fail2ban: failures are counted per source address and per user within a window; past the
// limit the source (or the user) is banned until the ban expires, and nothing it sends is
// checked meanwhile — so a guesser gets no answer that could be right. A per-user ban does not
// lock out a source that holds a live binding of that user (the real phone keeps registering).
// Every failure and every ban is a JSON log line at warn with source, user and reason.
import type {PolicyConfig} from '../rules/config.ts';

export type ThrottleLimits = PolicyConfig['registrar'];

type Counter = {count: number; windowStart: number; bannedUntil?: number};

/** Counters kept at most per kind; past it, those with nothing left to say are dropped first. */
const MAX_COUNTERS = 50_000;

export class AuthThrottle {
  readonly #limits: ThrottleLimits;
  readonly #log: (entry: Record<string, unknown>) => void;
  readonly #sources = new Map<string, Counter>();
  readonly #users = new Map<string, Counter>();

  constructor(limits: ThrottleLimits, log: (entry: Record<string, unknown>) => void) {
    this.#limits = limits;
    this.#log = log;
  }

  /**
   * Why a request from `address` for `user` is refused without checking it, or undefined.
   * `trusted`: the address holds a live binding of `user`.
   */
  banned(address: string, user: string | undefined, now: number, trusted: boolean): string | undefined {
    if (this.#active(this.#sources.get(address), now)) return 'source banned';
    if (user !== undefined && !trusted && this.#active(this.#users.get(user), now)) return 'user banned';
    return undefined;
  }

  /** A failed authentication from `address` (for `user`, when it named one). */
  failed(address: string, user: string | undefined, reason: string, now: number): void {
    this.#log({level: 'warn', msg: 'SIP authentication failed', source: address, user: user ?? null, reason});
    const sourceBan = this.#count(this.#sources, address, this.#limits.failuresPerSource, now);
    if (sourceBan !== undefined) this.#log({level: 'warn', msg: 'SIP source banned', source: address, user: user ?? null, reason: `${sourceBan} failed authentications`, until: new Date(now + this.#limits.banSeconds * 1000).toISOString()});
    if (user === undefined) return;
    const userBan = this.#count(this.#users, user, this.#limits.failuresPerUser, now);
    if (userBan !== undefined) this.#log({level: 'warn', msg: 'SIP user banned', source: address, user, reason: `${userBan} failed authentications`, until: new Date(now + this.#limits.banSeconds * 1000).toISOString()});
  }

  #active(counter: Counter | undefined, now: number): boolean {
    return counter?.bannedUntil !== undefined && now < counter.bannedUntil;
  }

  /** Count one failure; the failure count when this one starts a ban, else undefined. */
  #count(map: Map<string, Counter>, key: string, limit: number, now: number): number | undefined {
    const windowMs = this.#limits.failureWindowSeconds * 1000;
    let counter = map.get(key);
    if (!counter || now - counter.windowStart > windowMs) {
      if (!counter && map.size >= MAX_COUNTERS) this.#prune(map, now);
      counter = {count: 0, windowStart: now, ...(counter?.bannedUntil === undefined ? {} : {bannedUntil: counter.bannedUntil})};
      map.set(key, counter);
    }
    counter.count++;
    if (counter.count < limit || this.#active(counter, now)) return undefined;
    counter.bannedUntil = now + this.#limits.banSeconds * 1000;
    const failures = counter.count;
    // The next window starts after the ban: one more run of failures, one more ban.
    counter.count = 0;
    counter.windowStart = counter.bannedUntil;
    return failures;
  }

  #prune(map: Map<string, Counter>, now: number): void {
    const windowMs = this.#limits.failureWindowSeconds * 1000;
    for (const [key, c] of map) {
      if (!this.#active(c, now) && now - c.windowStart > windowMs) map.delete(key);
    }
    // Still full of live counters: forget the oldest rather than grow without bound.
    for (const key of map.keys()) {
      if (map.size < MAX_COUNTERS) break;
      map.delete(key);
    }
  }
}
