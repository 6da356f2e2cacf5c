// The seat control channel (WebSocket /control on the hub port): one zod module shared by the
// switch and every client (seat TUI, headless load-test seats, wallboard). Commands flow from
// seats only; events flow to seats and to read-only supervisor subscribers.
// Every client message may carry `id`; the switch answers it with `ack` or `error` (`ref` = id).
// Error codes (an error never changes state): auth, bad-hello, already-authenticated,
// not-authenticated, bad-message, too-large, read-only (supervisors), unknown-call, not-offered,
// not-your-call, bad-state, busy, offline, unavailable, unknown-agent, unknown-queue, bad-target,
// handset (answer on the phone), no-phone, no-trunk, transfer-failed, sip-failed, peak (R-18 plan
// suspends breaks/meals or stops callbacks; R-17 caps outbound callback agents), forbidden (not a
// lead, another team's call), no-media (the call's audio is not through the center), no-recording,
// internal.
// Leads' supervisor links may send the lead commands (`listen`, `play-recording`, `queue-control`)
// and ping, nothing else.
import {z} from 'zod';
import {peakActions} from '../rules/peak.ts';

export const AgentState = z.enum(['ready', 'not-ready', 'break', 'meal', 'training', 'meeting', 'acw', 'offered', 'on-call', 'offline']);
export type AgentState = z.infer<typeof AgentState>;

/** States an agent may choose; acw/offered/on-call/offline are set by the switch. */
export const SelectableState = z.enum(['ready', 'not-ready', 'break', 'meal', 'training', 'meeting']);
export type SelectableState = z.infer<typeof SelectableState>;

const Id = z.string().min(1).max(64);
const CallId = z.string().min(1).max(128);

export const QueueControlAction = z.enum(['join', 'leave', 'move', 'penalty', 'sign-out']);
export type QueueControlAction = z.infer<typeof QueueControlAction>;

export const TransferTarget = z.object({
  kind: z.enum(['agent', 'queue', 'number']),
  value: z.string().min(1).max(64),
});
export type TransferTarget = z.infer<typeof TransferTarget>;

// ── client → switch ────────────────────────────────────────────────────────────
export const Hello = z.object({
  type: z.literal('hello'),
  id: Id.optional(),
  /** agent: a seat; supervisor: a read-only wallboard subscription (leads only). */
  role: z.enum(['agent', 'supervisor']),
  agent: z.string().min(1).max(16).optional(),
  pin: z.string().min(1).max(64).optional(),
  /** Alternative to agent+pin: a token issued by the server (SSH gateway). */
  token: z.string().min(1).max(128).optional(),
  /**
   * The state a seat had before it lost the switch. The seat holds the agent's intent, so a
   * switch that has not seen this agent since it started (a center restart) takes it up, under
   * its own rules (R-18: no break or meal at a suspending peak level); otherwise it is ignored.
   */
  resume: z.object({state: SelectableState, reason: z.string().max(64).optional()}).optional(),
});

