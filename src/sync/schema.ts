// Shapes of the synced documents. The switch writes a call's facts; the agent writes the
// annotation fields (notes, disposition, complaint, …) under other keys, so concurrent edits
// merge. Everything read out of a Y type is validated with these before use.
// (First cut: the call facts the switch hands over. The sync work adds the agent's fields,
// handover and wrap-up.)
import {z} from 'zod';
import {workOrderStages} from '../rules/work-order.ts';

export const Hold = z.object({
  /** Epoch ms the hold began (re-INVITE sendonly/inactive sent). */
  start: z.number(),
  /** Epoch ms it ended; absent while still on hold. */
  end: z.number().optional(),
});
export type Hold = z.infer<typeof Hold>;

export const Transfer = z.object({
  at: z.number(),
  kind: z.enum(['agent', 'queue', 'number']),
  to: z.string(),
  ok: z.boolean(),
});
export type Transfer = z.infer<typeof Transfer>;

/** A call's recording (server/media: stereo WAV, caller left, agent right), or why there is none. */
export const RecordingFact = z.union([
  z.object({
    recorded: z.literal(true),
    /** Path under the center's recordings directory: <day>/<call id>.wav. */
    name: z.string().min(1),
    durationMs: z.number().nonnegative(),
    bytes: z.number().int().nonnegative(),
  }),
  z.object({recorded: z.literal(false), why: z.string()}),
]);
export type RecordingFact = z.infer<typeof RecordingFact>;

/** What a queue's policy did with a waiting caller (src/rules/queue-policy.ts), with its R-08 callback task if one was filed. */
export const QueueOutcomeFact = z.object({
  at: z.number(),
  /** The queue whose rule acted. */
  queue: z.string(),
  reason: z.enum(['max-wait', 'full', 'no-agents', 'closed']),
  action: z.enum(['overflow', 'callback', 'announce', 'reject']),
  /** overflow: the queue the caller moved to. */
  to: z.string().optional(),
  /** The final response the caller got when not answered by the center. */
  status: z.number().int().optional(),
  /** the callback task for the team (its due time; notBefore inside service hours). */
  callback: z.object({promise: z.enum(['next_business_day', 'working_days']), notBefore: z.number(), due: z.number()}).optional(),
});
export type QueueOutcomeFact = z.infer<typeof QueueOutcomeFact>;

/** R-24 live listen-in: which lead listened, from when, for how long. */
export const ListenFact = z.object({
  lead: z.string(),
  at: z.number(),
  ms: z.number().nonnegative(),
});
export type ListenFact = z.infer<typeof ListenFact>;

/** What the switch knows about a call (all times epoch ms). */
export const CallFacts = z.object({
  callId: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  /** Caller's number as received (masked only when shown, R-36). */
  caller: z.string(),
  queue: z.string(),
  /** The agent who took (or last was offered) the call; R-14 owner by default. */
  agent: z.string().optional(),
  team: z.string(),
  arrivedAt: z.number(),
  offeredAt: z.number().optional(),
  answeredAt: z.number().optional(),
  endedAt: z.number().optional(),
  /** rings counted when answered. */
  rings: z.number().int().nonnegative().optional(),
  /** answered after more than 3 rings. */
  lateAnswer: z.boolean().optional(),
  holds: z.array(Hold).default([]),
  transfers: z.array(Transfer).default([]),
  /** who hung up first. */
  hungUpBy: z.enum(['caller', 'agent', 'system']).optional(),
  endReason: z.enum(['hangup', 'abandoned', 'rona', 'transferred', 'failed', 'silent', 'queue-policy']).optional(),
  /** Caller priority from the queue's number prefixes (0 = none). */
  priority: z.number().int().min(0).max(9).optional(),
  /** What the queues' policies did with the caller, in order (overflows, then at most one exit). */
  queueOutcomes: z.array(QueueOutcomeFact).optional(),
  /** Caller hung up before answer: how long they waited. */
  abandonWaitMs: z.number().nonnegative().optional(),
  /** Agents that did not answer in time (RONA) before someone did. */
  ronaAgents: z.array(z.string()).default([]),
  /** When after-call work ended (agent Ready again). */
  wrapEndedAt: z.number().optional(),
  /** the recording of an answered call, or why it has none (media off, failed). */
  recording: RecordingFact.optional(),
  /** R-24/R-25: leads' live listen-ins on this call (each counts toward the live quota). */
  listens: z.array(ListenFact).optional(),
});
export type CallFacts = z.infer<typeof CallFacts>;

