// The floor as a team lead sees it (no rendering): fed the supervisor subscription of the
// control channel (welcome, seat, queue, offered, answered, held, resumed, ended), it answers
// "what does the wall show now" with a plain FloorView. The clock is injected so tests (and the
// R-18 30-minute boundary) are exact. Everything shown to the lead is masked.
import type {PolicyConfig} from '../../rules/config.ts';
import type {SeatSnapshot, ServerMessage} from '../../sip/protocol.ts';
import type {CallFacts} from '../../sync/schema.ts';
import {maskNumberFor} from '../../rules/privacy.ts';
import {qaQuota} from '../../rules/qa-quota.ts';
import {predictablePeakAt} from '../../rules/peak.ts';
import {countsWithRate, serviceFigures, type CallEntry} from './floor-figures.ts';
import {PeakTracker} from './peak.ts';
import type {SeatRow, ServiceFigures, QaProgress, AgentDetail, QueueView, FloorView} from './floor-view.ts';

export type {SeatRow, ServiceFigures, AgentCall, QaProgress, AgentDetail, QueueView, FloorView} from './floor-view.ts';


export type FloorModelOptions = {
  readonly policy: PolicyConfig;
  /** Epoch ms now; injectable for tests. */
  readonly now?: () => number;
  readonly predictablePeak?: boolean;
};

const HOUR = 3_600_000;
const MINUTE = 60_000;

export class FloorModel {
  readonly #policy: PolicyConfig;
  readonly #now: () => number;
  readonly #seats = new Map<string, SeatSnapshot>();
  readonly #calls = new Map<string, CallEntry>();
  readonly #listeners = new Set<() => void>();
  readonly #peak: PeakTracker;
  #queue: QueueView = {waiting: 0, longestWaitMs: 0, queues: [], samples: []};
  #switchToday?: {offered: number; answered: number; abandoned: number};
  #skewMs = 0;
  #connected = false;
  #lead?: {agent: string; name: string; team: string};
  #qa = new Map<string, QaProgress>();
  #media: FloorView['media'];
  #discipline = new Map<string, number>();
  #predictable: boolean;
  /** Records arrived that describe the queue before the first live sample. */
  #historyDirty = false;

  constructor(options: FloorModelOptions) {
    this.#policy = options.policy;
    this.#now = options.now ?? Date.now;
    this.#predictable = options.predictablePeak ?? false;
    this.#peak = new PeakTracker(options.policy);
  }

  /** Server time now (the switch's clock, corrected by the skew seen at welcome). */
  now(): number {
    return this.#now() + this.#skewMs;
  }

  /** The signed-in lead (from the welcome), once connected. */
  lead(): {readonly agent: string; readonly name: string; readonly team: string} | undefined {
    return this.#lead;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  setConnected(connected: boolean): void {
    this.#connected = connected;
    this.#emit();
  }

  setPredictablePeak(on: boolean): void {
    this.#predictable = on;
    this.#emit();
  }

  /** R-25 progress as recorded by QA, per agent. */
  setQa(agent: string, progress: QaProgress): void {
    this.#qa.set(agent, progress);
    this.#emit();
  }

  /** R-33 points this month, per agent. */
  setDiscipline(agent: string, points: number): void {
    this.#discipline.set(agent, points);
    this.#emit();
  }

