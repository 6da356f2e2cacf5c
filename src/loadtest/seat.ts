// The scripted seats: each headless seat is a real SeatSession on /control that acts out the
// plan of the call it is offered — accept in ring N, hold and resume,
// transfer or hang up first, write notes and a disposition through its SeatStore, wrap
// up, take a break unless the peak plan suspends breaks. A call the run did not
// place (a person's softphone, sipp, another generator) is answered too, with a plan of its own.
import type {PolicyConfig} from '../rules/config.ts';
import {holdSchedule} from '../rules/hold.ts';
import type {ServerMessage} from '../sip/protocol.ts';
import type {SeatFields} from '../sync/schema.ts';
import type {SeatStore} from '../sync/seat-store.ts';
import type {SeatSession} from '../client/seat-session.ts';
import type {CallPlanFull} from './plan.ts';
import type {LoadScript} from './script.ts';
import type {Tally, Trace} from './tally.ts';

export type ScriptedSeat = {
  readonly agent: string;
  readonly session: SeatSession;
  /** The seat group's local-first store (several seats share one, like seats behind one terminal server). */
  store?: SeatStore;
  /** The call this seat is on or is being offered, by switch call id. */
  callId?: string;
  readonly timers: Set<NodeJS.Timeout>;
  answered: number;
  handset: boolean;
};

/** One event of the live feed (the demo shows them). */
export type FeedEvent = {
  readonly at: number;
  readonly kind: 'placed' | 'offered' | 'answered' | 'ended' | 'abandoned' | 'failed';
  /** The caller's number. */
  readonly from: string;
  readonly agent?: string;
  readonly detail?: string;
};

export type SeatScriptContext = {
  readonly tally: Tally;
  readonly policy: PolicyConfig;
  readonly script: LoadScript;
  /** Traces of the calls this run placed, by caller number. */
  readonly traces: ReadonlyMap<string, Trace>;
  /** Every offered call's trace, by switch call id. */
  readonly byCallId: Map<string, Trace>;
  /** The seat whose queue events are sampled (one for the floor). */
  readonly sampler: string;
  /** Pick up a handset phone. */
  readonly answerPhone: (agent: string) => void;
  /** The agent's plan for a call the run did not place. */
  readonly planFor: (caller: string) => CallPlanFull;
  readonly emit: (event: FeedEvent) => void;
};

/** Errors a command can meet when the call ended under it (the caller hung up first): no failure. */
const raceCodes = ['unknown-call', 'not-offered', 'not-your-call', 'bad-state'] as const;

export class SeatScript {
  readonly #c: SeatScriptContext;

  constructor(context: SeatScriptContext) {
    this.#c = context;
  }

  handle(seat: ScriptedSeat, m: ServerMessage): void {
    switch (m.type) {
      case 'queue':
        if (seat.agent === this.#c.sampler) this.#c.tally.sampleQueue(m.waiting, m.at, this.#c.policy);
        return;
      case 'offered':
        if (m.agent === seat.agent) this.#offered(seat, m);
        return;
      case 'answered':
        if (m.agent === seat.agent) this.#answered(seat, m);
        return;
      case 'held':
        if (m.agent === seat.agent) this.#c.tally.holds++;
        return;
      case 'resumed':
        if (m.agent !== seat.agent) return;
        // the nudges the seat showed during this hold.
        for (const event of holdSchedule(this.#c.policy, m.heldMs)) this.#c.tally.holdNudges[event.kind] = (this.#c.tally.holdNudges[event.kind] ?? 0) + 1;
        return;
      case 'transferred':
        if (m.agent === seat.agent && m.ok) this.#c.tally.transfers++;
        return;
      case 'ended':
        if (m.agent === seat.agent) this.#ended(seat, m);
        return;
      default:
        return;
    }
  }

  /** The agent's phone got the switch's INVITE: completes the offer-latency measurement. */
  phoneInvited(seat: ScriptedSeat | undefined, at: number): void {
    const trace = seat?.callId ? this.#c.byCallId.get(seat.callId) : undefined;
    if (!seat || !trace || trace.offers !== 1 || trace.offerLatencyMs !== undefined || trace.offerRecvAt === undefined) return;
    // System time only: caller INVITE → offer at the seat less the time queued for a free
    // agent, plus accept → phone INVITE (auto-answer). Queueing and the agent's scripted
    // ring time are the floor's, not the switch's.
    const queued = trace.waitedMs ?? 0;
    const autoAnswer = trace.acceptSentAt !== undefined && !seat.handset;
    const latency = autoAnswer
      ? (trace.offerRecvAt - trace.inviteAt - queued) + (at - trace.acceptSentAt!)
      : at - trace.inviteAt - queued;
    const {tally} = this.#c;
    tally.toSeat.push(trace.offerRecvAt - trace.inviteAt - queued);
    if (autoAnswer) tally.toPhone.push(at - trace.acceptSentAt!);
    trace.offerLatencyMs = latency;
    tally.offerLatencies.push(latency);
  }

  /** Send a seat command, counting it; a failure is tallied unless its code is `benign`. */
  command(what: string, promise: Promise<void>, benign: readonly string[] = []): void {
    this.#c.tally.commandsSent++;
    promise.catch((error: Error & {code?: string}) => {
      // A call can end under a command in flight (caller hung up): that is no failure.
      if (error.code && benign.includes(error.code)) return;
      this.#c.tally.fail(`${what}: ${error.code ?? error.message}`);
    });
  }

  /** Cancel every scripted step of `seat`. */
  static stop(seat: ScriptedSeat): void {
    for (const timer of seat.timers) clearTimeout(timer);
    seat.timers.clear();
  }

  #later(seat: ScriptedSeat, ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      seat.timers.delete(timer);
      fn();
    }, Math.max(0, ms));
    seat.timers.add(timer);
  }

