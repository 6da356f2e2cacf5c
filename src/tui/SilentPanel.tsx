// R-12 silent call: greet, 5 s → repeat, 5 s → farewell, then the agent may release.
import {Box, Text} from 'ink';
import {fmt, type Messages} from './i18n.ts';

export type SilentPanelProps = {
  readonly t: Messages;
  /** The phrase of the current step. */
  readonly phrase: string;
  /** 1 greet, 2 repeat, 3 farewell. */
  readonly step: number;
  /** Seconds to the next step, if any. */
  readonly nextInSeconds?: number;
  /** the farewell was reached; releasing is not flagged. */
  readonly mayRelease: boolean;
};

export function SilentPanel({t, phrase, step, nextInSeconds, mayRelease}: SilentPanelProps) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="magenta" paddingX={1}>
      <Text bold color="magenta">🔇 {t.silent.title}  {step}/3</Text>
      <Text wrap="wrap" bold>{fmt(t.silent.say, {phrase})}</Text>
      {nextInSeconds !== undefined ? <Text dimColor>{fmt(t.silent.next, {s: nextInSeconds})}</Text> : null}
      {mayRelease ? <Text inverse bold> {t.silent.release} </Text> : null}
    </Box>
  );
}
