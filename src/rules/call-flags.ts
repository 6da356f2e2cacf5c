// Per-call QA flags: what a reviewer should look at, each with the rule it comes from.
import type {PolicyConfig} from './config.ts';
import {ringState} from './ring.ts';

export type FlagCall = {
  readonly offeredAtMs?: number;
  readonly answeredAtMs?: number;
  /** Each hold's length. */
  readonly holdsMs?: readonly number[];
  readonly hungUpBy?: 'agent' | 'customer' | 'system';
  /** the silent-call protocol ran (disposition `silent`). */
  readonly silent?: boolean;
  /** offers made in the call. */
  readonly offers?: number;
  /** dispatch / volunteer / donation … */
  readonly callType?: string;
  readonly caller?: {readonly surname?: string; readonly address?: string; readonly phone?: string};
  /** callback tasks. */
  readonly callbacks?: readonly {readonly dueMs?: number; readonly doneAtMs?: number}[];
  /** */
  readonly complaint?: {readonly openedAtMs: number; readonly actedAtMs?: number};
};

export type CallFlag =
  | {readonly flag: 'late_answer'; readonly rule: 'R-02'; readonly rings: number}
  | {readonly flag: 'long_hold'; readonly rule: 'R-10'; readonly longestMs: number}
  | {readonly flag: 'agent_hung_up_first'; readonly rule: 'R-07'}
  | {readonly flag: 'offers_beyond_limit'; readonly rule: 'R-13'; readonly offers: number}
  | {readonly flag: 'missing_fields'; readonly rule: 'R-05'; readonly fields: readonly string[]}
  | {readonly flag: 'overdue_callback'; readonly rule: 'R-08'; readonly count: number}
  | {readonly flag: 'complaint_not_acted'; readonly rule: 'R-15'};

export type CallFlagName = CallFlag['flag'];

/** Flags for a call as of `nowMs` (overdue callbacks and complaints depend on the time). */
export function callFlags(call: FlagCall, nowMs: number, policy: PolicyConfig): CallFlag[] {
  const flags: CallFlag[] = [];
  if (call.offeredAtMs !== undefined && call.answeredAtMs !== undefined) {
    const ring = ringState(call.offeredAtMs, call.answeredAtMs, policy);
    if (ring.late) flags.push({flag: 'late_answer', rule: 'R-02', rings: ring.rings});
  }
  const longestMs = Math.max(0, ...(call.holdsMs ?? []));
  if (longestMs >= policy.holdNudges.longHoldSeconds * 1000) flags.push({flag: 'long_hold', rule: 'R-10', longestMs});
  if (call.hungUpBy === 'agent' && !call.silent && policy.closing.customerHangsUpFirst) flags.push({flag: 'agent_hung_up_first', rule: 'R-07'});
  if ((call.offers ?? 0) > policy.offers.maxPerCall) flags.push({flag: 'offers_beyond_limit', rule: 'R-13', offers: call.offers as number});
  if (call.callType !== undefined && policy.notes.mandatoryForCallTypes.includes(call.callType)) {
    const fields = policy.notes.mandatoryFields.filter(f => !call.caller?.[f]?.trim());
    if (fields.length > 0) flags.push({flag: 'missing_fields', rule: 'R-05', fields});
  }
  const overdue = (call.callbacks ?? []).filter(c => c.dueMs !== undefined && (c.doneAtMs ?? nowMs) > c.dueMs).length;
  if (overdue > 0) flags.push({flag: 'overdue_callback', rule: 'R-08', count: overdue});
  if (call.complaint) {
    const limit = call.complaint.openedAtMs + policy.complaints.actWithinHours * 3_600_000;
    if ((call.complaint.actedAtMs ?? nowMs) > limit) flags.push({flag: 'complaint_not_acted', rule: 'R-15'});
  }
  return flags;
}