  #offered(seat: ScriptedSeat, m: Extract<ServerMessage, {type: 'offered'}>): void {
    const {tally} = this.#c;
    if (m.direction !== 'inbound') return;
    const trace = this.#c.traces.get(m.caller) ?? this.#c.byCallId.get(m.callId) ?? this.#otherCall(m.caller);
    trace.offers++;
    if (trace.offers === 1) tally.offered++;
    this.#c.emit({at: Date.now(), kind: 'offered', from: trace.plan.from, agent: seat.agent, detail: `waited ${(m.waitedMs / 1000).toFixed(1)} s`});
    trace.callId = m.callId;
    trace.agent = seat.agent;
    trace.offerRecvAt = Date.now();
    trace.waitedMs = m.waitedMs;
    trace.offeredAt = m.offeredAt;
    this.#c.byCallId.set(m.callId, trace);
    seat.callId = m.callId;
    // the agent accepts in ring N of the plan (1 after a transfer).
    const rings = trace.offers === 1 ? trace.plan.rings : 1;
    const acceptAt = m.offeredAt + (rings - 1 + trace.plan.ringFraction) * m.ringPeriodMs;
    this.#later(seat, acceptAt - seat.session.now(), () => {
      if (seat.callId !== m.callId || trace.ended) return;
      trace.acceptSentAt = Date.now();
      if (seat.handset) this.#c.answerPhone(seat.agent);
      else this.command('accept', seat.session.accept(m.callId), raceCodes);
    });
  }

  #otherCall(caller: string): Trace {
    this.#c.tally.otherOffered++;
    return {plan: this.#c.planFor(caller), inviteAt: Date.now(), offers: 0, answered: false, transferred: false, ended: false, dispositionWritten: false};
  }

  #answered(seat: ScriptedSeat, m: Extract<ServerMessage, {type: 'answered'}>): void {
    const {tally, policy} = this.#c;
    const trace = this.#c.byCallId.get(m.callId);
    if (!trace) return;
    tally.answeredAtSeats++;
    trace.answeredBy = seat.agent;
    seat.answered++;
    tally.ringCounts[String(m.rings)] = (tally.ringCounts[String(m.rings)] ?? 0) + 1;
    if (m.late) tally.lateAnswers++;
    if (m.rings <= policy.answerWithinRings) tally.serviceWithin++;
    this.#c.emit({at: Date.now(), kind: 'answered', from: trace.plan.from, agent: seat.agent, detail: `${m.rings} ring${m.rings > 1 ? 's' : ''}${m.late ? ', late (R-02)' : ''}`});
    const plan = trace.plan;
    if (plan.notes) this.#later(seat, 300, () => this.#annotate(seat, trace, notesFor(trace, seat.agent)));
    if (plan.holdMs !== undefined && trace.offers === 1) {
      const holdAt = Math.min(plan.talkMs * 0.3, 2000);
      this.#later(seat, holdAt, () => {
        if (seat.callId !== m.callId) return;
        this.command('hold', seat.session.hold(m.callId), raceCodes);
        this.#later(seat, plan.holdMs!, () => {
          if (seat.callId !== m.callId) return;
          this.command('resume', seat.session.resume(m.callId), raceCodes);
        });
      });
    }
    const holdEnd = plan.holdMs === undefined ? 0 : Math.min(plan.talkMs * 0.3, 2000) + plan.holdMs;
    if (plan.transfer && !trace.transferred) {
      this.#later(seat, holdEnd + plan.talkMs * 0.4, () => {
        if (seat.callId !== m.callId) return;
        trace.transferred = true;
        this.command('transfer', seat.session.transfer(this.#c.script.agents.transferTo, m.callId), raceCodes);
      });
    } else if (plan.agentHangsUp) {
      this.#later(seat, holdEnd + plan.talkMs * 0.7, () => {
        if (seat.callId !== m.callId) return;
        this.command('hangup', seat.session.hangup({}, m.callId), raceCodes);
      });
    }
  }

  #ended(seat: ScriptedSeat, m: Extract<ServerMessage, {type: 'ended'}>): void {
    const {tally, policy} = this.#c;
    const trace = this.#c.byCallId.get(m.callId);
    if (seat.callId === m.callId) seat.callId = undefined;
    SeatScript.stop(seat);
    if (m.reason === 'rona') {
      tally.rona++;
      // The switch set us Not Ready (RONA): come back after a breath.
      this.#later(seat, 500, () => this.command('ready', seat.session.setState('ready')));
      return;
    }
    if (!trace) return;
    if (m.by === 'agent' && m.reason === 'hangup') tally.agentHungUpFirst++;
    const answeredHere = trace.answeredBy === seat.agent;
    if (m.reason !== 'transferred') trace.ended = true;
    if (!answeredHere || m.reason === 'abandoned') return;
    if (!trace.dispositionWritten && m.reason !== 'transferred') {
      trace.dispositionWritten = true;
      this.#annotate(seat, trace, dispositionFor(trace));
    }
    const plan = trace.plan;
    this.#later(seat, plan.wrapUpMs, () => {
      this.command('wrapup-done', seat.session.wrapupDone(), raceCodes);
      // R-23 with R-18: no breaks while the peak plan suspends them.
      if (plan.breakMs !== undefined && tally.currentLevel < policy.breaks.suspendAtPeakLevel) {
        this.#later(seat, 100, () => {
          if (seat.callId) return;
          this.#c.tally.commandsSent++;
          seat.session.setState('break').then(() => {
            tally.breaks++;
            this.#later(seat, plan.breakMs!, () => this.command('ready', seat.session.setState('ready')));
          }, (error: Error & {code?: string}) => {
            // Offered a call between wrap-up and the break (its offer still on the way to the
            // seat): the agent takes the call instead, as a person would. No failure, no break.
            if (error.code !== 'busy') tally.fail(`break: ${error.code ?? error.message}`);
          });
        });
      }
    });
  }

  /** Write through the seat's SeatStore, the same path a seat's records take to the hub. */
  #annotate(seat: ScriptedSeat, trace: Trace, fields: SeatFields): void {
    if (!trace.callId) return;
    const at = Date.now();
    if (!seat.store) return;
    const {tally} = this.#c;
    tally.notesWritten++;
    const list = tally.pendingWrites.get(trace.callId) ?? [];
    list.push({at, local: at});
    tally.pendingWrites.set(trace.callId, list);
    tally.writes.push({callId: trace.callId, at});
    seat.store.annotate(trace.callId, fields, {by: seat.agent, at}).catch((error: Error) => tally.fail(`annotate: ${error.message}`));
  }
}

function notesFor(trace: Trace, agent: string): SeatFields {
  return {
    category: trace.plan.disposition === 'complaint' ? 'complaint' : 'inquiry',
    notes: {
      when: new Date(trace.inviteAt).toISOString(),
      who: `来电 ${trace.plan.from}`,
      where: '线上',
      what: `负载测试通话 #${trace.plan.seq}`,
      why: '咨询',
      how: `坐席 ${agent} 受理`,
    },
    owner: agent,
  };
}

function dispositionFor(trace: Trace): SeatFields {
  const d = trace.plan.disposition;
  const now = Date.now();
  const fields: SeatFields = {disposition: d};
  if (d === 'callback') fields.callback = {kind: 'five_business_days', due: now + 5 * 86_400_000, phone: trace.plan.from, note: '', done: false};
  if (d === 'complaint') fields.complaint = {content: '负载测试投诉', against: '', callerPhone: trace.plan.from, at: now, department: '', attitude: false, status: 'open', actBy: now + 24 * 3_600_000};
  if (d === 'work_order') fields.workOrder = {id: `WO-${trace.plan.seq}`, department: '综合', summary: '', stage: 'dispatched', history: []};
  return fields;
}
