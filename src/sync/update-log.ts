// UpdateLog: an append-only file of Yjs updates, fsynced before anyone is told an update is
// saved. Used by the hub (one log per document) and by the seat (its local copy).
//
// File: the magic line, then records [u32 length][u32 crc32][u8 kind][payload]. A crash can
// leave a torn last record; reading stops at the first record whose length or crc is wrong and
// opening for writing truncates there (everything before it was fsynced and is intact).
// Appends made in the same tick share one write + fdatasync (group commit), so a burst of
// updates costs one disk flush, and callers awaiting `append()` resume in order.
// A write that fails (ENOSPC, EIO) fails its batch and every later one, and the file is cut
// back to its last synced length: no torn record sits in front of records written later (a
// full disk makes short writes, and a reader stops at the first torn record). Reopen the log
// to write again.
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';

const MAGIC = Buffer.from('ZUOXI-YLOG-1\n');
const HEADER = 9;
/** A single record above this is treated as corruption (bigger than any sane document). */
const MAX_RECORD = 256 * 1024 * 1024;

/** What a record holds. */
export const RecordKind = {
  /** An update received from elsewhere (or a compacted state). */
  remote: 0,
  /** An edit made on this replica, not yet known to be on the hub. */
  local: 1,
  /** A state vector the hub confirmed as durable (seat side). */
  confirmed: 2,
  /** Which agent a Yjs client id belongs to (hub side, server/hub/replicas.ts): JSON {client, agent}. */
  owner: 3,
} as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

export type LogRecord = {readonly kind: RecordKind; readonly data: Uint8Array};

export type ReadResult = {
  readonly records: LogRecord[];
  /** Byte length of the intact prefix. */
  readonly validBytes: number;
  /** Set when the file ended in a torn or corrupt record (what was dropped). */
  readonly damaged?: string;
};

/** Read every intact record of a log file; a missing file reads as empty. */
export async function readLog(file: string): Promise<ReadResult> {
  let buffer: Buffer;
  try {
    buffer = await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {records: [], validBytes: 0};
    throw error;
  }
  return parseLog(buffer);
}

export function parseLog(buffer: Buffer): ReadResult {
  if (buffer.length === 0) return {records: [], validBytes: 0};
  if (buffer.length < MAGIC.length || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) {
    return {records: [], validBytes: 0, damaged: 'not a zuoxi update log (bad magic)'};
  }
  const records: LogRecord[] = [];
  let offset = MAGIC.length;
  while (offset < buffer.length) {
    if (buffer.length - offset < HEADER) return {records, validBytes: offset, damaged: `torn record header at byte ${offset}`};
    const length = buffer.readUInt32LE(offset);
    const crc = buffer.readUInt32LE(offset + 4);
    if (length > MAX_RECORD || offset + HEADER + length > buffer.length) return {records, validBytes: offset, damaged: `torn record at byte ${offset}`};
    const body = buffer.subarray(offset + 8, offset + HEADER + length);
    if (zlib.crc32(body) !== crc) return {records, validBytes: offset, damaged: `checksum mismatch at byte ${offset}`};
    const kind = body[0];
    if (kind !== 0 && kind !== 1 && kind !== 2 && kind !== 3) return {records, validBytes: offset, damaged: `unknown record kind ${kind} at byte ${offset}`};
    records.push({kind, data: new Uint8Array(body.buffer, body.byteOffset + 1, length)});
    offset += HEADER + length;
  }
  return {records, validBytes: offset};
}

function encodeRecord(kind: RecordKind, data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER + data.length);
  out.writeUInt32LE(data.length, 0);
  out[8] = kind;
  out.set(data, HEADER);
  out.writeUInt32LE(zlib.crc32(out.subarray(8)), 4);
  return out;
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

type Batch = {buffers: Buffer[]; done: Promise<void>; resolve: () => void; reject: (error: Error) => void};

export class UpdateLog {
  readonly file: string;
  #handle: fs.FileHandle;
  #next: Batch | undefined;
  /** The batch being written; the next one waits for it. */
  #writing: Promise<void> = Promise.resolve();
  #records: number;
  /** Bytes on disk and synced: where a failed batch is cut back to. */
  #size: number;
  #closed = false;
  #failed: Error | undefined;

  private constructor(file: string, handle: fs.FileHandle, records: number, size: number) {
    this.file = file;
    this.#handle = handle;
    this.#records = records;
    this.#size = size;
  }

