// one line the whole floor can read from across the room — the peak-plan level, how long
// the queue has held over its threshold, and what the level orders. Colour by level.
import {Box, Text} from 'ink';
import type {PeakView} from '../../client/floor/peak.ts';
import {duration} from './format.ts';
import {fill, type Strings} from './i18n.ts';

export type PeakBannerProps = {
  readonly peak: PeakView;
  readonly width: number;
  readonly t: Strings;
};

export const peakColors = {0: 'green', 1: 'yellow', 2: 'red'} as const;

export function peakText(peak: PeakView, t: Strings): string {
  const th = peak.thresholds;
  if (peak.level === 0) {
    const pending = peak.pending
      ? ' · ' + fill(t.peakPending, {threshold: peak.pending.level === 2 ? th.level2 : th.level1, held: duration(peak.pending.heldMs), level: peak.pending.level, remaining: duration(peak.pending.remainingMs)})
      : '';
    return t.peakNormal + pending;
  }
  const held = fill(t.peakHeld, {threshold: peak.level === 2 ? th.level2 : th.level1, held: duration(peak.heldMs)});
  const actions = peak.actions.map(a => t.actions[a]).join(', ');
  const pending = peak.pending ? ' · ' + fill(t.peakPending, {threshold: th.level2, held: duration(peak.pending.heldMs), level: 2, remaining: duration(peak.pending.remainingMs)}) : '';
  return `${fill(t.peakLevel, {level: peak.level})} · ${actions} · ${held}${pending}`;
}

export function PeakBanner({peak, width, t}: PeakBannerProps) {
  const color = peakColors[peak.level];
  return (
    <Box width={width} height={1} flexShrink={0}>
      <Text wrap="truncate" backgroundColor={peak.level > 0 ? color : undefined} color={peak.level > 0 ? 'black' : color} bold={peak.level > 0}>
        {(peak.level > 0 ? ' ▲ ' : ' ● ') + peakText(peak, t)}
      </Text>
    </Box>
  );
}
