// on screen: the phrase before holding, the hold timer and the nudges as they fall due.
import {Box, Text} from 'ink';
import {duration} from './format.ts';
import {fmt, type Messages} from './i18n.ts';

export type HoldPanelProps = {
  readonly t: Messages;
  /** Time on hold so far. */
  readonly heldMs: number;
  /** R-09 phrase said before holding. */
  readonly beforePhrase: string;
  /** The nudge due now, if any has fallen due. */
  readonly nudge?: {readonly phrase: string; readonly kind: 'nudge' | 'patience' | 'long_hold'};
  /** Seconds to the next nudge. */
  readonly nextInSeconds: number;
  /** from 45 s, thank the caller on return. */
  readonly thankOnReturn?: string;
};

export function HoldPanel({t, heldMs, beforePhrase, nudge, nextInSeconds, thankOnReturn}: HoldPanelProps) {
  const long = nudge?.kind === 'long_hold';
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={long ? 'red' : 'yellow'} paddingX={1}>
      <Text bold color="yellow">⏸ {t.holdPanel.onHold} {duration(heldMs)}   <Text dimColor>R-09 「{beforePhrase}」</Text></Text>
      {nudge && !long ? <Text bold color="yellow" wrap="truncate-end">🔔 {fmt(t.holdPanel.nudgeNow, {phrase: nudge.phrase})}</Text> : null}
      {long ? <Text bold color="red" wrap="truncate-end">⚠ {fmt(t.holdPanel.longHold, {phrase: nudge.phrase})}</Text> : null}
      {thankOnReturn ? <Text wrap="truncate-end">{fmt(t.holdPanel.thankOnReturn, {phrase: thankOnReturn})}</Text> : null}
      <Text dimColor>{fmt(t.holdPanel.nextNudge, {s: nextInSeconds})} · {t.holdPanel.resume}</Text>
    </Box>
  );
}