  /**
   * Open (creating directories and the file) for appending; returns the intact records. A torn
   * tail is cut off so new records follow the intact ones.
   */
  static async open(file: string): Promise<{log: UpdateLog; read: ReadResult}> {
    await fs.mkdir(path.dirname(file), {recursive: true});
    const read = await readLog(file);
    if (read.damaged && read.validBytes === 0 && read.records.length === 0) {
      // Not our format at all: keep it aside rather than overwrite someone's data.
      try {
        await fs.rename(file, `${file}.damaged-${Date.now()}`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    const handle = await fs.open(file, 'a+');
    let created = false;
    if (read.damaged && read.validBytes > 0) await handle.truncate(read.validBytes);
    let {size} = await handle.stat();
    try {
      if (size === 0) {
        await writeAll(handle, MAGIC);
        await handle.datasync();
        size = MAGIC.length;
        created = true;
      }
      if (created) await fsyncDir(path.dirname(file));
    } catch (error) {
      // A log without its magic line would read as foreign next time: leave it empty instead.
      await handle.truncate(0).catch(() => undefined);
      await handle.close();
      throw error;
    }
    return {log: new UpdateLog(file, handle, read.records.length, size), read};
  }

  /** Why writing stopped (the log must be reopened), if it did. */
  get failed(): Error | undefined {
    return this.#failed;
  }

  /** Records appended since open or the last compaction (a hint for when to compact). */
  get records(): number {
    return this.#records;
  }

  /** Queue a record; the promise resolves once it is on disk (fdatasync). */
  append(data: Uint8Array, kind: RecordKind = RecordKind.remote): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`update log ${this.file} is closed`));
    if (this.#failed) return Promise.reject(this.#failed);
    this.#records++;
    if (!this.#next) {
      let resolve!: () => void;
      let reject!: (error: Error) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      const batch: Batch = {buffers: [], done, resolve, reject};
      this.#next = batch;
      this.#writing = this.#writing.then(() => this.#write(batch));
    }
    this.#next.buffers.push(encodeRecord(kind, data));
    return this.#next.done;
  }

  /** Resolves when everything appended so far is on disk. */
  flush(): Promise<void> {
    return this.#next ? this.#next.done : this.#writing;
  }

  /**
   * Replace the log by `records()` (taken after every earlier append is on disk, so it sees all
   * of them): written to a temporary file, fsynced, renamed over the log.
   */
  async compact(records: () => LogRecord[]): Promise<void> {
    const run = this.#writing.then(async () => {
      const list = records();
      const temp = `${this.file}.compact`;
      const handle = await fs.open(temp, 'w');
      const content = Buffer.concat([MAGIC, ...list.map(r => encodeRecord(r.kind, r.data))]);
      try {
        await writeAll(handle, content);
        await handle.datasync();
      } catch (error) {
        // A half-written copy would only hold the space a full disk needs back.
        await handle.close();
        await fs.rm(temp, {force: true});
        throw error;
      }
      await handle.close();
      await fs.rename(temp, this.file);
      await fsyncDir(path.dirname(this.file));
      await this.#handle.close();
      this.#handle = await fs.open(this.file, 'a');
      this.#records = list.length;
      this.#size = content.length;
    });
    this.#writing = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.flush().catch(() => undefined);
    await this.#writing;
    this.#closed = true;
    await this.#handle.close();
  }

  async #write(batch: Batch): Promise<void> {
    // Appends after this point start the next batch.
    if (this.#next === batch) this.#next = undefined;
    if (this.#failed) {
      // Written after a failed batch, it could sit on disk without what it depends on.
      batch.reject(this.#failed);
      return;
    }
    const data = batch.buffers.length === 1 ? batch.buffers[0] : Buffer.concat(batch.buffers);
    try {
      await writeAll(this.#handle, data);
      await this.#handle.datasync();
      this.#size += data.length;
      batch.resolve();
    } catch (error) {
      // The disk state is unknown: refuse later appends loudly, and cut off what part of this
      // batch reached the file (shrinking needs no space).
      this.#failed = new Error(`update log ${this.file}: write failed: ${(error as Error).message}`, {cause: error});
      await this.#handle.truncate(this.#size).then(() => this.#handle.datasync()).catch(() => undefined);
      batch.reject(this.#failed);
    }
  }
}

/** FileHandle.write may write less than asked (a disk filling up): write the rest, or throw. */
async function writeAll(handle: fs.FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const {bytesWritten} = await handle.write(data, offset, data.length - offset);
    if (bytesWritten <= 0) throw new Error('write made no progress');
    offset += bytesWritten;
  }
}
