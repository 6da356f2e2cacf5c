// What the hub's parts share: a loaded document and a client connection to it.
import type {WebSocket} from 'ws';
import type * as Y from 'yjs';
import type * as awarenessProtocol from 'y-protocols/awareness';
import type {Identity} from '../auth.ts';
import type {DocName} from '../../src/sync/doc-name.ts';
import type {ReadResult, UpdateLog} from '../../src/sync/update-log.ts';
import type {ReplicaOwners} from './replicas.ts';

/** What the hub uses of an update log (tests wrap one to inject disk errors). */
export type DocLog = Pick<UpdateLog, 'file' | 'records' | 'append' | 'flush' | 'compact' | 'close'>;
export type OpenLog = (file: string) => Promise<{log: DocLog; read: ReadResult}>;

export type Connection = {
  readonly ws: WebSocket;
  readonly identity: Identity;
  readonly source: string | undefined;
  readonly writable: boolean;
  readonly readOnlyWhy: string;
  readonly wantsAck: boolean;
  readonly hubDoc: HubDoc;
  /** Awareness client ids this connection controls, removed when it leaves. */
  readonly clients: Set<number>;
  ackScheduled: boolean;
  ackAgain: boolean;
  refusals: number;
};

export type HubDoc = {
  readonly name: string;
  readonly kind: DocName['kind'];
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  /** Replaced when the disk failed and the log is reopened. */
  log: DocLog;
  readonly conns: Set<Connection>;
  pins: number;
  /** State vector of everything on disk. */
  durable: Uint8Array;
  unloadTimer: NodeJS.Timeout | undefined;
  compacting: boolean;
  /** Awareness clients changed since the last relay. */
  readonly awarenessDirty: Set<number>;
  awarenessTimer: NodeJS.Timeout | undefined;
  /** Which agent each replica (Yjs client id) belongs to. */
  readonly owners: ReplicaOwners;
  /**
   * Set while the log cannot be written (disk full, I/O error): the document then serves
   * nobody, since it may hold what is not on disk, until `recover` wrote it all.
   */
  unwritable: string | undefined;
  /** Changes made in memory while unwritable (the switch's), written on recovery. */
  unsaved: number;
  retryTimer: NodeJS.Timeout | undefined;
  /** Failed recoveries in a row (logged at 1, 2, 4, 8… so a full disk does not flood the log). */
  retries: number;
};
