// REGISTER as the switch answers it: throttling of failed authentications (auth-throttle.ts),
// digest authentication against the phone's HA1 in the config with single-use nonce counts
// (digest.ts), then the bindings in the Registrar (registrar.ts), whose expiries a sweep timer
// keeps. Whatever failed, the phone is told the same thing (no enumeration of extensions); the
// log says what it was.
import Srf from 'drachtio-srf';
import type {PolicyConfig} from '../rules/config.ts';
import {AuthThrottle} from './auth-throttle.ts';
import {DigestAuth} from './digest.ts';
import {hostOf, type Registrar} from './registrar.ts';

export type RegisterOptions = {
  readonly realm: string;
  readonly registrar: Registrar;
  readonly limits: PolicyConfig['registrar'];
  /** The stored HA1 of a phone user, or undefined for a user the center does not have. */
  readonly ha1Of: (user: string) => string | undefined;
  readonly now: () => number;
  readonly log: (entry: Record<string, unknown>) => void;
};

/** Longest binding a phone is granted, whatever it asks for (seconds). */
const MAX_EXPIRES = 7200;
const DEFAULT_EXPIRES = 3600;
/** A Contact URI longer than this is no phone's. */
const MAX_CONTACT_URI_BYTES = 400;
/** The one Warning for every refused credential: unknown user, wrong password, banned, foreign nonce. */
const REFUSED = '399 zuoxi "authentication failed"';

export class RegisterHandler {
  readonly #options: RegisterOptions;
  readonly #digest: DigestAuth;
  readonly #throttle: AuthThrottle;
  #sweepTimer?: NodeJS.Timeout;
  #closed = false;

  constructor(options: RegisterOptions) {
    this.#options = options;
    this.#digest = new DigestAuth(options.realm, options.limits.nonceTtlSeconds * 1000);
    this.#throttle = new AuthThrottle(options.limits, options.log);
  }

  /** Keep expiring bindings swept (after loading saved ones, and after every change). */
  start(): void {
    this.#scheduleSweep();
  }

  handle(req: Srf.SrfRequest, res: Srf.SrfResponse): void {
    const {registrar, ha1Of} = this.#options;
    const now = this.#options.now();
    const to = req.getParsedHeader('To');
    const user = Srf.parseUri(to.uri)?.user;
    const address = String(req.source_address);
    const source = `${address}:${req.source_port}`;
    // A banned source (or user, from a source that is not one of its phones) is not checked at
    // all: no answer it gets can tell a right guess from a wrong one.
    // Without credentials it gets the usual challenge, so a ban looks like any wrong password.
    const header = req.get('Authorization') || undefined;
    const trusted = user !== undefined && registrar.contacts(user, now).some(b => b.source !== undefined && hostOf(b.source) === address);
    if (header && this.#throttle.banned(address, user, now, trusted)) {
      res.send(403, 'Forbidden', {headers: {'Warning': REFUSED}});
      return;
    }
    const auth = this.#digest.verify(header, 'REGISTER', ha1Of, now, user);
    if (!auth.ok) {
      if (auth.failure) this.#throttle.failed(address, auth.user ?? user, auth.reason, now);
      if (auth.status === 401) {
        res.send(401, {headers: {'WWW-Authenticate': this.#digest.challenge(now, auth.stale)}});
      } else {
        res.send(403, 'Forbidden', {headers: {'Warning': auth.failure === 'malformed' ? `399 zuoxi "${auth.reason}"` : REFUSED}});
      }
      return;
    }
    if (!user || !ha1Of(user)) {
      res.send(404, 'Not Found', {});
      return;
    }
    const headerExpires = req.has('Expires') ? Number.parseInt(req.get('Expires'), 10) : DEFAULT_EXPIRES;
    const rawContact = req.get('Contact');
    if (!rawContact) {
      // A query: answer with the current bindings.
      res.send(200, {headers: this.#contactHeaders(user, now)});
      return;
    }
    if (rawContact.trim() === '*') {
      if (headerExpires !== 0) {
        res.send(400, 'Contact * needs Expires: 0', {});
        return;
      }
      registrar.removeAll(user, now);
      res.send(200);
      return;
    }
    const contacts = req.getParsedHeader('Contact');
    if (contacts.some(c => Buffer.byteLength(String(c.uri)) > MAX_CONTACT_URI_BYTES)) {
      res.send(400, 'Contact Too Long', {headers: {'Warning': `399 zuoxi "a Contact URI may have at most ${MAX_CONTACT_URI_BYTES} bytes"`}});
      return;
    }
    for (const c of contacts) {
      const param = c.params?.expires;
      let expires = param !== undefined ? Number.parseInt(String(param), 10) : headerExpires;
      if (!Number.isFinite(expires) || expires < 0) expires = DEFAULT_EXPIRES;
      expires = Math.min(expires, MAX_EXPIRES);
      registrar.update(user, c.uri, expires, now, {source, transport: req.protocol});
    }
    this.#scheduleSweep();
    res.send(200, {headers: this.#contactHeaders(user, now)});
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#sweepTimer);
  }

  #contactHeaders(user: string, now: number): Record<string, string> {
    const contact = this.#options.registrar.contactHeader(user, now);
    return contact === undefined ? {} : {Contact: contact};
  }

  #scheduleSweep(): void {
    if (this.#closed) return;
    const {registrar, now} = this.#options;
    clearTimeout(this.#sweepTimer);
    const next = registrar.nextExpiry();
    if (next === undefined) return;
    this.#sweepTimer = setTimeout(() => {
      registrar.sweep(now());
      this.#scheduleSweep();
    }, Math.min(Math.max(0, next - now()) + 5, 2 ** 31 - 1));
    this.#sweepTimer.unref();
  }
}

