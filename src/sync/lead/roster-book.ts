// The workforce document `roster/<team>/<yyyy-mm>` (R-19…R-23, R-30…R-32), written by the team
// lead only: shifts on the service calendars, sign-in/out with make-up sign-ins, breaks and
// meals (suspended in R-18 peaks), leave requests routed per R-22, morning meetings (R-21),
// trainings and placement exams. The rules decide; this file checks, stores and reads back.
import type * as Y from 'yjs';
import type {PolicyConfig} from '../../rules/config.ts';
import {IsoDate} from '../../rules/config.ts';
import {addDays, dayHours, localMs} from '../../rules/calendar.ts';
import {reviewMakeUpSignIns, signInCheck} from '../../rules/attendance.ts';
import {breakStatus, canStartBreak} from '../../rules/breaks.ts';
import {routeLeave} from '../../rules/leave.ts';
import {placementExam, type ExamResult} from '../../rules/exam.ts';
import {predictablePeaksOnDays, type PeakLevel} from '../../rules/peak.ts';
import {contextIssues, dateAt, leadOrigin, parseOrThrow, plain, readEntries, readEntry, throwIfAny, type BadEntry, type LeadContext} from './lead-doc.ts';
import {
  Attendance, BreakRecord, Exam, LeaveKind, LeaveRecord, Meeting, Shift, Training,
  type AttendanceView, type BreakView, type LeaveInput,
} from './roster-records.ts';

const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));


const m = {shifts: 'shifts', attendance: 'attendance', breaks: 'breaks', leave: 'leave', meetings: 'meetings', trainings: 'trainings', exams: 'exams'} as const;
const dayKey = (date: string, agent: string) => `${date}/${agent}`;

export class RosterBook {
  readonly bad: BadEntry[] = [];

  constructor(readonly doc: Y.Doc, readonly ctx: LeadContext, readonly policy: PolicyConfig) {}

