// Shapes of the synced documents. The switch writes a call's facts; the agent writes the
// annotation fields (notes, disposition, complaint, …) under other keys, so concurrent edits
// merge. Everything read out of a Y type is validated with these before use.
// (First cut: the call facts the switch hands over. The sync work adds the agent's fields,
// handover and wrap-up.)
import {z} from 'zod';

export const Hold = z.object({
  /** Epoch ms the hold began (re-INVITE sendonly/inactive sent). */
  start: z.number(),
  /** Epoch ms it ended; absent while still on hold. */
  end: z.number().optional(),
});
export type Hold = z.infer<typeof Hold>;

export const Transfer = z.object({
  at: z.number(),
  kind: z.enum(['agent', 'queue', 'number']),
  to: z.string(),
  ok: z.boolean(),
});
export type Transfer = z.infer<typeof Transfer>;

/** What the switch knows about a call (all times epoch ms). */
export const CallFacts = z.object({
  callId: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  /** Caller's number as received (masked only when shown, R-36). */
  caller: z.string(),
  queue: z.string(),
  /** The agent who took (or last was offered) the call; R-14 owner by default. */
  agent: z.string().optional(),
  team: z.string(),
  arrivedAt: z.number(),
  offeredAt: z.number().optional(),
  answeredAt: z.number().optional(),
  endedAt: z.number().optional(),
  /** rings counted when answered. */
  rings: z.number().int().nonnegative().optional(),
  /** answered after more than 3 rings. */
  lateAnswer: z.boolean().optional(),
  holds: z.array(Hold).default([]),
  transfers: z.array(Transfer).default([]),
  /** who hung up first. */
  hungUpBy: z.enum(['caller', 'agent', 'system']).optional(),
  endReason: z.enum(['hangup', 'abandoned', 'rona', 'transferred', 'failed', 'silent']).optional(),
  /** Caller hung up before answer: how long they waited. */
  abandonWaitMs: z.number().nonnegative().optional(),
  /** Agents that did not answer in time (RONA) before someone did. */
  ronaAgents: z.array(z.string()).default([]),
  /** When after-call work ended (agent Ready again). */
  wrapEndedAt: z.number().optional(),
});
export type CallFacts = z.infer<typeof CallFacts>;