// ---------------------------------------------------------------------------------------------
// The agent's fields of a call record. Each is its own key in the document, so two writers
// (the switch, the owner, a colleague assisting) editing different fields merge.

/** 5W1H notes (何时/何人/何地/何事/为什么/如何进行). */
export const Notes = z.object({
  when: z.string().max(2000).default(''),
  who: z.string().max(2000).default(''),
  where: z.string().max(2000).default(''),
  what: z.string().max(8000).default(''),
  why: z.string().max(4000).default(''),
  how: z.string().max(4000).default(''),
});
export type Notes = z.infer<typeof Notes>;

/** What the call was about; dispatch/volunteer/donation calls need the caller's details. */
export const CallCategory = z.enum(['inquiry', 'complaint', 'suggestion', 'dispatch', 'volunteer', 'donation', 'praise', 'other']);
export type CallCategory = z.infer<typeof CallCategory>;

/** categories whose notes must carry surname, address and phone. */
export const categoriesNeedingCaller: readonly CallCategory[] = ['dispatch', 'volunteer', 'donation'];

export const CallerDetails = z.object({
  surname: z.string().max(40).default(''),
  address: z.string().max(400).default(''),
  phone: z.string().max(40).default(''),
});
export type CallerDetails = z.infer<typeof CallerDetails>;

export const Disposition = z.enum([
  'resolved', 'callback', 'transferred', 'complaint', 'work_order', 'silent', 'wrong_number', 'abandoned', 'other',
]);
export type Disposition = z.infer<typeof Disposition>;

/** a complaint record; the supervisor acts within 24 h and reports back to the caller. */
export const Complaint = z.object({
  content: z.string().min(1).max(8000),
  /** The person (or unit) complained about. */
  against: z.string().max(200).default(''),
  callerPhone: z.string().max(40),
  at: z.number(),
  department: z.string().max(200).default(''),
  /** Attitude complaints confirmed by QA go to center management. */
  attitude: z.boolean().default(false),
  status: z.enum(['open', 'lead_assisting', 'escalated', 'acted', 'reported_back', 'closed']).default('open'),
  /** act-by time (at + 24 h by default). */
  actBy: z.number().optional(),
  /** Earlier complaint on the same matter: a second complaint (二次投诉). */
  repeatOf: z.string().optional(),
});
export type Complaint = z.infer<typeof Complaint>;

export const WorkOrderStage = z.enum(workOrderStages);
export type WorkOrderStage = z.infer<typeof WorkOrderStage>;

/** work order (工单): dispatch → follow-up (督办) → return → close → random callback (回访). */
export const WorkOrder = z.object({
  id: z.string().min(1).max(80),
  department: z.string().max(200),
  summary: z.string().max(4000).default(''),
  stage: WorkOrderStage.default('dispatched'),
  history: z.array(z.object({stage: WorkOrderStage, at: z.number(), by: z.string(), note: z.string().max(2000).default('')})).max(200).default([]),
  /** 回访 satisfaction, 1–5. */
  satisfaction: z.number().int().min(1).max(5).optional(),
});
export type WorkOrder = z.infer<typeof WorkOrder>;

/** a promise made by a script becomes a callback task with a due time (null = open-ended). */
export const CallbackPromise = z.object({
  kind: z.enum(['next_business_day', 'five_business_days', 'on_service_open', 'custom']),
  due: z.number().nullable(),
  phone: z.string().max(40),
  service: z.string().max(200).optional(),
  note: z.string().max(2000).default(''),
  done: z.boolean().default(false),
  doneAt: z.number().optional(),
});
export type CallbackPromise = z.infer<typeof CallbackPromise>;

