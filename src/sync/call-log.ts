// CallLog: the typed API over one `calls/<team>/<day>` document.
//
// Layout (why flat): two root maps. `facts` holds callId → the switch's CallFacts (one writer,
// the switch, so the whole object is written at once). `seat` holds `<callId>|<field>` → one
// agent field. A nested Y.Map per call would be simpler to read, but two replicas creating the
// same call's map concurrently (a seat annotating before the switch's record reached it) makes
// one map win and silently drops the other's content; flat keys under root maps cannot lose
// anything that way, and different fields of the same call merge (R-14 colleagues assisting).
import * as Y from 'yjs';
import {CallFacts, SeatFields, seatFieldNames, type CallRecord, type SeatField} from './schema.ts';
import {readValid, warnIssue, type IssueSink} from './issues.ts';

export const FACTS_MAP = 'facts';
export const SEAT_MAP = 'seat';
/** Transaction origins, so observers know who wrote. */
export const ORIGIN_SWITCH = 'switch';
export const ORIGIN_SEAT = 'seat';

const seatFieldSet = new Set<string>(seatFieldNames);
const fieldSchemas = SeatFields.shape;

export type CallLogOptions = {
  /** Where bad entries are reported (default: console.warn). */
  readonly onIssue?: IssueSink;
};

export type CallLogChange = {
  readonly callIds: readonly string[];
  /** The transaction origin: 'switch', 'seat', or a provider (remote). */
  readonly origin: unknown;
  readonly local: boolean;
};

export class CallLog {
  readonly doc: Y.Doc;
  readonly #facts: Y.Map<unknown>;
  readonly #seat: Y.Map<unknown>;
  readonly #onIssue: IssueSink;
  /** Validated records, dropped when one of their keys changes. */
  readonly #cache = new Map<string, CallRecord | null>();
  #ids: Set<string> | undefined;

  constructor(doc: Y.Doc, options: CallLogOptions = {}) {
    this.doc = doc;
    this.#facts = doc.getMap(FACTS_MAP);
    this.#seat = doc.getMap(SEAT_MAP);
    this.#onIssue = options.onIssue ?? warnIssue;
    this.#facts.observe(event => this.#invalidate(event.keysChanged, false));
    this.#seat.observe(event => this.#invalidate(event.keysChanged, true));
  }

  /** The switch records what it knows; later writes merge into earlier ones. Origin 'switch'. */
  writeFacts(facts: Partial<CallFacts> & {callId: string}): CallFacts {
    if (typeof facts?.callId !== 'string' || facts.callId.length === 0) throw new TypeError('writeFacts: callId must be a non-empty string');
    const current = this.#facts.get(facts.callId);
    const merged = {...(isObject(current) ? current : {}), ...dropUndefined(facts)};
    const result = CallFacts.safeParse(merged);
    if (!result.success) {
      throw new TypeError(`writeFacts ${facts.callId}: ${result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    this.doc.transact(() => this.#facts.set(facts.callId, result.data), ORIGIN_SWITCH);
    return result.data;
  }

  /**
   * The agent writes some of its fields on a call. Each field is its own key (concurrent edits
   * of different fields merge). `by`/`at` stamp editedBy/editedAt. Origin 'seat'.
   */
  annotate(callId: string, fields: SeatFields, stamp: {by?: string; at?: number} = {}): SeatFields {
    if (typeof callId !== 'string' || callId.length === 0 || callId.includes('|')) throw new TypeError('annotate: callId must be a non-empty string without "|"');
    const unknown = Object.keys(fields ?? {}).filter(k => !seatFieldSet.has(k));
    if (unknown.length > 0) throw new TypeError(`annotate ${callId}: unknown field ${unknown.map(k => `"${k}"`).join(', ')}`);
    const withStamp = {...dropUndefined(fields), ...(stamp.by ? {editedBy: stamp.by} : {}), ...(stamp.at !== undefined ? {editedAt: stamp.at} : {})};
    const result = SeatFields.safeParse(withStamp);
    if (!result.success) {
      throw new TypeError(`annotate ${callId}: ${result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    this.doc.transact(() => {
      for (const [key, value] of Object.entries(result.data)) {
        if (value !== undefined) this.#seat.set(`${callId}|${key}`, value);
      }
    }, ORIGIN_SEAT);
    return result.data;
  }

  /** One call's record, validated; bad keys are reported and left out. */
  get(callId: string): CallRecord | undefined {
    const cached = this.#cache.get(callId);
    if (cached !== undefined) return cached ?? undefined;
    const record = this.#read(callId);
    this.#cache.set(callId, record ?? null);
    return record;
  }

  has(callId: string): boolean {
    return this.get(callId) !== undefined;
  }

  /** Every call id with anything recorded. */
  ids(): string[] {
    if (!this.#ids) {
      const ids = new Set<string>(this.#facts.keys());
      for (const key of this.#seat.keys()) {
        const bar = key.lastIndexOf('|');
        if (bar > 0) ids.add(key.slice(0, bar));
      }
      this.#ids = ids;
    }
    return [...this.#ids];
  }

  /** Every valid record, oldest arrival first (records without facts last, by id). */
  list(): CallRecord[] {
    const records: CallRecord[] = [];
    for (const id of this.ids()) {
      const record = this.get(id);
      if (record) records.push(record);
    }
    return records.sort((a, b) => (a.facts?.arrivedAt ?? Infinity) - (b.facts?.arrivedAt ?? Infinity) || (a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0));
  }

  get size(): number {
    return this.ids().length;
  }

  /** Called after every transaction that changed some records; returns an unsubscribe. */
  observe(fn: (change: CallLogChange) => void): () => void {
    // One afterTransaction listener sees both maps in one call per transaction.
    const listener = (transaction: Y.Transaction) => {
      const ids = new Set<string>();
      for (const [type, keys] of transaction.changed) {
        const seat = (type as unknown) === this.#seat;
        if (!seat && (type as unknown) !== this.#facts) continue;
        for (const key of keys) {
          if (key === null) continue;
          const id = seat ? key.slice(0, Math.max(0, key.lastIndexOf('|'))) : key;
          if (id) ids.add(id);
        }
      }
      if (ids.size > 0) fn({callIds: [...ids], origin: transaction.origin, local: transaction.local});
    };
    this.doc.on('afterTransaction', listener);
    return () => this.doc.off('afterTransaction', listener);
  }

  #invalidate(keys: Set<string>, seat: boolean): void {
    for (const key of keys) {
      const id = seat ? key.slice(0, Math.max(0, key.lastIndexOf('|'))) : key;
      this.#cache.delete(id);
      if (this.#ids && id) this.#ids.add(id);
    }
  }

  #read(callId: string): CallRecord | undefined {
    let facts: CallFacts | undefined;
    const rawFacts = this.#facts.get(callId);
    if (rawFacts !== undefined) facts = readValid(CallFacts, rawFacts, `${FACTS_MAP}[${callId}]`, this.#onIssue);
    const seat: Record<string, unknown> = {};
    let any = false;
    for (const field of seatFieldNames) {
      const key = `${callId}|${field}`;
      const raw = this.#seat.get(key);
      if (raw === undefined) continue;
      const value = readValid(fieldSchemas[field as SeatField].unwrap(), raw, `${SEAT_MAP}[${key}]`, this.#onIssue);
      if (value !== undefined) {
        seat[field] = value;
        any = true;
      }
    }
    if (!facts && !any) return undefined;
    return {callId, facts, seat: seat as SeatFields};
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
