// Workforce (R-19… ): today's shifts with sign-in/out, who is on a break and by how
// much over, leave requests waiting for a decision and who decides them, the morning meeting.
import {Box, Text} from 'ink';
import type {Exam, LeaveRecord, Meeting} from '../../sync/lead/roster-records.ts';
import {fmt, type LeadMessages} from './i18n.ts';
import type {RosterRow} from './lead-data.ts';
import {clockOf, padCells} from './view.ts';

export type WorkforceScreenProps = {
  readonly t: LeadMessages;
  readonly roster: readonly RosterRow[];
  readonly leave: readonly LeaveRecord[];
  readonly meeting?: Meeting;
  readonly trainings: {readonly held: number; readonly required: number};
  /** placement exams recorded this month. */
  readonly exams?: readonly Exam[];
  /** Selected row: roster rows first, then leave requests. */
  readonly selected: number;
  readonly now: number;
  readonly utcOffsetMinutes: number;
  /** Agents on a call now (the floor's live view), and the one the lead listens to. */
  readonly onCall?: ReadonlyMap<string, string>;
  readonly listeningTo?: string;
};

export function WorkforceScreen({t, roster, leave, meeting, trainings, exams = [], selected, now, utcOffsetMinutes, onCall, listeningTo}: WorkforceScreenProps) {
  const anyShift = roster.some(r => r.shift);
  const hm = (ms?: number) => (ms === undefined ? '--:--' : clockOf(ms, utcOffsetMinutes).slice(0, 5));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{t.workforce.shifts} <Text dimColor>{fmt(t.workforce.trainings, trainings)}</Text></Text>
      {anyShift ? null : <Text color="yellow" wrap="truncate-end">{t.workforce.none}</Text>}
      {roster.map((r, i) => {
        const a = r.attendance;
        const brk = r.lastBreak;
        const over = brk ? Math.ceil(brk.status.overrunMs / 60_000) : 0;
        const kindText = brk?.kind === 'meal' ? t.workforce.onMeal : t.workforce.onBreak;
        return (
          <Text key={r.agent} inverse={i === selected} wrap="truncate-end">
            {padCells(`${r.agent} ${r.name}`, 14)} {r.shift ? `${r.shift.start}-${r.shift.end}` : '     -     '} {t.workforce.signIn} {hm(a?.signInAt)}{a?.signInMakeUp ? `(${t.workforce.makeUp})` : ''}{r.late ? <Text color="red"> {t.workforce.late}</Text> : null} {t.workforce.signOut} {hm(a?.signOutAt)}
            {brk && brk.end === undefined ? <Text color={over > 0 ? 'red' : 'blue'}> {kindText} {Math.floor((now - brk.start) / 60_000)}m{over > 0 ? ` ${fmt(t.workforce.overrun, {m: over})}` : ''}</Text> : null}
            {brk && brk.end !== undefined && over > 0 ? <Text color="red"> {kindText}{fmt(t.workforce.overrun, {m: over})}</Text> : null}
            {brk?.duringPeak ? <Text color="red"> {t.workforce.inPeak}</Text> : null}
            {onCall?.has(r.agent) ? <Text color={listeningTo === r.agent ? 'magenta' : 'cyan'}> ☎ {listeningTo === r.agent ? t.live.listeningShort : t.live.onCall}</Text> : null}
          </Text>
        );
      })}
      <Text bold wrap="truncate-end">{t.workforce.leave}</Text>
      {leave.length === 0 ? <Text dimColor>{t.workforce.noLeave}</Text> : null}
      {leave.map((l, i) => (
        <Text key={l.id} inverse={roster.length + i === selected} wrap="truncate-end">
          {l.agent} {l.kind} {l.from}…{l.to} ({l.days}) <Text color={l.approver === 'team_lead' ? 'green' : 'magenta'}>{t.workforce.approver[l.approver]}</Text> <Text dimColor>{l.reason}</Text>
        </Text>
      ))}
      {exams.length > 0 ? (
        <Text wrap="truncate-end"><Text bold>{t.workforce2.exams}</Text>{exams.map(x => <Text key={x.agent} color={x.passed ? 'green' : 'red'}> {x.agent} {x.total} {x.passed ? '✓' : '✗'}</Text>)}</Text>
      ) : null}
      <Text wrap="truncate-end"><Text bold>{t.workforce.meeting}</Text> {meeting ? fmt(t.workforce.meetingDone, {present: meeting.present.length, absent: meeting.absent.length}) : <Text dimColor>{t.workforce.meetingNone}</Text>}</Text>
    </Box>
  );
}
