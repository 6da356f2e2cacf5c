// Who is on the other end of a hub connection (/control, /sync): agent id + PIN, checked once
// per PIN against the config's scrypt hash and then cached, or a token the server issued
// (the SSH gateway's lead sessions, in-process clients).
import crypto from 'node:crypto';
import {verifyPin, type ZuoxiConfig} from '../src/config.ts';
import type {Authenticator, Identity, Role} from '../src/sip/control-ports.ts';

export type {Identity, Role};

type AgentEntry = ZuoxiConfig['agents'][number];

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

  constructor(config: ZuoxiConfig) {
    this.#agents = new Map(config.agents.map(a => [a.id, a]));
  }

  /**
   * Identity for agent + PIN, or undefined. `asSupervisor` asks for a read-only view
   * (the wallboard), which any lead may have.
   */
  verify(agentId: string, pin: string, options: {asSupervisor?: boolean} = {}): Identity | undefined {
    const agent = this.#agents.get(agentId);
    if (!agent || typeof pin !== 'string' || pin.length === 0 || pin.length > 64) return undefined;
    const key = cacheKey(agentId, pin);
    const ok = this.#verified.has(key) || verifyPin(pin, agent.pinHash);
    if (ok) this.#verified.add(key);
    return ok ? identityOf(agent, options) : undefined;
  }

  /**
   * `verify` without blocking the event loop: scrypt (≈50 ms at N=16384) runs on libuv's thread
   * pool, so 50 seats signing in at once do not stall SIP and every other socket. Same cache as
   * `verify`; identical checks in flight share one scrypt.
   */
  async verifyAsync(agentId: string, pin: string, options: {asSupervisor?: boolean} = {}): Promise<Identity | undefined> {
    const agent = this.#agents.get(agentId);
    if (!agent || typeof pin !== 'string' || pin.length === 0 || pin.length > 64) return undefined;
    const key = cacheKey(agentId, pin);
    let ok = this.#verified.has(key);
    if (!ok) {
      let pending = this.#pending.get(key);
      if (!pending) {
        pending = verifyPinAsync(pin, agent.pinHash).finally(() => this.#pending.delete(key));
        this.#pending.set(key, pending);
      }
      ok = await pending;
      if (ok) this.#verified.add(key);
    }
    return ok ? identityOf(agent, options) : undefined;
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
