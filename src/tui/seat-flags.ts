// The QA flags of one of the seat's calls (src/rules call-flags), so the agent sees what a
// reviewer will look at: late answer, long hold, hung up first, too many
// offers, missing caller fields, overdue callback, complaint not acted.
import {callFlags, type CallFlag} from '../rules/call-flags.ts';
import type {PolicyConfig} from '../rules/config.ts';
import type {CallRow} from '../client/seat-records.ts';

export function seatCallFlags(row: CallRow, nowMs: number, policy: PolicyConfig): CallFlag[] {
  const {facts, notes} = row;
  return callFlags({
    offeredAtMs: facts.offeredAt,
    answeredAtMs: facts.answeredAt,
    holdsMs: facts.longestHoldMs !== undefined ? [facts.longestHoldMs] : [],
    hungUpBy: facts.hungUpBy === 'caller' ? 'customer' : facts.hungUpBy,
    silent: notes.silent === true || facts.endReason === 'silent',
    offers: notes.offers,
    callType: notes.callType,
    caller: {surname: notes.surname, address: notes.address, phone: notes.phone},
    callbacks: notes.callbackPromise ? [{dueMs: notes.callbackDueMs, ...(notes.callbackDone ? {doneAtMs: notes.updatedAt} : {})}] : [],
  }, nowMs, policy);
}
