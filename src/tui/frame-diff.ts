// Line-level redraw for Ink's standard renderer. Ink 6 redraws a frame by erasing every line
// and writing the whole frame again; its incremental mode would rewrite only changed lines but
// lands one row low after a frame that ends in a newline (checked in tmux with Ink 6.8). This
// sits between Ink and the terminal: when a write is "erase the previous frame + the next
// frame" and the frame has as many lines as the last one, it moves to the top and rewrites
// only the lines that changed (each overwritten in place, then the rest of the line cleared),
// so a ticking timer rewrites one line, not 23, and nothing blanks in between. Anything else
// passes through untouched and resets what it knows.

const ERASE_LINE = '\u001B[2K';
const CLEAR_TO_EOL = '\u001B[K';
const erasePrefix = /^((?:\u001B\[2K\u001B\[1A)*\u001B\[2K\u001B\[G)/;

export type FrameDiff = {
  /** What to write instead of `chunk`. */
  readonly out: string;
  /** The frame's lines now on screen (the cursor on the line below), if known. */
  readonly lines: readonly string[] | undefined;
};

/**
 * Rewrite one write of Ink's standard renderer given the frame known to be on screen.
 * Pure: the caller keeps `lines` for the next call.
 */
export function diffFrame(previous: readonly string[] | undefined, chunk: string): FrameDiff {
  const match = erasePrefix.exec(chunk);
  const body = match ? chunk.slice(match[1].length) : chunk;
  const next = body.endsWith('\n') ? body.slice(0, -1).split('\n') : undefined;
  if (!match) {
    // Not a redraw: plain text that ends a line starts a known frame; anything else is unknown
    // unless it cannot move the cursor (a bell, cursor show/hide, synchronized-output marks).
    if (next) return {out: chunk, lines: next};
    return {out: chunk, lines: body.includes('\n') || /[^\u0007]/.test(body.replace(/\u001B\[\?\d+[hl]/g, '')) ? undefined : previous};
  }
  const erased = match[1].split(ERASE_LINE).length - 1;
  if (!previous || !next || erased !== previous.length + 1 || next.length !== previous.length) {
    return {out: chunk, lines: next};
  }
  // The cursor is on the line below the frame: go to its first line, then rewrite what changed.
  let out = `\u001B[${previous.length}A\r`;
  for (let i = 0; i < next.length; i++) {
    out += next[i] === previous[i] ? '\n' : `${next[i]}${CLEAR_TO_EOL}\n`;
  }
  return {out, lines: next};
}

/** A stdout for Ink that applies diffFrame to every write; everything else is the real stream. */
export function frameDiffStream(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
  let lines: readonly string[] | undefined;
  // A resize re-wraps what is on screen: forget it, the next frame is written whole.
  stdout.on('resize', () => {
    lines = undefined;
  });
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    if (typeof chunk !== 'string') {
      lines = undefined;
      return (stdout.write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }
    const diff = diffFrame(lines, chunk);
    lines = diff.lines;
    return (stdout.write as (...a: unknown[]) => boolean)(diff.out, ...rest);
  };
  return new Proxy(stdout, {
    get(target, prop) {
      if (prop === 'write') return write;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