export const Command = z.discriminatedUnion('type', [
  z.object({type: z.literal('set-state'), id: Id.optional(), state: SelectableState, reason: z.string().max(64).optional()}),
  z.object({type: z.literal('accept'), id: Id.optional(), callId: CallId}),
  z.object({type: z.literal('hold'), id: Id.optional(), callId: CallId}),
  z.object({type: z.literal('resume'), id: Id.optional(), callId: CallId}),
  z.object({type: z.literal('transfer'), id: Id.optional(), callId: CallId, target: TransferTarget}),
  /** silent: the R-12 silent-call release (not flagged as agent-hung-up-first). */
  z.object({type: z.literal('hangup'), id: Id.optional(), callId: CallId, silent: z.boolean().optional()}),
  /** R-08 outbound callback: ring the agent's phone, then the customer. */
  z.object({type: z.literal('callback'), id: Id.optional(), number: z.string().regex(/^\+?[\d*#]{2,32}$/), origin: CallId.optional()}),
  /** End after-call work early → Ready. */
  z.object({type: z.literal('wrapup-done'), id: Id.optional()}),
  /** the agent signs out — offline at once, no 30 s grace, no call offered after (refused during a call). */
  z.object({type: z.literal('sign-out'), id: Id.optional()}),
  z.object({type: z.literal('ping'), id: Id.optional()}),
  /** R-24 live listen-in (leads): ring the lead's phone with a silent copy of the call (on), or stop. */
  z.object({type: z.literal('listen'), id: Id.optional(), callId: CallId, on: z.boolean().default(true)}),
  /** R-24 recording review (leads): the switch calls the lead's phone and plays the call's recording (on), or stops it. */
  z.object({type: z.literal('play-recording'), id: Id.optional(), callId: CallId, day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(), on: z.boolean().default(true)}),
  /**
   * A lead's queue control for the shift (leads of the agent's team only): add the agent to a
   * queue or take them out (join/leave `queue`), move them from `queue` to `to`, set their
   * `penalty` in `queue`, or sign a stuck agent out. Each one is a fact for the leads (`queue-control`).
   */
  z.object({
    type: z.literal('queue-control'), id: Id.optional(), action: QueueControlAction, agent: z.string().min(1).max(16),
    queue: Id.optional(), to: Id.optional(), penalty: z.number().int().min(0).max(99).optional(),
  }),
]);
export type Command = z.infer<typeof Command>;
export type QueueControlCommand = Extract<Command, {type: 'queue-control'}>;

/**
 * What a lead's supervisor link may send besides ping: listen-in and recording review change no
 * record; a queue control changes the shift's queues only (the switch checks the lead's team).
 */
export const leadCommands: ReadonlySet<Command['type']> = new Set(['listen', 'play-recording', 'queue-control']);

export const ClientMessage = z.union([Hello, Command]);
export type ClientMessage = z.infer<typeof ClientMessage>;
export type Hello = z.infer<typeof Hello>;

// ── switch → client ───────────────────────────────────────────────────────────
export const SeatSnapshot = z.object({
  agent: z.string(),
  name: z.string(),
  team: z.string(),
  state: AgentState,
  reason: z.string().optional(),
  /** Epoch ms when the current state began. */
  since: z.number(),
  phoneRegistered: z.boolean(),
  callId: z.string().optional(),
  /** Epoch ms the current call was answered (talk timer). */
  callSince: z.number().optional(),
  /** Epoch ms the current hold began, when on hold. */
  holdSince: z.number().optional(),
  callsToday: z.number().int().nonnegative(),
  lateToday: z.number().int().nonnegative(),
});
export type SeatSnapshot = z.infer<typeof SeatSnapshot>;

/**
 * as the switch sees it: the one copy of the queue samples is the switch's, and this
 * is everything a client shows from them (level, since when, what is pending).
 */
export const PeakStatus = z.object({
  level: z.number().int().min(0).max(2),
  actions: z.array(z.enum(peakActions)),
  /** Epoch ms the current level took effect (absent at level 0). */
  sinceMs: z.number().optional(),
  /** Per threshold: since when the queue has stayed at or over it (absent when it is not now). */
  aboveSinceMs: z.object({level1: z.number().optional(), level2: z.number().optional()}),
  /** When the next level takes effect if the queue stays as it is. */
  nextLevelAtMs: z.number().optional(),
  /** a predictable peak is declared now. */
  predictable: z.object({leaveAllowed: z.boolean(), maxOutboundAgents: z.number().int().nonnegative()}).optional(),
});
export type PeakStatus = z.infer<typeof PeakStatus>;

export const QueueStats = z.object({
  type: z.literal('queue'),
  at: z.number(),
  waiting: z.number().int().nonnegative(),
  longestWaitMs: z.number().nonnegative(),
  queues: z.array(z.object({id: z.string(), name: z.string(), waiting: z.number().int().nonnegative(), longestWaitMs: z.number().nonnegative()})),
  /** Today so far (switch's counters). */
  offered: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
  abandoned: z.number().int().nonnegative(),
  /** R-18 peak-plan level as the switch enforces it (sent again whenever it changes). */
  peakLevel: z.number().int().min(0).max(2).optional(),
  /** The whole R-18 state behind `peakLevel`: clients read this rather than keeping queue samples. */
  peak: PeakStatus.optional(),
  /** Whether new calls' audio goes through the center (recorded, listen-in); why not, when not. */
  media: z.object({anchored: z.boolean(), why: z.string().optional()}).optional(),
});
export type QueueStats = z.infer<typeof QueueStats>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    agent: z.string(),
    name: z.string(),
    team: z.string(),
    role: z.enum(['agent', 'lead', 'supervisor']),
    trainee: z.boolean(),
    phoneMode: z.enum(['auto-answer', 'handset']),
    /** Server clock at welcome, so clients can correct their skew. */
    now: z.number(),
    /** The current seat (agents) — or all seats (supervisors). */
    seats: z.array(SeatSnapshot),
    /** The center's effective PolicyConfig (its lineName is the R-03 line). Left loose here so
     * an old or damaged policy never costs a client its welcome: clients read it with
     * `centerPolicy` (src/client/center-policy.ts), which falls back to the defaults with a warning. */
    policy: z.unknown().optional(),
  }),
  z.object({type: z.literal('ack'), ref: Id}),
  z.object({type: z.literal('error'), ref: Id.optional(), code: z.string(), message: z.string()}),
  z.object({type: z.literal('pong'), ref: Id.optional(), now: z.number()}),
  /** A seat changed (state, call, hold, counters): the full snapshot of that seat. */
  z.object({type: z.literal('seat'), seat: SeatSnapshot}),
  z.object({
    type: z.literal('offered'),
    callId: CallId,
    agent: z.string(),
    /** Full number to the offered agent; masked to supervisors. */
    caller: z.string(),
    queue: z.string(),
    /** Epoch ms: ring 1 starts here. */
    offeredAt: z.number(),
    /** How long the caller waited in queue before this offer. */
    waitedMs: z.number().nonnegative(),
    ringPeriodMs: z.number().positive(),
    direction: z.enum(['inbound', 'outbound']).default('inbound'),
  }),
  z.object({type: z.literal('ring'), callId: CallId, agent: z.string(), rings: z.number().int().positive()}),
  z.object({type: z.literal('answered'), callId: CallId, agent: z.string(), answeredAt: z.number(), rings: z.number().int().positive(), late: z.boolean()}),
  z.object({type: z.literal('held'), callId: CallId, agent: z.string(), at: z.number()}),
  z.object({type: z.literal('resumed'), callId: CallId, agent: z.string(), at: z.number(), heldMs: z.number().nonnegative()}),
  z.object({type: z.literal('transferred'), callId: CallId, agent: z.string(), target: TransferTarget, ok: z.boolean()}),
  z.object({
    type: z.literal('ended'),
    callId: CallId,
    agent: z.string().optional(),
    at: z.number(),
    /** who hung up first. */
    by: z.enum(['caller', 'agent', 'system']),
    /** signed-out: a lead signed the agent out while the call rang them (the call is queued again). */
    reason: z.enum(['hangup', 'abandoned', 'rona', 'transferred', 'failed', 'silent', 'queue-policy', 'signed-out']),
  }),
  /**
   * R-24 listen-in by `lead` on `target`'s call began (on) or ended (with how long): to leads'
   * supervisor links only, never to the agent's seat (the agent is not told).
   */
  z.object({type: z.literal('listening'), callId: CallId, lead: z.string(), target: z.string().optional(), on: z.boolean(), at: z.number(), ms: z.number().nonnegative().optional()}),
  /** A lead's queue control took effect (who, what, when): to leads' links only, never to the agent's seat. */
  z.object({
    type: z.literal('queue-control'), lead: z.string(), team: z.string(), target: z.string(), action: QueueControlAction,
    queue: z.string().optional(), to: z.string().optional(), penalty: z.number().int().optional(), at: z.number(),
  }),
  /** A recording began (on) or stopped playing on `lead`'s phone: to leads' links only. */
  z.object({type: z.literal('playback'), callId: CallId, lead: z.string(), on: z.boolean(), at: z.number()}),
  QueueStats,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** Parse one text frame from a client; the error names what is wrong. */
export function parseClientMessage(raw: string): {ok: true; message: ClientMessage} | {ok: false; error: string} {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return {ok: false, error: 'not JSON'};
  }
  // Parse against the one schema the `type` names, so the error points at the real problem.
  const type = (data as {type?: unknown} | null)?.type;
  if (typeof type !== 'string') return {ok: false, error: 'type: expected a message type'};
  const schema = type === 'hello' ? Hello : Command;
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join('.') || '(message)';
    return {ok: false, error: `${path}: ${issue?.message ?? 'invalid'}`};
  }
  return {ok: true, message: result.data};
}

/** Parse one text frame from the switch; the error names what is wrong. */
export function parseServerMessage(raw: string): {ok: true; message: ServerMessage} | {ok: false; error: string} {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return {ok: false, error: 'not JSON'};
  }
  const result = ServerMessage.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join('.') || '(message)';
    return {ok: false, error: `${path}: ${issue?.message ?? 'invalid'}`};
  }
  return {ok: true, message: result.data};
}
