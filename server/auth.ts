// Who is on the other end of a hub connection (/control, /sync): agent id + PIN, checked once
// per PIN against the config's scrypt hash and then cached, or a token the server issued
// (the SSH gateway's lead sessions, in-process clients).
import crypto from 'node:crypto';
import {verifyPin, type ZuoxiConfig} from '../src/config.ts';
import type {Authenticator, Identity, Role} from '../src/sip/control-ports.ts';
import {AuthThrottle, agentKey, sourceKey, type ThrottleOptions} from './auth-throttle.ts';

export type {Identity, Role};

type AgentEntry = ZuoxiConfig['agents'][number];

export type PinCheck = {
  /** A read-only view (the wallboard), which any lead may have. */
  readonly asSupervisor?: boolean;
  /** The peer's address: failures are throttled per source as well as per agent. */
  readonly source?: string;
  /** Which door was knocked on (`control`, `sync`, `export`), for the log. */
  readonly via?: string;
};

export type PinRefusal = 'locked' | 'busy' | 'wrong-pin' | 'unknown-agent' | 'malformed-pin' | 'not-a-lead';

export type PinOutcome =
  | {readonly ok: true; readonly identity: Identity}
  | {readonly ok: false; readonly reason: PinRefusal; readonly retryAfterMs?: number};

/** A security log line: JSON at warn, for fail2ban or a SIEM (issue 15). */
export type AuthEvent = {readonly level: 'warn'; readonly msg: string; readonly via?: string; readonly source?: string; readonly agent: string; readonly reason: PinRefusal; readonly retryAfterMs?: number};

export type AuthOptions = {
  readonly throttle?: ThrottleOptions;
  readonly log?: (event: AuthEvent) => void;
  /** Clock for the throttle (tests). */
  readonly now?: () => number;
};

const defaultLog = (event: AuthEvent) => console.warn(JSON.stringify({at: new Date().toISOString(), ...event}));

const cacheKey = (agentId: string, pin: string) => `${agentId}\0${crypto.createHash('sha256').update(pin).digest('base64')}`;

/** `asSupervisor` asks for a read-only view (the wallboard), which any lead may have. */
function identityOf(agent: AgentEntry, options: {asSupervisor?: boolean}): Identity | undefined {
  if (options.asSupervisor) return agent.role === 'lead' ? {agent: agent.id, name: agent.name, team: agent.team, role: 'supervisor'} : undefined;
  return {agent: agent.id, name: agent.name, team: agent.team, role: agent.role};
}

/** verifyPin (src/config.ts) on the thread pool: the same `scrypt:N:salt:hash` format. */
function verifyPinAsync(pin: string, pinHash: string): Promise<boolean> {
  const [kind, cost, salt, hash] = pinHash.split(':');
  if (kind !== 'scrypt' || !cost || !salt || !hash) return Promise.resolve(false);
  const expected = Buffer.from(hash, 'base64');
  return new Promise(resolve => {
    crypto.scrypt(pin, Buffer.from(salt, 'base64'), expected.length, {N: Number(cost)}, (error, actual) => {
      resolve(!error && actual.length === expected.length && crypto.timingSafeEqual(expected, actual));
    });
  });
}

export class Auth implements Authenticator {
  readonly #agents: Map<string, AgentEntry>;
  /** Keys of agent+PIN pairs that passed. Failures are not kept: a guesser pays a full scrypt each try and cannot grow this. */
  readonly #verified = new Set<string>();
  readonly #pending = new Map<string, Promise<boolean>>();
  readonly #tokens = new Map<string, Identity>();
  readonly #throttle: AuthThrottle;
  readonly #log: (event: AuthEvent) => void;
  readonly #now: () => number;

  constructor(config: ZuoxiConfig, options: AuthOptions = {}) {
    this.#agents = new Map(config.agents.map(a => [a.id, a]));
    this.#throttle = new AuthThrottle(options.throttle);
    this.#log = options.log ?? defaultLog;
    this.#now = options.now ?? Date.now;
  }

  /** Identity for agent + PIN, or undefined. Throttled and logged like `checkPin`, but blocking (the export command). */
  verify(agentId: string, pin: string, options: PinCheck = {}): Identity | undefined {
    const outcome = this.#check(agentId, pin, options, (agent, key) => this.#verified.has(key) || verifyPin(pin, agent.pinHash)) as PinOutcome;
    return outcome.ok ? outcome.identity : undefined;
  }

