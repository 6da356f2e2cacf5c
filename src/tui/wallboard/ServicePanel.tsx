// R-34 service figures for today and this hour, with small bars for the rates.
import {Box, Text} from 'ink';
import type {ServiceFigures} from '../../client/floor/floor-model.ts';
import {bar, duration, percent} from './format.ts';
import type {Strings} from './i18n.ts';
import {fit} from './fit.ts';

export type ServicePanelProps = {
  readonly today: ServiceFigures;
  readonly hour: ServiceFigures;
  readonly focused: boolean;
  readonly width: number;
  readonly height: number;
  readonly t: Strings;
};

type Row = {label: string; today: string; hour: string; fraction?: number; good?: boolean; color?: string};

export function ServicePanel({today, hour, focused, width, height, t}: ServicePanelProps) {
  const inner = width - 2;
  const label = inner >= 60 ? 14 : 10;
  const value = inner >= 60 ? 10 : 7;
  const barWidth = Math.max(0, inner - label - 2 * value - 1);
  const rate = (f?: number) => (f === undefined ? undefined : f);
  const rows: Row[] = [
    {label: t.offered, today: String(today.offered), hour: String(hour.offered)},
    {label: t.answered, today: String(today.answered), hour: String(hour.answered)},
    {label: t.abandoned, today: String(today.abandoned), hour: String(hour.abandoned), fraction: today.offered > 0 ? today.abandoned / today.offered : undefined, color: 'red'},
    {label: t.answerRate, today: percent(today.answerRate), hour: percent(hour.answerRate), fraction: rate(today.answerRate), color: 'green'},
    {label: t.serviceLevel, today: percent(today.serviceLevel), hour: percent(hour.serviceLevel), fraction: rate(today.serviceLevel), color: 'cyan'},
    {label: t.asa, today: duration(today.asaMs), hour: duration(hour.asaMs)},
    {label: t.aht, today: duration(today.ahtMs), hour: duration(hour.ahtMs)},
  ];
  const shown = rows.slice(0, Math.max(0, height - 3));
  const head = fit(t.service, label - 1) + ' ' + fit(t.today, value, 'right') + fit(t.thisHour, value, 'right');
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={focused ? 'cyan' : 'gray'} flexShrink={0}>
      <Text bold wrap="truncate">{head}</Text>
      {shown.map(row => (
        <Text key={row.label} wrap="truncate">
          {fit(row.label, label - 1) + ' ' + fit(row.today, value, 'right') + fit(row.hour, value, 'right')}
          {barWidth > 0 && row.fraction !== undefined ? <Text color={row.color}>{' ' + bar(row.fraction, barWidth)}</Text> : ''}
        </Text>
      ))}
    </Box>
  );
}
