// R-35 post-shift review (班后会): the day's handover items and each agent's wrap-up.
import {Box, Text} from 'ink';
import type {HandoverEntry} from '../../sync/handover-log.ts';
import type {Wrapup} from '../../sync/schema.ts';
import type {LeadMessages} from './i18n.ts';
import {padCells} from './view.ts';

export type ReviewScreenProps = {
  readonly t: LeadMessages;
  readonly agents: ReadonlyArray<{readonly id: string; readonly name: string}>;
  readonly handovers: readonly HandoverEntry[];
  readonly wrapups: readonly Wrapup[];
  readonly height: number;
};

export function ReviewScreen({t, agents, handovers, wrapups, height}: ReviewScreenProps) {
  const nameOf = (id: string) => agents.find(a => a.id === id)?.name ?? id;
  const items = handovers.slice(0, Math.max(2, Math.floor(height / 2) - 1));
  return (
    <Box flexDirection="column">
      <Text bold>{t.review.handover} ({handovers.length})</Text>
      {handovers.length === 0 ? <Text dimColor>{t.review.noHandover}</Text> : null}
      {items.map(h => (
        <Text key={h.item.id} wrap="truncate-end">
          <Text color={h.ack ? 'green' : 'yellow'}>{h.ack ? t.review.acked : t.review.open}</Text> {nameOf(h.item.from)}→{h.item.to ? nameOf(h.item.to) : '*'} [{h.item.kind}] {h.item.text}
        </Text>
      ))}
      <Text bold>{t.review.wrapup} ({wrapups.length}/{agents.length})</Text>
      {agents.map(a => {
        const w = wrapups.find(x => x.agent === a.id);
        const figures = w ? Object.entries(w.figures).slice(0, 4).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(2)}`).join(' · ') : '';
        return (
          <Text key={a.id} wrap="truncate-end">
            {padCells(`${a.id} ${a.name}`, 14)} {w ? <Text>{figures} <Text dimColor>{w.remarks}</Text></Text> : <Text color="yellow">{t.review.noWrapup}</Text>}
          </Text>
        );
      })}
    </Box>
  );
}
