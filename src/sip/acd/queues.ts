// The queues' own rules on top of the floor (floor.ts): who may join (service hours R-19, length,
// agents signed in), how long a caller may wait, and what happens when a rule lets a caller go —
// overflow to another queue with the wait carried over, an R-08 callback task, the closing
// announcement, or a final response — each a fact of the call. Also the agents' timed returns
// (RONA retry, paused after a failed leg). Acd (acd.ts) builds the operations on top of this.
import {callbackDue, isOpen} from '../../rules/calendar.ts';
import {RINGBACK_MAX_WAIT_SECONDS, type QueueOutcome} from '../../rules/queue-policy.ts';
import type {QueueOutcomeFact} from '../../sync/schema.ts';
import {AcdFloor, type FloorQueue} from './floor.ts';
import {AcdError, type Call, type QueueExitReason} from './types.ts';

/**
 * Overflows one caller may take in all; past them the caller is refused (480). Validation refuses
 * max-wait loops, but a loop through other rules (closed, no agents) must still end.
 */
const MAX_HOPS = 8;

export class AcdQueues extends AcdFloor {
  // ── a lead's queue controls, for the shift (the switch checks who may) ──
  /** Add the agent to the queue, or take them out of it, until the day ends. */
  setMember(agentId: string, queueId: string, member: boolean, now: number): void {
    const a = this.agentById(agentId);
    const q = this.queueById(queueId);
    if (this.isMember(a, q.config) === member) throw new AcdError('bad-state', `${agentId} ${member ? 'already takes' : 'does not take'} ${queueId}'s calls`);
    q.shift.members.set(agentId, member);
    this.applyQueueRules(now); // the last member taken out may empty the queue (leavewhenempty)
    this.dispatch(now);
  }

  /** Move the agent from one queue to another: out of `from`, into `to`. */
  moveMember(agentId: string, from: string, to: string, now: number): void {
    const a = this.agentById(agentId);
    const source = this.queueById(from);
    const target = this.queueById(to);
    if (from === to) throw new AcdError('bad-target', `${agentId} is already in ${to}: name another queue`);
    if (!this.isMember(a, source.config)) throw new AcdError('bad-state', `${agentId} is not a member of ${from}`);
    source.shift.members.set(agentId, false);
    target.shift.members.set(agentId, true);
    this.applyQueueRules(now);
    this.dispatch(now);
  }

  /** The member's penalty (tier) in the queue until the day ends: 0 is offered first. */
  setPenalty(agentId: string, queueId: string, penalty: number, now: number): void {
    const a = this.agentById(agentId);
    const q = this.queueById(queueId);
    if (!this.isMember(a, q.config)) throw new AcdError('bad-state', `${agentId} is not a member of ${queueId}: add them first`);
    q.shift.penalties.set(agentId, penalty);
    this.dispatch(now);
  }

  /** The queues the agent takes calls from now, with their penalty there. */
  memberships(agentId: string): Array<{queue: string; penalty: number}> {
    const a = this.agentById(agentId);
    return [...this.queues.values()].filter(q => this.isMember(a, q.config)).map(q => ({queue: q.config.id, penalty: this.penaltyOf(q, agentId)}));
  }

  protected queueById(id: string): FloorQueue {
    const q = this.queues.get(id);
    if (!q) throw new AcdError('unknown-queue', `no queue "${id}"`);
    return q;
  }

  /** The center answered this queued caller itself (welcome and music): the wait may pass timer C. */
  queueAnswered(callId: string): void {
    const call = this.calls.get(callId);
    if (call) call.answeredByCenter = true;
  }

  /** A caller joins `q` (arrival or overflow): admitted at its place by priority and wait, or let go by a rule. */
  protected admit(call: Call, q: FloorQueue, now: number): void {
    const rule = this.#joinRule(q, now);
    if (rule && rule.outcome.action !== 'wait') {
      this.queueExit(call, q, rule.reason, rule.outcome, now);
      return;
    }
    call.phase = 'queued';
    call.queue = q.config.id;
    call.facts.queue = q.config.id;
    // Wait carried over: a caller is placed by priority, then by when they first arrived.
    const at = q.calls.findIndex(id => {
      const other = this.calls.get(id);
      return other !== undefined && (other.priority < call.priority || (other.priority === call.priority && other.facts.arrivedAt > call.facts.arrivedAt));
    });
    if (at < 0) q.calls.push(call.facts.callId);
    else q.calls.splice(at, 0, call.facts.callId);
    this.emit({type: 'queue'});
  }

