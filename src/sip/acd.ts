// The ACD core: agents and their states, queues, offers, ring ticks, RONA, abandon, after-call
// work, today's counters and each call's facts. Pure logic: no I/O, no clock — every method takes
// `now` (epoch ms) and the switch drives `tick(now)` at `nextDeadline()`. The SIP side (switch.ts)
// turns the events into SIP and control-channel messages.
import type {PolicyConfig} from '../rules/config.ts';
import {ringState} from '../rules/ring.ts';
import type {CallFacts} from '../sync/schema.ts';
import type {AgentState, QueueStats, SeatSnapshot, SelectableState, TransferTarget} from './protocol.ts';

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

type Agent = {
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

type Call = {
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

const idleStates = new Set<AgentState>(['ready', 'not-ready', 'break', 'meal', 'training', 'meeting', 'acw']);

export class Acd {
  readonly #agents = new Map<string, Agent>();
  readonly #queues = new Map<string, {config: AcdQueueConfig; calls: string[]}>();
  readonly #calls = new Map<string, Call>();
  readonly #options: AcdOptions;
  readonly #listeners: Array<(event: AcdEvent) => void> = [];
  #day = '';
  #counters = {offered: 0, answered: 0, abandoned: 0};

  constructor(options: AcdOptions, now: number) {
    this.#options = options;
    for (const config of options.agents) {
      this.#agents.set(config.id, {config, state: 'offline', since: now, idleSince: now, phone: false, seats: 0, callsToday: 0, lateToday: 0});
    }
    for (const config of options.queues) this.#queues.set(config.id, {config, calls: []});
    this.#day = options.dayKey(now);
  }

  on(listener: (event: AcdEvent) => void): void {
    this.#listeners.push(listener);
  }

  // ── views ────────────────────────────────────────────────────────────────
  hasAgent(id: string): boolean {
    return this.#agents.has(id);
  }

  snapshot(id: string): SeatSnapshot {
    const a = this.#agent(id);
    return {
      agent: a.config.id, name: a.config.name, team: a.config.team, state: a.state,
      ...(a.reason === undefined ? {} : {reason: a.reason}),
      since: a.since, phoneRegistered: a.phone,
      ...(a.callId === undefined ? {} : {callId: a.callId}),
      ...(a.callSince === undefined ? {} : {callSince: a.callSince}),
      ...(a.holdSince === undefined ? {} : {holdSince: a.holdSince}),
      callsToday: a.callsToday, lateToday: a.lateToday,
    };
  }

  snapshots(): SeatSnapshot[] {
    return [...this.#agents.keys()].map(id => this.snapshot(id));
  }

  queueStats(now: number): QueueStats {
    this.#rollDay(now);
    let waiting = 0;
    let longest = 0;
    const queues = [...this.#queues.values()].map(({config, calls}) => {
      const head = calls.length > 0 ? this.#calls.get(calls[0]!) : undefined;
      const wait = calls.reduce((max, id) => Math.max(max, now - (this.#calls.get(id)?.facts.arrivedAt ?? now)), head ? now - head.facts.arrivedAt : 0);
      waiting += calls.length;
      longest = Math.max(longest, wait);
      return {id: config.id, name: config.name, waiting: calls.length, longestWaitMs: Math.max(0, wait)};
    });
    return {type: 'queue', at: now, waiting, longestWaitMs: Math.max(0, longest), queues, ...this.#counters};
  }

  call(callId: string): Readonly<{phase: CallPhase; agent?: string; queue: string; accepted: boolean; callerAnswered: boolean; facts: CallFacts}> | undefined {
    return this.#calls.get(callId);
  }

  /** The call an agent is offered or talking on, if any. */
  callOf(agentId: string): string | undefined {
    return this.#agents.get(agentId)?.callId;
  }

  /** Calls not yet ended (queued, offered, bridged). */
  activeCalls(): number {
    let n = 0;
    for (const call of this.#calls.values()) if (call.phase !== 'ended') n++;
    return n;
  }

  // ── agents ───────────────────────────────────────────────────────────────
  /** A control connection of this agent opened or closed. */
  seatConnected(id: string, connected: boolean, now: number): void {
    const a = this.#agent(id);
    if (connected) {
      a.seats++;
      a.seatLostAt = undefined;
      if (a.state === 'offline') this.#setState(a, 'not-ready', now, 'login');
      else this.#emitSeat(a);
      this.dispatch(now);
    } else {
      a.seats = Math.max(0, a.seats - 1);
      if (a.seats === 0) a.seatLostAt = now;
    }
  }

  /**
   * R-20 sign-out: offline now rather than after the seat's grace, so no call is offered to it.
   * Refused while a call is offered or live (finish the call first); after-call work ends.
   */
  signOut(id: string, now: number): void {
    const a = this.#agent(id);
    if (a.state === 'offered' || a.state === 'on-call') throw new AcdError('busy', `cannot sign out while ${a.state}: finish the call first`);
    if (a.state === 'offline') return;
    if (a.state === 'acw') this.#endAcw(a, now);
    a.seatLostAt = undefined;
    this.#setState(a, 'offline', now, 'sign-out');
  }

  phoneRegistered(id: string, registered: boolean, now: number): void {
    const a = this.#agent(id);
    if (a.phone === registered) return;
    a.phone = registered;
    this.#emitSeat(a);
    if (registered) this.dispatch(now);
  }

  setState(id: string, state: SelectableState, reason: string | undefined, now: number): void {
    const a = this.#agent(id);
    if (a.state === 'offered' || a.state === 'on-call') throw new AcdError('busy', `cannot change state while ${a.state}: finish the call first`);
    if (a.state === 'offline') throw new AcdError('offline', 'seat is offline');
    if (a.state === 'acw') this.#endAcw(a, now);
    this.#setState(a, state, now, state === 'ready' ? undefined : reason);
    this.dispatch(now);
  }

  /** End after-call work early → Ready. */
  wrapupDone(id: string, now: number): void {
    const a = this.#agent(id);
    if (a.state !== 'acw') throw new AcdError('bad-state', `not in after-call work (state is ${a.state})`);
    this.#endAcw(a, now);
    this.#setState(a, 'ready', now);
    this.dispatch(now);
  }

  // ── calls ────────────────────────────────────────────────────────────────
  /** A caller reached a queue. */
  arrive(callId: string, queueId: string, caller: string, now: number): void {
    const queue = this.#queues.get(queueId);
    if (!queue) throw new AcdError('unknown-queue', `no queue "${queueId}"`);
    if (this.#calls.has(callId)) throw new AcdError('duplicate-call', `call ${callId} already known`);
    this.#rollDay(now);
    const facts: CallFacts = {callId, direction: 'inbound', caller, queue: queueId, team: queue.config.team, arrivedAt: now, holds: [], transfers: [], ronaAgents: []};
    this.#calls.set(callId, {facts, phase: 'queued', queue: queueId, rings: 0, accepted: false, callerAnswered: false});
    queue.calls.push(callId);
    this.#counters.offered++;
    this.#emitFacts(callId);
    this.#emit({type: 'queue'});
    this.dispatch(now);
  }

  /** The agent accepted the offer on the seat (auto-answer: the switch now INVITEs the phone). */
  accept(agentId: string, callId: string, _now: number): Call {
    const call = this.#offeredTo(agentId, callId);
    if (call.accepted) throw new AcdError('bad-state', `call ${callId} is already being answered`);
    call.accepted = true;
    return call;
  }

  /** The agent leg is being answered without a seat accept (handset mode: the phone sent 200). */
  markAccepted(callId: string): void {
    const call = this.#calls.get(callId);
    if (call) call.accepted = true;
  }

  /** The agent's phone answered: the call is bridged. */
  answered(callId: string, now: number): void {
    const call = this.#calls.get(callId);
    if (!call || call.phase !== 'offered' || !call.agent) return;
    const a = this.#agent(call.agent);
    const ring = ringState(call.offeredAt ?? now, now, this.#options.policy);
    call.phase = 'bridged';
    call.callerAnswered = true;
    call.rings = ring.rings;
    const first = call.facts.answeredAt === undefined;
    if (first) {
      call.facts.answeredAt = now;
      call.facts.rings = ring.rings;
      call.facts.lateAnswer = ring.late;
      call.facts.agent = a.config.id; // the first agent to take it owns it
      if (call.facts.direction === 'inbound') this.#counters.answered++;
    }
    a.callsToday++;
    if (ring.late && call.facts.direction === 'inbound') a.lateToday++;
    a.callSince = now;
    this.#setState(a, 'on-call', now);
    this.#emit({type: 'answered', callId, agent: a.config.id, answeredAt: now, rings: ring.rings, late: ring.late});
    this.#emitFacts(callId);
    this.#emit({type: 'queue'});
  }

  /** The agent leg failed (phone busy/unreachable/declined) before answer: requeue, agent Not Ready. */
  agentLegFailed(callId: string, now: number, reason = 'phone-failed'): void {
    const call = this.#calls.get(callId);
    if (!call || call.phase !== 'offered' || !call.agent) return;
    if (call.facts.direction === 'outbound') {
      // A callback has no queue to go back to.
      this.end(callId, 'system', 'failed', now);
      const a = this.#agent(call.agent);
      if (a.state === 'ready') this.#setState(a, 'not-ready', now, reason);
      return;
    }
    const agent = this.#agent(call.agent);
    // The seat hears that the offer is gone; the caller waits on, first in line.
    this.#emit({type: 'ended', callId, agent: agent.config.id, at: now, by: 'system', reason: 'failed'});
    this.#withdraw(call, now);
    this.#setState(agent, 'not-ready', now, reason);
    this.dispatch(now);
  }

  hold(agentId: string, callId: string, now: number): void {
    const call = this.#bridgedWith(agentId, callId);
    const a = this.#agent(agentId);
    if (a.holdSince !== undefined) throw new AcdError('bad-state', 'call is already on hold');
    a.holdSince = now;
    call.facts.holds.push({start: now});
    this.#emit({type: 'held', callId, agent: agentId, at: now});
    this.#emitSeat(a);
    this.#emitFacts(callId);
  }

  resume(agentId: string, callId: string, now: number): void {
    const call = this.#bridgedWith(agentId, callId);
    const a = this.#agent(agentId);
    if (a.holdSince === undefined) throw new AcdError('bad-state', 'call is not on hold');
    const heldMs = now - a.holdSince;
    a.holdSince = undefined;
    const open = call.facts.holds.at(-1);
    if (open && open.end === undefined) open.end = now;
    this.#emit({type: 'resumed', callId, agent: agentId, at: now, heldMs});
    this.#emitSeat(a);
    this.#emitFacts(callId);
  }

  /** Check a blind transfer is possible now (throws AcdError otherwise) without changing anything. */
  checkTransfer(agentId: string, callId: string, target: TransferTarget): void {
    this.#bridgedWith(agentId, callId);
    if (target.kind === 'agent') {
      const t = this.#agents.get(target.value);
      if (!t) throw new AcdError('unknown-agent', `no agent "${target.value}"`);
      if (t.config.id === agentId) throw new AcdError('bad-target', 'cannot transfer a call to yourself');
      if (!this.#eligible(t)) throw new AcdError('unavailable', `agent ${target.value} is not available (${t.state}${t.phone ? '' : ', phone not registered'})`);
    } else if (target.kind === 'queue') {
      if (!this.#queues.has(target.value)) throw new AcdError('unknown-queue', `no queue "${target.value}"`);
    }
  }

  /**
   * Blind transfer: the agent leaves the call (→ ACW). To an agent: offered to them directly; to a
   * queue: queued at its head; to a number: the call continues without an agent (`external`).
   */
  transfer(agentId: string, callId: string, target: TransferTarget, now: number): void {
    this.checkTransfer(agentId, callId, target);
    const call = this.#calls.get(callId)!;
    const a = this.#agent(agentId);
    this.#closeHold(call, a, now);
    call.facts.transfers.push({at: now, kind: target.kind, to: target.value, ok: true});
    this.#emit({type: 'transferred', callId, agent: agentId, target, ok: true});
    this.#emit({type: 'ended', callId, agent: agentId, at: now, by: 'agent', reason: 'transferred'});
    call.agent = undefined;
    this.#startAcw(a, callId, now);
    if (target.kind === 'agent') {
      this.#offer(call, this.#agent(target.value), now);
    } else if (target.kind === 'queue') {
      call.phase = 'queued';
      call.queue = target.value;
      this.#queues.get(target.value)!.calls.unshift(callId);
      this.#emit({type: 'queue'});
      this.dispatch(now);
    } else {
      call.phase = 'external';
    }
    this.#emitFacts(callId);
  }

  /** A transfer the switch could not complete (e.g. the number did not answer): recorded as failed. */
  transferFailed(callId: string, target: TransferTarget, agentId: string): void {
    const call = this.#calls.get(callId);
    if (!call) return;
    const last = call.facts.transfers.at(-1);
    if (last && last.to === target.value && last.kind === target.kind) last.ok = false;
    this.#emit({type: 'transferred', callId, agent: agentId, target, ok: false});
    this.#emitFacts(callId);
  }

  /** R-08 outbound callback: the agent's seat owns a new outbound call. */
  startOutbound(agentId: string, callId: string, number: string, now: number): void {
    const a = this.#agent(agentId);
    if (a.state === 'offered' || a.state === 'on-call' || a.state === 'offline') throw new AcdError('busy', `cannot call back while ${a.state}`);
    if (!a.phone) throw new AcdError('no-phone', 'your phone is not registered');
    if (a.state === 'acw') this.#endAcw(a, now);
    this.#rollDay(now);
    const facts: CallFacts = {callId, direction: 'outbound', caller: number, queue: 'callback', agent: agentId, team: a.config.team, arrivedAt: now, offeredAt: now, holds: [], transfers: [], ronaAgents: []};
    this.#calls.set(callId, {facts, phase: 'offered', queue: 'callback', agent: agentId, offeredAt: now, rings: 1, accepted: true, callerAnswered: false});
    a.callId = callId;
    this.#setState(a, 'offered', now);
    this.#emit({type: 'offer', callId, agent: agentId, caller: number, queue: 'callback', offeredAt: now, waitedMs: 0, direction: 'outbound'});
    this.#emitFacts(callId);
  }

  /**
   * The call ended. Before answer by the caller → abandoned with its wait; after answer → the
   * agent goes to after-call work. `by` is who hung up first.
   */
  end(callId: string, by: EndedBy, reason: EndReason, now: number): void {
    const call = this.#calls.get(callId);
    if (!call || call.phase === 'ended') return;
    const facts = call.facts;
    const agent = call.agent ? this.#agents.get(call.agent) : undefined;
    if (!call.callerAnswered && (call.phase === 'queued' || call.phase === 'offered')) {
      if (call.phase === 'queued') this.#unqueue(call);
      const abandoned = by === 'caller';
      if (abandoned && facts.direction === 'inbound') {
        this.#counters.abandoned++;
        facts.abandonWaitMs = now - facts.arrivedAt;
      }
      if (agent && call.phase === 'offered') {
        agent.callId = undefined;
        // The agent did nothing wrong: back to Ready keeping their place in the idle order.
        this.#setState(agent, 'ready', now, undefined, true);
      }
      call.phase = 'ended';
      facts.endedAt = now;
      facts.hungUpBy = by;
      facts.endReason = abandoned ? 'abandoned' : reason;
      this.#emit({type: 'ended', callId, ...(agent ? {agent: agent.config.id} : {}), at: now, by, reason: facts.endReason});
      this.#emitFacts(callId);
      this.#emit({type: 'queue'});
      this.#calls.delete(callId);
      this.dispatch(now);
      return;
    }
    // Bridged, or re-offered/queued/external after a transfer: the caller was answered.
    if (call.phase === 'queued') this.#unqueue(call);
    call.phase = 'ended';
    facts.endedAt = now;
    facts.hungUpBy = by;
    facts.endReason = reason;
    if (agent) {
      this.#closeHold(call, agent, now);
      if (agent.callId === callId) {
        if (agent.state === 'on-call') this.#startAcw(agent, callId, now);
        else {
          agent.callId = undefined;
          this.#setState(agent, 'ready', now, undefined, true);
        }
      }
    }
    this.#emit({type: 'ended', callId, ...(agent ? {agent: agent.config.id} : {}), at: now, by, reason});
    this.#emitFacts(callId);
    this.#emit({type: 'queue'});
    // Facts may still be completed by wrapEndedAt; keep the record until ACW ends.
    if (!agent || agent.acwCallId !== callId) this.#calls.delete(callId);
    this.dispatch(now);
  }

  // ── time ─────────────────────────────────────────────────────────────────
  /** Advance to `now`: ring ticks, RONA, ACW limits, seats gone for good. */
  tick(now: number): void {
    this.#rollDay(now);
    const policy = this.#options.policy;
    for (const call of [...this.#calls.values()]) {
      if (call.phase !== 'offered' || call.offeredAt === undefined || !call.agent) continue;
      const ring = ringState(call.offeredAt, now, policy);
      if (!call.accepted && ring.rona && call.facts.direction === 'inbound') {
        this.#rona(call, now);
        continue;
      }
      if (ring.rings > call.rings) {
        call.rings = ring.rings;
        this.#emit({type: 'ring', callId: call.facts.callId, agent: call.agent, rings: ring.rings});
      }
    }
    const grace = this.#options.seatGraceMs ?? 30_000;
    for (const a of this.#agents.values()) {
      if (a.state === 'acw' && a.acwUntil !== undefined && now >= a.acwUntil) {
        this.#endAcw(a, now);
        this.#setState(a, 'ready', now);
      }
      if (a.seats === 0 && a.seatLostAt !== undefined && now - a.seatLostAt >= grace && idleStates.has(a.state)) {
        if (a.state === 'acw') this.#endAcw(a, now);
        a.seatLostAt = undefined;
        this.#setState(a, 'offline', now);
      }
    }
    this.dispatch(now);
  }

  /** The next instant `tick` has something to do, or undefined. */
  nextDeadline(): number | undefined {
    let next = Infinity;
    const policy = this.#options.policy;
    const period = policy.ringPeriodSeconds * 1000;
    for (const call of this.#calls.values()) {
      if (call.phase !== 'offered' || call.offeredAt === undefined) continue;
      next = Math.min(next, call.offeredAt + call.rings * period);
      if (!call.accepted && call.facts.direction === 'inbound') next = Math.min(next, call.offeredAt + policy.noAnswerSeconds * 1000);
    }
    const grace = this.#options.seatGraceMs ?? 30_000;
    for (const a of this.#agents.values()) {
      if (a.state === 'acw' && a.acwUntil !== undefined) next = Math.min(next, a.acwUntil);
      if (a.seats === 0 && a.seatLostAt !== undefined && idleStates.has(a.state)) next = Math.min(next, a.seatLostAt + grace);
    }
    return Number.isFinite(next) ? next : undefined;
  }

  /** Match queued calls to Ready agents: highest priority queue, oldest call, longest-idle agent. */
  dispatch(now: number): void {
    for (;;) {
      const queues = [...this.#queues.values()]
        .filter(q => q.calls.length > 0)
        .sort((x, y) => y.config.priority - x.config.priority
          || this.#calls.get(x.calls[0]!)!.facts.arrivedAt - this.#calls.get(y.calls[0]!)!.facts.arrivedAt);
      let matched = false;
      for (const q of queues) {
        const agent = this.#longestIdle(q.config);
        if (!agent) continue;
        const callId = q.calls.shift()!;
        this.#offer(this.#calls.get(callId)!, agent, now);
        this.#emit({type: 'queue'});
        matched = true;
        break;
      }
      if (!matched) return;
    }
  }

  // ── internals ────────────────────────────────────────────────────────────
  #longestIdle(queue: AcdQueueConfig): Agent | undefined {
    let best: Agent | undefined;
    for (const a of this.#agents.values()) {
      if (!this.#eligible(a)) continue;
      if (queue.skill ? !a.config.skills.includes(queue.skill) : a.config.team !== queue.team) continue;
      if (!best || a.idleSince < best.idleSince) best = a;
    }
    return best;
  }

  #eligible(a: Agent): boolean {
    return a.state === 'ready' && a.phone && a.seats > 0;
  }

  #offer(call: Call, a: Agent, now: number): void {
    call.phase = 'offered';
    call.agent = a.config.id;
    call.offeredAt = now;
    call.rings = 1; // ring 1 at the offer
    call.accepted = false;
    if (call.facts.offeredAt === undefined) call.facts.offeredAt = now;
    if (call.facts.answeredAt === undefined) call.facts.agent = a.config.id;
    a.callId = call.facts.callId;
    this.#setState(a, 'offered', now);
    this.#emit({
      type: 'offer', callId: call.facts.callId, agent: a.config.id, caller: call.facts.caller, queue: call.queue,
      offeredAt: now, waitedMs: now - call.facts.arrivedAt, direction: call.facts.direction,
    });
    this.#emitFacts(call.facts.callId);
  }

  /** Take an offered call back from its agent and queue it again at the head. */
  #withdraw(call: Call, now: number): void {
    const agent = call.agent ? this.#agents.get(call.agent) : undefined;
    if (agent) agent.callId = undefined;
    call.agent = undefined;
    call.offeredAt = undefined;
    call.accepted = false;
    call.phase = 'queued';
    this.#queues.get(call.queue)?.calls.unshift(call.facts.callId);
    void now;
    this.#emit({type: 'queue'});
  }

  #rona(call: Call, now: number): void {
    const agentId = call.agent!;
    const a = this.#agent(agentId);
    call.facts.ronaAgents.push(agentId);
    this.#emit({type: 'rona', callId: call.facts.callId, agent: agentId});
    this.#emit({type: 'ended', callId: call.facts.callId, agent: agentId, at: now, by: 'system', reason: 'rona'});
    this.#withdraw(call, now);
    this.#setState(a, 'not-ready', now, 'rona');
    this.#emitFacts(call.facts.callId);
  }

  #startAcw(a: Agent, callId: string, now: number): void {
    a.callId = undefined;
    a.callSince = undefined;
    a.holdSince = undefined;
    a.acwUntil = now + this.#options.policy.afterCallWorkSeconds * 1000;
    a.acwCallId = callId;
    this.#setState(a, 'acw', now);
  }

  #endAcw(a: Agent, now: number): void {
    const callId = a.acwCallId;
    a.acwUntil = undefined;
    a.acwCallId = undefined;
    if (!callId) return;
    const call = this.#calls.get(callId);
    if (!call) return;
    call.facts.wrapEndedAt = now;
    this.#emitFacts(callId);
    if (call.phase === 'ended') this.#calls.delete(callId);
  }

  #closeHold(call: Call, a: Agent, now: number): void {
    if (a.holdSince === undefined) return;
    a.holdSince = undefined;
    const open = call.facts.holds.at(-1);
    if (open && open.end === undefined) open.end = now;
  }

  #unqueue(call: Call): void {
    const q = this.#queues.get(call.queue);
    if (!q) return;
    const i = q.calls.indexOf(call.facts.callId);
    if (i >= 0) q.calls.splice(i, 1);
  }

  #setState(a: Agent, state: AgentState, now: number, reason?: string, keepIdle = false): void {
    a.state = state;
    a.reason = reason;
    a.since = now;
    if (state === 'ready' && !keepIdle) a.idleSince = now;
    if (state !== 'on-call') a.callSince = undefined;
    this.#emitSeat(a);
  }

  #offeredTo(agentId: string, callId: string): Call {
    const call = this.#calls.get(callId);
    if (!call || call.phase === 'ended') throw new AcdError('unknown-call', `no call ${callId}`);
    if (call.phase !== 'offered' || call.agent !== agentId) throw new AcdError('not-offered', `call ${callId} is not offered to you`);
    return call;
  }

  #bridgedWith(agentId: string, callId: string): Call {
    const call = this.#calls.get(callId);
    if (!call || call.phase === 'ended') throw new AcdError('unknown-call', `no call ${callId}`);
    if (call.agent !== agentId) throw new AcdError('not-your-call', `call ${callId} is not yours`);
    if (call.phase !== 'bridged') throw new AcdError('bad-state', `call ${callId} is not connected (${call.phase})`);
    return call;
  }

  #agent(id: string): Agent {
    const a = this.#agents.get(id);
    if (!a) throw new AcdError('unknown-agent', `no agent "${id}"`);
    return a;
  }

  #rollDay(now: number): void {
    const day = this.#options.dayKey(now);
    if (day === this.#day) return;
    this.#day = day;
    this.#counters = {offered: 0, answered: 0, abandoned: 0};
    for (const a of this.#agents.values()) {
      a.callsToday = 0;
      a.lateToday = 0;
    }
  }

  #emitSeat(a: Agent): void {
    this.#emit({type: 'seat', seat: this.snapshot(a.config.id)});
  }

  #emitFacts(callId: string): void {
    const call = this.#calls.get(callId);
    if (call) this.#emit({type: 'facts', facts: structuredClone(call.facts)});
  }

  #emit(event: AcdEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
