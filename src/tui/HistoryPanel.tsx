// Today's calls, newest first: scrollable and searchable. Numbers are masked (R-36): the
// active call is the only place a full number is shown.
import {Box, Text, useInput} from 'ink';
import {useState} from 'react';
import {duration, fit, padEnd, wallClock} from './format.ts';
import {fmt, type Messages} from './i18n.ts';
import type {CallRow} from '../client/seat-records.ts';
import type {MyQaScore} from '../sync/seat-qa.ts';
import {QaScoresPanel, qaScoreLines} from './QaScoresPanel.tsx';
import {useRefState} from './use-ref-state.ts';

export type HistoryPanelProps = {
  readonly t: Messages;
  readonly calls: readonly CallRow[];
  readonly mask: (number: string) => string;
  /** QA flag labels of a call (what a reviewer will look at). */
  readonly flags?: (row: CallRow) => readonly string[];
  readonly utcOffsetMinutes: number;
  readonly rows: number;
  readonly width: number;
  readonly onClose: () => void;
  /** The agent's own QA scores (R-27/R-28); `s` switches to them. Absent: no QA view. */
  readonly qa?: readonly MyQaScore[];
  /** yyyy-mm of the QA scores. */
  readonly month?: string;
};

export function HistoryPanel({t, calls, mask, flags, utcOffsetMinutes, rows, width, onClose, qa, month = ''}: HistoryPanelProps) {
  const [top, setTop] = useState(0);
  // A ref: the key that switches back may come before React re-subscribes the handler.
  const [showQaRef, setShowQa] = useRefState(false);
  const showQa = showQaRef.current;
  const [qaTop, setQaTop] = useState(0);
  const [query, setQuery] = useState<string | undefined>();
  const q = query?.trim().toLowerCase() ?? '';
  const list = [...calls].reverse().filter(c => {
    if (!q) return true;
    const n = c.notes;
    return [mask(c.facts.caller), c.facts.queue, n.surname, n.what, n.why, n.how, n.disposition, n.address, n.complaintContent]
      .some(v => v?.toLowerCase().includes(q));
  });
  const body = Math.max(1, rows - 2);
  useInput((input, key) => {
    if (showQaRef.current) {
      const last = Math.max(0, qaScoreLines(t, qa ?? [], utcOffsetMinutes).length - body);
      if (input === 's') return setShowQa(false);
      if (key.escape || input === 'q') return onClose();
      if (key.downArrow || input === 'j') setQaTop(v => Math.min(last, v + 1));
      if (key.upArrow || input === 'k') setQaTop(v => Math.max(0, v - 1));
      if (key.pageDown) setQaTop(v => Math.min(last, v + body));
      if (key.pageUp) setQaTop(v => Math.max(0, v - body));
      return;
    }
    if (query !== undefined) {
      if (key.escape) return setQuery(undefined);
      if (key.return) return setQuery(query.trim() ? query : undefined);
      if (key.backspace || key.delete) return setQuery(v => (v ?? '').slice(0, -1));
      if (!key.ctrl && !key.meta && input >= ' ') setQuery(v => (v ?? '') + input);
      setTop(0);
      return;
    }
    if (key.escape || input === 'q') return onClose();
    if (input === '/') return setQuery('');
    if (input === 's' && qa) return setShowQa(true);
    if (key.downArrow || input === 'j') setTop(v => Math.min(Math.max(0, list.length - body), v + 1));
    if (key.upArrow || input === 'k') setTop(v => Math.max(0, v - 1));
    if (key.pageDown) setTop(v => Math.min(Math.max(0, list.length - body), v + body));
    if (key.pageUp) setTop(v => Math.max(0, v - body));
  });
  const shown = list.slice(top, top + body);
  if (showQa) return <QaScoresPanel t={t} scores={qa ?? []} month={month} top={qaTop} rows={rows} width={width} utcOffsetMinutes={utcOffsetMinutes}/>;
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text wrap="truncate-end"><Text bold>{t.history.title} ({list.length})</Text> <Text dimColor>{query !== undefined ? fmt(t.history.search, {q: `${query}▏`}) : t.history.hint}{qa && query === undefined ? ` · ${t.qa.key}` : ''}</Text></Text>
      {shown.length === 0 ? <Text dimColor>{t.history.empty}</Text> : shown.map(c => {
        const f = c.facts;
        const talk = f.answeredAt && f.endedAt ? duration(f.endedAt - f.answeredAt) : '--:--';
        const at = f.answeredAt ?? f.offeredAt;
        const disp = c.notes.disposition ? t.notes.dispositions[c.notes.disposition] ?? c.notes.disposition : '';
        const tags = flags?.(c) ?? [];
        const line = `${at ? wallClock(at, utcOffsetMinutes).slice(0, 5) : '     '} ${padEnd(mask(f.caller), 13)} ${talk} ${padEnd(disp, 8)}${tags.length ? ` [${tags.join(' ')}]` : ''} ${c.notes.surname ?? ''} ${c.notes.what ?? ''}`;
        return <Text key={c.callId} wrap="truncate-end" color={tags.length ? 'yellow' : undefined}>{fit(line, width - 4)}</Text>;
      })}
    </Box>
  );
}
