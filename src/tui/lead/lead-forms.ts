// The lead console's entry forms as data: morning-meeting minutes and attendance,
// training records and placement-exam scores. A form is a list of fields the
// keys edit as text; on save the values become one input for the books, which check it whole
// and write nothing when anything is wrong. What a field accepts while typing is decided here.
export const trainingKinds = ['scheduled', 'recording_review', 'new_hire'] as const;
export type TrainingKind = (typeof trainingKinds)[number];

export type FieldKind = 'text' | 'date' | 'agents' | 'score' | 'choice';
export type FieldSpec = {readonly id: string; readonly kind: FieldKind; readonly max: number};

export type EntryKind = 'meeting' | 'training' | 'exam';

export const entryFields: Record<EntryKind, readonly FieldSpec[]> = {
  // notices, new knowledge / yesterday's hot issues, today's tasks, attire check, review
  // of yesterday; who attended.
  meeting: [
    {id: 'present', kind: 'agents', max: 200}, {id: 'notices', kind: 'text', max: 500}, {id: 'knowledge', kind: 'text', max: 500},
    {id: 'tasks', kind: 'text', max: 500}, {id: 'attire', kind: 'text', max: 200}, {id: 'review', kind: 'text', max: 500},
  ],
  // at least one scheduled training a month; the monthly best/worst recordings review.
  training: [
    {id: 'date', kind: 'date', max: 10}, {id: 'kind', kind: 'choice', max: 0}, {id: 'topic', kind: 'text', max: 200},
    {id: 'trainer', kind: 'text', max: 80}, {id: 'attendees', kind: 'agents', max: 200},
  ],
  // recording test 50 + written test 50.
  exam: [{id: 'agent', kind: 'agents', max: 8}, {id: 'date', kind: 'date', max: 10}, {id: 'recording', kind: 'score', max: 5}, {id: 'written', kind: 'score', max: 5}],
};

export type EntryState = {readonly kind: EntryKind; readonly values: Readonly<Record<string, string>>; readonly field: number; readonly choice: number};

/** The text a field holds after one typed character, or undefined when the key is not accepted. */
export function typed(spec: FieldSpec, value: string, input: string): string | undefined {
  const allowed = spec.kind === 'date' ? /^[\d-]+$/ : spec.kind === 'agents' ? /^[\d, ]+$/ : spec.kind === 'score' ? /^[\d.]+$/ : spec.kind === 'text' ? /^[^\u0000-\u001F\u007F]+$/ : undefined;
  if (!allowed || !allowed.test(input)) return undefined;
  return [...(value + input)].slice(0, spec.max).join('');
}

/** "1001, 1002 1003" → ['1001', '1002', '1003']. */
export function agentList(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** A score typed as text: a clear error naming the field when it is not a number. */
export function scoreOf(field: string, text: string): number {
  if (!/^\d+(?:\.\d+)?$/.test(text.trim())) throw new Error(`${field}: "${text}" is not a score (a number is required)`);
  return Number(text);
}