  #date(ms: number): string {
    return dateAt(ms, this.policy.calendars.utcOffsetMinutes);
  }

  #set(map: string, key: string, value: unknown): void {
    this.doc.transact(() => this.doc.getMap<unknown>(map).set(key, plain(value)), leadOrigin);
  }

  // ── R-19 shifts ────────────────────────────────────────────────────────────────────────────

  /** Put an agent on a shift; start/end default to the calendar's hours that day. */
  setShift(input: {readonly date: string; readonly agent: string; readonly calendar: string; readonly start?: string; readonly end?: string}): Shift {
    const what = `shift of ${input.agent} on ${input.date}`;
    const issues = contextIssues(this.ctx, {agents: [input.agent], dates: [input.date]});
    const calendar = this.policy.calendars.definitions[input.calendar];
    if (!calendar) issues.push(`no calendar named "${input.calendar}" (have: ${Object.keys(this.policy.calendars.definitions).join(', ')})`);
    throwIfAny(what, issues);
    const shift = parseOrThrow(Shift, {date: input.date, agent: input.agent, calendar: input.calendar, start: input.start ?? calendar.open, end: input.end ?? calendar.close}, what);
    if (minutesOf(shift.end) <= minutesOf(shift.start)) throwIfAny(what, [`end ${shift.end} must be after start ${shift.start}`]);
    this.#set(m.shifts, dayKey(shift.date, shift.agent), shift);
    return shift;
  }

  /** Shifts for every business day of the month on one calendar (R-19), for the given agents. */
  planMonth(agents: readonly string[], calendarName: string): Shift[] {
    const issues = contextIssues(this.ctx, {agents});
    if (!this.policy.calendars.definitions[calendarName]) issues.push(`no calendar named "${calendarName}"`);
    throwIfAny('month plan', issues);
    const shifts: Shift[] = [];
    for (let date = `${this.ctx.month}-01`; date.startsWith(this.ctx.month); date = addDays(date, 1)) {
      const hours = dayHours(date, calendarName, this.policy);
      if (!hours) continue;
      const c = this.policy.calendars.definitions[calendarName];
      for (const agent of agents) shifts.push({date, agent, calendar: calendarName, start: c.open, end: c.close});
    }
    this.doc.transact(() => {
      for (const s of shifts) this.doc.getMap<unknown>(m.shifts).set(dayKey(s.date, s.agent), plain(s));
    }, leadOrigin);
    return shifts;
  }

  shifts(filter: {readonly date?: string; readonly agent?: string} = {}): Shift[] {
    return readEntries(this.doc, m.shifts, Shift, this.bad).map(([, s]) => s)
      .filter(s => (filter.date === undefined || s.date === filter.date) && (filter.agent === undefined || s.agent === filter.agent));
  }

  shiftStartMs(shift: Shift): number {
    return localMs(shift.date, minutesOf(shift.start), this.policy);
  }

  // ── R-20 sign-in / sign-out ────────────────────────────────────────────────────────────────

  /** Record a sign-in or sign-out; `makeUp` marks a 补签 entered afterwards by the lead. */
  sign(input: {readonly agent: string; readonly kind: 'in' | 'out'; readonly at: number; readonly makeUp?: boolean; readonly note?: string}): Attendance {
    const date = this.#date(input.at);
    const what = `sign-${input.kind} of ${input.agent}`;
    throwIfAny(what, contextIssues(this.ctx, {agents: [input.agent], dates: [date]}));
    const current = readEntry(this.doc, m.attendance, dayKey(date, input.agent), Attendance) ?? {date, agent: input.agent, signInMakeUp: false, signOutMakeUp: false, note: ''};
    if (input.kind === 'out' && current.signInAt !== undefined && input.at < current.signInAt) throwIfAny(what, ['sign-out is before the sign-in']);
    const next = parseOrThrow(Attendance, input.kind === 'in'
      ? {...current, signInAt: input.at, signInMakeUp: input.makeUp ?? false, note: input.note ?? current.note}
      : {...current, signOutAt: input.at, signOutMakeUp: input.makeUp ?? false, note: input.note ?? current.note}, what);
    this.#set(m.attendance, dayKey(date, input.agent), next);
    return next;
  }

  attendance(filter: {readonly date?: string; readonly agent?: string} = {}): Attendance[] {
    return readEntries(this.doc, m.attendance, Attendance, this.bad).map(([, a]) => a)
      .filter(a => (filter.date === undefined || a.date === filter.date) && (filter.agent === undefined || a.agent === filter.agent));
  }

  /** R-20 per agent from `fromDate` to `untilDate` (inclusive): on time, late, missing, make-ups and absences. */
  attendanceSummary(untilDate: string, fromDate = '0000-00-00'): AttendanceView[] {
    const shifts = this.shifts().filter(s => s.date <= untilDate && s.date >= fromDate);
    const records = new Map(this.attendance().map(a => [dayKey(a.date, a.agent), a]));
    return [...this.ctx.agents.keys()].map(agent => {
      const own = shifts.filter(s => s.agent === agent);
      let signedIn = 0, late = 0, missingSignIn = 0, missingSignOut = 0;
      for (const shift of own) {
        const a = records.get(dayKey(shift.date, agent));
        if (a?.signInAt === undefined) missingSignIn++;
        else {
          signedIn++;
          if (!a.signInMakeUp && !signInCheck(this.shiftStartMs(shift), a.signInAt, this.policy).onTime) late++;
        }
        if (a?.signOutAt === undefined && shift.date < untilDate) missingSignOut++;
      }
      const makeUpDates = this.attendance({agent}).filter(a => a.date <= untilDate && a.date >= fromDate).flatMap(a => [...(a.signInMakeUp ? [a.date] : []), ...(a.signOutMakeUp ? [a.date] : [])]);
      const makeUps = reviewMakeUpSignIns(makeUpDates, this.policy);
      return {agent, shifts: own.length, signedIn, late, missingSignIn, missingSignOut, makeUps, absences: makeUps.reduce((n, w) => n + w.absences.length, 0)};
    });
  }

  // ── R-23 breaks and meals ──────────────────────────────────────────────────────────────────

  /** Start a break or meal; refused in an R-18 peak and beyond the per-shift count (R-23). */
  startBreak(input: {readonly agent: string; readonly kind: 'break' | 'meal'; readonly at: number; readonly peak: PeakLevel; readonly id?: string}): BreakRecord {
    const date = this.#date(input.at);
    const what = `${input.kind} of ${input.agent}`;
    throwIfAny(what, contextIssues(this.ctx, {agents: [input.agent], dates: [date]}));
    const taken = this.breaks({date, agent: input.agent}).filter(b => b.kind === input.kind);
    if (taken.some(b => b.end === undefined)) throwIfAny(what, [`${input.agent} is already on a ${input.kind}`]);
    const check = canStartBreak(input.kind, taken.length, input.peak, this.policy);
    if (!check.ok) throwIfAny(what, [check.error]);
    const record = parseOrThrow(BreakRecord, {id: input.id ?? `${input.at.toString(36)}-${input.agent}-${input.kind}`, agent: input.agent, date, kind: input.kind, start: input.at}, what);
    this.#set(m.breaks, record.id, record);
    return record;
  }

  /**
   * A break or meal the floor shows (the switch's agent state), recorded as it happened: never
   * refused, but one taken during an R-18 peak is marked (R-23). The id is derived from the
   * start, so consoles recording the same fact write the same entry.
   */
  observeBreak(input: {readonly agent: string; readonly kind: 'break' | 'meal'; readonly start: number; readonly end?: number; readonly peak: PeakLevel}): BreakRecord | undefined {
    const date = this.#date(input.start);
    if (contextIssues(this.ctx, {agents: [input.agent], dates: [date]}).length > 0) return undefined;
    const id = `${input.start.toString(36)}-${input.agent}-${input.kind}`;
    const current = readEntry(this.doc, m.breaks, id, BreakRecord);
    const duringPeak = current?.duringPeak ?? !canStartBreak(input.kind, 0, input.peak, this.policy).ok;
    const next = parseOrThrow(BreakRecord, {id, agent: input.agent, date, kind: input.kind, start: input.start, ...(input.end !== undefined ? {end: input.end} : current?.end !== undefined ? {end: current.end} : {}), ...(duringPeak ? {duringPeak} : {})}, `${input.kind} of ${input.agent}`);
    if (!current || JSON.stringify(plain(next)) !== JSON.stringify(plain(current))) this.#set(m.breaks, id, next);
    return next;
  }

  endBreak(id: string, at: number): BreakRecord {
    const record = readEntry(this.doc, m.breaks, id, BreakRecord);
    if (!record) throwIfAny('end of break', [`no break "${id}"`]);
    const r = record as BreakRecord;
    if (r.end !== undefined) throwIfAny('end of break', [`break "${id}" already ended`]);
    if (at < r.start) throwIfAny('end of break', ['the end is before the start']);
    const next = {...r, end: at};
    this.#set(m.breaks, id, next);
    return next;
  }

  breaks(filter: {readonly date?: string; readonly agent?: string} = {}): BreakRecord[] {
    return readEntries(this.doc, m.breaks, BreakRecord, this.bad).map(([, b]) => b)
      .filter(b => (filter.date === undefined || b.date === filter.date) && (filter.agent === undefined || b.agent === filter.agent))
      .sort((a, b) => a.start - b.start);
  }

  /** Breaks with elapsed time and overrun (R-23) at `nowMs` (or at their end). */
  breakViews(nowMs: number, filter: {readonly date?: string; readonly agent?: string} = {}): BreakView[] {
    return this.breaks(filter).map(b => ({...b, status: breakStatus(b.kind, b.start, b.end ?? nowMs, this.policy)}));
  }

  // ── R-22 leave ─────────────────────────────────────────────────────────────────────────────

  requestLeave(input: LeaveInput): LeaveRecord {
    const what = `leave request of ${input.agent}`;
    const issues = contextIssues(this.ctx, {agents: [input.agent]});
    const from = IsoDate.safeParse(input.from);
    const to = IsoDate.safeParse(input.to);
    if (!from.success) issues.push(`from: "${input.from}" is not a date yyyy-mm-dd`);
    if (!to.success) issues.push(`to: "${input.to}" is not a date yyyy-mm-dd`);
    if (!LeaveKind.safeParse(input.kind).success) issues.push(`kind: "${input.kind}" is not one of ${LeaveKind.options.join(', ')}`);
    if (from.success && to.success && input.to < input.from) issues.push(`the dates are in the wrong order: from ${input.from} is after to ${input.to}`);
    // A request lives in the roster of the month it was made (annual leave is a month ahead, R-22).
    const requestedOn = this.#date(input.requestedAt);
    if (requestedOn.slice(0, 7) !== this.ctx.month) issues.push(`a request made on ${requestedOn} belongs in the roster of ${requestedOn.slice(0, 7)}, not ${this.ctx.month}`);
    throwIfAny(what, issues);
    const days = Math.round((Date.parse(`${input.to}T00:00:00Z`) - Date.parse(`${input.from}T00:00:00Z`)) / 86_400_000) + 1;
    // R-17: a peak the center declared for any of these days counts as announced.
    const declared = predictablePeaksOnDays(this.policy, input.from, input.to).map(w => w.name);
    const routing = routeLeave({days, kind: input.kind, requestedOn, startsOn: input.from}, this.policy, {predictablePeak: input.predictablePeak || declared.length > 0});
    for (const problem of routing.problems) {
      if (problem === 'annual_notice_too_short') issues.push(`R-22: annual leave must be requested ${this.policy.leave.annualNoticeDays} days ahead (requested ${requestedOn} for ${input.from})`);
      if (problem === 'predictable_peak') issues.push(`R-17: no leave is approved during a predictable peak${declared.length > 0 ? ` (${declared.join(', ')})` : ''}`);
      // Sick leave may be reported afterwards (事后请假); other kinds are asked for beforehand.
      if (problem === 'starts_before_request' && input.kind !== 'sick') issues.push(`leave starting ${input.from} must be requested beforehand (requested ${requestedOn})`);
    }
    throwIfAny(what, issues);
    const id = input.id ?? `${input.requestedAt.toString(36)}-${input.agent}`;
    if (this.doc.getMap(m.leave).has(id)) throwIfAny(what, [`leave request ${id} already exists`]);
    const record = parseOrThrow(LeaveRecord, {id, agent: input.agent, kind: input.kind, from: input.from, to: input.to, days, requestedAt: input.requestedAt, reason: input.reason ?? '', approver: routing.approver, status: 'pending'}, what);
    this.#set(m.leave, id, record);
    return record;
  }

  /** R-22: the team lead decides 1–3 days; the department head's decision is recorded by the lead. */
  decideLeave(input: {readonly id: string; readonly by: string; readonly as: 'team_lead' | 'department_head'; readonly approve: boolean; readonly at: number; readonly note?: string}): LeaveRecord {
    const what = `decision on leave ${input.id}`;
    const record = readEntry(this.doc, m.leave, input.id, LeaveRecord);
    if (!record) throwIfAny(what, [`no leave request "${input.id}"`]);
    const r = record as LeaveRecord;
    const issues: string[] = [];
    if (r.status !== 'pending') issues.push(`already ${r.status}`);
    if (r.approver !== input.as) issues.push(`R-22: ${r.days} day(s) of leave is decided by the ${r.approver === 'team_lead' ? 'team lead' : 'department head'}`);
    // R-17: a peak may have been declared since the request was made.
    const declared = input.approve && !this.policy.peak.predictableLeaveAllowed ? predictablePeaksOnDays(this.policy, r.from, r.to).map(w => w.name) : [];
    if (declared.length > 0) issues.push(`R-17: no leave is approved during a predictable peak (${declared.join(', ')} falls within ${r.from}…${r.to})`);
    throwIfAny(what, issues);
    const next = parseOrThrow(LeaveRecord, {...r, status: input.approve ? 'approved' : 'rejected', decision: {by: input.by, as: input.as, at: input.at, note: input.note ?? ''}}, what);
    this.#set(m.leave, r.id, next);
    return next;
  }

  /** R-22: work handed over before leaving / reported back on return. */
  leaveDuty(id: string, duty: 'handed_over' | 'reported_back', at: number): LeaveRecord {
    const record = readEntry(this.doc, m.leave, id, LeaveRecord);
    if (!record) throwIfAny('leave', [`no leave request "${id}"`]);
    const next = duty === 'handed_over' ? {...(record as LeaveRecord), handedOver: true} : {...(record as LeaveRecord), reportedBackAt: at};
    this.#set(m.leave, id, next);
    return next;
  }

  leave(filter: {readonly agent?: string; readonly status?: LeaveRecord['status']} = {}): LeaveRecord[] {
    return readEntries(this.doc, m.leave, LeaveRecord, this.bad).map(([, l]) => l)
      .filter(l => (filter.agent === undefined || l.agent === filter.agent) && (filter.status === undefined || l.status === filter.status))
      .sort((a, b) => a.requestedAt - b.requestedAt);
  }

  // ── R-21 morning meeting ───────────────────────────────────────────────────────────────────

  /** Minutes and attendance; absent = the day's shifts (or the whole team) minus present. */
  recordMeeting(input: {readonly date: string; readonly chair: string; readonly at: number; readonly present: readonly string[]; readonly notices?: string; readonly knowledge?: string; readonly tasks?: string; readonly attire?: string; readonly review?: string}): Meeting {
    const what = `morning meeting of ${input.date}`;
    throwIfAny(what, contextIssues(this.ctx, {agents: [input.chair, ...input.present], dates: [input.date]}));
    const expected = this.shifts({date: input.date}).map(s => s.agent);
    const roll = expected.length > 0 ? expected : [...this.ctx.agents.keys()].filter(a => a !== input.chair);
    const present = [...new Set(input.present)].sort();
    const meeting = parseOrThrow(Meeting, {
      date: input.date, chair: input.chair, at: input.at, notices: input.notices ?? '', knowledge: input.knowledge ?? '', tasks: input.tasks ?? '',
      attire: input.attire ?? '', review: input.review ?? '', present, absent: roll.filter(a => !present.includes(a)).sort(),
    }, what);
    this.#set(m.meetings, meeting.date, meeting);
    return meeting;
  }

  meetings(): Meeting[] {
    return readEntries(this.doc, m.meetings, Meeting, this.bad).map(([, x]) => x);
  }

  // ── R-30…R-32 training and exams ───────────────────────────────────────────────────────────

  recordTraining(input: {readonly id?: string; readonly date: string; readonly topic: string; readonly kind: Training['kind']; readonly trainer?: string; readonly attendees: readonly string[]}): Training {
    const what = `training on ${input.date}`;
    throwIfAny(what, contextIssues(this.ctx, {agents: input.attendees, dates: [input.date]}));
    const training = parseOrThrow(Training, {id: input.id ?? `${input.date}-${this.trainings().length + 1}`, date: input.date, topic: input.topic, kind: input.kind, trainer: input.trainer ?? '', attendees: [...new Set(input.attendees)]}, what);
    this.#set(m.trainings, training.id, training);
    return training;
  }

  trainings(): Training[] {
    return readEntries(this.doc, m.trainings, Training, this.bad).map(([, t]) => t).sort((a, b) => a.date.localeCompare(b.date));
  }

  /** R-31: scheduled trainings this month against the policy's minimum. */
  trainingsDue(): {readonly held: number; readonly required: number; readonly met: boolean} {
    const held = this.trainings().filter(t => t.kind === 'scheduled').length;
    const required = this.policy.training.trainingsPerMonth;
    return {held, required, met: held >= required};
  }

  /** R-30: placement exam (recording 50 + written 50, pass ≥ 80 with neither part failed). */
  recordExam(input: {readonly agent: string; readonly date: string; readonly recording: number; readonly written: number}): Exam & ExamResult {
    const what = `placement exam of ${input.agent}`;
    throwIfAny(what, contextIssues(this.ctx, {agents: [input.agent], dates: [input.date]}));
    const t = this.policy.training;
    const issues: string[] = [];
    if (!Number.isFinite(input.recording) || input.recording < 0 || input.recording > t.recordingMax) issues.push(`recording: ${input.recording} is outside 0…${t.recordingMax}`);
    if (!Number.isFinite(input.written) || input.written < 0 || input.written > t.writtenMax) issues.push(`written: ${input.written} is outside 0…${t.writtenMax}`);
    throwIfAny(what, issues);
    const result = placementExam({recording: input.recording, written: input.written}, this.policy);
    const exam = parseOrThrow(Exam, {agent: input.agent, date: input.date, recording: input.recording, written: input.written, total: result.total, passed: result.passed, outcome: result.outcome}, what);
    this.#set(m.exams, input.agent, exam);
    return {...exam, ...result};
  }

  exams(): Exam[] {
    return readEntries(this.doc, m.exams, Exam, this.bad).map(([, e]) => e);
  }
}
