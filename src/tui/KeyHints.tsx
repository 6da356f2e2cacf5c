// The bottom line: the keys that work right now. When they do not all fit (80 columns in
// Chinese), keys are left out from the middle of the line, never the last one — `? 帮助` lists
// every key, so it must always be visible.
import {Text} from 'ink';
import {fit, stringWidth} from './format.ts';

export type KeyHintsProps = {
  /** Key labels like "h hold"; the last one (help) is kept whatever the width. */
  readonly keys: readonly string[];
  /** Columns available. */
  readonly width: number;
};

const sep = ' · ';

/** The hint line for `keys` in `width` columns. */
export function hintLine(keys: readonly string[], width: number): string {
  const all = keys.join(sep);
  if (stringWidth(all) <= width || keys.length < 2) return fit(all, width);
  const last = keys.at(-1) as string;
  const shown = keys.slice(0, -1);
  while (shown.length > 0 && stringWidth([...shown, '…', last].join(sep)) > width) shown.pop();
  return fit([...shown, '…', last].join(sep), width);
}

export function KeyHints({keys, width}: KeyHintsProps) {
  return <Text dimColor wrap="truncate-end">{hintLine(keys, width)}</Text>;
}
