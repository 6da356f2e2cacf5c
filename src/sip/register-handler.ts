// REGISTER as the switch answers it: digest authentication against the phone's HA1 in the
// config, then the bindings in the Registrar (registrar.ts), whose expiries a sweep timer keeps.
import Srf from 'drachtio-srf';
import {DigestAuth} from './digest.ts';
import type {Registrar} from './registrar.ts';

export type RegisterOptions = {
  readonly realm: string;
  readonly registrar: Registrar;
  /** The stored HA1 of a phone user, or undefined for a user the center does not have. */
  readonly ha1Of: (user: string) => string | undefined;
  readonly now: () => number;
  readonly log: (entry: Record<string, unknown>) => void;
};

/** Longest binding a phone is granted, whatever it asks for (seconds). */
const MAX_EXPIRES = 7200;
const DEFAULT_EXPIRES = 3600;

export class RegisterHandler {
  readonly #options: RegisterOptions;
  readonly #digest: DigestAuth;
  #sweepTimer?: NodeJS.Timeout;
  #closed = false;

  constructor(options: RegisterOptions) {
    this.#options = options;
    this.#digest = new DigestAuth(options.realm);
  }

  /** Keep expiring bindings swept (after loading saved ones, and after every change). */
  start(): void {
    this.#scheduleSweep();
  }

  handle(req: Srf.SrfRequest, res: Srf.SrfResponse): void {
    const {registrar, ha1Of, log} = this.#options;
    const now = this.#options.now();
    const to = req.getParsedHeader('To');
    const user = Srf.parseUri(to.uri)?.user;
    const auth = this.#digest.verify(req.get('Authorization') || undefined, 'REGISTER', ha1Of, now, user);
    if (!auth.ok) {
      log({level: 'info', msg: 'REGISTER refused', user, reason: auth.reason});
      if (auth.status === 401) res.send(401, {headers: {'WWW-Authenticate': this.#digest.challenge(now, auth.stale)}});
      else res.send(403, 'Forbidden', {headers: {'Warning': `399 zuoxi "${auth.reason}"`}});
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
    for (const c of contacts) {
      const param = c.params?.expires;
      let expires = param !== undefined ? Number.parseInt(String(param), 10) : headerExpires;
      if (!Number.isFinite(expires) || expires < 0) expires = DEFAULT_EXPIRES;
      expires = Math.min(expires, MAX_EXPIRES);
      registrar.update(user, c.uri, expires, now, {source: `${req.source_address}:${req.source_port}`, transport: req.protocol});
    }
    this.#scheduleSweep();
    res.send(200, {headers: this.#contactHeaders(user, now)});
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#sweepTimer);
  }

  #contactHeaders(user: string, now: number): Record<string, string> {
    const bindings = this.#options.registrar.contacts(user, now);
    if (bindings.length === 0) return {};
    return {Contact: bindings.map(b => `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}`).join(', ')};
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
