// Automatic per-call checks over the day's call
// records: the switch's facts and the agent's fields mapped onto src/rules' FlagCall, so the
// lead console, the QA sample and the seat (which may import `checkCall`) see the same flags.
import type {PolicyConfig} from '../../rules/config.ts';
import {callFlags, type CallFlag, type FlagCall} from '../../rules/call-flags.ts';
import type {PlanCandidate} from '../../rules/lead-qa-plan.ts';
import type {CallRecord} from '../schema.ts';

const actedStatuses = new Set(['acted', 'reported_back', 'closed', 'escalated']);

/** The rules' view of a record. Open holds and open calls are measured up to `nowMs`. */
export function flagCallOf(record: CallRecord, nowMs: number): FlagCall {
  const f = record.facts;
  const s = record.seat;
  const end = f?.endedAt ?? nowMs;
  return {
    offeredAtMs: f?.offeredAt,
    answeredAtMs: f?.answeredAt,
    holdsMs: (f?.holds ?? []).map(h => Math.max(0, (h.end ?? end) - h.start)),
    hungUpBy: f?.hungUpBy === 'caller' ? 'customer' : f?.hungUpBy,
    silent: f?.endReason === 'silent' || s.disposition === 'silent',
    offers: s.offers?.made,
    callType: s.category,
    caller: s.caller,
    callbacks: s.callback ? [{dueMs: s.callback.due ?? undefined, doneAtMs: s.callback.done ? (s.callback.doneAt ?? s.editedAt) : undefined}] : [],
    // The record keeps the complaint's status, not when it changed: a complaint past "open"
    // counts as acted on at the record's last edit.
    complaint: s.complaint ? {openedAtMs: s.complaint.at, actedAtMs: actedStatuses.has(s.complaint.status) ? (s.editedAt ?? s.complaint.at) : undefined} : undefined,
  };
}

/** The flags of one call as of `nowMs`. */
export function checkCall(record: CallRecord, nowMs: number, policy: PolicyConfig): CallFlag[] {
  return callFlags(flagCallOf(record, nowMs), nowMs, policy);
}

export type CheckedCall = {
  readonly record: CallRecord;
  readonly agent: string | undefined;
  readonly flags: readonly CallFlag[];
};

/** Every call of a day with its flags (flagged or not). */
export function checkDay(records: readonly CallRecord[], nowMs: number, policy: PolicyConfig): CheckedCall[] {
  return records.map(record => ({record, agent: record.facts?.agent ?? record.seat.owner, flags: checkCall(record, nowMs, policy)}));
}

export type QaCandidate = PlanCandidate & {readonly record: CallRecord; readonly flagDetails: readonly CallFlag[]};

/** Answered calls with an agent: what QA may sample (R-26 business type = the call's category, else its queue). */
export function qaCandidates(checked: readonly CheckedCall[]): QaCandidate[] {
  return checked.flatMap(c => {
    const f = c.record.facts;
    if (!f?.answeredAt || !c.agent) return [];
    return [{id: c.record.callId, agentId: c.agent, startedAtMs: f.answeredAt, businessType: c.record.seat.category ?? f.queue, flags: c.flags.map(x => x.flag), flagDetails: c.flags, record: c.record}];
  });
}
