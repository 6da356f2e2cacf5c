// The seat's flat note fields → the sync layer's SeatFields (src/sync/schema.ts), so what the
// agent types lands in the day's call record under the keys the hub, the lead and reports read.
import {SeatFields, type CallCategory, type Disposition} from '../sync/schema.ts';
import type {CallNotes} from './seat-records.ts';

const categories = new Set<string>(['inquiry', 'complaint', 'suggestion', 'dispatch', 'volunteer', 'donation', 'praise', 'other']);
const dispositions = new Set<string>(['resolved', 'callback', 'transferred', 'complaint', 'work_order', 'silent', 'wrong_number', 'abandoned', 'other']);
const callbackKinds = {next_business_day: 'next_business_day', working_days: 'five_business_days', open_ended: 'on_service_open'} as const;

/** Everything the notes say, as valid SeatFields (fields not yet complete are left out). */
export function seatFieldsOf(callId: string, notes: CallNotes, context: {agent: string; caller: string; at: number; complaintActWithinHours?: number}): SeatFields {
  const out: Record<string, unknown> = {
    notes: {when: notes.when ?? '', who: notes.who ?? '', where: notes.where ?? '', what: notes.what ?? '', why: notes.why ?? '', how: notes.how ?? ''},
    caller: {surname: notes.surname ?? '', address: notes.address ?? '', phone: notes.phone ?? ''},
    owner: context.agent,
  };
  if (notes.callType && categories.has(notes.callType)) out.category = notes.callType as CallCategory;
  if (notes.disposition && dispositions.has(notes.disposition)) out.disposition = notes.disposition as Disposition;
  if (notes.complaintContent) {
    const at = notes.updatedAt ?? context.at;
    out.complaint = {
      content: notes.complaintContent, against: notes.complaintAbout ?? '', department: notes.complaintDept ?? '',
      callerPhone: notes.phone || context.caller, at,
      // the supervisor acts within 24 h (policy complaints.actWithinHours).
      ...(context.complaintActWithinHours ? {actBy: at + context.complaintActWithinHours * 3_600_000} : {}),
    };
  }
  if (notes.workOrderDept) {
    out.workOrder = {id: `wo-${callId}`, department: notes.workOrderDept, summary: notes.workOrderSummary ?? ''};
  }
  if (notes.callbackPromise) {
    out.callback = {kind: callbackKinds[notes.callbackPromise], due: notes.callbackDueMs ?? null, phone: notes.callbackNumber || notes.phone || context.caller, done: notes.callbackDone ?? false};
  }
  if (notes.offers !== undefined) out.offers = {made: notes.offers, declined: notes.offersDeclined ?? 0};
  // Drop anything the schema refuses (e.g. an over-long field) rather than lose the rest.
  const valid: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(out)) {
    const schema = SeatFields.shape[key as keyof typeof SeatFields.shape];
    const parsed = schema?.safeParse(value);
    if (parsed?.success) valid[key] = parsed.data;
  }
  return valid as SeatFields;
}
