// Ink hands one read of stdin to the input handlers as a single event unless it holds an escape
// sequence: two Backspaces sent at once, an Enter followed at once by text, or a pasted
// multi-line note arrive as one string that matches no key and are dropped (issue 17, defect
// 6). The seat splits such a chunk into one event per key before any handler sees it.
import type {EventEmitter} from 'node:events';

/** The keys in one chunk: escape sequences stay whole (Ink already cut them), CR LF and LF are Enter. */
export function splitKeys(chunk: string): string[] {
  if (chunk.length <= 1 || chunk.startsWith('\u001B')) return [chunk];
  const keys: string[] = [];
  const chars = [...chunk];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '\r' && chars[i + 1] === '\n') i++;
    keys.push(ch === '\n' ? '\r' : ch);
  }
  return keys;
}

const split = new WeakSet<EventEmitter>();

/** Make `emitter` (Ink's input event emitter) deliver each key of a chunk as its own 'input' event. */
export function splitInputEvents(emitter: EventEmitter | undefined): void {
  if (!emitter || split.has(emitter)) return;
  split.add(emitter);
  const emit = emitter.emit.bind(emitter);
  emitter.emit = (event: string | symbol, ...args: unknown[]): boolean => {
    if (event !== 'input' || typeof args[0] !== 'string') return emit(event, ...args);
    let heard = false;
    for (const key of splitKeys(args[0])) heard = emit(event, key, ...args.slice(1)) || heard;
    return heard;
  };
}
