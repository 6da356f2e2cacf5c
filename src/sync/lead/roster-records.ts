// The entries of the workforce document `roster/<team>/<yyyy-mm>` (R-19… …R-32) as the
// roster book validates, stores and reads them back, and the views it derives from them.
import {z} from 'zod';
import {ClockTime, IsoDate} from '../../rules/config.ts';
import type {MakeUpReview} from '../../rules/attendance.ts';
import type {BreakStatus} from '../../rules/breaks.ts';
import {AgentId, EpochMs, Text} from './lead-doc.ts';

export const Shift = z.object({
  date: IsoDate,
  agent: AgentId,
  /** A calendar of the policy: spring, winter, specialist, 24x7, 8-21, …. */
  calendar: z.string().min(1),
  start: ClockTime,
  end: ClockTime,
});
export type Shift = z.infer<typeof Shift>;

export const Attendance = z.object({
  date: IsoDate,
  agent: AgentId,
  signInAt: EpochMs.optional(),
  signOutAt: EpochMs.optional(),
  /** signed in afterwards by the lead (补签). */
  signInMakeUp: z.boolean().default(false),
  signOutMakeUp: z.boolean().default(false),
  note: Text(500).default(''),
});
export type Attendance = z.infer<typeof Attendance>;

export const BreakRecord = z.object({
  id: z.string().min(1).max(80),
  agent: AgentId,
  date: IsoDate,
  kind: z.enum(['break', 'meal']),
  start: EpochMs,
  end: EpochMs.optional(),
  /** started while an R-18 peak suspended breaks. */
  duringPeak: z.boolean().optional(),
});
export type BreakRecord = z.infer<typeof BreakRecord>;

export const LeaveKind = z.enum(['annual', 'personal', 'sick', 'other']);
export const LeaveRecord = z.object({
  id: z.string().min(1).max(80),
  agent: AgentId,
  kind: LeaveKind,
  from: IsoDate,
  to: IsoDate,
  days: z.number().int().positive(),
  requestedAt: EpochMs,
  reason: Text(),
  /** 1–3 days → team lead; more → department head. */
  approver: z.enum(['team_lead', 'department_head']),
  status: z.enum(['pending', 'approved', 'rejected']),
  decision: z.object({by: z.string().min(1).max(80), as: z.enum(['team_lead', 'department_head']), at: EpochMs, note: Text()}).optional(),
  /** work handed over before leaving; reported back to the team lead on return. */
  handedOver: z.boolean().default(false),
  reportedBackAt: EpochMs.optional(),
});
export type LeaveRecord = z.infer<typeof LeaveRecord>;

export const Meeting = z.object({
  date: IsoDate,
  chair: AgentId,
  at: EpochMs,
  /** notices, new knowledge / yesterday's hot issues, today's tasks, attire, review. */
  notices: Text(),
  knowledge: Text(),
  tasks: Text(),
  attire: Text(500),
  review: Text(),
  present: z.array(AgentId),
  absent: z.array(AgentId),
});
export type Meeting = z.infer<typeof Meeting>;

export const Training = z.object({
  id: z.string().min(1).max(80),
  date: IsoDate,
  topic: z.string().min(1, 'a training needs a topic').max(200),
  /** scheduled training, monthly best/worst recordings review; R-30 new-hire course. */
  kind: z.enum(['scheduled', 'recording_review', 'new_hire']),
  trainer: z.string().max(80).default(''),
  attendees: z.array(AgentId),
});
export type Training = z.infer<typeof Training>;

export const Exam = z.object({
  agent: AgentId,
  date: IsoDate,
  recording: z.number().nonnegative(),
  written: z.number().nonnegative(),
  total: z.number().nonnegative(),
  passed: z.boolean(),
  outcome: z.enum(['pass', 'extend_probation']),
});
export type Exam = z.infer<typeof Exam>;

export type LeaveInput = {
  readonly id?: string;
  readonly agent: string;
  readonly kind: z.input<typeof LeaveKind>;
  readonly from: string;
  readonly to: string;
  readonly requestedAt: number;
  readonly reason?: string;
  /** a predictable peak is announced for these dates. */
  readonly predictablePeak?: boolean;
};

export type AttendanceView = {
  readonly agent: string;
  readonly shifts: number;
  readonly signedIn: number;
  readonly late: number;
  readonly missingSignIn: number;
  readonly missingSignOut: number;
  readonly makeUps: readonly MakeUpReview[];
  /** make-up sign-ins beyond the weekly limit count as absences. */
  readonly absences: number;
};

export type BreakView = BreakRecord & {readonly status: BreakStatus};
