// What the control channel (control.ts) needs from the center that hosts it, as ports: who a
// client is (server/auth.ts implements Authenticator) and where WebSocket upgrades arrive
// (server/http.ts's HubServer implements UpgradeRouter). src/sip depends on these, never on server/.
import type http from 'node:http';
import type {Duplex} from 'node:stream';

export type Role = 'agent' | 'lead' | 'supervisor';

export type Identity = {
  readonly agent: string;
  readonly name: string;
  readonly team: string;
  /** agent: writes its team's records; lead: read-only on the floor, writes QA/roster/ledger; supervisor: read-only. */
  readonly role: Role;
};

export type Authenticator = {
  /** Identity for agent + PIN, or undefined; `asSupervisor` asks for the read-only (wallboard) view. */
  verifyAsync(agentId: string, pin: string, options?: {asSupervisor?: boolean}): Promise<Identity | undefined>;
  /** Identity behind a token the server issued, or undefined. */
  resolveToken(token: string): Identity | undefined;
};

export type UpgradeHandler = (request: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

export type UpgradeRouter = {
  /** Route WebSocket upgrades whose path is `prefix` or below it. */
  upgrade(prefix: string, handler: UpgradeHandler): void;
};