  /** `checkPin`'s identity, or undefined. */
  async verifyAsync(agentId: string, pin: string, options: PinCheck = {}): Promise<Identity | undefined> {
    const outcome = await this.checkPin(agentId, pin, options);
    return outcome.ok ? outcome.identity : undefined;
  }

  /**
   * Agent + PIN without blocking the event loop: scrypt (≈50 ms at N=16384) runs on libuv's
   * thread pool, so 50 seats signing in at once do not stall SIP and every other socket.
   * Failures lock the agent and the source out for a growing time (auth-throttle.ts); each
   * refusal is logged. Identical checks in flight share one scrypt.
   */
  async checkPin(agentId: string, pin: string, options: PinCheck = {}): Promise<PinOutcome> {
    // The same agent + PIN already being checked is the same guess: wait for its answer.
    const key = typeof agentId === 'string' && typeof pin === 'string' ? cacheKey(agentId, pin) : undefined;
    const joined = key === undefined ? undefined : this.#pending.get(key);
    if (joined) {
      const agent = this.#agents.get(agentId)!;
      const identity = (await joined.catch(() => false)) ? identityOf(agent, options) : undefined;
      return identity ? {ok: true, identity} : {ok: false, reason: 'wrong-pin'};
    }
    return this.#check(agentId, pin, options, (agent, k) => {
      if (this.#verified.has(k)) return true;
      const pending = verifyPinAsync(pin, agent.pinHash).finally(() => this.#pending.delete(k));
      this.#pending.set(k, pending);
      return pending;
    });
  }

  /** The throttle around one PIN check; `test` is verifyPin, blocking or on the thread pool. */
  #check(agentId: string, pin: string, options: PinCheck, test: (agent: AgentEntry, key: string) => boolean | Promise<boolean>): PinOutcome | Promise<PinOutcome> {
    const agent = typeof agentId === 'string' ? this.#agents.get(agentId) : undefined;
    const source = sourceKey(options.source);
    // Unknown ids get no key of their own: a guesser must not grow the table with invented names.
    const mine = agent ? [agentKey(agent.id)] : [];
    const keys = [...mine, ...(source ? [source] : [])];
    const refuse = (reason: PinRefusal, retryAfterMs?: number): PinOutcome => {
      const retry = retryAfterMs === undefined ? {} : {retryAfterMs};
      this.#log({
        level: 'warn', msg: 'sign-in refused', ...(options.via ? {via: options.via} : {}), ...(options.source ? {source: options.source} : {}),
        agent: String(agentId).slice(0, 64), reason, ...retry,
      });
      return {ok: false, reason, ...retry};
    };
    const verdict = this.#throttle.begin(keys, this.#now(), mine);
    if (!verdict.allowed) return refuse(verdict.busy ? 'busy' : 'locked', verdict.busy ? undefined : verdict.retryAfterMs);
    const fail = (reason: PinRefusal) => {
      this.#throttle.failed(keys, this.#now());
      return refuse(reason);
    };
    if (!agent) return fail('unknown-agent');
    if (typeof pin !== 'string' || pin.length === 0 || pin.length > 64) return fail('malformed-pin');
    const key = cacheKey(agent.id, pin);
    const settle = (ok: boolean): PinOutcome => {
      if (!ok) return fail('wrong-pin');
      this.#verified.add(key);
      // A right PIN clears the agent's count; the source keeps its record.
      this.#throttle.succeeded(keys, mine, this.#now());
      const identity = identityOf(agent, options);
      return identity ? {ok: true, identity} : refuse('not-a-lead');
    };
    let ok: boolean | Promise<boolean>;
    try {
      ok = test(agent, key);
    } catch (error) {
      this.#throttle.succeeded(keys, [], this.#now());
      throw error;
    }
    return typeof ok === 'boolean' ? settle(ok) : ok.then(settle, () => fail('wrong-pin'));
  }

  /** scrypt runs started by verifyAsync and not finished yet (tests, diagnostics). */
  pendingChecks(): number {
    return this.#pending.size;
  }

  /** A bearer token for an identity vouched for by the server itself (SSH gateway, in-process tools). */
  issueToken(identity: Identity): string {
    const token = crypto.randomBytes(24).toString('base64url');
    this.#tokens.set(token, identity);
    return token;
  }

  resolveToken(token: string): Identity | undefined {
    return this.#tokens.get(token);
  }

  revokeToken(token: string): void {
    this.#tokens.delete(token);
  }
}