/** offers made in the call and how many the customer declined (at most 2). */
export const Offers = z.object({
  made: z.number().int().nonnegative().default(0),
  declined: z.number().int().nonnegative().default(0),
  services: z.array(z.string().max(200)).max(20).default([]),
});
export type Offers = z.infer<typeof Offers>;

export const QaFlag = z.enum(['late_answer', 'agent_hung_up_first', 'long_hold', 'offer_limit', 'missing_caller_fields', 'forbidden_phrase', 'second_complaint']);
export type QaFlag = z.infer<typeof QaFlag>;

/** Everything an agent may write on a call record. Each key is stored and merged separately. */
export const SeatFields = z.object({
  category: CallCategory,
  notes: Notes,
  caller: CallerDetails,
  disposition: Disposition,
  dispositionText: z.string().max(2000),
  complaint: Complaint,
  workOrder: WorkOrder,
  callback: CallbackPromise,
  offers: Offers,
  /** first-contact owner until the ticket closes; transfers keep it. */
  owner: z.string().regex(/^\d{3,8}$/),
  qaFlags: z.array(QaFlag).max(20),
  /** the agent disputes this call's QA score (agents cannot write the lead's QA document; the lead console picks it up). */
  qaDispute: z.object({reason: z.string().min(1).max(2000), at: z.number()}),
  /** Who last annotated the record and when. */
  editedBy: z.string().max(20),
  editedAt: z.number(),
}).partial();
export type SeatFields = z.infer<typeof SeatFields>;
export type SeatField = keyof SeatFields;
export const seatFieldNames = Object.keys(SeatFields.shape) as SeatField[];

/** A call record as read out of the document: the switch's facts plus the agent's fields. */
export type CallRecord = {
  readonly callId: string;
  /** Absent when only the agent's fields reached this replica so far. */
  readonly facts?: CallFacts;
  readonly seat: SeatFields;
};

// ---------------------------------------------------------------------------------------------
// R-35 shift handover (交接班): open items from one agent to the next shift, acknowledged by
// the receiver. Items and acknowledgements are separate keys, so they never overwrite each other.

export const HandoverItem = z.object({
  id: z.string().min(1).max(80),
  from: z.string(),
  /** The receiving agent, or absent for "whoever takes the next shift". */
  to: z.string().optional(),
  kind: z.enum(['callback', 'ticket', 'complaint', 'note']),
  text: z.string().min(1).max(4000),
  callId: z.string().optional(),
  /** Callback due time or follow-up time. */
  due: z.number().nullable().default(null),
  createdAt: z.number(),
});
export type HandoverItem = z.infer<typeof HandoverItem>;

export const HandoverAck = z.object({
  by: z.string(),
  at: z.number(),
  note: z.string().max(2000).default(''),
});
export type HandoverAck = z.infer<typeof HandoverAck>;

// ---------------------------------------------------------------------------------------------
// R-35 daily wrap-up (工作日结): the agent's day in figures (computed from the call records) and
// remarks. Submitted once; amending keeps the earlier versions in `history`.

export const WrapupFigures = z.record(z.string(), z.number());
export type WrapupFigures = z.infer<typeof WrapupFigures>;

export const WrapupVersion = z.object({
  at: z.number(),
  figures: WrapupFigures,
  remarks: z.string().max(8000),
  reason: z.string().max(2000).default(''),
});
export type WrapupVersion = z.infer<typeof WrapupVersion>;

export const Wrapup = z.object({
  agent: z.string(),
  date: z.string(),
  submittedAt: z.number(),
  figures: WrapupFigures,
  remarks: z.string().max(8000),
  /** Earlier versions, oldest first; the current one is the top-level fields. */
  history: z.array(WrapupVersion).max(100).default([]),
});
export type Wrapup = z.infer<typeof Wrapup>;
