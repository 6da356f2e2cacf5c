// The one way a client opens a hub document: a y-websocket provider on /sync/<name> with the
// hub's credentials, its auth notices kept as data (y-websocket would console.warn them over a
// terminal UI) and, on request, the hub's durable acknowledgements (?ack=1). The seat's store,
// the seat's QA feed, the lead console and the wallboard all open their documents here. It lives
// in src/sync because the seat's store (SeatStore, also the load tester's) is one of its users.
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import {WebsocketProvider} from 'y-websocket';
import WebSocket from 'ws';
import {MESSAGE_ACK, MESSAGE_AUTH} from './hub-messages.ts';

/** Who opens the document: an agent or lead (id + PIN), or a server-issued token. */
export type HubIdentity =
  | {readonly agent: string; readonly pin: string; readonly role?: 'supervisor'}
  | {readonly token: string};

/** Where and as whom: `url` is the hub's /sync base (ws://HOST:PORT/sync, see `syncUrl`). */
export type HubCredentials = {readonly url: string} & HubIdentity;

export type HubDocOptions = {
  /** Ask the hub to confirm what it holds on disk (`onDurable`). */
  readonly ack?: boolean;
  /** The hub's durable state vector: every edit it covers is on the hub's disk. */
  readonly onDurable?: (stateVector: Map<number, number>) => void;
  /**
   * The hub refused this connection's writes, with its reason: for good (a read-only reader, a
   * guarded field, a field over the size limit) or for now ("cannot store this document now":
   * a full disk; the hub then closes with 1013, the provider reconnects and resends what the
   * hub lacks, and the edits stay pending until acknowledged).
   */
  readonly onRefused?: (reason: string) => void;
  /** Longest reconnect back-off (default 2.5 s). */
  readonly maxBackoffMs?: number;
  /** false: announce no presence (a wall, a read-only reader). */
  readonly presence?: boolean;
};

export type HubDoc = WebsocketProvider;

/** ws://HOST:PORT of the hub → its /sync base URL. */
export function syncUrl(hubUrl: string): string {
  return `${hubUrl.replace(/\/+$/, '')}/sync`;
}

/** Open `name` (calls/<team>/<day>, qa/<team>/<month>…) on the hub; the provider reconnects by itself. */
export function openHubDoc(name: string, doc: Y.Doc, credentials: HubCredentials, options: HubDocOptions = {}): HubDoc {
  const params: Record<string, string> = 'token' in credentials
    ? {token: credentials.token}
    : {agent: credentials.agent, pin: credentials.pin, ...(credentials.role ? {role: credentials.role} : {})};
  if (options.ack) params.ack = '1';
  const provider = new WebsocketProvider(credentials.url, name, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
    maxBackoffTime: options.maxBackoffMs ?? 2500,
  });
  if (options.presence === false) provider.awareness.setLocalState(null);
  provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
    decoding.readVarUint(decoder);
    const reason = decoding.readVarString(decoder);
    options.onRefused?.(reason);
  };
  provider.messageHandlers[MESSAGE_ACK] = (_encoder, decoder) => {
    const stateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    options.onDurable?.(stateVector);
  };
  return provider;
}
