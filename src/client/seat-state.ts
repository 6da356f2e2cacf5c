// What a seat knows, as plain data, and how each message from the switch changes it. Pure: the
// session (seat-session.ts) feeds it the switch's messages and its local clock.
import type {AgentState, QueueStats, SeatSnapshot, ServerMessage, TransferTarget} from '../sip/protocol.ts';
import type {PolicyConfig} from '../rules/config.ts';
import {centerPolicy} from './center-policy.ts';

export type Clock = () => number;

export type Connection = 'connecting' | 'online' | 'offline' | 'refused' | 'closed';

export type Offer = {
  readonly callId: string;
  readonly caller: string;
  readonly queue: string;
  /** Server epoch ms: ring 1 starts here. */
  readonly offeredAt: number;
  readonly waitedMs: number;
  readonly ringPeriodMs: number;
  readonly direction: 'inbound' | 'outbound';
  /** Last ring tick the switch sent (the seat also computes rings from offeredAt). */
  readonly ticked: number;
};

/** An offer that ended before it was answered (the caller hung up while it rang, RONA…). */
export type MissedOffer = {
  readonly callId: string;
  readonly caller: string;
  readonly at: number;
  readonly by: 'caller' | 'agent' | 'system';
  readonly reason: string;
};

export type ActiveCall = {
  readonly callId: string;
  readonly caller: string;
  readonly queue: string;
  readonly direction: 'inbound' | 'outbound';
  readonly offeredAt?: number;
  /** Server epoch ms. */
  readonly answeredAt: number;
  readonly rings: number;
  /** R-02: answered after R-01's rings. */
  readonly late: boolean;
  /** Server epoch ms the current hold began. */
  readonly holdSince?: number;
  readonly holds: number;
  readonly heldMs: number;
  /** The longest single hold so far (R-10 long_hold). */
  readonly longestHoldMs?: number;
  readonly transfers: ReadonlyArray<{readonly target: TransferTarget; readonly ok: boolean}>;
};

export type EndedCall = ActiveCall & {
  readonly endedAt: number;
  readonly by: 'caller' | 'agent' | 'system';
  readonly reason: 'hangup' | 'abandoned' | 'rona' | 'transferred' | 'failed' | 'silent' | 'queue-policy' | 'signed-out';
};

export type Profile = {
  readonly agent: string;
  readonly name: string;
  readonly team: string;
  readonly role: 'agent' | 'lead' | 'supervisor';
  readonly trainee: boolean;
  readonly phoneMode: 'auto-answer' | 'handset';
  /** The center's policy from the welcome (defaults when it sent none or a bad one). */
  readonly policy?: PolicyConfig;
  /** Why the defaults stand in for the center's policy, when they do: show it to the agent. */
  readonly policyWarning?: string;
};

/** Everything a seat shows, as plain data. */
export type SeatState = {
  readonly connection: Connection;
  /** Local epoch ms the connection was lost (shown as "offline since"). */
  readonly offlineSince?: number;
  /** Why the hub refused the sign-in (wrong PIN, unknown agent). */
  readonly refusal?: string;
  readonly profile?: Profile;
  readonly seat?: SeatSnapshot;
  readonly offer?: Offer;
  /** The last offer that ended while ringing: the seat says why the ring stopped. */
  readonly missed?: MissedOffer;
  /** An offer the seat's own update took away, until the switch says how it ended. */
  readonly withdrawn?: Offer;
  readonly call?: ActiveCall;
  /** The call that just ended (after-call work, notes). */
  readonly ended?: EndedCall;
  readonly queue?: QueueStats;
  /** serverNow − localNow, from the welcome and pongs. */
  readonly skewMs: number;
  readonly reconnects: number;
};

type Mutable<T> = {-readonly [K in keyof T]: T[K]};
export type SeatPatch = Partial<Mutable<SeatState>>;

/** Agent states shown as "away" (R-36: the seat locks). */
export const lockingStates: ReadonlySet<AgentState> = new Set(['break', 'meal']);

