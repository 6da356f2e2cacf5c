// One entry form of the console (morning meeting R-21, training R-31, placement exam R-30):
// a label and value per field, the selected one highlighted with a cursor, a choice field
// cycled with ←→. It shows; LeadApp handles the keys and the save.
import {Box, Text} from 'ink';
import {entryFields, type EntryKind} from './lead-forms.ts';
import type {LeadMessages} from './i18n.ts';

export type EntryFormProps = {
  /** UI words. */
  readonly t: LeadMessages;
  readonly kind: EntryKind;
  /** Title after the form's name, e.g. the date or "1001 张敏". */
  readonly subject: string;
  readonly values: Readonly<Record<string, string>>;
  /** The choice field's shown value (training kind). */
  readonly choice: string;
  /** Index of the selected field. */
  readonly selected: number;
  /** A line under the fields (what the rules make of the entry so far). */
  readonly note?: string;
};

export function EntryForm({t, kind, subject, values, choice, selected, note}: EntryFormProps) {
  const words = t.entry[kind];
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{words.title} {subject}</Text>
      {entryFields[kind].map((f, i) => (
        <Text key={f.id} inverse={i === selected} wrap="truncate-end">
          {(words.fields as Record<string, string>)[f.id] ?? f.id}: {f.kind === 'choice' ? `◀ ${choice} ▶` : `${values[f.id] ?? ''}${i === selected ? '▏' : ''}`}
        </Text>
      ))}
      {note ? <Text color="cyan" wrap="truncate-end">{note}</Text> : null}
    </Box>
  );
}
