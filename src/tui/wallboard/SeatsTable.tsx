// Every seat: state and time in state (R-23 over-break and long ACW flagged), the current call
// and hold timers, calls and late answers today. Selection is the lead's cursor, nothing more.
import {Box, Text} from 'ink';
import type {SeatRow} from './floor-model.ts';
import {duration} from './format.ts';
import type {Strings} from './i18n.ts';
import {Cell} from './Cell.tsx';

export type SeatsTableProps = {
  readonly seats: readonly SeatRow[];
  /** Index of the selected seat. */
  readonly selected: number;
  readonly focused: boolean;
  /** Panel size in terminal cells, border included. */
  readonly width: number;
  readonly height: number;
  readonly t: Strings;
};

export function stateColor(seat: SeatRow): string | undefined {
  if (seat.overBreak) return 'red';
  if (seat.longAcw) return 'yellow';
  switch (seat.state) {
    case 'ready': return 'cyan';
    case 'on-call': return 'green';
    case 'offered': return 'yellow';
    case 'acw': return 'blue';
    case 'offline': return 'gray';
    default: return undefined;
  }
}

export function SeatsTable({seats, selected, focused, width, height, t}: SeatsTableProps) {
  const inner = width - 2;
  // Wide walls get the masked caller, phone registration and the state's reason.
  const wide = inner >= 100;
  const w = wide
    ? {agent: 6, name: 10, state: 10, inState: 9, call: 9, hold: 8, calls: 7, late: 6, caller: 15, phone: 6, reason: 12}
    : {agent: 6, name: 8, state: 8, inState: 7, call: 6, hold: 5, calls: 3, late: 3, caller: 0, phone: 0, reason: 0};
  const columns: Array<[keyof typeof w, 'left' | 'right']> = [
    ['agent', 'left'], ['name', 'left'], ['state', 'left'], ['inState', 'right'], ['call', 'right'], ['hold', 'right'], ['calls', 'right'], ['late', 'right'],
    ...(wide ? [['caller', 'left'], ['phone', 'left'], ['reason', 'left']] as Array<[keyof typeof w, 'left' | 'right']> : []),
  ];
  const used = columns.reduce((sum, [key]) => sum + w[key], 0);
  const flagWidth = Math.max(0, inner - used);
  const visible = Math.max(1, height - 3);
  const start = Math.min(Math.max(0, selected - Math.floor(visible / 2)), Math.max(0, seats.length - visible));
  const shown = seats.slice(start, start + visible);
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={focused ? 'cyan' : 'gray'} flexShrink={0}>
      <Box>
        {columns.map(([key, align]) => <Cell key={key} width={w[key]} align={align} bold>{(key === 'caller' ? ' ' : '') + (wide ? t[key] : t.short[key as keyof Strings['short']] ?? t[key])}</Cell>)}
        {flagWidth > 0 ? <Cell width={flagWidth} dimColor>{seats.length > visible ? `${start + 1}–${start + shown.length}/${seats.length}` : ''}</Cell> : null}
      </Box>
      {seats.length === 0 ? <Text dimColor>{t.noSeats}</Text> : null}
      {shown.map((seat, i) => {
        const isSelected = start + i === selected;
        const color = stateColor(seat);
        const flag = seat.overBreak ? t.overBreak : seat.longAcw ? t.longAcw : '';
        return (
          <Box key={seat.agent}>
            <Cell width={w.agent} inverse={isSelected && focused} bold={isSelected}>{(isSelected ? '›' : ' ') + seat.agent}</Cell>
            <Cell width={w.name}>{seat.name}</Cell>
            <Cell width={w.state} color={color}>{t.states[seat.state]}</Cell>
            <Cell width={w.inState} align="right" color={seat.overBreak ? 'red' : seat.longAcw ? 'yellow' : undefined} bold={seat.overBreak}>{duration(seat.inStateMs)}</Cell>
            <Cell width={w.call} align="right">{seat.callMs === undefined ? '' : duration(seat.callMs)}</Cell>
            <Cell width={w.hold} align="right" color={seat.holdMs !== undefined ? 'magenta' : undefined}>{seat.holdMs === undefined ? '' : duration(seat.holdMs)}</Cell>
            <Cell width={w.calls} align="right">{seat.callsToday}</Cell>
            <Cell width={w.late} align="right" color={seat.lateToday > 0 ? 'yellow' : undefined}>{seat.lateToday}</Cell>
            {wide ? <Cell width={w.caller}>{' ' + (seat.caller ?? '')}</Cell> : null}
            {wide ? <Cell width={w.phone} color={seat.phoneRegistered ? 'green' : 'red'}>{seat.phoneRegistered ? '●' : '○'}</Cell> : null}
            {wide ? <Cell width={w.reason}>{seat.reason ?? ''}</Cell> : null}
            {flagWidth > 0 ? <Cell width={flagWidth} color={seat.overBreak ? 'red' : 'yellow'} bold>{flag ? ' ' + flag : ''}</Cell> : null}
          </Box>
        );
      })}
    </Box>
  );
}
