// The agent's read-only view of the team's QA document `qa/<team>/<yyyy-mm>`: the
// hub lets agents read it and refuses their writes; the seat shows only the agent's own scored
// calls — the score, the evaluator's comment, whether feedback is due, any dispute and the
// supervisor's decision. Nothing here writes: a dispute is raised on the call record
// (SeatFields.qaDispute) and the lead's console records it.
import * as Y from 'yjs';
import type {PolicyConfig} from '../rules/config.ts';
import {QaBook, type FeedbackState} from './lead/qa-book.ts';
import {openHubDoc, type HubDoc} from './hub-doc.ts';

/** One of the agent's own scored calls, as the seat shows it. */
export type MyQaScore = {
  readonly callId: string;
  readonly date: string;
  /** When it was scored, epoch ms. */
  readonly at: number;
  readonly method: string;
  readonly total: number;
  readonly max: number;
  /** The score that counts (the decision's when decided, R-28), in percent. */
  readonly finalPercent: number;
  readonly comment: string;
  readonly feedback: 'individual' | 'common';
  readonly feedbackDue: number;
  readonly feedbackState: FeedbackState;
  readonly dispute?: {readonly reason: string; readonly raisedAt: number};
  readonly decision?: {readonly outcome: 'upheld' | 'revised'; readonly total: number; readonly note: string; readonly at: number};
};

export type SeatQaOptions = {
  /** Hub sync URL, e.g. ws://127.0.0.1:7070/sync. */
  readonly hubUrl: string;
  readonly agent: string;
  readonly pin: string;
  readonly team: string;
  /** yyyy-mm of the document. */
  readonly month: string;
  readonly policy: PolicyConfig;
  readonly maxBackoffMs?: number;
};

export class SeatQa {
  readonly doc = new Y.Doc();
  readonly agent: string;
  readonly name: string;
  /** Why the hub refused the document (close reason), if it did. */
  refused: string | undefined;
  readonly #book: QaBook;
  readonly #provider: HubDoc;

  constructor(options: SeatQaOptions) {
    this.agent = options.agent;
    this.name = `qa/${options.team}/${options.month}`;
    // Reads need no agent list; the book never writes here.
    this.#book = new QaBook(this.doc, {team: options.team, month: options.month, agents: new Map([[options.agent, options.agent]])}, options.policy);
    // The hub says "read-only" once on connecting (auth message); that is expected here.
    this.#provider = openHubDoc(this.name, this.doc, {url: options.hubUrl, agent: options.agent, pin: options.pin}, {maxBackoffMs: options.maxBackoffMs});
    this.#provider.on('connection-close', event => {
      // 44xx: refused for good (an old hub that keeps QA from agents); y-websocket stops retrying.
      if (event && event.code >= 4400 && event.code < 4500) this.refused = `${event.code} ${event.reason}`;
    });
  }

  get synced(): boolean {
    return this.#provider.synced;
  }

  /** The agent's own scores, oldest first, with feedback state at `nowMs`. Others' are never returned. */
  mine(nowMs: number): MyQaScore[] {
    return this.#book.scores(nowMs, {agent: this.agent}).map(s => ({
      callId: s.callId, date: s.date, at: s.at, method: s.method, total: s.total, max: s.max, finalPercent: s.finalPercent,
      comment: s.comment, feedback: s.feedback, feedbackDue: s.feedbackDue, feedbackState: s.feedbackState,
      ...(s.dispute ? {dispute: {reason: s.dispute.reason, raisedAt: s.dispute.raisedAt}} : {}),
      ...(s.dispute?.decision ? {decision: {outcome: s.dispute.decision.outcome, total: s.dispute.decision.total, note: s.dispute.decision.note, at: s.dispute.decision.at}} : {}),
    }));
  }

  /** Calls `listener` after every change the hub sends; returns the unsubscribe. */
  observe(listener: () => void): () => void {
    const handler = () => listener();
    this.doc.on('update', handler);
    return () => this.doc.off('update', handler);
  }

  close(): void {
    this.#provider.destroy();
    this.doc.destroy();
  }
}