/** The change one server message makes to agent `agent`'s seat (undefined: none). */
export function seatPatch(s: SeatState, m: ServerMessage, agent: string, localNow: number): SeatPatch | undefined {
  switch (m.type) {
    case 'welcome': {
      const seat = m.seats.find(x => x.agent === agent) ?? m.seats[0];
      const center = centerPolicy(m.policy);
      const profile: Profile = {
        agent: m.agent, name: m.name, team: m.team, role: m.role, trainee: m.trainee, phoneMode: m.phoneMode,
        policy: center.policy, ...(center.warning ? {policyWarning: center.warning} : {}),
      };
      // A call bridged before the switch was lost keeps its local details (caller, rings).
      const keepCall = seat?.callId && s.call?.callId === seat.callId ? s.call : undefined;
      const call = keepCall ? {...keepCall, holdSince: seat?.holdSince} : seat?.callId && seat.callSince ? {
        callId: seat.callId, caller: '', queue: '', direction: 'inbound' as const, answeredAt: seat.callSince, rings: 0, late: false,
        holdSince: seat.holdSince, holds: seat.holdSince ? 1 : 0, heldMs: 0, transfers: [],
      } : undefined;
      return {
        connection: 'online', offlineSince: undefined, refusal: undefined, profile, seat,
        call, offer: seat?.state === 'offered' ? s.offer : undefined,
        skewMs: m.now - localNow,
      };
    }
    case 'seat': {
      if (m.seat.agent !== agent) return undefined;
      const patch: SeatPatch = {seat: m.seat};
      if (s.call && m.seat.callId === s.call.callId && m.seat.holdSince !== s.call.holdSince) patch.call = {...s.call, holdSince: m.seat.holdSince};
      if (s.offer && m.seat.state !== 'offered' && m.seat.callId !== s.offer.callId) Object.assign(patch, {offer: undefined, withdrawn: s.offer});
      return patch;
    }
    case 'offered':
      if (m.agent !== agent) return undefined;
      return {offer: {callId: m.callId, caller: m.caller, queue: m.queue, offeredAt: m.offeredAt, waitedMs: m.waitedMs, ringPeriodMs: m.ringPeriodMs, direction: m.direction, ticked: 1}};
    case 'ring':
      if (m.agent !== agent || s.offer?.callId !== m.callId) return undefined;
      return {offer: {...s.offer, ticked: m.rings}};
    case 'answered': {
      if (m.agent !== agent) return undefined;
      const o = s.offer?.callId === m.callId ? s.offer : undefined;
      return {
        offer: undefined, ended: undefined,
        call: {
          callId: m.callId, caller: o?.caller ?? '', queue: o?.queue ?? '', direction: o?.direction ?? 'inbound', offeredAt: o?.offeredAt,
          answeredAt: m.answeredAt, rings: m.rings, late: m.late, holds: 0, heldMs: 0, transfers: [],
        },
      };
    }
    case 'held':
      if (s.call?.callId !== m.callId) return undefined;
      return {call: {...s.call, holdSince: m.at, holds: s.call.holds + 1}};
    case 'resumed':
      if (s.call?.callId !== m.callId) return undefined;
      return {call: {...s.call, holdSince: undefined, heldMs: s.call.heldMs + m.heldMs, longestHoldMs: Math.max(s.call.longestHoldMs ?? 0, m.heldMs)}};
    case 'transferred':
      if (s.call?.callId !== m.callId) return undefined;
      return {call: {...s.call, transfers: [...s.call.transfers, {target: m.target, ok: m.ok}]}};
    case 'ended': {
      // The seat's update may have cleared the offer a moment before this (`withdrawn`).
      const rang = s.offer?.callId === m.callId ? s.offer : s.withdrawn?.callId === m.callId && s.call?.callId !== m.callId ? s.withdrawn : undefined;
      if (rang) return {offer: undefined, withdrawn: undefined, missed: {callId: m.callId, caller: rang.caller, at: m.at, by: m.by, reason: m.reason}};
      if (s.call?.callId !== m.callId) return undefined;
      const open = s.call.holdSince ? Math.max(0, m.at - s.call.holdSince) : 0;
      const longestHoldMs = Math.max(s.call.longestHoldMs ?? 0, open);
      return {call: undefined, ended: {...s.call, holdSince: undefined, heldMs: s.call.heldMs + open, longestHoldMs, endedAt: m.at, by: m.by, reason: m.reason}};
    }
    case 'queue':
      return {queue: m};
    default:
      return undefined; // ack, error, pong: the control client settles them
  }
}