  #joinRule(q: FloorQueue, now: number): {reason: QueueExitReason; outcome: QueueOutcome} | undefined {
    const p = q.policy;
    // outside the queue's service hours.
    if (p.calendar !== undefined && !isOpen(now, p.calendar, this.options.policy)) return {reason: 'closed', outcome: p.onClosed};
    if (p.onNoAgents.action !== 'wait' && !this.anySignedIn(q)) return {reason: 'no-agents', outcome: p.onNoAgents};
    if (p.maxLength > 0 && q.calls.length >= p.maxLength) return {reason: 'full', outcome: p.onFull};
    return undefined;
  }

  /** Whether any member of the queue is signed in (not offline), whatever their state. */
  protected anySignedIn(q: FloorQueue): boolean {
    for (const a of this.agents.values()) if (a.state !== 'offline' && this.isMember(a, q.config)) return true;
    return false;
  }

  /** When a queued call's wait ends: the queue's max wait, and before timer C for a caller still on ringback. */
  protected waitDeadline(call: Call): number {
    const p = this.queues.get(call.queue)?.policy;
    const answered = call.answeredByCenter || call.callerAnswered;
    const seconds = Math.min(p?.maxWaitSeconds ?? RINGBACK_MAX_WAIT_SECONDS, answered ? Infinity : RINGBACK_MAX_WAIT_SECONDS);
    return (call.waitFrom ?? call.facts.arrivedAt) + seconds * 1000;
  }

  /** Apply the queues' timed rules: max wait reached, the last member signed out (leavewhenempty). */
  protected applyQueueRules(now: number): void {
    for (const q of this.queues.values()) {
      if (q.calls.length === 0) continue;
      const empty = q.policy.onNoAgents.action !== 'wait' && !this.anySignedIn(q);
      for (const callId of [...q.calls]) {
        const call = this.calls.get(callId);
        if (!call || call.phase !== 'queued') continue;
        if (empty) this.queueExit(call, q, 'no-agents', q.policy.onNoAgents, now);
        else if (now >= this.waitDeadline(call)) this.queueExit(call, q, 'max-wait', q.policy.onMaxWait, now);
      }
    }
  }

  /** The earliest max-wait deadline of a queued call, or Infinity. */
  protected nextQueueDeadline(): number {
    let next = Infinity;
    for (const q of this.queues.values()) for (const id of q.calls) {
      const call = this.calls.get(id);
      if (call) next = Math.min(next, this.waitDeadline(call));
    }
    for (const a of this.timedAgents) {
      if (a.pausedUntil !== undefined) next = Math.min(next, a.pausedUntil);
      if (a.retryAt !== undefined) next = Math.min(next, a.retryAt);
    }
    return next;
  }

  /** Agents whose pause after a failed leg is over are Ready again; RONA retry delays expire. */
  protected resumeAgents(now: number): void {
    for (const a of [...this.timedAgents]) {
      if (a.retryAt !== undefined && now >= a.retryAt) a.retryAt = undefined;
      if (a.pausedUntil !== undefined && now >= a.pausedUntil) {
        a.pausedUntil = undefined;
        if (a.state === 'not-ready') this.changeState(a, 'ready', now, undefined, true);
      }
      if (a.retryAt === undefined && a.pausedUntil === undefined) this.timedAgents.delete(a);
    }
  }

  /** A rule of queue `q` lets the caller go (or moves it on): the outcome becomes a fact of the call. */
  protected queueExit(call: Call, q: FloorQueue, reason: QueueExitReason, outcome: QueueOutcome, now: number): void {
    if (call.phase === 'queued') this.unqueue(call);
    const fact: QueueOutcomeFact = {at: now, queue: q.config.id, reason, action: outcome.action === 'wait' ? 'reject' : outcome.action};
    const outcomes = call.facts.queueOutcomes ?? (call.facts.queueOutcomes = []);
    if (outcome.action === 'overflow' && outcomes.filter(o => o.action === 'overflow').length < MAX_HOPS) {
      const target = this.queues.get(outcome.queue);
      if (target) {
        outcomes.push({...fact, to: outcome.queue});
        this.emitFacts(call.facts.callId);
        this.admit(call, target, now);
        if (call.phase === 'queued') this.emitFacts(call.facts.callId);
        return;
      }
    }
    const exit: Exclude<QueueOutcome, {action: 'wait' | 'overflow'}> = outcome.action === 'wait' || outcome.action === 'overflow' ? {action: 'reject', status: 480} : outcome;
    if (exit.action === 'callback') {
      // the caller's number becomes the team's callback task, due as the promise says.
      const due = callbackDue(exit.promise === 'working_days' ? {kind: 'working_days'} : {kind: 'next_business_day', calendar: 'service'}, now, this.options.policy);
      fact.callback = {promise: exit.promise, notBefore: due.notBeforeMs, due: due.dueMs ?? due.notBeforeMs};
    }
    outcomes.push({...fact, action: exit.action, ...(call.answeredByCenter ? {} : {status: exit.status})});
    call.phase = 'ended';
    call.facts.endedAt = now;
    call.facts.hungUpBy = 'system';
    call.facts.endReason = 'queue-policy';
    this.emit({type: 'refused', callId: call.facts.callId, queue: q.config.id, reason, outcome: exit});
    this.emit({type: 'ended', callId: call.facts.callId, at: now, by: 'system', reason: 'queue-policy'});
    this.emitFacts(call.facts.callId);
    this.emit({type: 'queue'});
    this.calls.delete(call.facts.callId);
  }
}
