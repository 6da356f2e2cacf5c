// The top line of the seat: state and time in state, connection and sync, counts, clock.
import {Box, Text} from 'ink';
import type {AgentState} from '../sip/protocol.ts';
import {duration, wallClock} from './format.ts';
import {fmt, type Messages} from './i18n.ts';
import type {Connection} from '../client/seat-session.ts';
import type {SyncState} from '../client/seat-records.ts';

export type StateBarProps = {
  /** UI words. */
  readonly t: Messages;
  /** The agent's current state. */
  readonly state: AgentState;
  /** Not Ready reason, if any. */
  readonly reason?: string;
  /** Epoch ms the state began. */
  readonly since: number;
  /** Server-corrected now. */
  readonly now: number;
  /** Link to the switch. */
  readonly connection: Connection;
  /** Sync state of the day's records. */
  readonly sync: SyncState;
  readonly callsToday: number;
  readonly lateToday: number;
  /** Callers waiting in the queue now. */
  readonly waiting?: number;
  /** "1001 张敏". */
  readonly who: string;
  /** Center's offset from UTC for the clock. */
  readonly utcOffsetMinutes: number;
  /** Idle seat: show minutes only (it redraws rarely). */
  readonly coarse?: boolean;
};

const stateColor: Partial<Record<AgentState, string>> = {
  ready: 'green', 'on-call': 'cyan', offered: 'yellow', acw: 'magenta', break: 'blue', meal: 'blue', offline: 'red',
};

export function StateBar({t, state, reason, since, now, connection, sync, callsToday, lateToday, waiting, who, utcOffsetMinutes, coarse = false}: StateBarProps) {
  const inState = coarse ? `${Math.floor(Math.max(0, now - since) / 60_000)}${t.minutes}` : duration(now - since);
  const clock = coarse ? wallClock(now, utcOffsetMinutes).slice(0, 5) : wallClock(now, utcOffsetMinutes);
  const syncText = sync.kind === 'pending' ? fmt(t.sync.pending, {n: sync.pending ?? 0}) : t.sync[sync.kind];
  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between">
        {/* Who and in what state come first; the counts and the clock give way. */}
        <Box flexShrink={0}><Text wrap="truncate-end">
          <Text bold color={stateColor[state] ?? 'white'} inverse> {t.states[state]}{reason ? `·${reason}` : ''} </Text>
          <Text> {inState}  </Text>
          <Text dimColor>{who}</Text>
        </Text></Box>
        <Text wrap="truncate-end">
          {/* A space of its own: at 80 columns the two halves meet ("张敏today" in English). */}
          <Text> {fmt(t.counts, {calls: callsToday, late: lateToday})}</Text>
          {waiting !== undefined ? <Text color={waiting > 0 ? 'yellow' : undefined}> {fmt(t.queue, {n: waiting})}</Text> : null}
          <Text dimColor> {syncText} </Text>
          <Text bold>{clock}</Text>
        </Text>
      </Box>
      {connection !== 'online' ? (
        <Text color="white" backgroundColor="red" wrap="truncate-end"> ⚠ {t.connection[connection]} </Text>
      ) : null}
    </Box>
  );
}
