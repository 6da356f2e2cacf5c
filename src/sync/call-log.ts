// CallLog: the typed API over one `calls/<team>/<day>` document.
//
// Layout. Two root maps, values stored as JSON text (a 20,000-call day loads several times
// faster than with Yjs-encoded objects, and every value is validated on the way out anyway):
// - `facts`: callId → the switch's CallFacts. One writer (the switch), so the whole object is
//   rewritten when it learns more.
// - `seat`: `<callId>|<replica>` → the fields one replica (a seat process, keyed by its Yjs
//   client id) set on the call, with a time per field. Each replica writes only its own entry;
//   reading merges the entries field by field, latest wins, so the owner's notes and a
//   colleague's disposition (R-14 assisting) both survive.
// Why not a nested Y.Map per call: two replicas creating the same call's map concurrently (a
// seat annotating before the switch's record reached it) make one map win and silently drop
// the other's content. Root maps with flat keys cannot lose anything that way.
import * as Y from 'yjs';
import {z} from 'zod';
import {CallFacts, SeatFields, seatFieldNames, type CallRecord, type SeatField} from './schema.ts';
import {readValid, warnIssue, type IssueSink} from './issues.ts';

export const FACTS_MAP = 'facts';
export const SEAT_MAP = 'seat';
/** Transaction origins, so observers know who wrote. */
export const ORIGIN_SWITCH = 'switch';
export const ORIGIN_SEAT = 'seat';

const seatFieldSet = new Set<string>(seatFieldNames);
const fieldSchemas = SeatFields.shape;

/**
 * One replica's fields of a call (`f`), when the last of them was set (`t`) and, only for
 * fields set earlier than that, their own times (`a`). Short names: a day holds 20,000 of these.
 */
const SeatEntry = z.object({
  f: z.record(z.string(), z.unknown()),
  t: z.number(),
  a: z.record(z.string(), z.number()).optional(),
});
type SeatEntry = z.infer<typeof SeatEntry>;

export type CallLogOptions = {
  /** Where bad entries are reported (default: console.warn). */
  readonly onIssue?: IssueSink;
  /** Clock for per-field times (default Date.now). */
  readonly now?: () => number;
};

export type CallLogChange = {
  readonly callIds: readonly string[];
  /** The transaction origin: 'switch', 'seat', or a provider (remote). */
  readonly origin: unknown;
  readonly local: boolean;
};

