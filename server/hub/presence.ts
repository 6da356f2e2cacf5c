// Presence (awareness) a connection may set: only under its own client ids — ids it brought
// first, never one another connection holds — and only a few of them. Otherwise a read-only
// supervisor could overwrite a seat's presence, and one socket could flood a team with 50,000
// fake seats (issue 15).
//
// y-websocket clients echo every presence change they receive back to the hub; those echoes
// carry the clock the hub already has and are dropped quietly. Only an entry that would change
// another connection's presence (a newer clock) is a spoof, refused and logged.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** Presence entries one connection may hold (a seat uses one; a reconnecting replica may briefly hold two). */
export const MAX_PRESENCE_PER_CONNECTION = 4;
/** Entries in one message: a client echoes the presence of its whole team. */
const MAX_ENTRIES_PER_MESSAGE = 2000;

type Entry = {readonly id: number; readonly clock: number; readonly state: string};

export type PresenceView = {
  /** The connection's own ids so far. */
  readonly mine: ReadonlySet<number>;
  /** Whether another connection of the document holds `id`. */
  readonly heldByOthers: (id: number) => boolean;
  /** The hub's clock for `id` (undefined when it has none). */
  readonly clockOf: (id: number) => number | undefined;
};

/** The part of an awareness update the connection may apply (undefined: nothing), and why the rest was refused. */
export function filterPresence(update: Uint8Array, view: PresenceView): {readonly update?: Uint8Array; readonly refusal?: string} {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > MAX_ENTRIES_PER_MESSAGE) throw new RangeError(`presence for ${count} clients in one message (at most ${MAX_ENTRIES_PER_MESSAGE})`);
  const kept: Entry[] = [];
  let refusal: string | undefined;
  let added = 0;
  for (let i = 0; i < count; i++) {
    const entry = {id: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), state: decoding.readVarString(decoder)};
    if (view.mine.has(entry.id)) {
      kept.push(entry);
    } else if (view.heldByOthers(entry.id)) {
      if (entry.clock > (view.clockOf(entry.id) ?? -1)) refusal ??= `presence of client ${entry.id} belongs to another connection`;
    } else if (entry.state === 'null') {
      kept.push(entry); // a removal of an id nobody holds changes nothing but the clock
    } else if (view.mine.size + ++added <= MAX_PRESENCE_PER_CONNECTION) {
      kept.push(entry);
    } else {
      refusal ??= `a connection holds at most ${MAX_PRESENCE_PER_CONNECTION} presence entries`;
    }
  }
  if (kept.length === 0) return refusal ? {refusal} : {};
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const e of kept) {
    encoding.writeVarUint(encoder, e.id);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return {update: encoding.toUint8Array(encoder), ...(refusal ? {refusal} : {})};
}
