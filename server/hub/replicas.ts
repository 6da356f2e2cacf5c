// Which agent each Yjs client id (replica) in a document belongs to. A replica is claimed by the
// first signed-in agent whose update carries content under it; from then on only that agent may
// add content under it. Otherwise an agent could set its Y.Doc's clientID to a colleague's and
// rewrite the colleague's seat entry, which calls-guard.ts can only check against the id the
// writer claims (issue 15; R-14: notes belong to whoever wrote them). Claims are kept in the
// document's update log (owner records) so a restart does not open the door again.
import * as Y from 'yjs';
import {RecordKind, type LogRecord} from '../../src/sync/update-log.ts';

type Decoded = ReturnType<typeof Y.decodeUpdate>;

/** Owner of the hub's own in-process replica (the switch's writes). */
export const HUB_OWNER = '(hub)';

export class ReplicaOwners {
  readonly #owners = new Map<number, string>();

  /** Take an owner record from the log; false when it is not one this hub could have written. */
  load(data: Uint8Array): boolean {
    try {
      const {client, agent} = JSON.parse(Buffer.from(data).toString('utf8')) as {client?: unknown; agent?: unknown};
      if (typeof client !== 'number' || !Number.isInteger(client) || typeof agent !== 'string') return false;
      this.#owners.set(client, agent);
      return true;
    } catch {
      return false;
    }
  }

  /** Reserve a replica in memory only (the hub's own document: a new client id every load). */
  reserve(client: number, owner: string): void {
    this.#owners.set(client, owner);
  }

  owner(client: number): string | undefined {
    return this.#owners.get(client);
  }

  /**
   * Why `agent` may not apply `update` to `doc`, or the replicas it newly claims by applying it
   * (to be recorded with `claim`). Only content the document lacks counts: repeating what the hub
   * holds (a sync step 2 after a reconnect) writes nothing.
   */
  check(doc: Y.Doc, update: Decoded, agent: string): {readonly refusal: string} | {readonly claims: readonly number[]} {
    const claims = new Set<number>();
    for (const struct of update.structs) {
      // Skip structs are gaps, not content; GC structs still take up the replica's clocks.
      if (!(struct instanceof Y.Item) && !(struct instanceof Y.GC)) continue;
      const client = struct.id.client;
      if (struct.id.clock + struct.length <= Y.getState(doc.store, client)) continue;
      const owner = this.#owners.get(client);
      if (owner === undefined) claims.add(client);
      else if (owner !== agent) return {refusal: `replica ${client} belongs to ${owner === HUB_OWNER ? 'the hub' : owner}, not to ${agent}`};
    }
    return {claims: [...claims]};
  }

  /** Records `agent` as the owner of `clients`; the log records to append. */
  claim(clients: readonly number[], agent: string): LogRecord[] {
    return clients.map(client => {
      this.#owners.set(client, agent);
      return {kind: RecordKind.owner, data: Buffer.from(JSON.stringify({client, agent}))};
    });
  }

  /** Every persisted claim, for a compacted log. */
  records(): LogRecord[] {
    const out: LogRecord[] = [];
    for (const [client, agent] of this.#owners) if (agent !== HUB_OWNER) out.push({kind: RecordKind.owner, data: Buffer.from(JSON.stringify({client, agent}))});
    return out;
  }
}
