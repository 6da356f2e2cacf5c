// disputes raised by agents (on the seat or in person) and the supervisor's decisions.
import {Box, Text} from 'ink';
import type {QaDispute, ScoreView} from '../../sync/lead/qa-book.ts';
import {fmt, type LeadMessages} from './i18n.ts';
import {stampOf, windowAround} from './view.ts';

export type DisputesScreenProps = {
  readonly t: LeadMessages;
  readonly disputes: readonly QaDispute[];
  readonly scores: readonly ScoreView[];
  readonly selected: number;
  readonly utcOffsetMinutes: number;
  readonly height: number;
};

export function DisputesScreen({t, disputes, scores, selected, utcOffsetMinutes, height}: DisputesScreenProps) {
  if (disputes.length === 0) return <Text dimColor>{t.disputes.none}</Text>;
  const scoreOf = new Map(scores.map(s => [s.callId, s]));
  return (
    <Box flexDirection="column">
      {windowAround(disputes, selected, Math.max(2, Math.floor(height / 2))).items.map(({item: d, index}) => {
        const s = scoreOf.get(d.callId);
        return (
          <Box key={d.callId} flexDirection="column">
            <Text inverse={index === selected} wrap="truncate-end">
              <Text color={d.decision ? 'green' : 'yellow'}>{d.decision ? t.disputes.decided : t.disputes.open}</Text> {d.agent} {d.callId} {s ? `${s.total}/${s.max}` : ''} {d.decision ? (d.decision.outcome === 'upheld' ? t.disputes.upheld : fmt(t.disputes.revised, {score: d.decision.total})) : ''} <Text dimColor>{stampOf(d.raisedAt, utcOffsetMinutes)} {d.via}</Text>
            </Text>
            <Text dimColor wrap="truncate-end">  {t.disputes.reason}: {d.reason}</Text>
          </Box>
        );
      })}
    </Box>
  );
}
