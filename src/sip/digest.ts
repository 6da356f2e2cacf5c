// SIP digest authentication (RFC 2617/3261 §22) for REGISTER, checked against the config's HA1
// so passwords are never stored. Nonces are stateless: a timestamp signed with a per-process
// key, so a forged or replayed-after-expiry nonce is refused (stale=true asks the phone to
// retry with a fresh one).
import crypto from 'node:crypto';

export type DigestResult =
  | {ok: true; user: string}
  | {ok: false; status: 401 | 403; stale?: boolean; reason: string};

const md5 = (s: string) => crypto.createHash('md5').update(s).digest('hex');

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
    if (!p || !p.username || !p.nonce || !p.response || !p.uri) return {ok: false, status: 403, reason: 'malformed Authorization header'};
    if (p.realm !== this.realm) return {ok: false, status: 403, reason: `wrong realm "${p.realm ?? ''}"`};
    if (p.algorithm && p.algorithm.toUpperCase() !== 'MD5') return {ok: false, status: 403, reason: `unsupported algorithm ${p.algorithm}`};
    if (expectedUser !== undefined && p.username !== expectedUser) return {ok: false, status: 403, reason: `credentials of ${p.username} for ${expectedUser}`};
    const nonce = this.#checkNonce(p.nonce, now);
    if (nonce === 'bad') return {ok: false, status: 403, reason: 'nonce not issued here'};
    if (nonce === 'stale') return {ok: false, status: 401, stale: true, reason: 'nonce expired'};
    const ha1 = ha1Of(p.username);
    if (!ha1) return {ok: false, status: 403, reason: `unknown user ${p.username}`};
    const ha2 = md5(`${method}:${p.uri}`);
    let expected: string;
    if (p.qop) {
      if (p.qop !== 'auth' || !p.nc || !p.cnonce) return {ok: false, status: 403, reason: `unsupported qop ${p.qop}`};
      expected = md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`);
    } else {
      expected = md5(`${ha1}:${p.nonce}:${ha2}`);
    }
    const a = Buffer.from(expected);
    const b = Buffer.from(p.response.toLowerCase());
    if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return {ok: false, status: 403, reason: 'wrong password'};
    return {ok: true, user: p.username};
  }

  #nonce(now: number): string {
    const ts = String(now);
    const mac = crypto.createHmac('sha256', this.#key).update(ts).digest('base64url').slice(0, 22);
    return Buffer.from(`${ts}:${mac}`).toString('base64url');
  }

  #checkNonce(nonce: string, now: number): 'ok' | 'stale' | 'bad' {
    const [ts, mac] = Buffer.from(nonce, 'base64url').toString().split(':');
    if (!ts || !mac || !/^\d+$/.test(ts)) return 'bad';
    const expected = crypto.createHmac('sha256', this.#key).update(ts).digest('base64url').slice(0, 22);
    if (expected.length !== mac.length || !crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(mac))) return 'bad';
    return now - Number(ts) > this.#ttlMs ? 'stale' : 'ok';
  }
}
