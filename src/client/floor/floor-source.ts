// Everything a wall reads, in one piece: the FloorModel, its read-only /control feed and, once
// the welcome names the lead's team, the team's documents on /sync. A local `zuoxi supervise`
// owns one; the SSH gateway shares one per team among all its sessions, so a lead attaching
// costs a frame a second, not another copy of the day.
import {defaultPolicy, type PolicyConfig} from '../../rules/config.ts';
import {FloorModel} from './floor-model.ts';
import {FloorFeed, type FloorCredentials} from './floor-feed.ts';
import {attachFloorRecords} from './floor-records.ts';

export type FloorSourceOptions = {
  /** ws://HOST:PORT of the hub. */
  readonly hubUrl: string;
  /** A server-issued supervisor token or a lead's agent id + PIN. */
  readonly credentials: FloorCredentials;
  readonly policy?: PolicyConfig;
  readonly now?: () => number;
  /** Also read the day's call log, QA book and discipline ledger from /sync (default true). */
  readonly records?: boolean;
  /** The center's time zone, for the documents' day and month (default Asia/Shanghai). */
  readonly timeZone?: string;
};

export type FloorSource = {
  readonly model: FloorModel;
  readonly policy: PolicyConfig;
  /** Why the hub refused the credentials, once it has. */
  refused(): string | undefined;
  /** Called once if the hub refuses the credentials (at once if it already has); returns an unsubscribe. */
  onRefused(listener: (reason: string) => void): () => void;
  close(): void;
};

export function startFloorSource(options: FloorSourceOptions): FloorSource {
  const policy = options.policy ?? defaultPolicy();
  const model = new FloorModel({policy, now: options.now});
  const listeners = new Set<(reason: string) => void>();
  let refusal: string | undefined;
  let closed = false;
  let records: {close(): void} | undefined;
  const unsubscribe = model.subscribe(() => {
    const team = model.lead()?.team;
    if (records || closed || !team || options.records === false) return;
    records = attachFloorRecords({hubUrl: options.hubUrl, credentials: options.credentials, team, model, policy, timeZone: options.timeZone});
  });
  const feed = new FloorFeed({
    hubUrl: options.hubUrl,
    credentials: options.credentials,
    model,
    onRefused: reason => {
      refusal = reason;
      for (const listener of [...listeners]) listener(reason);
      listeners.clear();
    },
  });
  return {
    model,
    policy,
    refused: () => refusal,
    onRefused(listener) {
      if (refusal !== undefined) {
        listener(refusal);
        return () => {};
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      unsubscribe();
      records?.close();
      feed.close();
    },
  };
}
