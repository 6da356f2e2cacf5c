// R-24…R-28: the QA scoring form. The criteria are the documents' (000 §一, 002 附件: opening
// with the line's name, 5W1H notes, hold etiquette, polite words, closing order, no forbidden
// phrases, first-contact ownership); a center may replace the list or the points. Scoring is
// pure: marks in, total or the list of problems out — nothing is half-scored.
import {z} from 'zod';

export const QaCriterion = z.object({
  /** Stable key stored with each score. */
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a lowercase id (a-z, 0-9, _)'),
  zh: z.string().min(1),
  en: z.string().min(1),
  /** Points for a fully met criterion; marks run 0…max. */
  max: z.number().int().positive(),
  /** The POLICY.md rule the criterion checks. */
  rule: z.string().regex(/^R-\d{2}$/).optional(),
});
export type QaCriterion = z.infer<typeof QaCriterion>;

export const defaultQaCriteria: QaCriterion[] = [
  {id: 'greeting', zh: '开始语与专线名称', en: 'Greeting and line name', max: 15, rule: 'R-03'},
  {id: 'five_w1h', zh: '5W1H 记录', en: '5W1H notes', max: 20, rule: 'R-05'},
  {id: 'hold', zh: '等待礼仪', en: 'Hold etiquette', max: 15, rule: 'R-10'},
  {id: 'polite_words', zh: '礼貌用语', en: 'Polite words', max: 10, rule: 'R-04'},
  {id: 'closing', zh: '结束语顺序', en: 'Closing order', max: 15, rule: 'R-07'},
  {id: 'no_forbidden', zh: '无服务禁语', en: 'No forbidden phrases', max: 15, rule: 'R-06'},
  {id: 'ownership', zh: '首问负责', en: 'First-contact ownership', max: 10, rule: 'R-14'},
];

export const QaForm = z.object({
  criteria: z.array(QaCriterion).min(1, 'a QA form needs at least one criterion').default(defaultQaCriteria),
  /** A total below this (in % of the maximum) puts the agent under follow-up. */
  passPercent: z.number().min(0).max(100).default(80),
}).superRefine((form, ctx) => {
  const seen = new Set<string>();
  form.criteria.forEach((c, i) => {
    if (seen.has(c.id)) ctx.addIssue({code: 'custom', path: ['criteria', i, 'id'], message: `duplicate criterion "${c.id}"`});
    seen.add(c.id);
  });
});
export type QaForm = z.infer<typeof QaForm>;

export function defaultQaForm(): QaForm {
  return QaForm.parse({});
}

export type QaScoring =
  | {readonly ok: true; readonly total: number; readonly max: number; readonly percent: number; readonly marks: Readonly<Record<string, number>>}
  | {readonly ok: false; readonly errors: readonly string[]};

/**
 * Score marks against a form: every criterion present, each an integer 0…max, no unknown
 * criterion. Percent is rounded to one decimal (reports show it as is).
 */
export function scoreMarks(form: QaForm, marks: Readonly<Record<string, number>>): QaScoring {
  const errors: string[] = [];
  const known = new Map(form.criteria.map(c => [c.id, c]));
  for (const id of Object.keys(marks)) {
    if (!known.has(id)) errors.push(`unknown criterion "${id}" (form has: ${[...known.keys()].join(', ')})`);
  }
  let total = 0;
  let max = 0;
  for (const c of form.criteria) {
    max += c.max;
    const mark = marks[c.id];
    if (mark === undefined) {
      errors.push(`criterion "${c.id}" (${c.en}) has no mark`);
      continue;
    }
    if (typeof mark !== 'number' || !Number.isInteger(mark) || mark < 0 || mark > c.max) {
      errors.push(`criterion "${c.id}" (${c.en}): mark ${String(mark)} is outside 0…${c.max}`);
      continue;
    }
    total += mark;
  }
  if (errors.length > 0) return {ok: false, errors};
  return {ok: true, total, max, percent: Math.round((total / max) * 1000) / 10, marks: {...marks}};
}

/** Percent of a total against a maximum, one decimal; 0 when there is no maximum. */
export function qaPercent(total: number, max: number): number {
  return max > 0 ? Math.round((total / max) * 1000) / 10 : 0;
}
