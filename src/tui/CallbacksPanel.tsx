// R-08: callbacks promised and not yet made, with their due times; Enter dials one.
import {Box, Text, useInput} from 'ink';
import {useState} from 'react';
import {dateTime, fit} from './format.ts';
import type {Messages} from './i18n.ts';
import type {CallRow} from '../client/seat-records.ts';

export type CallbacksPanelProps = {
  readonly t: Messages;
  /** Calls with an open callback promise. */
  readonly due: readonly CallRow[];
  readonly now: number;
  readonly mask: (number: string) => string;
  readonly utcOffsetMinutes: number;
  readonly rows: number;
  readonly width: number;
  readonly onDial: (row: CallRow) => void;
  readonly onDone: (row: CallRow) => void;
  readonly onClose: () => void;
};

export function CallbacksPanel({t, due, now, mask, utcOffsetMinutes, rows, width, onDial, onDone, onClose}: CallbacksPanelProps) {
  const [at, setAt] = useState(0);
  const index = Math.min(at, Math.max(0, due.length - 1));
  useInput((input, key) => {
    if (key.escape || input === 'q') return onClose();
    if (key.downArrow) setAt(Math.min(due.length - 1, index + 1));
    if (key.upArrow) setAt(Math.max(0, index - 1));
    const row = due[index];
    if (row && key.return) onDial(row);
    if (row && input === 'd') onDone(row);
  });
  const start = Math.max(0, Math.min(index - Math.floor((rows - 2) / 2), due.length - (rows - 2)));
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text bold>{t.callbacks.title} ({due.length}) <Text dimColor>↑↓ · Enter ☎ · d ✓ · Esc</Text></Text>
      {due.length === 0 ? <Text dimColor>{t.callbacks.empty}</Text> : due.slice(start, start + rows - 2).map((c, i) => {
        const d = c.notes.callbackDueMs;
        const overdue = d !== undefined && d < now;
        const line = `${mask(c.notes.callbackNumber || c.facts.caller)}  ${t.notes.promises[c.notes.callbackPromise ?? ''] ?? ''}  ${d ? `${t.callbacks.due} ${dateTime(d, utcOffsetMinutes)}` : ''} ${c.notes.surname ?? ''} ${c.notes.what ?? ''}`;
        return <Text key={c.callId} inverse={start + i === index} color={overdue ? 'red' : undefined} wrap="truncate-end">{overdue ? '! ' : '  '}{fit(line, width - 6)}</Text>;
      })}
    </Box>
  );
}