  /** Fold one control-channel message into the floor. Unknown or foreign messages are ignored. */
  apply(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome': {
        this.#skewMs = message.now - this.#now();
        this.#lead = {agent: message.agent, name: message.name, team: message.team};
        this.#seats.clear();
        for (const seat of message.seats) this.#seats.set(seat.agent, seat);
        this.#connected = true;
        break;
      }
      case 'seat': {
        const previous = this.#seats.get(message.seat.agent);
        if (previous?.state === 'acw' && message.seat.state !== 'acw') this.#closeAcw(message.seat.agent, previous.since, message.seat.since);
        this.#seats.set(message.seat.agent, message.seat);
        break;
      }
      case 'queue': {
        this.#queue = {waiting: message.waiting, longestWaitMs: message.longestWaitMs, queues: message.queues, samples: []};
        this.#switchToday = {offered: message.offered, answered: message.answered, abandoned: message.abandoned};
        this.#peak.sample(message.at, message.waiting);
        if (message.media) this.#media = message.media;
        break;
      }
      case 'offered': {
        const call = this.#call(message.callId, message.caller);
        call.agent = message.agent;
        call.direction = message.direction;
        call.queue = message.queue;
        // The first offer fixes the arrival; re-offers after RONA keep it (R-34 ASA from arrival).
        if (call.offeredAt === undefined) {
          call.offeredAt = message.offeredAt;
          call.arrivedAt = message.offeredAt - message.waitedMs;
        }
        break;
      }
      case 'answered': {
        const call = this.#call(message.callId);
        call.agent = message.agent;
        call.answeredAt = message.answeredAt;
        call.rings = message.rings;
        call.late = message.late;
        break;
      }
      case 'held': {
        const call = this.#call(message.callId);
        call.holdSince = message.at;
        break;
      }
      case 'resumed': {
        const call = this.#call(message.callId);
        call.holdMs += message.heldMs;
        call.holdSince = undefined;
        break;
      }
      case 'ended': {
        const call = this.#call(message.callId);
        if (message.agent && message.reason !== 'abandoned') call.agent = message.agent;
        call.endedAt = message.at;
        call.endReason = message.reason;
        call.hungUpBy = message.by;
        if (call.holdSince !== undefined) {
          call.holdMs += Math.max(0, message.at - call.holdSince);
          call.holdSince = undefined;
        }
        break;
      }
      default:
        return;
    }
    this.#emit();
  }

  /** Calls of the day from the call log (CallFacts), so a lead who attaches late sees the whole day. */
  ingestRecords(records: readonly CallFacts[]): void {
    for (const facts of records) {
      const call = this.#call(facts.callId, facts.caller);
      if (facts.arrivedAt < (this.#peak.firstLiveAt() ?? Number.POSITIVE_INFINITY)) this.#historyDirty = true;
      call.direction ??= facts.direction;
      call.agent = facts.agent ?? call.agent;
      call.arrivedAt ??= facts.arrivedAt;
      call.offeredAt ??= facts.offeredAt;
      call.answeredAt ??= facts.answeredAt;
      call.endedAt ??= facts.endedAt;
      call.rings ??= facts.rings;
      call.late ||= facts.lateAnswer === true;
      call.endReason ??= facts.endReason;
      call.hungUpBy ??= facts.hungUpBy;
      call.queue = facts.queue;
      call.abandonWaitMs ??= facts.abandonWaitMs;
      call.listened ||= (facts.listens?.length ?? 0) > 0;
      const held = facts.holds.reduce((sum, h) => sum + (h.end === undefined ? 0 : Math.max(0, h.end - h.start)), 0);
      call.holdMs = Math.max(call.holdMs, held);
      if (facts.wrapEndedAt !== undefined && facts.endedAt !== undefined) call.acwMs ??= Math.max(0, facts.wrapEndedAt - facts.endedAt);
    }
    this.#emit();
  }

  view(): FloorView {
    const now = this.now();
    this.#rebuildHistory(now);
    // the policy's declared peaks, read at the server's now, or a peak set by hand.
    const declared = predictablePeakAt(this.#policy, now);
    const peak = this.#peak.view(now, {predictable: this.#predictable || declared !== undefined});
    const seats = [...this.#seats.values()].sort((a, b) => a.agent.localeCompare(b.agent)).map(seat => this.#row(seat, now, peak.level));
    const counts = {ready: 0, talking: 0, acw: 0, away: 0, offline: 0};
    for (const seat of seats) {
      if (seat.state === 'ready') counts.ready++;
      else if (seat.state === 'on-call' || seat.state === 'offered') counts.talking++;
      else if (seat.state === 'acw') counts.acw++;
      else if (seat.state === 'offline') counts.offline++;
      else counts.away++;
    }
    const startOfDay = this.#startOfDay(now);
    const today = this.#figures(call => (call.arrivedAt ?? call.endedAt ?? now) >= startOfDay);
    const switchToday = this.#switchToday;
    return {
      now,
      connected: this.#connected,
      lead: this.#lead,
      seats,
      queue: {...this.#queue, samples: this.#peak.series(now, 60)},
      peak,
      predictablePeak: this.#predictable || declared !== undefined,
      ...(declared ? {predictablePeakName: declared.name} : {}),
      // The switch's own counters are the day's truth (it saw calls before we attached).
      today: switchToday ? {...today, ...countsWithRate(switchToday)} : today,
      hour: this.#figures(call => (call.arrivedAt ?? call.endedAt ?? 0) > now - HOUR),
      counts,
      ...(this.#media ? {media: this.#media} : {}),
    };
  }

  /** One agent's day: calls, KPIs, QA quota progress, discipline points. */
  detail(agent: string): AgentDetail | undefined {
    const seat = this.#seats.get(agent);
    if (!seat) return undefined;
    const now = this.now();
    const peak = this.#peak.view(now);
    const mine = (call: CallEntry) => call.agent === agent && call.endReason !== 'abandoned';
    const calls = [...this.#calls.values()].filter(mine).sort((a, b) => (b.offeredAt ?? b.endedAt ?? 0) - (a.offeredAt ?? a.endedAt ?? 0)).map(call => ({
      callId: call.callId,
      caller: call.caller,
      offeredAt: call.offeredAt,
      answeredAt: call.answeredAt,
      endedAt: call.endedAt,
      rings: call.rings,
      late: call.late,
      talkMs: call.answeredAt === undefined ? undefined : (call.endedAt ?? now) - call.answeredAt,
      holdMs: call.holdMs + (call.holdSince === undefined ? 0 : now - call.holdSince),
      endReason: call.endReason,
      hungUpBy: call.hungUpBy,
    }));
    const kpi = this.#figures(mine);
    const answered = calls.filter(c => c.answeredAt !== undefined);
    // the agent's quota (more for new agents / low scorers is QA's input, not the floor's).
    const quota = qaQuota({callsThisWeek: seat.callsToday}, this.#policy);
    return {
      seat: this.#row(seat, now, peak.level),
      calls,
      kpi: {...kpi, lateAnswers: answered.filter(c => c.late).length, avgHoldMs: answered.length > 0 ? answered.reduce((s, c) => s + c.holdMs, 0) / answered.length : undefined},
      qa: this.#withListens(this.#qa.get(agent), calls.map(c => c.callId).filter(id => this.#calls.get(id)?.listened)),
      qaQuota: {...quota.daily, weekly: quota.weeklyMin},
      disciplinePoints: this.#discipline.get(agent),
    };
  }

  /**
   * R-18 for a wall that attached late: the queue length before the first live sample, from the
   * call log — each inbound call waits from arrival until its first offer (or until it was
   * abandoned). A RONA requeue is not in the facts, so this can only undercount.
   */
  #rebuildHistory(now: number): void {
    if (!this.#historyDirty) return;
    this.#historyDirty = false;
    const until = this.#peak.firstLiveAt() ?? now;
    const steps: Array<[number, number]> = [];
    for (const call of this.#calls.values()) {
      if (call.direction === 'outbound' || call.arrivedAt === undefined || call.arrivedAt >= until) continue;
      steps.push([call.arrivedAt, 1]);
      const left = call.offeredAt ?? call.answeredAt ?? call.endedAt;
      if (left !== undefined && left < until) steps.push([left, -1]);
    }
    steps.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const points: Array<{atMs: number; queueLength: number}> = [];
    let waiting = 0;
    for (const [at, delta] of steps) {
      waiting = Math.max(0, waiting + delta);
      if (points.at(-1)?.atMs === at) points[points.length - 1] = {atMs: at, queueLength: waiting};
      else points.push({atMs: at, queueLength: waiting});
    }
    this.#peak.setHistory(points);
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }

  #call(callId: string, caller?: string): CallEntry {
    let call = this.#calls.get(callId);
    if (!call) {
      call = {callId, caller: '', late: false, holdMs: 0};
      this.#calls.set(callId, call);
    }
    // the switch masks numbers for supervisors already; mask again so nothing here can leak.
    if (caller) call.caller = maskNumberFor(caller, this.#policy);
    return call;
  }

  #closeAcw(agent: string, acwSince: number, acwEnd: number): void {
    let last: CallEntry | undefined;
    for (const call of this.#calls.values()) {
      if (call.agent === agent && call.endedAt !== undefined && call.answeredAt !== undefined && (!last || call.endedAt > (last.endedAt ?? 0))) last = call;
    }
    if (last && last.acwMs === undefined) last.acwMs = Math.max(0, acwEnd - acwSince);
  }

  /** a listen-in is live monitoring; a listened call also scored live counts once. */
  #withListens(qa: QaProgress | undefined, listened: readonly string[]): QaProgress | undefined {
    const extra = listened.filter(id => !qa?.liveCalls?.includes(id)).length;
    return extra === 0 ? qa : {...(qa ?? {live: 0, recording: 0, sideBySide: 0}), live: (qa?.live ?? 0) + extra};
  }

  #row(seat: SeatSnapshot, now: number, peakLevel: number): SeatRow {
    const inStateMs = Math.max(0, now - seat.since);
    const b = this.#policy.breaks;
    const limitMs = seat.state === 'break' ? b.breakMinutes * MINUTE : seat.state === 'meal' ? b.mealMinutes * MINUTE : Number.POSITIVE_INFINITY;
    // R-23 + R-18: from the suspending level on, every break is flagged for the lead.
    const overBreak = (seat.state === 'break' || seat.state === 'meal') && (inStateMs > limitMs || peakLevel >= b.suspendAtPeakLevel);
    const call = seat.callId ? this.#calls.get(seat.callId) : undefined;
    return {
      agent: seat.agent,
      name: seat.name,
      team: seat.team,
      state: seat.state,
      reason: seat.reason,
      inStateMs,
      overBreak,
      longAcw: seat.state === 'acw' && inStateMs > this.#policy.afterCallWorkSeconds * 1000,
      phoneRegistered: seat.phoneRegistered,
      callId: seat.callId,
      caller: call?.caller || undefined,
      callMs: seat.callSince === undefined ? undefined : Math.max(0, now - seat.callSince),
      holdMs: seat.holdSince === undefined ? undefined : Math.max(0, now - seat.holdSince),
      callsToday: seat.callsToday,
      lateToday: seat.lateToday,
    };
  }

  #figures(include: (call: CallEntry) => boolean): ServiceFigures {
    return serviceFigures([...this.#calls.values()].filter(call => call.direction !== 'outbound' && include(call)), this.#policy);
  }

  #startOfDay(now: number): number {
    // The center's local day (R-19 calendars carry the center's UTC offset).
    const offset = this.#policy.calendars.utcOffsetMinutes * MINUTE;
    return Math.floor((now + offset) / (24 * HOUR)) * 24 * HOUR - offset;
  }
}
