// An offered call: caller, queue, the R-01 ring counter and, after the third ring, the R-02 warning.
import {Box, Text} from 'ink';
import {duration} from './format.ts';
import {fmt, type Messages} from './i18n.ts';

export type RingingPanelProps = {
  readonly t: Messages;
  /** Caller number (full: this is the agent's own call, R-36). */
  readonly caller: string;
  readonly queue: string;
  /** Rings so far: 1 at the offer. */
  readonly rings: number;
  /** R-01 limit (3). */
  readonly maxRings: number;
  /** What to say on answering (R-02 apology + R-03 greeting). */
  readonly opening: string;
  /** How long the caller waited in queue before the offer. */
  readonly waitedMs: number;
  readonly outbound?: boolean;
};

export function RingingPanel({t, caller, queue, rings, maxRings, opening, waitedMs, outbound = false}: RingingPanelProps) {
  const late = rings > maxRings;
  const dots = Array.from({length: Math.min(rings, 8)}, (_, i) => (i < maxRings ? '●' : '◆')).join(' ');
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={late ? 'red' : 'yellow'} paddingX={1}>
      <Text bold color={late ? 'red' : 'yellow'}>☎ {outbound ? t.ringing.outbound : t.ringing.title}  {fmt(t.ringing.rings, {n: rings})}  {dots}</Text>
      <Text wrap="truncate-end">{t.ringing.caller}: <Text bold>{caller}</Text>   {t.ringing.queue}: {queue}   {t.ringing.waited} {duration(waitedMs)}</Text>
      {late ? <Text color="red" bold wrap="truncate-end">⚠ {fmt(t.ringing.late, {max: maxRings})}</Text> : null}
      <Text wrap="wrap">{t.call.opening}: <Text color={late ? 'red' : 'green'}>「{opening}」</Text></Text>
      <Text inverse bold> {t.ringing.accept} </Text>
    </Box>
  );
}
