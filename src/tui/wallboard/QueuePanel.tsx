// The queue now: callers waiting, the longest wait, per-queue figures, the last hour as a
// sparkline (with the R-18 thresholds as its scale) and the R-17 mode.
import {Box, Text} from 'ink';
import type {QueueView} from '../../client/floor/floor-model.ts';
import type {PeakView} from '../../client/floor/peak.ts';
import {chart, duration, sparkline} from './format.ts';
import {fill, type Strings} from './i18n.ts';
import {Cell} from './Cell.tsx';
import {peakColors} from './PeakBanner.tsx';

export type QueuePanelProps = {
  readonly queue: QueueView;
  readonly peak: PeakView;
  readonly predictablePeak: boolean;
  /** the declared peak's name (campaign, registration…), shown with the mode. */
  readonly predictablePeakName?: string;
  readonly focused: boolean;
  readonly width: number;
  readonly height: number;
  readonly t: Strings;
};

export function QueuePanel({queue, peak, predictablePeak, predictablePeakName, focused, width, height, t}: QueuePanelProps) {
  const inner = width - 2;
  const th = peak.thresholds;
  const waitColor = queue.waiting >= th.level2 ? 'red' : queue.waiting >= th.level1 ? 'yellow' : 'green';
  const top = Math.max(th.level2, ...queue.samples);
  // Lines: title, waiting, longest, sparkline label, sparkline, R-17 — then as many queues as fit.
  const room = Math.max(0, height - 2 - 6);
  const queues = queue.queues.length > 1 ? queue.queues.slice(0, Math.min(room, 6)) : [];
  // A tall wall gets a taller chart of the last hour.
  const chartRows = Math.max(1, Math.min(10, room - queues.length));
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={focused ? 'cyan' : 'gray'} flexShrink={0}>
      <Text bold wrap="truncate">{t.queue}</Text>
      <Box>
        <Cell width={Math.min(14, inner - 6)}>{t.waiting}</Cell>
        <Text bold color={waitColor}>{String(queue.waiting)}</Text>
      </Box>
      <Box>
        <Cell width={Math.min(14, inner - 8)}>{t.longest}</Cell>
        <Text color={queue.longestWaitMs > 60_000 ? 'yellow' : undefined}>{duration(queue.longestWaitMs)}</Text>
      </Box>
      {queues.map(q => (
        <Box key={q.id}>
          <Cell width={Math.max(4, inner - 12)} dimColor>{' ' + q.name}</Cell>
          <Cell width={4} align="right">{q.waiting}</Cell>
          <Cell width={8} align="right">{duration(q.longestWaitMs)}</Cell>
        </Box>
      ))}
      <Text dimColor wrap="truncate">{`${t.lastHour} (max ${Math.max(0, ...queue.samples)}, ≥${th.level1}/≥${th.level2})`}</Text>
      {chartRows > 1
        ? chart(queue.samples, inner, chartRows, top).map((line, i) => <Text key={i} color={peakColors[peak.level]} wrap="truncate">{line}</Text>)
        : <Text color={peakColors[peak.level]} wrap="truncate">{sparkline(queue.samples, inner, top)}</Text>}
      <Text wrap="truncate" color={predictablePeak ? 'yellow' : undefined} dimColor={!predictablePeak}>
        {predictablePeak ? fill(predictablePeakName ? t.predictableNamed : t.predictable, {max: peak.predictable?.maxOutboundAgents ?? 2, name: predictablePeakName ?? ''}) : t.normalMode}
      </Text>
    </Box>
  );
}
