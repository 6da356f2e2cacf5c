// The script for the current call stage (§2): the phrase to say now, numbered alternatives,
// caller-reaction hotkeys and the next stage.
import {Box, Text} from 'ink';
import {fit} from './format.ts';
import type {Messages} from './i18n.ts';

export type ScriptLine = {
  /** The hotkey that selects it. */
  readonly key: string;
  readonly text: string;
};

export type ScriptPanelProps = {
  readonly t: Messages;
  /** Stage name to show. */
  readonly stage: string;
  /** The phrase to say now (slots filled). */
  readonly sayNow: string;
  /** Other phrases of this stage, on digit keys (at most a few rows are shown). */
  readonly alternatives: readonly ScriptLine[];
  /** Caller-reaction phrases (thanks, praise, …) on letter keys. */
  readonly reactions: readonly ScriptLine[];
  /** Label of the stage Tab moves to, if any. */
  readonly next?: string;
  /** Columns available. */
  readonly width: number;
};

export function ScriptPanel({t, stage, sayNow, alternatives, reactions, next, width}: ScriptPanelProps) {
  const shown = alternatives.slice(0, 4);
  return (
    <Box flexDirection="column" borderStyle="single" borderColor="green" paddingX={1}>
      <Text wrap="truncate-end"><Text bold>{t.call.stage}: {stage}</Text>{next ? <Text dimColor>   {next}</Text> : null}</Text>
      <Text wrap="wrap"><Text color="green" bold>▶ {t.call.sayNow}: </Text><Text bold>「{sayNow}」</Text></Text>
      {shown.map(line => (
        <Text key={line.key} wrap="truncate-end" dimColor>  {line.key}. {fit(line.text, width - 10)}</Text>
      ))}
      {reactions.length > 0 ? (
        <Text wrap="truncate-end" color="cyan">{reactions.map(r => `${r.key} ${r.text}`).join('  ')}</Text>
      ) : null}
    </Box>
  );
}
