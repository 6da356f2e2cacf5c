// What an agent's update may change in a calls document (see src/sync/call-log.ts for the
// layout): the `facts` root is the switch's alone (it writes in-process, never through a
// socket), and under `seat` a replica writes only `<callId>|<replica>` keys carrying its own
// Yjs client id. Otherwise one seat could rewrite the facts QA and the KPIs are built on
// (R-02 late answer, R-07 who hung up, R-34) or another replica's notes (R-14 ownership).
//
// The update is decoded, not applied to a scratch copy: its structs name their parent (a root
// name, a parent item, or a neighbour whose parent they share) and its delete set names ids
// the hub's document already holds, so a check costs a pass over the update, not a copy of
// the day.
import * as Y from 'yjs';
import {FACTS_MAP, SEAT_MAP} from '../../src/sync/call-log.ts';

type Place = {readonly root: string; readonly key: string | null} | 'gc' | 'unknown';

type Decoded = ReturnType<typeof Y.decodeUpdate>;

/** Why an agent's update to a calls document is refused, or undefined when it may be applied. */
export function callsUpdateRefusal(doc: Y.Doc, update: Decoded): string | undefined {
  const resolver = new Resolver(doc, update);
  const seatKeys = new Set<string>();
  for (const struct of update.structs) {
    if (!(struct instanceof Y.Item)) continue; // GC and Skip insert nothing
    // Content the hub already holds (a step 2 may repeat it) changes nothing.
    if (struct.id.clock + struct.length <= Y.getState(doc.store, struct.id.client)) continue;
    const place = resolver.place(struct);
    if (place === 'gc') continue; // Yjs turns an item next to collected content into GC
    if (place === 'unknown') return `an insert (client ${struct.id.client}) refers to content the hub does not have`;
    if (place.root === FACTS_MAP) return `${FACTS_MAP}${place.key === null ? '' : `[${clip(place.key)}]`} is written by the switch only`;
    if (place.root !== SEAT_MAP) continue;
    const why = seatKeyProblem(place.key, struct.id.client);
    if (why) return why;
    seatKeys.add(place.key!);
  }
  for (const [client, ranges] of update.ds.clients) {
    const structs = doc.store.clients.get(client);
    if (!structs) continue; // nothing of this client here: the delete only concerns this update
    const state = Y.getState(doc.store, client);
    for (const {clock, len} of ranges) {
      const end = Math.min(clock + len, state);
      if (clock >= end) continue;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < end; i++) {
        const item = structs[i];
        if (!(item instanceof Y.Item) || item.deleted) continue; // already gone: a repeat
        const place = topOf(item, resolver.rootNames);
        if (place.root === FACTS_MAP) return `deleting ${FACTS_MAP}${place.key === null ? '' : `[${clip(place.key)}]`}: the switch's facts are never deleted by a seat`;
        // A replica replaces its own entry (the old value is deleted as the new one is set); it
        // never removes another's.
        if (place.root === SEAT_MAP && (place.key === null || !seatKeys.has(place.key))) return `deleting ${SEAT_MAP}[${clip(place.key ?? '')}] without replacing it`;
      }
    }
  }
  return undefined;
}

function seatKeyProblem(key: string | null, client: number): string | undefined {
  if (key === null) return `${SEAT_MAP} takes keyed entries only`;
  const bar = key.lastIndexOf('|');
  const callId = key.slice(0, Math.max(0, bar));
  const replica = key.slice(bar + 1);
  if (bar <= 0 || callId.includes('|') || !/^\d+$/.test(replica)) return `${SEAT_MAP}[${clip(key)}] is not <callId>|<replica>`;
  if (Number(replica) !== client) return `${SEAT_MAP}[${clip(key)}] belongs to replica ${replica}, not to the writer ${client}`;
  return undefined;
}

/** Finds the root and top-level key of an update's items, through the update and the document. */
class Resolver {
  readonly rootNames = new Map<unknown, string>();
  readonly #doc: Y.Doc;
  /** The update's items per client, in clock order (as encoded). */
  readonly #items = new Map<number, Y.Item[]>();
  readonly #places = new Map<Y.Item, Place>();

  constructor(doc: Y.Doc, update: Decoded) {
    this.#doc = doc;
    for (const [name, type] of doc.share) this.rootNames.set(type, name);
    for (const struct of update.structs) {
      if (!(struct instanceof Y.Item)) continue;
      let list = this.#items.get(struct.id.client);
      if (!list) this.#items.set(struct.id.client, (list = []));
      list.push(struct);
    }
  }

  place(item: Y.Item): Place {
    // Follow neighbours iteratively (a long typed run is a long chain), then fill in the chain.
    const chain: Y.Item[] = [];
    let current: Y.Item = item;
    let found: Place | undefined;
    for (;;) {
      const known = this.#places.get(current);
      if (known) {
        found = known;
        break;
      }
      chain.push(current);
      const parent = current.parent as unknown;
      if (typeof parent === 'string') {
        found = {root: parent, key: current.parentSub};
        break;
      }
      const link = parent instanceof Y.ID ? parent : (current.origin ?? current.rightOrigin);
      if (!link || chain.length > 100_000) {
        found = 'unknown';
        break;
      }
      const next = this.#find(link);
      if (next === undefined) {
        found = 'unknown';
        break;
      }
      if (next instanceof Y.GC) {
        found = 'gc';
        break;
      }
      if (!(next instanceof Y.Item)) {
        found = 'unknown';
        break;
      }
      if (parent instanceof Y.ID) {
        // A child of another item's type: it belongs where that item belongs.
        if (this.#inUpdate(next)) {
          current = next;
          // The parent item's own key is what matters, so keep following from it.
          continue;
        }
        found = topOf(next, this.rootNames);
        break;
      }
      // Same parent (and map key) as its neighbour.
      if (!this.#inUpdate(next)) {
        found = topOf(next, this.rootNames);
        break;
      }
      current = next;
    }
    for (const c of chain) this.#places.set(c, found);
    return found;
  }

  #inUpdate(item: Y.Item): boolean {
    return !(item.parent instanceof Y.AbstractType);
  }

  /** The struct holding `id`: from the update if it is there, else from the document. */
  #find(id: Y.ID): Y.Item | Y.GC | undefined {
    const list = this.#items.get(id.client);
    if (list && list.length > 0 && id.clock >= list[0].id.clock) {
      let lo = 0;
      let hi = list.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const s = list[mid];
        if (id.clock < s.id.clock) hi = mid - 1;
        else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
        else return s;
      }
    }
    const structs = this.#doc.store.clients.get(id.client);
    if (!structs || id.clock >= Y.getState(this.#doc.store, id.client)) return undefined;
    const struct = structs[Y.findIndexSS(structs, id.clock)];
    return struct instanceof Y.Item || struct instanceof Y.GC ? struct : undefined;
  }
}

/** The root and top-level key an item of the document lives under. */
function topOf(item: Y.Item, rootNames: Map<unknown, string>): {root: string; key: string | null} {
  let current = item;
  for (let depth = 0; depth < 10_000; depth++) {
    const type = current.parent as Y.AbstractType<unknown>;
    if (type._item === null) return {root: rootNames.get(type) ?? '', key: current.parentSub};
    current = type._item;
  }
  return {root: '', key: null};
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
