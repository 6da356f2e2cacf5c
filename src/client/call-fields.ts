// One model of a call: what the agent writes is the call record's SeatFields (src/sync/schema.ts)
// — the same keys the seat's day file stores, the hub holds, the lead and reports read. The notes
// form edits flat names (surname, complaintContent, callbackPromise…); an edit is turned into the
// record's fields at once. Text that cannot be a valid field yet (a complaint's department typed
// before its content, an over-long line) waits in the call's draft, never dropped; it becomes a
// field as soon as the field validates. CallNotes is the form's view of fields + draft.
import {
  CallbackPromise, CallCategory, CallerDetails, Complaint, Disposition, Notes, Offers, SeatFields, WorkOrder,
  type SeatField,
} from '../sync/schema.ts';

/** The notes form's flat view of a call's fields (and of the draft not yet valid as fields). */
export type CallNotes = {
  surname?: string;
  phone?: string;
  address?: string;
  when?: string;
  who?: string;
  where?: string;
  what?: string;
  why?: string;
  how?: string;
  callType?: string;
  disposition?: string;
  complaintContent?: string;
  complaintAbout?: string;
  /** the department the complaint is routed to. */
  complaintDept?: string;
  workOrderDept?: string;
  workOrderSummary?: string;
  callbackPromise?: 'next_business_day' | 'working_days' | 'open_ended';
  callbackNumber?: string;
  /** due time computed by src/rules when the promise was chosen. */
  callbackDueMs?: number;
  callbackDone?: boolean;
  /** */
  offers?: number;
  offersDeclined?: number;
  /** the agent ran the silent-call protocol (a fact the seat saw, kept with its facts). */
  silent?: boolean;
  /** The script stage reached (seat-side, kept with its facts). */
  stage?: string;
  /** When the agent last edited the record (the record's editedAt). */
  updatedAt?: number;
};

/** Form values that are not valid record fields yet, by form name. */
export type NoteDraft = Partial<Record<DraftName, string | number | boolean>>;

type DraftName = Exclude<keyof CallNotes, 'silent' | 'stage'>;

export type FieldContext = {
  readonly callId: string;
  /** the first-contact owner (the agent's id). */
  readonly owner?: string;
  /** The caller's number the switch gave (complaint and callback phone when none was typed). */
  readonly caller: string;
  /** Now, epoch ms (a complaint's time when none was recorded). */
  readonly at: number;
  /** hours the supervisor has to act on a complaint (policy complaints.actWithinHours). */
  readonly complaintActWithinHours?: number;
};

const toKind = {next_business_day: 'next_business_day', working_days: 'five_business_days', open_ended: 'on_service_open'} as const;
const fromKind: Record<string, CallNotes['callbackPromise']> = {next_business_day: 'next_business_day', five_business_days: 'working_days', on_service_open: 'open_ended'};

/** Form names a field also reads (rebuilt when they change, but drafted under their own field). */
const alsoReads: Partial<Record<SeatField, readonly DraftName[]>> = {complaint: ['phone', 'updatedAt'], callback: ['phone']};

/** Which form names make up each record field. */
const sources: ReadonlyArray<readonly [SeatField, readonly DraftName[]]> = [
  ['notes', ['when', 'who', 'where', 'what', 'why', 'how']],
  ['caller', ['surname', 'phone', 'address']],
  ['category', ['callType']],
  ['disposition', ['disposition']],
  ['complaint', ['complaintContent', 'complaintAbout', 'complaintDept']],
  ['workOrder', ['workOrderDept', 'workOrderSummary']],
  ['callback', ['callbackPromise', 'callbackNumber', 'callbackDueMs', 'callbackDone']],
  ['offers', ['offers', 'offersDeclined']],
  ['editedAt', ['updatedAt']],
];

/** The form's view of a record's fields, the draft laid over them. */
export function notesOf(fields: SeatFields, draft: NoteDraft = {}): CallNotes {
  const v: CallNotes = {};
  if (fields.notes) Object.assign(v, fields.notes);
  if (fields.caller) Object.assign(v, {surname: fields.caller.surname, phone: fields.caller.phone, address: fields.caller.address});
  if (fields.category) v.callType = fields.category;
  if (fields.disposition) v.disposition = fields.disposition;
  if (fields.complaint) Object.assign(v, {complaintContent: fields.complaint.content, complaintAbout: fields.complaint.against, complaintDept: fields.complaint.department});
  if (fields.workOrder) Object.assign(v, {workOrderDept: fields.workOrder.department, workOrderSummary: fields.workOrder.summary});
  if (fields.callback) {
    const promise = fromKind[fields.callback.kind];
    if (promise) v.callbackPromise = promise;
    v.callbackNumber = fields.callback.phone;
    if (fields.callback.due !== null) v.callbackDueMs = fields.callback.due;
    v.callbackDone = fields.callback.done;
  }
  if (fields.offers) Object.assign(v, {offers: fields.offers.made, offersDeclined: fields.offers.declined});
  if (fields.editedAt !== undefined) v.updatedAt = fields.editedAt;
  return {...v, ...draft} as CallNotes;
}

