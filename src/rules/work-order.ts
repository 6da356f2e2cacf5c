// R-14…R-16: complaint and work-order tickets. The agent who took the call owns the ticket until
// it is closed, transfers keep the owner (R-14, 首问负责制); a complaint must be acted on by the
// supervisor within 24 h; a work order goes dispatch → follow-up → return → close →
// satisfaction callback.
import type {PolicyConfig} from './config.ts';

/**
 * a work order's stages in order (dispatch → follow-up 督办 → return → close → 回访), the
 * names the hub's records store (src/sync/schema.ts WorkOrderStage). A ticket starts 'open'.
 */
export const workOrderStages = ['dispatched', 'follow_up', 'returned', 'closed', 'revisited'] as const;
export type WorkOrderStage = (typeof workOrderStages)[number];

export const ticketStates = ['open', ...workOrderStages] as const;
export type TicketState = (typeof ticketStates)[number];

export type Ticket = {
  readonly id: string;
  readonly kind: 'complaint' | 'work_order';
  /** the first-contact agent. */
  readonly owner: string;
  readonly state: TicketState;
  readonly openedAtMs: number;
  /** when a supervisor first acted on a complaint. */
  readonly actedAtMs?: number;
  readonly department?: string;
  readonly history: readonly {readonly state: TicketState; readonly by: string; readonly atMs: number}[];
};

const next: Record<TicketState, readonly TicketState[]> = {
  open: ['dispatched', 'closed'],
  dispatched: ['follow_up', 'returned'],
  follow_up: ['returned'],
  returned: ['closed', 'follow_up'],
  closed: ['revisited'],
  revisited: [],
};

export type TicketAction =
  | {readonly type: 'move'; readonly to: TicketState; readonly by: string; readonly role: 'agent' | 'lead' | 'supervisor'; readonly atMs: number; readonly department?: string}
  | {readonly type: 'transfer'; readonly by: string; readonly atMs: number};

export type TicketResult = {readonly ok: true; readonly ticket: Ticket} | {readonly ok: false; readonly error: string};

export function openTicket(id: string, kind: Ticket['kind'], owner: string, atMs: number): Ticket {
  return {id, kind, owner, state: 'open', openedAtMs: atMs, history: [{state: 'open', by: owner, atMs}]};
}

export function applyTicketAction(ticket: Ticket, action: TicketAction): TicketResult {
  // a transfer of the call never moves the ticket's ownership.
  if (action.type === 'transfer') return {ok: true, ticket};
  if (!next[ticket.state].includes(action.to)) return {ok: false, error: `R-16: no move from ${ticket.state} to ${action.to} (next: ${next[ticket.state].join(', ') || 'none'})`};
  if (action.to === 'dispatched' && !action.department && !ticket.department) return {ok: false, error: 'R-15/R-16: dispatch needs the responsible department'};
  const acted = ticket.kind === 'complaint' && ticket.actedAtMs === undefined && action.role !== 'agent' ? {actedAtMs: action.atMs} : {};
  return {ok: true, ticket: {
    ...ticket,
    ...acted,
    ...(action.department ? {department: action.department} : {}),
    state: action.to,
    history: [...ticket.history, {state: action.to, by: action.by, atMs: action.atMs}],
  }};
}

/** when the supervisor must have acted on a complaint, and whether that is missed at `nowMs`. */
export function complaintDeadline(ticket: Ticket, nowMs: number, policy: PolicyConfig): {readonly dueMs: number; readonly overdue: boolean} {
  const dueMs = ticket.openedAtMs + policy.complaints.actWithinHours * 3_600_000;
  return {dueMs, overdue: (ticket.actedAtMs ?? nowMs) > dueMs};
}
