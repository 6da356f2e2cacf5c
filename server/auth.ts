// Who is on the other end of a hub connection (/control, /sync): agent id + PIN, checked once
// per PIN against the config's scrypt hash and then cached, or a token the server issued
// (the SSH gateway's lead sessions, in-process clients).
import crypto from 'node:crypto';
import {verifyPin, type ZuoxiConfig} from '../src/config.ts';

export type Role = 'agent' | 'lead' | 'supervisor';

export type Identity = {
  readonly agent: string;
  readonly name: string;
  readonly team: string;
  /** agent: writes its team's records; lead: read-only on the floor, writes QA/roster/ledger; supervisor: read-only. */
  readonly role: Role;
};

export class Auth {
  readonly #agents: Map<string, ZuoxiConfig['agents'][number]>;
  readonly #verified = new Map<string, boolean>();
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
    const key = `${agentId}\0${crypto.createHash('sha256').update(pin).digest('base64')}`;
    let ok = this.#verified.get(key);
    if (ok === undefined) {
      ok = verifyPin(pin, agent.pinHash);
      this.#verified.set(key, ok);
    }
    if (!ok) return undefined;
    if (options.asSupervisor) {
      return agent.role === 'lead' ? {agent: agent.id, name: agent.name, team: agent.team, role: 'supervisor'} : undefined;
    }
    return {agent: agent.id, name: agent.name, team: agent.team, role: agent.role};
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
