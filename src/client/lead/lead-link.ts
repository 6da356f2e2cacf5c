// The lead console's link to the hub: one y-websocket provider per document — the team's
// month documents the lead writes (qa/, roster/, ledger/) and the day's floor documents it only
// reads (calls/, handover/, wrapup/; the hub refuses the lead's writes there). It knows which
// lead edits the hub has made durable (the hub's ack carries its durable state vector), picks
// up disputes agents raised on their call records (R-28), and tells listeners when anything changed.
import * as Y from 'yjs';
import type {PolicyConfig} from '../../rules/config.ts';
import {CallLog} from '../../sync/call-log.ts';
import {HandoverLog} from '../../sync/handover-log.ts';
import {WrapupLog} from '../../sync/wrapup-log.ts';
import {QaBook} from '../../sync/lead/qa-book.ts';
import {RosterBook} from '../../sync/lead/roster-book.ts';
import {LedgerBook} from '../../sync/lead/ledger-book.ts';
import type {LeadContext} from '../../sync/lead/lead-doc.ts';
import {openHubDoc, syncUrl, type HubDoc} from '../../sync/hub-doc.ts';

export type LeadLinkOptions = {
  /** ws://host:port of the hub. */
  readonly hubUrl: string;
  readonly agent: string;
  readonly pin: string;
  readonly team: string;
  /** The month of the lead documents (yyyy-mm) and the floor day (yyyy-mm-dd). */
  readonly month: string;
  readonly day: string;
  readonly agents: ReadonlyMap<string, string>;
  readonly policy: PolicyConfig;
  readonly clock?: () => number;
};

export type LinkStatus = {
  readonly connected: number;
  readonly total: number;
  readonly synced: boolean;
  /** Lead documents with edits the hub has not yet confirmed on disk. */
  readonly unsaved: number;
  /** Refusals the hub sent (read-only floor documents, a closed connection's reason). */
  readonly notices: readonly string[];
};

type Entry = {readonly name: string; readonly doc: Y.Doc; readonly provider: HubDoc; readonly lead: boolean; durable?: Map<number, number>; closeReason?: string};

export class LeadLink {
  readonly qa: QaBook;
  readonly roster: RosterBook;
  readonly ledger: LedgerBook;
  readonly calls: CallLog;
  readonly handover: HandoverLog;
  readonly wrapup: WrapupLog;
  readonly ctx: LeadContext;
  readonly #entries: Entry[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #notices = new Set<string>();
  readonly #options: LeadLinkOptions;

  constructor(options: LeadLinkOptions) {
    this.#options = options;
    this.ctx = {team: options.team, month: options.month, agents: options.agents};
    const open = (name: string, lead: boolean) => {
      const doc = new Y.Doc();
      const marks: {durable?: Map<number, number>; closeReason?: string} = {};
      const provider = openHubDoc(name, doc, {url: syncUrl(options.hubUrl), agent: options.agent, pin: options.pin}, {
        ack: lead,
        maxBackoffMs: 5000,
        // The hub's refusals: kept for the status line instead of console.warn.
        onRefused: reason => {
          if (!lead && reason.startsWith('read-only')) return; // expected: the lead reads the floor
          this.#notices.add(`${name}: ${reason}`);
          this.#emit();
        },
        onDurable: sv => {
          marks.durable = sv;
          this.#emit();
        },
      });
      const entry: Entry = Object.assign(marks, {name, doc, provider, lead});
      provider.on('status', () => this.#emit());
      provider.on('sync', () => this.#emit());
      provider.on('connection-close', (event: {code?: number; reason?: string} | null) => {
        if (event?.code && event.code >= 4000) {
          entry.closeReason = event.reason;
          this.#notices.add(`${name}: ${event.reason ?? `closed ${event.code}`}`);
        }
        this.#emit();
      });
      doc.on('afterTransaction', () => this.#emit());
      this.#entries.push(entry);
      return doc;
    };
    const {team, month, day, policy} = options;
    this.qa = new QaBook(open(`qa/${team}/${month}`, true), this.ctx, policy);
    this.roster = new RosterBook(open(`roster/${team}/${month}`, true), this.ctx, policy);
    this.ledger = new LedgerBook(open(`ledger/${team}/${month}`, true), this.ctx, policy);
    this.calls = new CallLog(open(`calls/${team}/${day}`, false), {onIssue: () => {}});
    this.handover = new HandoverLog(open(`handover/${team}/${day}`, false), {onIssue: () => {}});
    this.wrapup = new WrapupLog(open(`wrapup/${team}/${day}`, false), {onIssue: () => {}});
    this.calls.observe(() => this.importSeatDisputes());
  }

  /** R-28: disputes agents raised on their call records, recorded in the QA document once. */
  importSeatDisputes(): number {
    if (!this.#entries.every(e => e.provider.synced)) return 0; // don't race the QA document's own state
    let added = 0;
    const disputed = new Set(this.qa.disputes().map(d => d.callId));
    for (const score of this.qa.scores(this.#now())) {
      if (disputed.has(score.callId)) continue;
      const raised = this.calls.get(score.callId)?.seat.qaDispute;
      if (!raised) continue;
      try {
        this.qa.dispute({callId: score.callId, agent: score.agent, at: raised.at, reason: raised.reason, via: 'seat'});
        added++;
      } catch {
        // Not this agent's score or already decided: nothing to record.
      }
    }
    return added;
  }

  status(): LinkStatus {
    const connected = this.#entries.filter(e => e.provider.wsconnected).length;
    const unsaved = this.#entries.filter(e => e.lead && !this.#isSaved(e)).length;
    return {connected, total: this.#entries.length, synced: this.#entries.every(e => e.provider.synced), unsaved, notices: [...this.#notices]};
  }

  /** Every document synced with the hub. */
  whenSynced(timeoutMs = 10_000): Promise<void> {
    return this.#until(() => this.#entries.every(e => e.provider.synced), timeoutMs, 'sync with the hub');
  }

  /** Every lead edit so far is on the hub's disk. */
  whenSaved(timeoutMs = 10_000): Promise<void> {
    return this.#until(() => this.#entries.every(e => !e.lead || this.#isSaved(e)), timeoutMs, 'the hub to save the lead documents');
  }

  onChange(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  close(): void {
    for (const e of this.#entries) {
      e.provider.destroy();
      e.doc.destroy();
    }
    this.#listeners.clear();
  }

  #now(): number {
    return (this.#options.clock ?? Date.now)();
  }

  #isSaved(e: Entry): boolean {
    const local = Y.decodeStateVector(Y.encodeStateVector(e.doc));
    for (const [client, clock] of local) if ((e.durable?.get(client) ?? 0) < clock) return false;
    return true;
  }

  #emit(): void {
    for (const fn of this.#listeners) fn();
  }

  #until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const off = this.onChange(() => {
        if (!check()) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }
}
