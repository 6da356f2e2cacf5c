// The ACD's state — agents, queues, calls, today's counters — with the views of it and the moves
// every operation is made of (offer, withdraw, RONA, ACW, state changes, events). Acd (acd.ts)
// builds the operations the switch calls on top of this; nothing else extends it.
import {queuePolicy, type QueuePolicy} from '../../rules/queue-policy.ts';
import type {CallFacts} from '../../sync/schema.ts';
import type {AgentState, QueueStats, SeatSnapshot} from '../protocol.ts';
import {expectedWaitMinutes} from './standing.ts';
import {pickAgent, type StrategyMemory} from './strategy.ts';
import {AcdError, type AcdAgentConfig, type AcdEvent, type AcdOptions, type AcdQueueConfig, type Agent, type Call, type CallPhase} from './types.ts';

/**
 * A queue as the ACD keeps it: its waiting calls in order, its policy, its round-robin memory, and
 * what a lead changed for the shift (members added or taken out, penalties) over the config.
 */
export type FloorQueue = {
  readonly config: AcdQueueConfig; readonly policy: QueuePolicy; readonly calls: string[]; readonly memory: StrategyMemory;
  readonly shift: {readonly members: Map<string, boolean>; readonly penalties: Map<string, number>};
};

export class AcdFloor {
  protected readonly agents = new Map<string, Agent>();
  protected readonly queues = new Map<string, FloorQueue>();
  /** Agents with a timed return (RONA retry, paused after a failed leg): the only ones tick looks at for it. */
  protected readonly timedAgents = new Set<Agent>();
  /** Agent order of the config (linear and round-robin strategies). */
  protected readonly order = new Map<string, number>();
  protected readonly calls = new Map<string, Call>();
  protected readonly options: AcdOptions;
  protected readonly listeners: Array<(event: AcdEvent) => void> = [];
  protected day = '';
  protected counters = {offered: 0, answered: 0, abandoned: 0};

  constructor(options: AcdOptions, now: number) {
    this.options = options;
    for (const config of options.agents) {
      this.agents.set(config.id, {config, state: 'offline', since: now, idleSince: now, phone: false, seats: 0, callsToday: 0, lateToday: 0, talkMsToday: 0, missed: 0});
      this.order.set(config.id, this.order.size);
    }
    for (const config of options.queues) this.queues.set(config.id, {config, policy: config.policy ?? queuePolicy(undefined, config.id), calls: [], memory: {}, shift: {members: new Map(), penalties: new Map()}});
    this.day = options.dayKey(now);
  }

  on(listener: (event: AcdEvent) => void): void {
    this.listeners.push(listener);
  }

  // ── views ────────────────────────────────────────────────────────────────
  hasAgent(id: string): boolean {
    return this.agents.has(id);
  }

  snapshot(id: string): SeatSnapshot {
    const a = this.agentById(id);
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
    return [...this.agents.keys()].map(id => this.snapshot(id));
  }

  queueStats(now: number): QueueStats {
    this.rollDay(now);
    let waiting = 0;
    let longest = 0;
    const queues = [...this.queues.values()].map(({config, calls}) => {
      const head = calls.length > 0 ? this.calls.get(calls[0]!) : undefined;
      const wait = calls.reduce((max, id) => Math.max(max, now - (this.calls.get(id)?.facts.arrivedAt ?? now)), head ? now - head.facts.arrivedAt : 0);
      waiting += calls.length;
      longest = Math.max(longest, wait);
      return {id: config.id, name: config.name, waiting: calls.length, longestWaitMs: Math.max(0, wait)};
    });
    return {type: 'queue', at: now, waiting, longestWaitMs: Math.max(0, longest), queues, ...this.counters};
  }

  call(callId: string): Readonly<{phase: CallPhase; agent?: string; queue: string; accepted: boolean; callerAnswered: boolean; facts: CallFacts}> | undefined {
    return this.calls.get(callId);
  }

  /** agents other than `agentId` on an outbound callback now. */
  agentsOnOutbound(agentId: string): number {
    let n = 0;
    for (const [id, agent] of this.agents) {
      const call = id === agentId || !agent.callId ? undefined : this.calls.get(agent.callId);
      if (call && call.phase !== 'ended' && call.facts.direction === 'outbound') n++;
    }
    return n;
  }

  /** A queued call's standing (queue announcement): callers ahead, expected wait when it can be told. */
  standing(callId: string): {ahead: number; waitMinutes?: number} | undefined {
    const call = this.calls.get(callId);
    const q = call?.phase === 'queued' ? this.queues.get(call.queue) : undefined;
    const ahead = q ? q.calls.indexOf(callId) : -1;
    if (!q || ahead < 0) return undefined;
    let handled = 0;
    let handledMs = 0;
    let agentsIn = 0;
    for (const a of this.agents.values()) {
      if (!this.isMember(a, q.config)) continue;
      handled += a.callsToday;
      handledMs += a.talkMsToday;
      if (a.state !== 'offline') agentsIn++;
    }
    const waitMinutes = expectedWaitMinutes(ahead, handled, handledMs, agentsIn);
    return waitMinutes === undefined ? {ahead} : {ahead, waitMinutes};
  }

