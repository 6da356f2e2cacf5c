// who approves leave, and the checks that go with it (R-17: no leave in a predictable peak).
import type {PolicyConfig} from './config.ts';
import {addDays} from './calendar.ts';

export type LeaveRequest = {
  readonly days: number;
  readonly kind: 'annual' | 'personal' | 'sick' | 'other';
  /** ISO dates. */
  readonly requestedOn: string;
  readonly startsOn: string;
};

export type LeaveRouting = {
  readonly approver: 'team_lead' | 'department_head';
  /** Problems that block approval as requested. */
  readonly problems: readonly ('annual_notice_too_short' | 'predictable_peak' | 'starts_before_request')[];
  /** what the agent must still do. */
  readonly duties: readonly ('hand_over_work' | 'report_back_on_return')[];
};

export function routeLeave(request: LeaveRequest, policy: PolicyConfig, context: {readonly predictablePeak?: boolean} = {}): LeaveRouting {
  if (!Number.isFinite(request.days) || request.days <= 0) throw new TypeError(`routeLeave: days must be positive, got ${request.days}`);
  const l = policy.leave;
  const problems: LeaveRouting['problems'][number][] = [];
  if (request.startsOn < request.requestedOn) problems.push('starts_before_request');
  if (request.kind === 'annual' && request.startsOn < addDays(request.requestedOn, l.annualNoticeDays)) problems.push('annual_notice_too_short');
  if (context.predictablePeak && !policy.peak.predictableLeaveAllowed) problems.push('predictable_peak');
  return {
    approver: request.days <= l.leadMaxDays ? 'team_lead' : 'department_head',
    problems,
    duties: ['hand_over_work', 'report_back_on_return'],
  };
}
