// R-05 notes (5W1H + mandatory caller fields), disposition and the forms.
// Every keystroke goes to onChange, which saves it into the day's call record at once.
import {Box, Text, useInput} from 'ink';
import {useRef, useState} from 'react';
import {fit, padEnd} from './format.ts';
import {fmt, type Messages} from './i18n.ts';
import type {CallNotes} from '../client/seat-records.ts';

export type NoteField = {
  readonly name: keyof CallNotes & string;
  /** Choice fields cycle with ←→ through these values; text fields take typing. */
  readonly options?: readonly string[];
  /** must be filled for this call type. */
  readonly required?: boolean;
};

export type NotesFormProps = {
  readonly t: Messages;
  readonly fields: readonly NoteField[];
  readonly notes: CallNotes;
  /** The saved value now (read at each key, so fast typing never edits a stale value). */
  readonly read: (name: NoteField['name']) => string;
  /** Keys go to the form only while active. */
  readonly active: boolean;
  /** Whether the form has the keys right now (read per key; `active` is the last frame's). */
  readonly live?: () => boolean;
  /** A field changed (saved at once by the caller). */
  readonly onChange: (name: NoteField['name'], value: string) => void;
  /** Esc: leave the form. */
  readonly onDone: () => void;
  /** Rows of fields shown at most (the form scrolls). */
  readonly rows: number;
  readonly width: number;
  /** Extra line under the form (R-08 due time). */
  readonly footer?: string;
  /**
   * The focused field's name, kept by the caller: the call's form and the after-call form are
   * two forms, and the selection must stay on the field the agent was editing when the call ends.
   */
  readonly focus?: {current: string | undefined};
};

const printable = (input: string) => [...input].filter(ch => ch >= ' ' && ch !== '\u007f').join('');

export function NotesForm({t, fields, notes, read, active, live, onChange, onDone, rows, width, footer, focus}: NotesFormProps) {
  const ownFocus = useRef<string | undefined>(undefined);
  const focusRef = focus ?? ownFocus;
  const [, redraw] = useState(0);
  // By name: the fields change with the call type, the focused one stays.
  const focusedIndex = () => Math.max(0, fields.findIndex(f => f.name === focusRef.current));
  const setFocus = (i: number) => {
    focusRef.current = fields[i]?.name;
    redraw(n => n + 1);
  };
  const index = focusedIndex();
  useInput((input, key) => {
    if (live && !live()) return;
    const at = focusedIndex();
    const field = fields[at];
    if (!field) return;
    if (key.escape) return onDone();
    if (key.upArrow || (key.tab && key.shift)) return setFocus(Math.max(0, at - 1));
    if (key.downArrow || key.tab || key.return) return setFocus(Math.min(fields.length - 1, at + 1));
    const value = read(field.name);
    if (field.options) {
      if (key.leftArrow || key.rightArrow || input === ' ') {
        const at = field.options.indexOf(value);
        const next = key.leftArrow ? (at <= 0 ? field.options.length - 1 : at - 1) : (at + 1) % field.options.length;
        onChange(field.name, field.options[next] as string);
      }
      return;
    }
    if (key.backspace || key.delete) {
      if (value) onChange(field.name, [...value].slice(0, -1).join(''));
      return;
    }
    if (key.ctrl || key.meta) return;
    const text = printable(input);
    if (text) onChange(field.name, value + text);
  }, {isActive: active});

  const missing = fields.filter(f => f.required && !notes[f.name]).map(f => t.notes.fields[f.name] ?? f.name);
  const start = Math.max(0, Math.min(index - Math.floor(rows / 2), fields.length - rows));
  const visible = fields.slice(start, start + rows);
  const labelWidth = 12;
  const display = (f: NoteField) => {
    const raw = String(notes[f.name] ?? '');
    if (f.name === 'callType') return t.notes.callTypes[raw] ?? raw;
    if (f.name === 'disposition') return t.notes.dispositions[raw] ?? raw;
    if (f.name === 'callbackPromise') return t.notes.promises[raw] ?? raw;
    return raw;
  };
  return (
    <Box flexDirection="column" borderStyle="single" borderColor={active ? 'cyan' : 'gray'} paddingX={1}>
      <Text wrap="truncate-end"><Text bold>{t.notes.title}</Text> <Text dimColor>{active ? t.notes.hint : `${t.keys.notes}`}</Text></Text>
      {visible.map((f, i) => {
        const focused = active && start + i === index;
        const label = padEnd(`${f.required ? '*' : ' '}${t.notes.fields[f.name] ?? f.name}`, labelWidth);
        const value = display(f);
        return (
          <Text key={f.name} wrap="truncate-end" inverse={focused}>
            <Text color={f.required && !value ? 'red' : undefined}>{label}</Text>
            {f.options ? `‹ ${value || '—'} ›` : fit(value, width - labelWidth - 6) + (focused ? '▏' : '')}
          </Text>
        );
      })}
      {missing.length > 0 ? <Text color="red" wrap="truncate-end">{fmt(t.notes.missing, {fields: missing.join('、')})}</Text> : null}
      {footer ? <Text color="cyan" wrap="truncate-end">{footer}</Text> : null}
    </Box>
  );
}