  /** The call an agent is offered or talking on, if any. */
  callOf(agentId: string): string | undefined {
    return this.agents.get(agentId)?.callId;
  }

  /** Calls not yet ended (queued, offered, bridged). */
  activeCalls(): number {
    let n = 0;
    for (const call of this.calls.values()) if (call.phase !== 'ended') n++;
    return n;
  }

  /** Match queued calls to Ready agents: highest priority queue, oldest call, longest-idle agent. */
  dispatch(now: number): void {
    for (;;) {
      const queues = [...this.queues.values()]
        .filter(q => q.calls.length > 0)
        .sort((x, y) => y.config.priority - x.config.priority
          || this.calls.get(x.calls[0]!)!.facts.arrivedAt - this.calls.get(y.calls[0]!)!.facts.arrivedAt);
      let matched = false;
      for (const q of queues) {
        const agent = this.pickFor(q, now);
        if (!agent) continue;
        q.memory.lastOrder = this.order.get(agent.config.id);
        const callId = q.calls.shift()!;
        this.offer(this.calls.get(callId)!, agent, now);
        this.emit({type: 'queue'});
        matched = true;
        break;
      }
      if (!matched) return;
    }
  }

  // ── internals ────────────────────────────────────────────────────────────
  /** The free member the queue's strategy picks, within the lowest penalty tier (queue-policy.ts). */
  protected pickFor(q: FloorQueue, now: number): Agent | undefined {
    const free = [];
    for (const a of this.agents.values()) {
      if (!this.eligible(a) || !this.isMember(a, q.config) || (a.retryAt !== undefined && now < a.retryAt)) continue;
      free.push({id: a.config.id, order: this.order.get(a.config.id) ?? 0, idleSince: a.idleSince, callsToday: a.callsToday, talkMsToday: a.talkMsToday, penalty: this.penaltyOf(q, a.config.id)});
    }
    const picked = pickAgent(q.policy.strategy, free, q.memory);
    return picked ? this.agents.get(picked.id) : undefined;
  }

  /** Whether the agent takes the queue's calls: a lead's change for the shift, else the config (skill or team). */
  protected isMember(a: Agent | {config: AcdAgentConfig}, queue: AcdQueueConfig): boolean {
    const shift = this.queues.get(queue.id)?.shift.members.get(a.config.id);
    if (shift !== undefined) return shift;
    return queue.skill ? a.config.skills.includes(queue.skill) : a.config.team === queue.team;
  }

  /** The member's penalty in the queue: a lead's change for the shift, else the queue's policy. */
  protected penaltyOf(q: FloorQueue, agentId: string): number {
    return q.shift.penalties.get(agentId) ?? q.policy.penalties[agentId] ?? 0;
  }

  protected eligible(a: Agent): boolean {
    return a.state === 'ready' && a.phone && a.seats > 0;
  }

  protected offer(call: Call, a: Agent, now: number): void {
    call.phase = 'offered';
    call.agent = a.config.id;
    call.offeredAt = now;
    call.rings = 1; // ring 1 at the offer
    call.accepted = false;
    if (call.facts.offeredAt === undefined) call.facts.offeredAt = now;
    if (call.facts.answeredAt === undefined) call.facts.agent = a.config.id;
    a.callId = call.facts.callId;
    this.changeState(a, 'offered', now);
    this.emit({
      type: 'offer', callId: call.facts.callId, agent: a.config.id, caller: call.facts.caller, queue: call.queue,
      offeredAt: now, waitedMs: now - call.facts.arrivedAt, direction: call.facts.direction,
    });
    this.emitFacts(call.facts.callId);
  }

  /** Take an offered call back from its agent and queue it again at the head. */
  protected withdraw(call: Call, now: number): void {
    const agent = call.agent ? this.agents.get(call.agent) : undefined;
    if (agent) agent.callId = undefined;
    call.agent = undefined;
    call.offeredAt = undefined;
    call.accepted = false;
    call.phase = 'queued';
    this.queues.get(call.queue)?.calls.unshift(call.facts.callId);
    void now;
    this.emit({type: 'queue'});
  }

  protected ronaCall(call: Call, now: number): void {
    const agentId = call.agent!;
    const a = this.agentById(agentId);
    const p = this.queues.get(call.queue)?.policy;
    call.facts.ronaAgents.push(agentId);
    this.emit({type: 'rona', callId: call.facts.callId, agent: agentId});
    this.emit({type: 'ended', callId: call.facts.callId, agent: agentId, at: now, by: 'system', reason: 'rona'});
    this.withdraw(call, now);
    // RONA after N missed offers in a row; before that the agent stays Ready, offered again after the retry delay.
    a.missed++;
    if (a.missed >= (p?.ronaAfterMisses ?? 1)) {
      a.missed = 0;
      this.changeState(a, 'not-ready', now, 'rona');
    } else {
      if (p && p.ronaRetrySeconds > 0) {
        a.retryAt = now + p.ronaRetrySeconds * 1000;
        this.timedAgents.add(a);
      }
      this.changeState(a, 'ready', now, undefined, true);
    }
    this.emitFacts(call.facts.callId);
  }

