// R-35 shift handover (交接班): what the previous shift left for this seat (Ctrl+A acknowledges
// the first open item) above this agent's own note for the next shift.
import {Box, Text, useInput} from 'ink';
import {dateTime, fit} from './format.ts';
import type {Messages} from './i18n.ts';
import type {ReceivedItem} from '../client/seat-records.ts';
import {TextEditor} from './TextEditor.tsx';

export type HandoverPanelProps = {
  readonly t: Messages;
  readonly received: readonly ReceivedItem[];
  readonly text: string;
  readonly rows: number;
  readonly width: number;
  readonly utcOffsetMinutes: number;
  readonly onAcknowledge: (itemId: string) => void;
  readonly onChange: (text: string) => void;
  readonly onSave: () => void;
  readonly onClose: () => void;
};

export function HandoverPanel({t, received, text, rows, width, utcOffsetMinutes, onAcknowledge, onChange, onSave, onClose}: HandoverPanelProps) {
  const open = received.filter(r => !r.acknowledged);
  useInput((input, key) => {
    if (key.ctrl && input === 'a' && open[0]) onAcknowledge(open[0].id);
  });
  const shown = received.slice(0, Math.max(1, Math.floor(rows / 3)));
  return (
    <Box flexDirection="column">
      <Box flexDirection="column" borderStyle="single" paddingX={1}>
        <Text bold>{t.handover.received} ({open.length}) <Text dimColor>{t.handover.ackHint}</Text></Text>
        {received.length === 0 ? <Text dimColor>{t.handover.none}</Text> : shown.map(r => (
          <Text key={r.id} wrap="truncate-end" color={r.acknowledged ? undefined : 'yellow'} dimColor={r.acknowledged}>
            {r.acknowledged ? '✓' : '•'} {r.from} {fit(r.text.replace(/\s+/g, ' '), width - 30)}{r.due ? ` (${dateTime(r.due, utcOffsetMinutes)})` : ''}
          </Text>
        ))}
      </Box>
      <TextEditor title={t.handover.title} hint={t.handover.hint} text={text} rows={Math.max(2, rows - shown.length - 6)} width={width}
        onChange={onChange} onSave={onSave} onClose={onClose} savedText={t.handover.saved}/>
    </Box>
  );
}
