// The bottom line: the keys that work right now.
import {Text} from 'ink';

export type KeyHintsProps = {
  /** Key labels like "h hold". */
  readonly keys: readonly string[];
};

export function KeyHints({keys}: KeyHintsProps) {
  return <Text dimColor wrap="truncate-end">{keys.join(' · ')}</Text>;
}