/**
 * A form edit applied to a record: the fields it changes (validated, with the schema's
 * defaults, merged into what the field held: a complaint keeps its status, a work order its
 * history) and the draft of what is not valid yet.
 */
export function applyNotes(fields: SeatFields, draft: NoteDraft, edit: Partial<CallNotes>, context: FieldContext): {fields: SeatFields; draft: NoteDraft} {
  const view = {...notesOf(fields, draft), ...edit};
  const touched = new Set(Object.keys(edit));
  const next: Record<string, unknown> = {...fields};
  const nextDraft: Record<string, unknown> = {...draft};
  if (context.owner && !fields.owner) next.owner = context.owner;
  for (const [field, names] of sources) {
    // Only fields an edit reaches (or that already wait in the draft) are rebuilt.
    const reads = [...names, ...(alsoReads[field] ?? [])];
    if (!reads.some(n => touched.has(n) || n in draft)) continue;
    const candidate = build(field, view, fields, context);
    const parsed = candidate === undefined ? undefined : schemaOf(field).safeParse(candidate);
    if (parsed?.success) {
      next[field] = parsed.data;
      for (const n of names) delete nextDraft[n];
    } else {
      for (const n of names) if (view[n] !== undefined) nextDraft[n] = view[n];
    }
  }
  return {fields: next as SeatFields, draft: nextDraft as NoteDraft};
}

function schemaOf(field: SeatField) {
  return SeatFields.shape[field].unwrap();
}

function build(field: SeatField, v: CallNotes, fields: SeatFields, context: FieldContext): unknown {
  switch (field) {
    case 'notes':
      return {...Notes.parse({}), ...fields.notes, ...pick(v, ['when', 'who', 'where', 'what', 'why', 'how'])};
    case 'caller':
      return {...CallerDetails.parse({}), ...fields.caller, ...pick(v, ['surname', 'phone', 'address'])};
    case 'category':
      return v.callType === undefined ? undefined : CallCategory.safeParse(v.callType).success ? v.callType : {invalid: v.callType};
    case 'disposition':
      return v.disposition === undefined ? undefined : Disposition.safeParse(v.disposition).success ? v.disposition : {invalid: v.disposition};
    case 'complaint': {
      if (v.complaintContent === undefined && v.complaintAbout === undefined && v.complaintDept === undefined) return undefined;
      const at = fields.complaint?.at ?? v.updatedAt ?? context.at;
      return {
        ...fields.complaint, content: v.complaintContent ?? '', against: v.complaintAbout ?? '', department: v.complaintDept ?? '',
        callerPhone: v.phone || context.caller, at,
        // the supervisor acts within 24 h (policy complaints.actWithinHours).
        ...(context.complaintActWithinHours && fields.complaint?.actBy === undefined ? {actBy: at + context.complaintActWithinHours * 3_600_000} : {}),
      } satisfies Partial<Complaint>;
    }
    case 'workOrder':
      if (v.workOrderDept === undefined && v.workOrderSummary === undefined) return undefined;
      return {id: `wo-${context.callId}`, ...fields.workOrder, department: v.workOrderDept ?? '', summary: v.workOrderSummary ?? ''} satisfies Partial<WorkOrder>;
    case 'callback': {
      if (!v.callbackPromise) return v.callbackNumber === undefined && v.callbackDone === undefined ? undefined : {invalid: 'no promise chosen'};
      const done = v.callbackDone ?? false;
      return {
        ...fields.callback, kind: toKind[v.callbackPromise], due: v.callbackDueMs ?? null,
        phone: v.callbackNumber || v.phone || context.caller, done,
        ...(done && !fields.callback?.done ? {doneAt: v.updatedAt ?? context.at} : {}),
      } satisfies Partial<CallbackPromise>;
    }
    case 'offers':
      if (v.offers === undefined) return v.offersDeclined === undefined ? undefined : {invalid: 'no offers'};
      return {...fields.offers, made: v.offers, declined: v.offersDeclined ?? 0} satisfies Partial<Offers>;
    case 'editedAt':
      return v.updatedAt;
    default:
      return undefined;
  }
}

function pick(v: CallNotes, names: ReadonlyArray<keyof CallNotes>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of names) if (v[n] !== undefined) out[n] = v[n];
  return out;
}
