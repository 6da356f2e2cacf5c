// An SSH session channel dressed as the terminal Ink expects: stdout with columns/rows and
// `resize`, stdin in "raw mode". The channel has no line discipline, so the newlines Ink writes
// become CR LF here, or the client's terminal would stair-step.
import {EventEmitter} from 'node:events';
import {PassThrough} from 'node:stream';
import type ssh2 from 'ssh2';

/** A client that reads slower than this backlog is too slow for a live wall: drop it. */
const MAX_BACKLOG = 4 * 1024 * 1024;

export class ChannelStdout extends EventEmitter {
  readonly isTTY = true;
  columns: number;
  rows: number;
  readonly #channel: ssh2.ServerChannel;
  readonly #onOverflow: () => void;

  constructor(channel: ssh2.ServerChannel, columns: number, rows: number, onOverflow: () => void) {
    super();
    this.#channel = channel;
    this.columns = columns;
    this.rows = rows;
    this.#onOverflow = onOverflow;
  }

  write(data: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown): boolean {
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (this.#channel.destroyed || !this.#channel.writable) {
      if (typeof done === 'function') done();
      return false;
    }
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
    this.#channel.write(text.replace(/\r?\n/g, '\r\n'));
    if (this.#channel.writableLength > MAX_BACKLOG) this.#onOverflow();
    if (typeof done === 'function') done();
    return true;
  }

  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }

  // Ink and its helpers probe these on real TTYs.
  getColorDepth(): number {
    return 8;
  }

  hasColors(): boolean {
    return true;
  }

  cursorTo(): boolean {
    return true;
  }

  moveCursor(): boolean {
    return true;
  }

  clearLine(): boolean {
    return true;
  }
}

export class ChannelStdin extends PassThrough {
  readonly isTTY = true;
  isRaw = false;

  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}

/** Both ends for one session; `dispose` detaches the channel. */
export function channelTerminal(channel: ssh2.ServerChannel, columns: number, rows: number, onOverflow: () => void) {
  const stdout = new ChannelStdout(channel, columns, rows, onOverflow);
  const stdin = new ChannelStdin();
  const onData = (data: Buffer) => {
    stdin.write(data);
  };
  channel.on('data', onData);
  return {
    stdout: stdout as unknown as NodeJS.WriteStream & ChannelStdout,
    stdin: stdin as unknown as NodeJS.ReadStream,
    resize: (c: number, r: number) => stdout.resize(c, r),
    dispose() {
      channel.off('data', onData);
      stdin.end();
    },
  };
}
