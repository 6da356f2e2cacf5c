// scores whose feedback to the agent is still to give, the overdue ones first and in red.
import {Box, Text} from 'ink';
import type {ScoreView} from '../../sync/lead/qa-book.ts';
import {fmt, type LeadMessages} from './i18n.ts';
import {stampOf, windowAround} from './view.ts';

export type FeedbackScreenProps = {
  readonly t: LeadMessages;
  /** Scores without feedback, by due time. */
  readonly pending: readonly ScoreView[];
  readonly selected: number;
  readonly utcOffsetMinutes: number;
  readonly height: number;
};

export function FeedbackScreen({t, pending, selected, utcOffsetMinutes, height}: FeedbackScreenProps) {
  if (pending.length === 0) return <Text dimColor>{t.feedback.none}</Text>;
  return (
    <Box flexDirection="column">
      {windowAround(pending, selected, height).items.map(({item: s, index}) => (
        <Text key={s.callId} inverse={index === selected} wrap="truncate-end">
          {s.feedbackState === 'overdue' ? <Text color="red" bold>{t.feedback.overdue} </Text> : null}
          {s.agent} {s.callId} {s.finalTotal}/{s.max} {s.feedback} <Text dimColor>{fmt(t.feedback.due, {due: stampOf(s.feedbackDue, utcOffsetMinutes)})}</Text> {s.comment}
        </Text>
      ))}
    </Box>
  );
}
