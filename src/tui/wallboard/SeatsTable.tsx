// Every seat: state and time in state (R-23 over-break and long ACW flagged), the current call
// and hold timers, calls and late answers today. Selection is the lead's cursor, nothing more.
import {Box, Text} from 'ink';
import type {SeatRow} from '../../client/floor/floor-model.ts';
import {duration} from './format.ts';
import type {Strings} from './i18n.ts';
import {fit} from './fit.ts';

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
    ? {agent: 6, name: 10, state: 10, inState: 9, call: 9, hold: 8, calls: 7, late: 6, caller: 15, phone: 6, reason: 14}
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
  // One text node per row: cells are pre-fitted strings (left cells keep a one-column gap).
  const cell = (text: string | number, width: number, align: 'left' | 'right' = 'left') =>
    width <= 0 ? '' : align === 'left' && width > 2 ? fit(String(text), width - 1) + ' ' : fit(String(text), width, align);
  const header = columns.map(([key, align]) => cell((key === 'caller' ? ' ' : '') + (wide ? t[key] : t.short[key as keyof Strings['short']] ?? t[key]), w[key], align)).join('')
    + (flagWidth > 0 ? cell(seats.length > visible ? `${start + 1}–${start + shown.length}/${seats.length}` : '', flagWidth) : '');
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={focused ? 'cyan' : 'gray'} flexShrink={0}>
      <Text bold wrap="truncate">{header}</Text>
      {seats.length === 0 ? <Text dimColor>{t.noSeats}</Text> : null}
      {shown.map((seat, i) => {
        const isSelected = start + i === selected;
        const color = stateColor(seat);
        const flag = seat.overBreak ? t.overBreak : seat.longAcw ? t.longAcw : '';
        const reason = seat.reason ? t.reasonNames[seat.reason] ?? seat.reason : '';
        // Narrow walls have no reason column: why a seat is Not Ready goes where the flags go.
        const aside = !flag && !wide && seat.state === 'not-ready' ? reason : '';
        return (
          <Text key={seat.agent} wrap="truncate">
            <Text inverse={isSelected && focused} bold={isSelected}>{cell((isSelected ? '›' : ' ') + seat.agent, w.agent)}</Text>
            {cell(seat.name, w.name)}
            <Text color={color}>{cell(t.states[seat.state], w.state)}</Text>
            <Text color={seat.overBreak ? 'red' : seat.longAcw ? 'yellow' : undefined} bold={seat.overBreak}>{cell(duration(seat.inStateMs), w.inState, 'right')}</Text>
            {cell(seat.callMs === undefined ? '' : duration(seat.callMs), w.call, 'right')}
            <Text color="magenta">{cell(seat.holdMs === undefined ? '' : duration(seat.holdMs), w.hold, 'right')}</Text>
            {cell(seat.callsToday, w.calls, 'right')}
            <Text color={seat.lateToday > 0 ? 'yellow' : undefined}>{cell(seat.lateToday, w.late, 'right')}</Text>
            {wide ? cell(' ' + (seat.caller ?? ''), w.caller) : ''}
            {wide ? <Text color={seat.phoneRegistered ? 'green' : 'red'}>{cell(seat.phoneRegistered ? '●' : '○', w.phone)}</Text> : ''}
            {wide ? cell(reason, w.reason) : ''}
            {flagWidth > 0 && flag ? <Text color={seat.overBreak ? 'red' : 'yellow'} bold>{cell(' ' + flag, flagWidth)}</Text> : ''}
            {flagWidth > 0 && aside ? <Text dimColor>{cell(' ' + aside, flagWidth)}</Text> : ''}
          </Text>
        );
      })}
    </Box>
  );
}