  protected startAcw(a: Agent, callId: string, now: number): void {
    if (a.callSince !== undefined) a.talkMsToday += Math.max(0, now - a.callSince);
    a.callId = undefined;
    a.callSince = undefined;
    a.holdSince = undefined;
    const call = this.calls.get(callId);
    const wrapUp = (call ? this.queues.get(call.queue)?.policy.wrapUpSeconds : undefined) ?? this.options.policy.afterCallWorkSeconds;
    a.acwUntil = now + wrapUp * 1000;
    a.acwCallId = callId;
    this.changeState(a, 'acw', now);
  }

  protected endAcw(a: Agent, now: number): void {
    const callId = a.acwCallId;
    a.acwUntil = undefined;
    a.acwCallId = undefined;
    if (!callId) return;
    const call = this.calls.get(callId);
    if (!call) return;
    call.facts.wrapEndedAt = now;
    this.emitFacts(callId);
    if (call.phase === 'ended') this.calls.delete(callId);
  }

  protected closeHold(call: Call, a: Agent, now: number): void {
    if (a.holdSince === undefined) return;
    a.holdSince = undefined;
    const open = call.facts.holds.at(-1);
    if (open && open.end === undefined) open.end = now;
  }

  protected unqueue(call: Call): void {
    const q = this.queues.get(call.queue);
    if (!q) return;
    const i = q.calls.indexOf(call.facts.callId);
    if (i >= 0) q.calls.splice(i, 1);
  }

  protected changeState(a: Agent, state: AgentState, now: number, reason?: string, keepIdle = false): void {
    a.state = state;
    a.reason = reason;
    a.since = now;
    a.pausedUntil = undefined;
    if (state === 'ready' && !keepIdle) a.idleSince = now;
    if (state !== 'on-call') a.callSince = undefined;
    this.emitSeat(a);
  }

  protected offeredTo(agentId: string, callId: string): Call {
    const call = this.calls.get(callId);
    if (!call || call.phase === 'ended') throw new AcdError('unknown-call', `no call ${callId}`);
    if (call.phase !== 'offered' || call.agent !== agentId) throw new AcdError('not-offered', `call ${callId} is not offered to you`);
    return call;
  }

  protected bridgedWith(agentId: string, callId: string): Call {
    const call = this.calls.get(callId);
    if (!call || call.phase === 'ended') throw new AcdError('unknown-call', `no call ${callId}`);
    if (call.agent !== agentId) throw new AcdError('not-your-call', `call ${callId} is not yours`);
    if (call.phase !== 'bridged') throw new AcdError('bad-state', `call ${callId} is not connected (${call.phase})`);
    return call;
  }

  protected agentById(id: string): Agent {
    const a = this.agents.get(id);
    if (!a) throw new AcdError('unknown-agent', `no agent "${id}"`);
    return a;
  }

  protected rollDay(now: number): void {
    const day = this.options.dayKey(now);
    if (day === this.day) return;
    this.day = day;
    this.counters = {offered: 0, answered: 0, abandoned: 0};
    // A lead's queue changes last the shift; the next day starts from the config again.
    for (const q of this.queues.values()) {
      q.shift.members.clear();
      q.shift.penalties.clear();
    }
    for (const a of this.agents.values()) {
      a.callsToday = 0;
      a.lateToday = 0;
      a.talkMsToday = 0;
    }
  }

  protected emitSeat(a: Agent): void {
    this.emit({type: 'seat', seat: this.snapshot(a.config.id)});
  }

  protected emitFacts(callId: string): void {
    const call = this.calls.get(callId);
    if (call) this.emit({type: 'facts', facts: structuredClone(call.facts)});
  }

  protected emit(event: AcdEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /**
   * After a restart: today's counters rebuilt from the day's call facts (the switch's own
   * records in the hub), so the floor's and each seat's figures do not start again at 0.
   */
  restoreDay(facts: readonly CallFacts[], now: number): void {
    this.rollDay(now);
    for (const f of facts) {
      if (this.calls.has(f.callId) || this.options.dayKey(f.arrivedAt) !== this.day) continue;
      const inbound = f.direction === 'inbound';
      if (inbound) {
        this.counters.offered++;
        if (f.answeredAt !== undefined) this.counters.answered++;
        if (f.endReason === 'abandoned') this.counters.abandoned++;
      }
      const a = f.agent === undefined ? undefined : this.agents.get(f.agent);
      if (!a || f.answeredAt === undefined) continue;
      a.callsToday++;
      if (inbound && f.lateAnswer) a.lateToday++;
      if (f.endedAt !== undefined) a.talkMsToday += Math.max(0, f.endedAt - f.answeredAt);
    }
  }
}
