// The seat between calls: Ready or not, the queue now and today, the phone's registration,
// open callbacks, and the last calls answered.
import {Box, Text} from 'ink';
import type {QueueStats, SeatSnapshot} from '../sip/protocol.ts';
import type {CallRow} from '../client/seat-records.ts';
import {duration, padEnd, wallClock} from './format.ts';
import {fmt, type Messages} from './i18n.ts';

export type IdleViewProps = {
  readonly t: Messages;
  readonly seat?: SeatSnapshot;
  readonly queue?: QueueStats;
  /** The day's calls, oldest first. */
  readonly calls: readonly CallRow[];
  readonly openCallbacks: number;
  readonly bodyRows: number;
  readonly utcOffsetMinutes: number;
  readonly mask: (number: string) => string;
  /** Not linked to the switch: no call can ring here, whatever the last known state. */
  readonly offline?: boolean;
};

export function IdleView({t, seat, queue: q, calls, openCallbacks, bodyRows, utcOffsetMinutes: offset, mask, offline = false}: IdleViewProps) {
  const ready = seat?.state === 'ready' && !offline;
  const recent = calls.filter(c => c.facts.answeredAt !== undefined).slice(-Math.max(1, bodyRows - 9)).reverse();
  return (
    <Box flexDirection="column">
      <Box flexDirection="column" borderStyle="round" borderColor={ready ? 'green' : 'gray'} paddingX={1}>
        <Text bold color={ready ? 'green' : undefined}>{offline ? `○ ${t.idle.offlineHint}` : ready ? `● ${t.idle.readyHint}` : `○ ${t.idle.notReadyHint}`}</Text>
        {q ? <Text wrap="truncate-end">{fmt(t.idle.queueNow, {n: q.waiting, wait: duration(q.longestWaitMs)})}   <Text dimColor>{fmt(t.idle.today, {offered: q.offered, answered: q.answered, abandoned: q.abandoned})}</Text></Text> : null}
        {seat && !seat.phoneRegistered ? <Text color="red">⚠ {t.idle.phoneOff}</Text> : null}
        {openCallbacks > 0 ? <Text color="yellow">{t.callbacks.title}: {openCallbacks} (c)</Text> : null}
      </Box>
      {recent.length > 0 ? <Text bold> {t.idle.recent}</Text> : null}
      {recent.map(c => (
        <Text key={c.callId} dimColor wrap="truncate-end"> {wallClock(c.facts.answeredAt as number, offset).slice(0, 5)}  {padEnd(mask(c.facts.caller), 13)} {c.facts.endedAt ? duration(c.facts.endedAt - (c.facts.answeredAt as number)) : '--:--'} {c.facts.late ? '!' : ' '} {c.notes.disposition ? t.notes.dispositions[c.notes.disposition] : ''} {c.notes.surname ?? ''} {c.notes.what ?? ''}</Text>
      ))}
    </Box>
  );
}
