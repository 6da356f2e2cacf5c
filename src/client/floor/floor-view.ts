// What the wall shows, as plain data: the FloorModel's answers (view, detail), which the
// Ink wallboard renders.
import type {AgentState} from '../../sip/protocol.ts';
import type {PeakView} from './peak.ts';

export type SeatRow = {
  readonly agent: string;
  readonly name: string;
  readonly team: string;
  readonly state: AgentState;
  readonly reason?: string;
  readonly inStateMs: number;
  /** break/meal longer than its limit, or any break while R-18 suspends breaks. */
  readonly overBreak: boolean;
  /** After-call work longer than the policy's ACW time. */
  readonly longAcw: boolean;
  readonly phoneRegistered: boolean;
  readonly callId?: string;
  /** Masked caller of the current call. */
  readonly caller?: string;
  readonly callMs?: number;
  readonly holdMs?: number;
  readonly callsToday: number;
  readonly lateToday: number;
};

export type ServiceFigures = {
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  /** answered / offered, 0…1; undefined before the first call. */
  readonly answerRate?: number;
  /** answered within the queue's T of entering it ÷ offered, short abandons left out (src/rules/service-level.ts). */
  readonly serviceLevel?: number;
  /** R-01/R-34: answered within R-01's rings ÷ answered (the handbook's per-agent figure). */
  readonly threeRingRate?: number;
  /** Average speed of answer (arrival → answer), ms. */
  readonly asaMs?: number;
  /** Average handle time (talk + hold + after-call work), ms. */
  readonly ahtMs?: number;
};

export type AgentCall = {
  readonly callId: string;
  readonly caller: string;
  readonly offeredAt?: number;
  readonly answeredAt?: number;
  readonly endedAt?: number;
  readonly rings?: number;
  readonly late: boolean;
  readonly talkMs?: number;
  readonly holdMs: number;
  readonly endReason?: string;
  readonly hungUpBy?: string;
};

/** R-25 progress for one agent today (recorded by QA; absent when nothing is recorded). */
export type QaProgress = {readonly live: number; readonly recording: number; readonly sideBySide: number; readonly week?: number; /** Calls scored as live today (a listen-in on one of them is not counted twice). */ readonly liveCalls?: readonly string[]};

export type AgentDetail = {
  readonly seat: SeatRow;
  readonly calls: readonly AgentCall[];
  readonly kpi: ServiceFigures & {readonly avgHoldMs?: number; readonly lateAnswers: number};
  readonly qa?: QaProgress;
  readonly qaQuota: {readonly live: number; readonly recording: number; readonly sideBySide: number; readonly weekly: number};
  /** R-33 points this month, when the ledger has any. */
  readonly disciplinePoints?: number;
};

export type QueueView = {
  readonly waiting: number;
  readonly longestWaitMs: number;
  readonly queues: ReadonlyArray<{readonly id: string; readonly name: string; readonly waiting: number; readonly longestWaitMs: number}>;
  /** Last hour, one value per minute (oldest first): the most callers waiting in that minute. */
  readonly samples: readonly number[];
};

export type FloorView = {
  readonly now: number;
  readonly connected: boolean;
  readonly lead?: {readonly agent: string; readonly name: string; readonly team: string};
  readonly seats: readonly SeatRow[];
  readonly queue: QueueView;
  readonly peak: PeakView;
  /** a predictable peak was declared (campaign, registration, process change). */
  readonly predictablePeak: boolean;
  /** the name of the peak declared in the policy for now (campaign, registration…), if any. */
  readonly predictablePeakName?: string;
  readonly today: ServiceFigures;
  readonly hour: ServiceFigures;
  readonly counts: Readonly<Record<'ready' | 'talking' | 'acw' | 'away' | 'offline', number>>;
  /** Whether the center carries the calls' audio (recordings, listen-in); why not ("recordings off: …"). */
  readonly media?: {readonly anchored: boolean; readonly why?: string};
};
