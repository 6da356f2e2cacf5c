// One replica of a day's call log for the load tester: a Y.Doc synced with the hub over
// y-websocket (`/sync/calls/<team>/<day>`), with the CallLog API on top. Seats write their
// notes and dispositions through one of these (several seats may share a replica, as a
// seat group behind one terminal server would); the lead's read-only replica watches what
// the hub has, to measure convergence and count records.
import * as Y from 'yjs';
import {WebsocketProvider, messageAuth} from 'y-websocket';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import {CallLog} from '../sync/call-log.ts';

export type SyncClientOptions = {
  readonly hubUrl: string;
  readonly doc: string;
  readonly agent: string;
  readonly pin: string;
};

export class SyncClient {
  readonly log: CallLog;
  readonly doc: Y.Doc;
  readonly #provider: WebsocketProvider;
  /** Why the hub closed us, if it did (refused…). */
  closeReason: string | undefined;
  /** Why the hub treats this replica as read-only, if it does. */
  readOnly: string | undefined;

  constructor(options: SyncClientOptions) {
    this.doc = new Y.Doc();
    this.log = new CallLog(this.doc, {onIssue: () => {}});
    this.#provider = new WebsocketProvider(`${options.hubUrl.replace(/\/+$/, '')}/sync`, options.doc, this.doc, {
      params: {agent: options.agent, pin: options.pin},
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      maxBackoffTime: 2000,
      disableBc: true,
    });
    // The hub tells a read-only replica (the lead's) so; y-websocket would console.warn it.
    // Keep the reason as data instead.
    this.#provider.messageHandlers[messageAuth] = (_encoder: unknown, decoder: decoding.Decoder) => {
      if (decoding.readVarUint(decoder) === 0) this.readOnly = decoding.readVarString(decoder);
    };
    this.#provider.on('connection-close', (event: {reason?: string} | null) => {
      if (event?.reason) this.closeReason = event.reason;
    });
  }

  get synced(): boolean {
    return this.#provider.synced;
  }

  /** Resolves when the first sync with the hub completed (or rejects after `timeoutMs`). */
  whenSynced(timeoutMs = 10_000): Promise<void> {
    if (this.#provider.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#provider.off('sync', onSync);
        reject(new Error(`no sync with the hub for ${this.#provider.url} within ${timeoutMs} ms${this.closeReason ? `: ${this.closeReason}` : ''}`));
      }, timeoutMs);
      const onSync = (synced: boolean) => {
        if (!synced) return;
        clearTimeout(timer);
        this.#provider.off('sync', onSync);
        resolve();
      };
      this.#provider.on('sync', onSync);
    });
  }

  close(): void {
    this.#provider.destroy();
    this.doc.destroy();
  }
}
