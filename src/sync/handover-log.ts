// HandoverLog: the typed API over one `handover/<team>/<day>` document (R-35 交接班).
// Items and acknowledgements live in two root maps, so the receiver's acknowledgement never
// overwrites the giver's item (they are written by different people, maybe concurrently).
import type * as Y from 'yjs';
import {HandoverAck, HandoverItem} from './schema.ts';
import {readValid, warnIssue, type IssueSink} from './issues.ts';
import {ORIGIN_SEAT} from './call-log.ts';

export type HandoverEntry = {readonly item: HandoverItem; readonly ack?: HandoverAck};

export class HandoverLog {
  readonly doc: Y.Doc;
  readonly #items: Y.Map<unknown>;
  readonly #acks: Y.Map<unknown>;
  readonly #onIssue: IssueSink;

  constructor(doc: Y.Doc, options: {onIssue?: IssueSink} = {}) {
    this.doc = doc;
    this.#items = doc.getMap('items');
    this.#acks = doc.getMap('acks');
    this.#onIssue = options.onIssue ?? warnIssue;
  }

  /** Hand an open item to the next shift. */
  add(item: HandoverItem): HandoverItem {
    const result = HandoverItem.safeParse(item);
    if (!result.success) throw new TypeError(`handover item: ${result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.doc.transact(() => this.#items.set(result.data.id, result.data), ORIGIN_SEAT);
    return result.data;
  }

  /** The receiver confirms it took the item over. */
  acknowledge(itemId: string, ack: HandoverAck): HandoverAck {
    if (this.#items.get(itemId) === undefined) throw new TypeError(`handover: no item "${itemId}" to acknowledge`);
    const result = HandoverAck.safeParse(ack);
    if (!result.success) throw new TypeError(`handover ack: ${result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.doc.transact(() => this.#acks.set(itemId, result.data), ORIGIN_SEAT);
    return result.data;
  }

  /** Every valid item with its acknowledgement, oldest first. */
  list(): HandoverEntry[] {
    const entries: HandoverEntry[] = [];
    for (const [id, raw] of this.#items.entries()) {
      const item = readValid(HandoverItem, raw, `items[${id}]`, this.#onIssue);
      if (!item) continue;
      const rawAck = this.#acks.get(id);
      const ack = rawAck === undefined ? undefined : readValid(HandoverAck, rawAck, `acks[${id}]`, this.#onIssue);
      entries.push(ack ? {item, ack} : {item});
    }
    return entries.sort((a, b) => a.item.createdAt - b.item.createdAt || (a.item.id < b.item.id ? -1 : 1));
  }

  /** Items not yet acknowledged (for `agent`: addressed to it or to anyone). */
  open(agent?: string): HandoverItem[] {
    return this.list().filter(e => !e.ack && (!agent || !e.item.to || e.item.to === agent)).map(e => e.item);
  }

  observe(fn: () => void): () => void {
    const listener = (transaction: Y.Transaction) => {
      for (const type of transaction.changed.keys()) {
        if ((type as unknown) === this.#items || (type as unknown) === this.#acks) {
          fn();
          return;
        }
      }
    };
    this.doc.on('afterTransaction', listener);
    return () => this.doc.off('afterTransaction', listener);
  }
}
