// SIP digest authentication (RFC 2617/3261 §22, RFC 7616) for REGISTER, checked against the
// config's HA1 so passwords are never stored. A nonce is a timestamp signed with a per-process
// key, so one we never issued is refused without any state; a nonce is good for `ttlMs`, and
// each (nonce, nc) is accepted once (RFC 7616 §3.3: nc must grow; without qop a nonce is
// single-use), so a captured Authorization cannot be replayed — not with another Contact, not
// with `Contact: *`. Only nonces that authenticated a request are remembered, until they expire.
import crypto from 'node:crypto';

export type DigestFailure = 'malformed' | 'realm' | 'algorithm' | 'qop' | 'user-mismatch' | 'bad-nonce' | 'unknown-user' | 'wrong-password' | 'replay';

export type DigestResult =
  | {ok: true; user: string}
  /** 401: challenge again (no credentials yet, an expired nonce: `stale`, or a replay). */
  | {ok: false; status: 401; stale?: boolean; user?: string; reason: string; failure?: DigestFailure}
  /** 403: refused; `reason` is for the log only — the phone is told one thing whatever it was. */
  | {ok: false; status: 403; user?: string; reason: string; failure: DigestFailure};

const md5 = (s: string) => crypto.createHash('md5').update(s).digest('hex');

/** Nonces remembered at most (each one authenticated a request; expired ones go first). */
const MAX_USED_NONCES = 100_000;

/** Parse `Digest k="v", k=v, …` into a map (keys lower-cased). */
export function parseDigest(header: string): Record<string, string> | undefined {
  const match = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!match) return undefined;
  const out: Record<string, string> = {};
  const re = /([a-zA-Z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*(?:,|$)/g;
  for (const m of match[1]!.matchAll(re)) out[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  return out;
}

export class DigestAuth {
  readonly realm: string;
  readonly #key = crypto.randomBytes(32);
  readonly #ttlMs: number;
  /** Nonce → highest nc accepted with it (0 without qop) and when it expires. */
  readonly #used = new Map<string, {nc: number; expiresAt: number}>();
  /** Compared against for an unknown user, so it costs what a known one does. */
  readonly #decoyHa1 = crypto.randomBytes(16).toString('hex');

  constructor(realm: string, ttlMs = 300_000) {
    this.realm = realm;
    this.#ttlMs = ttlMs;
  }

  /** A WWW-Authenticate value with a fresh nonce. */
  challenge(now: number, stale = false): string {
    return `Digest realm="${this.realm}", nonce="${this.#nonce(now)}", algorithm=MD5, qop="auth"${stale ? ', stale=true' : ''}`;
  }

  /**
   * Check an Authorization header for `method`. `ha1Of(user)` gives the stored HA1 or undefined
   * for an unknown user. `expectedUser`, when given, must be the digest username (the AOR's user).
   */
  verify(header: string | undefined, method: string, ha1Of: (user: string) => string | undefined, now: number, expectedUser?: string): DigestResult {
    if (!header) return {ok: false, status: 401, reason: 'no credentials'};
    const p = parseDigest(header);
    if (!p || !p.username || !p.nonce || !p.response || !p.uri) return {ok: false, status: 403, reason: 'malformed Authorization header', failure: 'malformed'};
    const user = p.username;
    const refuse = (failure: DigestFailure, reason: string): DigestResult => ({ok: false, status: 403, user, reason, failure});
    if (p.realm !== this.realm) return refuse('realm', `wrong realm "${p.realm ?? ''}"`);
    if (p.algorithm && p.algorithm.toUpperCase() !== 'MD5') return refuse('algorithm', `unsupported algorithm ${p.algorithm}`);
    if (expectedUser !== undefined && user !== expectedUser) return refuse('user-mismatch', `credentials of ${user} for ${expectedUser}`);
    const issuedAt = this.#issuedAt(p.nonce);
    if (issuedAt === undefined) return refuse('bad-nonce', 'nonce not issued here');
    // An expired nonce is challenged again before anything is checked: the phone retries with a
    // fresh one without bothering its user, and a guesser learns nothing from it.
    if (now - issuedAt > this.#ttlMs) return {ok: false, status: 401, stale: true, user, reason: 'nonce expired'};
    let nc = 0;
    if (p.qop) {
      if (p.qop !== 'auth' || !p.nc || !p.cnonce || !/^[0-9a-fA-F]{8}$/.test(p.nc)) return refuse('qop', `unsupported qop ${p.qop}`);
      nc = Number.parseInt(p.nc, 16);
    }
    const known = ha1Of(user);
    const ha1 = known ?? this.#decoyHa1;
    const ha2 = md5(`${method}:${p.uri}`);
    const expected = p.qop ? md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`) : md5(`${ha1}:${p.nonce}:${ha2}`);
    const a = Buffer.from(expected);
    const b = Buffer.from(p.response.toLowerCase());
    const match = a.length === b.length && crypto.timingSafeEqual(a, b);
    if (!known) return refuse('unknown-user', `unknown user ${user}`);
    if (!match) return refuse('wrong-password', 'wrong password');
    const used = this.#used.get(p.nonce);
    if (used && (nc === 0 || nc <= used.nc)) {
      return {ok: false, status: 401, user, reason: nc === 0 ? 'nonce already used' : `nc ${p.nc} already used with this nonce`, failure: 'replay'};
    }
    this.#remember(p.nonce, nc, issuedAt + this.#ttlMs, now);
    return {ok: true, user};
  }

  #remember(nonce: string, nc: number, expiresAt: number, now: number): void {
    if (this.#used.size >= MAX_USED_NONCES) {
      for (const [key, entry] of this.#used) if (entry.expiresAt <= now) this.#used.delete(key);
      // Still full: forget the oldest (a phone using it gets a fresh challenge, nothing worse).
      while (this.#used.size >= MAX_USED_NONCES) this.#used.delete(this.#used.keys().next().value!);
    }
    this.#used.delete(nonce);
    this.#used.set(nonce, {nc, expiresAt});
  }

  #nonce(now: number): string {
    const ts = String(now);
    // Random salt: two challenges in the same millisecond are still two nonces.
    const salt = crypto.randomBytes(6).toString('base64url');
    const mac = crypto.createHmac('sha256', this.#key).update(`${ts}:${salt}`).digest('base64url').slice(0, 22);
    return Buffer.from(`${ts}:${salt}:${mac}`).toString('base64url');
  }

  /** When we issued `nonce`, or undefined if we did not. */
  #issuedAt(nonce: string): number | undefined {
    const [ts, salt, mac, extra] = Buffer.from(nonce, 'base64url').toString().split(':');
    if (!ts || !salt || !mac || extra !== undefined || !/^\d+$/.test(ts)) return undefined;
    const expected = crypto.createHmac('sha256', this.#key).update(`${ts}:${salt}`).digest('base64url').slice(0, 22);
    if (expected.length !== mac.length || !crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(mac))) return undefined;
    return Number(ts);
  }
}
