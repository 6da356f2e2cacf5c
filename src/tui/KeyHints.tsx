// The bottom line: the keys that work right now.
import {Text} from 'ink';
import {fit} from './format.ts';

export type KeyHintsProps = {
  /** Key labels like "h hold". */
  readonly keys: readonly string[];
  /** Columns available. */
  readonly width: number;
};

export function KeyHints({keys, width}: KeyHintsProps) {
  return <Text dimColor wrap="truncate-end">{fit(keys.join(' · '), width)}</Text>;
}
