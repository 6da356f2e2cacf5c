// Quotas on what one client may write and hold (issue 15): a note is text a person typed, not
// megabytes, so every text field, every entry and every live update has a size limit; and
// one signed-in identity or one source address holds only so many connections.
//
// The live-update limit applies to updates as they are typed (y-websocket's "update"
// message). A sync step 2 is what a seat that was offline sends on reconnect, all its edits
// at once: it may be larger (up to the socket's message limit), but each of its entries and
// fields stays within the same limits. A seat entry is one JSON string (call-log.ts): when it
// is over the field limit, its fields are the ones measured.
import * as Y from 'yjs';
import type {Role} from '../auth.ts';

export type WriteLimits = {
  /** Largest text field (a note, a disposition text, a map key), in bytes of UTF-8. */
  readonly maxFieldBytes: number;
  /** Largest live update and largest single entry, in bytes. */
  readonly maxUpdateBytes: number;
};

export type ConnectionLimits = {
  /** Connections one signed-in identity holds at once, by its role. */
  readonly perIdentity: Readonly<Record<Role, number>>;
  /** Connections from one source address (signed in or not yet). */
  readonly perSource: number;
};

/**
 * Wide enough for anything the seat's own schema accepts (src/sync/schema.ts: a note's "what"
 * up to 8,000 characters, ~24 KB of Chinese; a record with every field at its maximum ~90 KB),
 * far below a 10 MB paste.
 */
export const defaultWriteLimits: WriteLimits = {maxFieldBytes: 32 * 1024, maxUpdateBytes: 256 * 1024};

/**
 * A seat holds ~5 documents (its day's three, QA, a rollover's next day); a lead's console more;
 * the SSH gateway's wallboards share a supervisor token per lead. A NATed office sends every
 * seat from one address, so the per-source cap is wide.
 */
export const defaultConnectionLimits: ConnectionLimits = {perIdentity: {agent: 16, lead: 32, supervisor: 512}, perSource: 4096};

type Decoded = ReturnType<typeof Y.decodeUpdate>;

/** Why a write is over the limits, or undefined. `live`: a typed update, not a reconnect's step 2. */
export function writeLimitProblem(doc: Y.Doc, update: Decoded, bytes: number, live: boolean, limits: WriteLimits): string | undefined {
  for (const struct of update.structs) {
    if (!(struct instanceof Y.Item)) continue;
    // Content the hub already holds (a step 2 repeats it) was accepted before.
    if (struct.id.clock + struct.length <= Y.getState(doc.store, struct.id.client)) continue;
    if (struct.parentSub !== null && Buffer.byteLength(struct.parentSub) > limits.maxFieldBytes) return `a key of ${kib(Buffer.byteLength(struct.parentSub))} is over the field limit of ${kib(limits.maxFieldBytes)}`;
    const why = contentProblem(struct.content, limits);
    if (why) return struct.parentSub === null ? why : `${clip(struct.parentSub)}: ${why}`;
  }
  // After the entries: which field is too big is the more useful answer.
  if (live && bytes > limits.maxUpdateBytes) return `an update of ${kib(bytes)} is over the limit of ${kib(limits.maxUpdateBytes)}`;
  return undefined;
}

function contentProblem(content: Y.Item['content'], limits: WriteLimits): string | undefined {
  let values: unknown[];
  if (content instanceof Y.ContentString) values = [content.str];
  else if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) values = content.arr;
  else if (content instanceof Y.ContentBinary) values = [content.content];
  else if (content instanceof Y.ContentEmbed) values = [content.embed];
  else if (content instanceof Y.ContentFormat) values = [content.key, content.value];
  else return undefined; // types, deletions, sub-documents: no payload of their own
  let total = 0;
  for (const value of values) {
    const walked = walk(value, limits.maxFieldBytes, '');
    if (typeof walked === 'string') return walked;
    total += walked;
    if (total > limits.maxUpdateBytes) return `an entry of more than ${kib(limits.maxUpdateBytes)} is over the limit`;
  }
  return undefined;
}

/** Bytes of a value's strings and binaries, or why one field is too big. */
function walk(value: unknown, maxField: number, path: string, depth = 0): number | string {
  if (typeof value === 'string') {
    // Three bytes of UTF-8 per UTF-16 unit at most: short strings need no counting.
    const bytes = value.length * 3 <= maxField ? value.length : Buffer.byteLength(value);
    if (bytes <= maxField) return bytes;
    const inner = depth === 0 && (value.startsWith('{') || value.startsWith('[')) ? parseJson(value) : undefined;
    if (inner === undefined) return `the text field ${path || '(value)'} of ${kib(bytes)} is over the limit of ${kib(maxField)}`;
    const fields = walk(inner, maxField, path, depth + 1);
    return typeof fields === 'string' ? fields : bytes;
  }
  if (value instanceof Uint8Array) {
    return value.byteLength > maxField ? `the binary field ${path || '(value)'} of ${kib(value.byteLength)} is over the limit of ${kib(maxField)}` : value.byteLength;
  }
  if (value === null || typeof value !== 'object') return 8;
  if (depth > 32) return 'an entry nested more than 32 levels deep';
  let total = 0;
  for (const [key, inner] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    const name = `${path}${path ? '.' : ''}${clip(String(key))}`;
    if (typeof key === 'string' && Buffer.byteLength(key) > maxField) return `a key of ${kib(Buffer.byteLength(key))} in ${path || '(value)'} is over the field limit`;
    const bytes = walk(inner, maxField, name, depth + 1);
    if (typeof bytes === 'string') return bytes;
    total += bytes + String(key).length;
  }
  return total;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function kib(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KiB`;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Counts connections by a key (an identity, a source) against a cap. */
export class ConnectionCounter {
  readonly #counts = new Map<string, number>();

  /** Take a slot for `key`; false (nothing taken) when it already holds `cap`. */
  take(key: string, cap: number): boolean {
    const n = this.#counts.get(key) ?? 0;
    if (n >= cap) return false;
    this.#counts.set(key, n + 1);
    return true;
  }

  release(key: string): void {
    const n = (this.#counts.get(key) ?? 0) - 1;
    if (n <= 0) this.#counts.delete(key);
    else this.#counts.set(key, n);
  }
}