function parseJson(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

const idOfSeatKey = (key: string) => key.slice(0, Math.max(0, key.lastIndexOf('|')));

export class CallLog {
  readonly doc: Y.Doc;
  readonly #facts: Y.Map<unknown>;
  readonly #seat: Y.Map<unknown>;
  readonly #onIssue: IssueSink;
  readonly #now: () => number;
  /** Validated records, dropped when one of their keys changes. */
  readonly #cache = new Map<string, CallRecord | null>();
  /** callId → its keys in the seat map (built on first use, kept up to date by the observers). */
  #index: Map<string, Set<string>> | undefined;

  constructor(doc: Y.Doc, options: CallLogOptions = {}) {
    this.doc = doc;
    this.#facts = doc.getMap(FACTS_MAP);
    this.#seat = doc.getMap(SEAT_MAP);
    this.#onIssue = options.onIssue ?? warnIssue;
    this.#now = options.now ?? Date.now;
    this.#facts.observe(event => this.#invalidate(event.keysChanged, false));
    this.#seat.observe(event => this.#invalidate(event.keysChanged, true));
  }

  /** The switch records what it knows; later writes merge into earlier ones. Origin 'switch'. */
  writeFacts(facts: Partial<CallFacts> & {callId: string}): CallFacts {
    if (typeof facts?.callId !== 'string' || facts.callId.length === 0) throw new TypeError('writeFacts: callId must be a non-empty string');
    const current = parseJson(this.#facts.get(facts.callId));
    const merged = {...(isObject(current) ? current : {}), ...dropUndefined(facts)};
    const result = CallFacts.safeParse(merged);
    if (!result.success) {
      throw new TypeError(`writeFacts ${facts.callId}: ${result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    this.doc.transact(() => this.#facts.set(facts.callId, JSON.stringify(compactFacts(result.data))), ORIGIN_SWITCH);
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
    if (Object.keys(result.data).length === 0) return result.data;
    // Keyed by replica, not by agent: two replicas never write the same key, so nothing is
    // decided at the key level (an agent signed in twice, or a restarted seat, still merges).
    const key = `${callId}|${this.doc.clientID}`;
    const previous = SeatEntry.safeParse(parseJson(this.#seat.get(key)));
    const values: Record<string, unknown> = previous.success ? {...previous.data.f} : {};
    const times: Record<string, number> = {};
    if (previous.success) for (const field of Object.keys(previous.data.f)) times[field] = previous.data.a?.[field] ?? previous.data.t;
    const now = stamp.at ?? this.#now();
    for (const [field, value] of Object.entries(result.data)) {
      if (value === undefined) continue;
      values[field] = value;
      times[field] = now;
    }
    const t = Math.max(...Object.values(times));
    const older = Object.entries(times).filter(([, at]) => at !== t);
    const entry: SeatEntry = older.length > 0 ? {f: values, t, a: Object.fromEntries(older)} : {f: values, t};
    this.doc.transact(() => this.#seat.set(key, JSON.stringify(entry)), ORIGIN_SEAT);
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
    const index = this.#seatIndex();
    const ids = new Set<string>(this.#facts.keys());
    for (const id of index.keys()) ids.add(id);
    return [...ids];
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

  #seatIndex(): Map<string, Set<string>> {
    if (!this.#index) {
      const index = new Map<string, Set<string>>();
      for (const key of this.#seat.keys()) addToIndex(index, key);
      this.#index = index;
    }
    return this.#index;
  }

  #invalidate(keys: Set<string>, seat: boolean): void {
    for (const key of keys) {
      const id = seat ? idOfSeatKey(key) : key;
      this.#cache.delete(id);
      if (seat && this.#index) addToIndex(this.#index, key);
    }
  }

  #read(callId: string): CallRecord | undefined {
    let facts: CallFacts | undefined;
    const rawFacts = this.#facts.get(callId);
    if (rawFacts !== undefined) {
      const parsed = parseJson(rawFacts);
      facts = readValid(CallFacts, isObject(parsed) ? {...parsed, callId} : parsed, `${FACTS_MAP}[${callId}]`, this.#onIssue);
    }
    // Field by field, the latest writer wins; ties go to the later key in sort order (the same on every replica).
    const seat: Record<string, unknown> = {};
    const when: Record<string, number> = {};
    const keys = [...(this.#seatIndex().get(callId) ?? [])].filter(k => this.#seat.has(k)).sort();
    for (const key of keys) {
      const entry = readValid(SeatEntry, parseJson(this.#seat.get(key)), `${SEAT_MAP}[${key}]`, this.#onIssue);
      if (!entry) continue;
      for (const [field, raw] of Object.entries(entry.f)) {
        if (!seatFieldSet.has(field)) {
          this.#onIssue({where: `${SEAT_MAP}[${key}].${field}`, error: 'unknown field'});
          continue;
        }
        const at = entry.a?.[field] ?? entry.t;
        if (field in when && when[field] > at) continue;
        const value = readValid(fieldSchemas[field as SeatField].unwrap(), raw, `${SEAT_MAP}[${key}].${field}`, this.#onIssue);
        if (value === undefined) continue;
        seat[field] = value;
        when[field] = at;
      }
    }
    if (!facts && Object.keys(seat).length === 0) return undefined;
    return {callId, facts, seat: seat as SeatFields};
  }
}

function addToIndex(index: Map<string, Set<string>>, key: string): void {
  const id = idOfSeatKey(key);
  if (!id) return;
  let set = index.get(id);
  if (!set) index.set(id, (set = new Set()));
  set.add(key);
}

/** Leave out what the schema fills in by default, so the stored text stays small. */
function compactFacts(facts: CallFacts): Partial<CallFacts> {
  const out: Partial<CallFacts> = {...facts};
  // The key is the call id.
  delete out.callId;
  if (facts.holds.length === 0) delete out.holds;
  if (facts.transfers.length === 0) delete out.transfers;
  if (facts.ronaAgents.length === 0) delete out.ronaAgents;
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
