// The ACD's vocabulary: its configuration, the events it tells the switch, its errors, and the
// records it keeps per agent and per call (the latter two only for the files of this folder).
import type {PolicyConfig} from '../../rules/config.ts';
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
};

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
export type EndReason = 'hangup' | 'abandoned' | 'rona' | 'transferred' | 'failed' | 'silent';

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
  | {type: 'ended'; callId: string; agent?: string; at: number; by: EndedBy; reason: EndReason}
  | {type: 'seat'; seat: SeatSnapshot}
  | {type: 'queue'}
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
  seatLostAt?: number;
  callId?: string;
  callSince?: number;
  holdSince?: number;
  acwUntil?: number;
  acwCallId?: string;
  callsToday: number;
  lateToday: number;
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
};

/** States a seat may be lost in without a call being cut (grace, then offline). */
export const idleStates = new Set<AgentState>(['ready', 'not-ready', 'break', 'meal', 'training', 'meeting', 'acw']);
