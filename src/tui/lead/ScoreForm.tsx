// The QA scoring form: one row per criterion of the configured form with its mark, the
// total, a comment; also used to revise a disputed score. Marks are shown as typed — an
// out-of-range mark is refused on save with the reason, never silently clamped.
import {Box, Text} from 'ink';
import type {QaForm} from '../../rules/lead-qa-form.ts';
import type {QaMethod} from '../../sync/lead/qa-book.ts';
import type {Lang} from './i18n.ts';
import {fmt, type LeadMessages} from './i18n.ts';
import {padCells} from './view.ts';

export type ScoreFormProps = {
  readonly t: LeadMessages;
  readonly lang: Lang;
  readonly form: QaForm;
  /** "Score c12 · 1001 张敏" header values. */
  readonly callId: string;
  readonly agent: string;
  readonly marks: Readonly<Record<string, number>>;
  readonly comment: string;
  /** Selected row: 0…criteria-1, criteria.length = the comment. */
  readonly selected: number;
  readonly mode: 'score' | 'decide';
  /** Flags of the call, so the evaluator knows what the checks saw. */
  readonly flags: readonly string[];
  /** how the call was monitored (row criteria.length + 1, ←→ to change); absent when deciding. */
  readonly method?: QaMethod;
};

export function ScoreForm({t, lang, form, callId, agent, marks, comment, selected, mode, flags, method}: ScoreFormProps) {
  const total = form.criteria.reduce((n, c) => n + (marks[c.id] ?? 0), 0);
  const max = form.criteria.reduce((n, c) => n + c.max, 0);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{fmt(mode === 'decide' ? t.form.decide : t.form.title, {call: callId, agent})} <Text color="yellow">{flags.map(f => t.flags[f] ?? f).join(' ')}</Text></Text>
      {form.criteria.map((c, i) => {
        const mark = marks[c.id];
        const bad = mark !== undefined && (mark > c.max || mark < 0);
        return (
          <Text key={c.id} inverse={i === selected} wrap="truncate-end">
            {padCells(lang === 'en' ? c.en : c.zh, lang === 'en' ? 26 : 18)} <Text color={bad ? 'red' : undefined}>{String(mark ?? '–').padStart(3)}</Text>/{String(c.max).padEnd(3)} <Text dimColor>{c.rule ?? ''}</Text>
          </Text>
        );
      })}
      <Text inverse={selected === form.criteria.length} wrap="truncate-end">{t.form.comment}: {comment}{selected === form.criteria.length ? '▏' : ''}</Text>
      {method ? <Text inverse={selected === form.criteria.length + 1} wrap="truncate-end">{t.form.method}: ‹{t.form.methods[method]}›</Text> : null}
      <Text bold wrap="truncate-end">{fmt(t.form.total, {total, max})}</Text>
    </Box>
  );
}
