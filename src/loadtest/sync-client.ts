// One replica of a day's call log for the load tester: a Y.Doc opened on the hub through the
// same `openHubDoc` as every client (`/sync/calls/<team>/<day>`), with the CallLog API on top.
// The lead's read-only replica watches what the hub has, to measure convergence and count
// records.
import * as Y from 'yjs';
import {CallLog} from '../sync/call-log.ts';
import {openHubDoc, syncUrl, type HubDoc} from '../sync/hub-doc.ts';

export type SyncClientOptions = {
  readonly hubUrl: string;
  readonly doc: string;
  readonly agent: string;
  readonly pin: string;
};

export class SyncClient {
  readonly log: CallLog;
  readonly doc: Y.Doc;
  readonly #provider: HubDoc;
  /** Why the hub closed us, if it did (refused…). */
  closeReason: string | undefined;
  /** Why the hub treats this replica as read-only, if it does. */
  readOnly: string | undefined;

  constructor(options: SyncClientOptions) {
    this.doc = new Y.Doc();
    this.log = new CallLog(this.doc, {onIssue: () => {}});
    this.#provider = openHubDoc(options.doc, this.doc, {url: syncUrl(options.hubUrl), agent: options.agent, pin: options.pin}, {
      maxBackoffMs: 2000,
      onRefused: (reason) => {
        this.readOnly = reason;
      },
    });
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
