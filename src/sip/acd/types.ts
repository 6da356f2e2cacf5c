// The ACD's vocabulary: its configuration, the events it tells the switch, its errors, and the
// records it keeps per agent and per call (the latter two only for the files of this folder).
import type {PolicyConfig} from '../../rules/config.ts';
import type {QueueOutcome, QueuePolicy} from '../../rules/queue-policy.ts';
import type {CallFacts} from '../../sync/schema.ts';
import type {AgentState, SeatSnapshot, TransferTarget} from '../protocol.ts';

export type AcdAgentConfig = {
  readonly id: string;
  readonly name: string;
  readonly team: string;
  readonly skills: readonly string[];
};

export type AcdQueueConfig = {
  readonly id: string;
  readonly name: string;
  readonly team: string;
  readonly skill?: string;
  /** 0…9, higher is served first. */
  readonly priority: number;
  /** Max wait, length, outcomes, hours, strategy (src/rules/queue-policy.ts); zuoxi defaults when absent. */
  readonly policy?: QueuePolicy;
};

export type QueueExitReason = 'max-wait' | 'full' | 'no-agents' | 'closed';

export type AcdOptions = {
  readonly agents: readonly AcdAgentConfig[];
  readonly queues: readonly AcdQueueConfig[];
  readonly policy: PolicyConfig;
  /** The center's calendar day of an instant (counters are "today"). */
  readonly dayKey: (ms: number) => string;
  /** A seat whose control connection dropped keeps its state this long before going offline (zuoxi default 30 s). */
  readonly seatGraceMs?: number;
};

export type EndedBy = 'caller' | 'agent' | 'system';
export type EndReason = 'hangup' | 'abandoned' | 'rona' | 'transferred' | 'failed' | 'silent' | 'queue-policy';
/** How an offer ended for the agent: as a call ends, or the agent was signed out by a lead while it rang. */
export type OfferEndReason = EndReason | 'signed-out';

/** What the ACD tells the switch; the switch maps these to SIP actions and control messages. */
export type AcdEvent =
  | {type: 'offer'; callId: string; agent: string; caller: string; queue: string; offeredAt: number; waitedMs: number; direction: 'inbound' | 'outbound'}
  | {type: 'ring'; callId: string; agent: string; rings: number}
  /** No answer in time: the switch cancels the agent leg; the call is queued again at the head. */
  | {type: 'rona'; callId: string; agent: string}
  | {type: 'answered'; callId: string; agent: string; answeredAt: number; rings: number; late: boolean}
  | {type: 'held'; callId: string; agent: string; at: number}
  | {type: 'resumed'; callId: string; agent: string; at: number; heldMs: number}
  | {type: 'transferred'; callId: string; agent: string; target: TransferTarget; ok: boolean}
  /** A lead signed out the agent the call was ringing: the switch cancels the agent leg; the call is queued again at the head. */
  | {type: 'withdrawn'; callId: string; agent: string}
  | {type: 'ended'; callId: string; agent?: string; at: number; by: EndedBy; reason: OfferEndReason}
  | {type: 'seat'; seat: SeatSnapshot}
  | {type: 'queue'}
  /** A queue's rule lets the caller go: the switch announces (if the center answered) or sends the final response. */
  | {type: 'refused'; callId: string; queue: string; reason: QueueExitReason; outcome: Exclude<QueueOutcome, {action: 'wait' | 'overflow'}>}
  | {type: 'facts'; facts: CallFacts};

export class AcdError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'AcdError';
  }
}

/** An agent as the ACD tracks it (mutable; never handed out: views are SeatSnapshots). */
export type Agent = {
  readonly config: AcdAgentConfig;
  state: AgentState;
  reason?: string;
  since: number;
  /** Longest-idle ordering: when the agent last became available for a call. */
  idleSince: number;
  phone: boolean;
  seats: number;
  /** A seat of this agent has connected since the switch started (a resumed state is taken only before). */
  seen?: boolean;
  seatLostAt?: number;
  callId?: string;
  callSince?: number;
  holdSince?: number;
  acwUntil?: number;
  acwCallId?: string;
  callsToday: number;
  lateToday: number;
  /** Talk time of today's calls (least-talk-time strategy). */
  talkMsToday: number;
  /** Missed offers in a row (RONA after N). */
  missed: number;
  /** Not offered a call before this instant (RONA retry delay). */
  retryAt?: number;
  /** A failed/busy leg paused the agent until this instant, then Ready again. */
  pausedUntil?: number;
};

export type CallPhase = 'queued' | 'offered' | 'bridged' | 'external' | 'ended';

/** A call as the ACD tracks it. */
export type Call = {
  readonly facts: CallFacts;
  phase: CallPhase;
  queue: string;
  agent?: string;
  offeredAt?: number;
  rings: number;
  /** The agent accepted (auto-answer) or the phone is being answered: RONA no longer applies. */
  accepted: boolean;
  /** The caller leg was already answered (a transferred call being re-offered). */
  callerAnswered: boolean;
  /** The center answered the caller for the queue (welcome, music): no INVITE left for timer C. */
  answeredByCenter: boolean;
  /** Caller priority (number prefix), higher waits ahead. */
  priority: number;
  /** When the current wait began: arrival (overflows carry it), or a blind transfer to a queue. */
  waitFrom?: number;
};

/** States a seat may be lost in without a call being cut (grace, then offline). */
export const idleStates = new Set<AgentState>(['ready', 'not-ready', 'break', 'meal', 'training', 'meeting', 'acw']);
