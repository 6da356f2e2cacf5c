// After-call work: the QA flags the call earned, the ACW countdown, and the notes form to finish.
import {Box, Text} from 'ink';
import type {PolicyConfig} from '../rules/config.ts';
import type {SeatSnapshot} from '../sip/protocol.ts';
import type {CallNotes, CallRow} from '../client/seat-records.ts';
import type {EndedCall} from '../client/seat-session.ts';
import {duration, wallClock} from './format.ts';
import {fmt, type Messages} from './i18n.ts';
import {noteFields} from './note-fields.ts';
import {NotesForm, type NoteField} from './NotesForm.tsx';
import {seatCallFlags} from '../sync/seat-call.ts';

export type AfterCallViewProps = {
  readonly t: Messages;
  readonly policy: PolicyConfig;
  readonly ended: EndedCall;
  /** The seat in ACW (its `since` starts the countdown). */
  readonly seat: SeatSnapshot;
  readonly notes: CallNotes;
  /** The ended call's row in the day's records, if the seat has one. */
  readonly row?: CallRow;
  readonly now: number;
  readonly width: number;
  readonly bodyRows: number;
  /** The notes form has the keys. */
  readonly editing: boolean;
  readonly notesLive: () => boolean;
  /** The notes form's focused field, shared by the call's and the after-call form. */
  readonly noteFocus?: {current: string | undefined};
  readonly readNote: (name: NoteField['name']) => string;
  readonly onNoteChange: (name: NoteField['name'], value: string) => void;
  readonly onLeave: () => void;
  readonly mask: (number: string) => string;
};

export function AfterCallView({t, policy, ended, seat, notes, row, now, width, bodyRows, editing, notesLive, noteFocus, readNote, onNoteChange, onLeave, mask}: AfterCallViewProps) {
  const offset = policy.calendars.utcOffsetMinutes;
  const left = Math.min(policy.afterCallWorkSeconds, Math.ceil((seat.since + policy.afterCallWorkSeconds * 1000 - now) / 1000));
  const due = notes.callbackDueMs ? fmt(t.notes.due, {due: wallClock(notes.callbackDueMs, offset)}) : undefined;
  const flags = row ? seatCallFlags(row, now, policy) : [];
  return (
    <Box flexDirection="column">
      {flags.length > 0 ? <Text color="yellow" wrap="truncate-end">QA: {flags.map(f => `${t.flags[f.flag] ?? f.flag} (${f.rule})`).join('  ')}</Text> : null}
      <Text wrap="truncate-end"><Text bold color="magenta">{t.acw.title}</Text> {left >= 0 ? fmt(t.acw.left, {s: left}) : t.acw.overdue}  <Text dimColor>{t.call.ended}: {mask(ended.caller)} {duration(ended.endedAt - ended.answeredAt)} · {t.call.endedBy[ended.by]}</Text></Text>
      <NotesForm t={t} fields={noteFields(notes, policy)} notes={notes} read={readNote} live={notesLive} active={editing} onChange={onNoteChange} onDone={onLeave} focus={noteFocus}
        rows={Math.max(3, bodyRows - 6)} width={width} footer={due}/>
    </Box>
  );
}
