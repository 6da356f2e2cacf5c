// The agent's own QA scores of the month, newest first (R-27, R-28): the score and what counts
// after a decision, the evaluator's comment, whether the feedback is due or overdue, the
// dispute raised on the call and the supervisor's decision. Only the agent's own entries reach
// this component (SeatQa.mine); it only shows them.
import {Box, Text} from 'ink';
import type {MyQaScore} from '../sync/seat-qa.ts';
import {dateTime, fit} from './format.ts';
import {fmt, type Messages} from './i18n.ts';

export type QaScoresPanelProps = {
  readonly t: Messages;
  readonly scores: readonly MyQaScore[];
  /** yyyy-mm shown in the title. */
  readonly month: string;
  /** First line shown (scrolling). */
  readonly top: number;
  readonly rows: number;
  readonly width: number;
  readonly utcOffsetMinutes: number;
};

type Line = {readonly key: string; readonly text: string; readonly color?: string; readonly dim?: boolean; readonly bold?: boolean};

/** The panel's lines (also used to bound scrolling). */
export function qaScoreLines(t: Messages, scores: readonly MyQaScore[], utcOffsetMinutes: number): Line[] {
  const lines: Line[] = [];
  for (const s of [...scores].sort((a, b) => b.at - a.at)) {
    const state = s.feedbackState;
    const fb = fmt(t.qa.feedback[state] ?? state, {due: dateTime(s.feedbackDue, utcOffsetMinutes)});
    const score = fmt(t.qa.score, {total: s.total, max: s.max, percent: Math.round((s.total / s.max) * 1000) / 10});
    lines.push({key: `${s.callId}/h`, bold: true, color: state === 'overdue' ? 'red' : undefined,
      text: `${s.date} ${s.callId} ${t.qa.methods[s.method] ?? s.method} ${score} · ${fb}`});
    lines.push({key: `${s.callId}/c`, dim: true, text: `  ${s.feedback === 'common' ? t.qa.common : t.qa.individual}: ${s.comment.trim() || t.qa.noComment}`});
    if (s.dispute) {
      const decision = s.decision
        ? `${s.decision.outcome === 'upheld' ? t.qa.upheld : fmt(t.qa.revised, {total: `${s.decision.total}/${s.max} (${s.finalPercent}%)`})}${s.decision.note ? ` · ${fmt(t.qa.note, {note: s.decision.note})}` : ''}`
        : t.qa.pending;
      lines.push({key: `${s.callId}/d`, color: s.decision ? 'green' : 'yellow', text: `  ${fmt(t.qa.dispute, {reason: s.dispute.reason})} → ${decision}`});
    }
  }
  return lines;
}

export function QaScoresPanel({t, scores, month, top, rows, width, utcOffsetMinutes}: QaScoresPanelProps) {
  const lines = qaScoreLines(t, scores, utcOffsetMinutes);
  const body = Math.max(1, rows - 2);
  const shown = lines.slice(top, top + body);
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text wrap="truncate-end"><Text bold>{fmt(t.qa.title, {month})} ({scores.length})</Text> <Text dimColor>↑↓ · {t.qa.back} · Esc</Text></Text>
      {shown.length === 0 ? <Text dimColor>{t.qa.empty}</Text> : shown.map(l => (
        <Text key={l.key} wrap="truncate-end" color={l.color} dimColor={l.dim} bold={l.bold}>{fit(l.text, width - 4)}</Text>
      ))}
    </Box>
  );
}
