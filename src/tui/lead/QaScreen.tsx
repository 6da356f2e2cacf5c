// QA (R-24…R-26): today's sample per agent with each call's check flags and score.
import {Box, Text} from 'ink';
import {fmt, type LeadMessages} from './i18n.ts';
import type {AgentQaRow, SampleRow} from './lead-data.ts';
import {clockOf, padCells, windowAround} from './view.ts';

export type QaScreenProps = {
  readonly t: LeadMessages;
  readonly rows: readonly AgentQaRow[];
  readonly samples: readonly SampleRow[];
  /** Index of the selected sample. */
  readonly selected: number;
  readonly utcOffsetMinutes: number;
  /** Rows available for the sample list. */
  readonly height: number;
};

export function QaScreen({t, rows, samples, selected, utcOffsetMinutes, height}: QaScreenProps) {
  const list = windowAround(samples, selected, Math.max(3, height - rows.length - 3));
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate-end">{t.qa.agents}</Text>
      {rows.map(r => (
        <Text key={r.agent} wrap="truncate-end">
          {padCells(`${r.agent} ${r.name}`, 12)} {String(r.calls).padStart(4)} <Text color={r.flagged > 0 ? 'yellow' : undefined}>{String(r.flagged).padStart(4)}</Text> {String(r.sampled).padStart(4)} <Text color={r.scored < r.sampled ? 'yellow' : 'green'}>{String(r.scored).padStart(4)}</Text>
        </Text>
      ))}
      <Text bold wrap="truncate-end">{t.qa.sample}</Text>
      {samples.length === 0 ? <Text color="yellow" wrap="truncate-end">{t.qa.none}</Text> : null}
      {list.items.map(({item: s, index}) => (
        <Text key={`${s.date}/${s.callId}`} inverse={index === selected} wrap="truncate-end">
          {clockOf(s.callAt, utcOffsetMinutes).slice(0, 5)} {s.agent} {s.callId.slice(0, 14).padEnd(14)} <Text color={s.reason === 'flag' ? 'yellow' : 'cyan'}>{(s.reason === 'flag' ? t.qa.flag : t.qa.random).padEnd(6)}</Text> {s.score ? <Text color="green">{fmt(t.qa.scored, {score: s.score.finalTotal})}</Text> : <Text dimColor>{t.qa.unscored}</Text>} <Text color="yellow">{s.flags.map(f => t.flags[f] ?? f).join(' ')}</Text>
        </Text>
      ))}
    </Box>
  );
}
