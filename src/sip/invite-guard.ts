// New INVITEs from sources that are not the center's own phones, as Kamailio's pike and a
// trunk allow-list treat them: a token bucket per source address (a flood is told 503 with
// Retry-After rather than filling the queues and the call log), and, when the center names its
// trunks, calls into queues from anywhere else refused with 403. A refusal is a JSON line at warn
// with source and reason — once per source while it stays over the rate, so a flood does not
// flood the log too.
import {BlockList, isIPv6} from 'node:net';
import type Srf from 'drachtio-srf';
import type {RegistrarLimits} from '../rules/limits-config.ts';

export type InviteLimits = Pick<RegistrarLimits, 'invitesPerSecondPerSource' | 'inviteBurstPerSource' | 'trunkSources'>;

export type InviteVerdict =
  | {readonly ok: true}
  | {readonly ok: false; readonly status: 503; readonly reason: 'rate'; readonly retryAfterSeconds: number}
  | {readonly ok: false; readonly status: 403; readonly reason: 'not-a-trunk'};

type Bucket = {tokens: number; at: number; refusing: boolean; refused: number};

/** Buckets kept at most; past it, full ones (sources that have gone quiet) are dropped first. */
const MAX_BUCKETS = 50_000;

export class InviteGuard {
  readonly #limits: InviteLimits;
  readonly #log: (entry: Record<string, unknown>) => void;
  readonly #buckets = new Map<string, Bucket>();
  readonly #trunks: BlockList | undefined;
  /** INVITEs refused so far, by reason (metrics). */
  readonly refused = {rate: 0, source: 0};

  constructor(limits: InviteLimits, log: (entry: Record<string, unknown>) => void) {
    this.#limits = limits;
    this.#log = log;
    if (limits.trunkSources.length > 0) {
      const list = new BlockList();
      for (const entry of limits.trunkSources) {
        const [address = '', bits] = entry.split('/');
        const type = isIPv6(address) ? 'ipv6' : 'ipv4';
        if (bits === undefined) list.addAddress(address, type);
        else list.addSubnet(address, Number(bits), type);
      }
      this.#trunks = list;
    }
  }

  /** Let a new INVITE on (true), or answer it with its refusal (503 + Retry-After, or 403). */
  admit(req: Srf.SrfRequest, res: Srf.SrfResponse, toQueue: boolean, registered: (address: string) => boolean, now: number): boolean {
    const address = String(req.source_address);
    const verdict = this.check(address, toQueue, () => registered(address), now);
    if (verdict.ok) return true;
    if (verdict.status === 503) res.send(503, 'Service Unavailable', {headers: {'Retry-After': String(verdict.retryAfterSeconds), 'Warning': '399 zuoxi "too many calls from this address"'}});
    else res.send(403, 'Forbidden', {headers: {'Warning': '399 zuoxi "calls are taken from the center\'s trunks only"'}});
    return false;
  }

  /**
   * Whether a new INVITE from `address` may go on. `registered`: the address holds a live phone
   * binding (agents' phones are the center's own and never limited); asked only when it matters.
   */
  check(address: string, toQueue: boolean, registered: () => boolean, now: number): InviteVerdict {
    const bucket = this.#refill(address, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      if (bucket.refusing) {
        this.#log({level: 'info', msg: 'SIP INVITE rate back under the limit', source: address, refused: bucket.refused});
        bucket.refusing = false;
        bucket.refused = 0;
      }
    } else if (!registered()) {
      this.refused.rate++;
      bucket.refused++;
      const perSecond = this.#limits.invitesPerSecondPerSource;
      if (!bucket.refusing) {
        bucket.refusing = true;
        this.#log({level: 'warn', msg: 'SIP INVITE refused', source: address, agent: null, reason: `over ${perSecond} INVITEs/s (burst ${this.#limits.inviteBurstPerSource})`, status: 503});
      }
      return {ok: false, status: 503, reason: 'rate', retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond))};
    }
    if (toQueue && this.#trunks && !this.#trunks.check(address, isIPv6(address) ? 'ipv6' : 'ipv4') && !registered()) {
      this.refused.source++;
      this.#log({level: 'warn', msg: 'SIP INVITE refused', source: address, agent: null, reason: 'not a trunk source (registrar.trunkSources)', status: 403});
      return {ok: false, status: 403, reason: 'not-a-trunk'};
    }
    return {ok: true};
  }

  /** `address`'s bucket, refilled to `now`. */
  #refill(address: string, now: number): Bucket {
    const {invitesPerSecondPerSource: rate, inviteBurstPerSource: burst} = this.#limits;
    let bucket = this.#buckets.get(address);
    if (!bucket) {
      if (this.#buckets.size >= MAX_BUCKETS) this.#prune(now);
      bucket = {tokens: burst, at: now, refusing: false, refused: 0};
      this.#buckets.set(address, bucket);
    }
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * rate);
    bucket.at = now;
    return bucket;
  }

  #prune(now: number): void {
    const {invitesPerSecondPerSource: rate, inviteBurstPerSource: burst} = this.#limits;
    for (const [key, b] of this.#buckets) {
      if (b.tokens + ((now - b.at) / 1000) * rate >= burst) this.#buckets.delete(key);
    }
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size < MAX_BUCKETS) break;
      this.#buckets.delete(key);
    }
  }
}
