// The ACD core: agents and their states, queues, offers, ring ticks, RONA, abandon, after-call
// work, today's counters and each call's facts. Pure logic: no I/O, no clock — every method takes
// `now` (epoch ms) and the switch drives `tick(now)` at `nextDeadline()`. The SIP side (../switch.ts)
// turns the events into SIP and control-channel messages.
import {callerPriorityOf} from '../../rules/queue-policy.ts';
import {ringState} from '../../rules/ring.ts';
import type {CallFacts} from '../../sync/schema.ts';
import type {SelectableState, TransferTarget} from '../protocol.ts';
import {AcdQueues} from './queues.ts';
import {AcdError, idleStates, type Call, type EndReason, type EndedBy} from './types.ts';

export {AcdError};
export type {AcdAgentConfig, AcdEvent, AcdOptions, AcdQueueConfig, CallPhase, EndReason, EndedBy} from './types.ts';

export class Acd extends AcdQueues {
  // ── agents ───────────────────────────────────────────────────────────────
  /**
   * A control connection of this agent opened or closed. `resume`: the state the seat had before
   * it lost the switch, taken only by an agent no seat has connected for since the switch started
   * (a center restart); a sign-in after sign-out or the grace starts Not Ready as ever.
   */
  seatConnected(id: string, connected: boolean, now: number, resume?: {readonly state: SelectableState; readonly reason?: string}): void {
    const a = this.agentById(id);
    if (connected) {
      a.seats++;
      a.seatLostAt = undefined;
      const fresh = !a.seen;
      a.seen = true;
      if (a.state === 'offline' && resume && fresh) this.changeState(a, resume.state, now, resume.state === 'ready' ? undefined : resume.reason);
      else if (a.state === 'offline') this.changeState(a, 'not-ready', now, 'login');
      else this.emitSeat(a);
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
    const a = this.agentById(id);
    if (a.state === 'offered' || a.state === 'on-call') throw new AcdError('busy', `cannot sign out while ${a.state}: finish the call first`);
    if (a.state === 'offline') return;
    if (a.state === 'acw') this.endAcw(a, now);
    a.seatLostAt = undefined;
    this.changeState(a, 'offline', now, 'sign-out');
    this.applyQueueRules(now); // the last member leaving may empty a queue (leavewhenempty)
  }

  /**
   * A lead signs a stuck agent out: a call ringing unanswered at their phone goes back to the
   * head of its queue first (the switch cancels the ringing leg); a live call is never cut.
   */
  signOutByLead(id: string, now: number): void {
    const a = this.agentById(id);
    const call = a.callId === undefined ? undefined : this.calls.get(a.callId);
    if (a.state === 'on-call' || (call && (call.phase !== 'offered' || call.accepted || call.facts.direction === 'outbound'))) {
      throw new AcdError('busy', `${id} is on a call: it ends first`);
    }
    if (a.state === 'offline') throw new AcdError('offline', `${id} is already signed out`);
    if (call) {
      this.emit({type: 'withdrawn', callId: call.facts.callId, agent: id});
      this.emit({type: 'ended', callId: call.facts.callId, agent: id, at: now, by: 'system', reason: 'signed-out'});
      this.withdraw(call, now);
    }
    if (a.state === 'acw') this.endAcw(a, now);
    a.seatLostAt = undefined;
    this.changeState(a, 'offline', now, 'signed-out-by-lead');
    this.applyQueueRules(now);
    this.dispatch(now);
  }

  phoneRegistered(id: string, registered: boolean, now: number): void {
    const a = this.agentById(id);
    if (a.phone === registered) return;
    a.phone = registered;
    this.emitSeat(a);
    if (registered) this.dispatch(now);
  }

  setState(id: string, state: SelectableState, reason: string | undefined, now: number): void {
    const a = this.agentById(id);
    if (a.state === 'offered' || a.state === 'on-call') throw new AcdError('busy', `cannot change state while ${a.state}: finish the call first`);
    if (a.state === 'offline') throw new AcdError('offline', 'seat is offline');
    if (a.state === 'acw') this.endAcw(a, now);
    this.changeState(a, state, now, state === 'ready' ? undefined : reason);
    this.dispatch(now);
  }

  /** End after-call work early → Ready. */
  wrapupDone(id: string, now: number): void {
    const a = this.agentById(id);
    if (a.state !== 'acw') throw new AcdError('bad-state', `not in after-call work (state is ${a.state})`);
    this.endAcw(a, now);
    this.changeState(a, 'ready', now);
    this.dispatch(now);
  }

  // ── calls ────────────────────────────────────────────────────────────────
  /** A caller reached a queue. */
  arrive(callId: string, queueId: string, caller: string, now: number): void {
    const queue = this.queues.get(queueId);
    if (!queue) throw new AcdError('unknown-queue', `no queue "${queueId}"`);
    if (this.calls.has(callId)) throw new AcdError('duplicate-call', `call ${callId} already known`);
    this.rollDay(now);
    const priority = callerPriorityOf(caller, queue.policy);
    const facts: CallFacts = {callId, direction: 'inbound', caller, queue: queueId, team: queue.config.team, arrivedAt: now, holds: [], transfers: [], ronaAgents: [], ...(priority > 0 ? {priority} : {})};
    const call: Call = {facts, phase: 'queued', queue: queueId, rings: 0, accepted: false, callerAnswered: false, answeredByCenter: false, priority};
    this.calls.set(callId, call);
    this.counters.offered++;
    // Service hours, length, agents signed in (queues.ts): queued, moved on, or let go.
    this.admit(call, queue, now);
    if (this.calls.has(callId)) this.emitFacts(callId);
    this.dispatch(now);
  }

  /** The agent accepted the offer on the seat (auto-answer: the switch now INVITEs the phone). */
  accept(agentId: string, callId: string, _now: number): Call {
    const call = this.offeredTo(agentId, callId);
    if (call.accepted) throw new AcdError('bad-state', `call ${callId} is already being answered`);
    call.accepted = true;
    return call;
  }

  /** The agent leg is being answered without a seat accept (handset mode: the phone sent 200). */
  markAccepted(callId: string): void {
    const call = this.calls.get(callId);
    if (call) call.accepted = true;
  }

  /** The agent's phone answered: the call is bridged. */
  answered(callId: string, now: number): void {
    const call = this.calls.get(callId);
    if (!call || call.phase !== 'offered' || !call.agent) return;
    const a = this.agentById(call.agent);
    const ring = ringState(call.offeredAt ?? now, now, this.options.policy);
    call.phase = 'bridged';
    call.callerAnswered = true;
    call.rings = ring.rings;
    const first = call.facts.answeredAt === undefined;
    if (first) {
      call.facts.answeredAt = now;
      call.facts.rings = ring.rings;
      call.facts.lateAnswer = ring.late;
      call.facts.agent = a.config.id; // the first agent to take it owns it
      if (call.facts.direction === 'inbound') this.counters.answered++;
    }
    a.callsToday++;
    a.missed = 0;
    if (ring.late && call.facts.direction === 'inbound') a.lateToday++;
    a.callSince = now;
    this.changeState(a, 'on-call', now);
    this.emit({type: 'answered', callId, agent: a.config.id, answeredAt: now, rings: ring.rings, late: ring.late});
    this.emitFacts(callId);
    this.emit({type: 'queue'});
  }

  /** The agent leg failed (phone busy/unreachable/declined) before answer: requeue, agent Not Ready. */
  agentLegFailed(callId: string, now: number, reason = 'phone-failed'): void {
    const call = this.calls.get(callId);
    if (!call || call.phase !== 'offered' || !call.agent) return;
    if (call.facts.direction === 'outbound') {
      // A callback has no queue to go back to.
      this.end(callId, 'system', 'failed', now);
      const a = this.agentById(call.agent);
      if (a.state === 'ready') this.changeState(a, 'not-ready', now, reason);
      return;
    }
    const agent = this.agentById(call.agent);
    // The seat hears that the offer is gone; the caller waits on, first in line.
    this.emit({type: 'ended', callId, agent: agent.config.id, at: now, by: 'system', reason: 'failed'});
    this.withdraw(call, now);
    this.changeState(agent, 'not-ready', now, reason);
    // A configured pause instead of Not Ready for good (mod_callcenter reject/busy delay).
    const pause = this.queues.get(call.queue)?.policy.failedLegPauseSeconds ?? 0;
    if (pause > 0) {
      agent.pausedUntil = now + pause * 1000;
      this.timedAgents.add(agent);
    }
    this.dispatch(now);
  }

  hold(agentId: string, callId: string, now: number): void {
    const call = this.bridgedWith(agentId, callId);
    const a = this.agentById(agentId);
    if (a.holdSince !== undefined) throw new AcdError('bad-state', 'call is already on hold');
    a.holdSince = now;
    call.facts.holds.push({start: now});
    this.emit({type: 'held', callId, agent: agentId, at: now});
    this.emitSeat(a);
    this.emitFacts(callId);
  }

  resume(agentId: string, callId: string, now: number): void {
    const call = this.bridgedWith(agentId, callId);
    const a = this.agentById(agentId);
    if (a.holdSince === undefined) throw new AcdError('bad-state', 'call is not on hold');
    const heldMs = now - a.holdSince;
    a.holdSince = undefined;
    const open = call.facts.holds.at(-1);
    if (open && open.end === undefined) open.end = now;
    this.emit({type: 'resumed', callId, agent: agentId, at: now, heldMs});
    this.emitSeat(a);
    this.emitFacts(callId);
  }

  /** Check a blind transfer is possible now (throws AcdError otherwise) without changing anything. */
  checkTransfer(agentId: string, callId: string, target: TransferTarget): void {
    this.bridgedWith(agentId, callId);
    if (target.kind === 'agent') {
      const t = this.agents.get(target.value);
      if (!t) throw new AcdError('unknown-agent', `no agent "${target.value}"`);
      if (t.config.id === agentId) throw new AcdError('bad-target', 'cannot transfer a call to yourself');
      if (!this.eligible(t)) throw new AcdError('unavailable', `agent ${target.value} is not available (${t.state}${t.phone ? '' : ', phone not registered'})`);
    } else if (target.kind === 'queue') {
      if (!this.queues.has(target.value)) throw new AcdError('unknown-queue', `no queue "${target.value}"`);
    }
  }

  /**
   * Blind transfer: the agent leaves the call (→ ACW). To an agent: offered to them directly; to a
   * queue: queued at its head; to a number: the call continues without an agent (`external`).
   */
  transfer(agentId: string, callId: string, target: TransferTarget, now: number): void {
    this.checkTransfer(agentId, callId, target);
    const call = this.calls.get(callId)!;
    const a = this.agentById(agentId);
    this.closeHold(call, a, now);
    call.facts.transfers.push({at: now, kind: target.kind, to: target.value, ok: true});
    this.emit({type: 'transferred', callId, agent: agentId, target, ok: true});
    this.emit({type: 'ended', callId, agent: agentId, at: now, by: 'agent', reason: 'transferred'});
    call.agent = undefined;
    this.startAcw(a, callId, now);
    if (target.kind === 'agent') {
      this.offer(call, this.agentById(target.value), now);
    } else if (target.kind === 'queue') {
      call.phase = 'queued';
      call.queue = target.value;
      call.waitFrom = now; // a transferred caller's wait starts again, not from the first arrival
      this.queues.get(target.value)!.calls.unshift(callId);
      this.emit({type: 'queue'});
      this.dispatch(now);
    } else {
      call.phase = 'external';
    }
    this.emitFacts(callId);
  }

  /** A transfer the switch could not complete (e.g. the number did not answer): recorded as failed. */
  transferFailed(callId: string, target: TransferTarget, agentId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    const last = call.facts.transfers.at(-1);
    if (last && last.to === target.value && last.kind === target.kind) last.ok = false;
    this.emit({type: 'transferred', callId, agent: agentId, target, ok: false});
    this.emitFacts(callId);
  }

  /** R-08 outbound callback: the agent's seat owns a new outbound call. */
  startOutbound(agentId: string, callId: string, number: string, now: number): void {
    const a = this.agentById(agentId);
    if (a.state === 'offered' || a.state === 'on-call' || a.state === 'offline') throw new AcdError('busy', `cannot call back while ${a.state}`);
    if (!a.phone) throw new AcdError('no-phone', 'your phone is not registered');
    if (a.state === 'acw') this.endAcw(a, now);
    this.rollDay(now);
    const facts: CallFacts = {callId, direction: 'outbound', caller: number, queue: 'callback', agent: agentId, team: a.config.team, arrivedAt: now, offeredAt: now, holds: [], transfers: [], ronaAgents: []};
    this.calls.set(callId, {facts, phase: 'offered', queue: 'callback', agent: agentId, offeredAt: now, rings: 1, accepted: true, callerAnswered: false, answeredByCenter: false, priority: 0});
    a.callId = callId;
    this.changeState(a, 'offered', now);
    this.emit({type: 'offer', callId, agent: agentId, caller: number, queue: 'callback', offeredAt: now, waitedMs: 0, direction: 'outbound'});
    this.emitFacts(callId);
  }

  /**
   * The call ended. Before answer by the caller → abandoned with its wait; after answer → the
   * agent goes to after-call work. `by` is who hung up first.
   */
  end(callId: string, by: EndedBy, reason: EndReason, now: number): void {
    const call = this.calls.get(callId);
    if (!call || call.phase === 'ended') return;
    const facts = call.facts;
    const agent = call.agent ? this.agents.get(call.agent) : undefined;
    if (!call.callerAnswered && (call.phase === 'queued' || call.phase === 'offered')) {
      if (call.phase === 'queued') this.unqueue(call);
      const abandoned = by === 'caller';
      if (abandoned && facts.direction === 'inbound') {
        this.counters.abandoned++;
        facts.abandonWaitMs = now - facts.arrivedAt;
      }
      if (agent && call.phase === 'offered') {
        agent.callId = undefined;
        // The agent did nothing wrong: back to Ready keeping their place in the idle order.
        this.changeState(agent, 'ready', now, undefined, true);
      }
      call.phase = 'ended';
      facts.endedAt = now;
      facts.hungUpBy = by;
      facts.endReason = abandoned ? 'abandoned' : reason;
      this.emit({type: 'ended', callId, ...(agent ? {agent: agent.config.id} : {}), at: now, by, reason: facts.endReason});
      this.emitFacts(callId);
      this.emit({type: 'queue'});
      this.calls.delete(callId);
      this.dispatch(now);
      return;
    }
    // Bridged, or re-offered/queued/external after a transfer: the caller was answered.
    if (call.phase === 'queued') this.unqueue(call);
    call.phase = 'ended';
    facts.endedAt = now;
    facts.hungUpBy = by;
    facts.endReason = reason;
    if (agent) {
      this.closeHold(call, agent, now);
      if (agent.callId === callId) {
        if (agent.state === 'on-call') this.startAcw(agent, callId, now);
        else {
          agent.callId = undefined;
          this.changeState(agent, 'ready', now, undefined, true);
        }
      }
    }
    this.emit({type: 'ended', callId, ...(agent ? {agent: agent.config.id} : {}), at: now, by, reason});
    this.emitFacts(callId);
    this.emit({type: 'queue'});
    // Facts may still be completed by wrapEndedAt; keep the record until ACW ends.
    if (!agent || agent.acwCallId !== callId) this.calls.delete(callId);
    this.dispatch(now);
  }

  // ── time ─────────────────────────────────────────────────────────────────
  /** Advance to `now`: ring ticks, RONA, ACW limits, seats gone for good. */
  tick(now: number): void {
    this.rollDay(now);
    const policy = this.options.policy;
    for (const call of [...this.calls.values()]) {
      if (call.phase !== 'offered' || call.offeredAt === undefined || !call.agent) continue;
      const ring = ringState(call.offeredAt, now, policy);
      if (!call.accepted && ring.rona && call.facts.direction === 'inbound') {
        this.ronaCall(call, now);
        continue;
      }
      if (ring.rings > call.rings) {
        call.rings = ring.rings;
        this.emit({type: 'ring', callId: call.facts.callId, agent: call.agent, rings: ring.rings});
      }
    }
    const grace = this.options.seatGraceMs ?? 30_000;
    for (const a of this.agents.values()) {
      if (a.state === 'acw' && a.acwUntil !== undefined && now >= a.acwUntil) {
        this.endAcw(a, now);
        this.changeState(a, 'ready', now);
      }
      if (a.seats === 0 && a.seatLostAt !== undefined && now - a.seatLostAt >= grace && idleStates.has(a.state)) {
        if (a.state === 'acw') this.endAcw(a, now);
        a.seatLostAt = undefined;
        this.changeState(a, 'offline', now);
      }
    }
    this.resumeAgents(now);
    this.applyQueueRules(now);
    this.dispatch(now);
  }

  /** The next instant `tick` has something to do, or undefined. */
  nextDeadline(): number | undefined {
    let next = Infinity;
    const policy = this.options.policy;
    const period = policy.ringPeriodSeconds * 1000;
    for (const call of this.calls.values()) {
      if (call.phase !== 'offered' || call.offeredAt === undefined) continue;
      next = Math.min(next, call.offeredAt + call.rings * period);
      if (!call.accepted && call.facts.direction === 'inbound') next = Math.min(next, call.offeredAt + policy.noAnswerSeconds * 1000);
    }
    const grace = this.options.seatGraceMs ?? 30_000;
    for (const a of this.agents.values()) {
      if (a.state === 'acw' && a.acwUntil !== undefined) next = Math.min(next, a.acwUntil);
      if (a.seats === 0 && a.seatLostAt !== undefined && idleStates.has(a.state)) next = Math.min(next, a.seatLostAt + grace);
    }
    next = Math.min(next, this.nextQueueDeadline());
    return Number.isFinite(next) ? next : undefined;
  }

}
