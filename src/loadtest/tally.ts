// What a load run counts while it runs (the Tally, written by the scripted seats and the
// arrivals loop) and the pure step from those counts to the report (`buildReport`): no clock,
// no I/O, so the report's arithmetic is tested on its own.
import {peakLevel, type QueueSample} from '../rules/peak.ts';
import type {PolicyConfig} from '../rules/config.ts';
import type {CallPlanFull} from './plan.ts';
import type {QueueExit, QueueFigures} from './queue-figures.ts';
import type {LoadReport, ProcessUsage} from './report.ts';
import {queueOutcomeKinds, type CallResult, type QueueOutcomeKind} from './sim/callers.ts';
import {mean, percentile, round} from './stats.ts';

/** One call followed from its INVITE to its end, by the caller's number. */
export type Trace = {
  plan: CallPlanFull;
  inviteAt: number;
  result?: CallResult;
  callId?: string;
  agent?: string;
  offers: number;
  offerRecvAt?: number;
  /** The switch's queue time before the offer (not the switch's latency). */
  waitedMs?: number;
  offeredAt?: number;
  acceptSentAt?: number;
  offerLatencyMs?: number;
  answered: boolean;
  transferred: boolean;
  ended: boolean;
  dispositionWritten: boolean;
  /** The seat that answered last. */
  answeredBy?: string;
};

export class Tally {
  /** Epoch ms the run started; per-second series count from here. */
  readonly t0: number;
  /** Seat-side failures (commands, control messages, sync), by what failed. */
  readonly failures: Record<string, number> = {};
  readonly ringCounts: Record<string, number> = {};
  readonly holdNudges: Record<string, number> = {};
  readonly offerLatencies: number[] = [];
  readonly toSeat: number[] = [];
  readonly toPhone: number[] = [];
  readonly syncLatencies: number[] = [];
  /** Seat writes not yet seen at the hub, by call id. */
  readonly pendingWrites = new Map<string, Array<{at: number; local: number}>>();
  /** Every seat write (its call and editedAt stamp), to check against the hub's files after the run. */
  readonly writes: Array<{readonly callId: string; readonly at: number}> = [];
  offered = 0;
  commandsSent = 0;
  lateAnswers = 0;
  rona = 0;
  holds = 0;
  transfers = 0;
  agentHungUpFirst = 0;
  breaks = 0;
  notesWritten = 0;
  serviceWithin = 0;
  answeredAtSeats = 0;
  // The queue as one seat samples it, and the R-18 level over those samples.
  currentLevel = 0;
  maxLevel = 0;
  maxQueue = 0;
  queueNow = 0;
  #samples: QueueSample[] = [];
  readonly levelChanges: Array<{atS: number; level: number; queue: number}> = [];
  readonly timeline = {placed: [] as number[], answered: [] as number[], queue: [] as number[]};
  // The callers' side.
  placed = 0;
  answered = 0;
  abandoned = 0;
  cutAtEnd = 0;
  failedCalls = 0;
  readonly waits: number[] = [];
  readonly talks: number[] = [];
  readonly callFailures: Record<string, number> = {};
  /** What the queue did to each caller (issue 14), and the refusals by final status. */
  readonly outcomes = Object.fromEntries(queueOutcomeKinds.map(kind => [kind, 0])) as Record<QueueOutcomeKind, number>;
  readonly refusedBy: Record<string, number> = {};
  /** Calls offered to the headless seats that this run did not place (answered all the same). */
  otherOffered = 0;

  constructor(t0: number) {
    this.t0 = t0;
  }

  fail(what: string): void {
    this.failures[what] = (this.failures[what] ?? 0) + 1;
  }

  /** The second of the run `at` falls in. */
  second(at = Date.now()): number {
    return Math.floor((at - this.t0) / 1000);
  }

  bump(series: number[], i: number, by = 1): void {
    while (series.length <= i) series.push(0);
    series[i] += by;
  }

  /** A queue length the switch reported at `atMs` (its clock), seen at `now`. */
  sampleQueue(waiting: number, atMs: number, policy: PolicyConfig, now = Date.now()): void {
    this.queueNow = waiting;
    this.maxQueue = Math.max(this.maxQueue, waiting);
    const i = this.second(now);
    while (this.timeline.queue.length <= i) this.timeline.queue.push(0);
    this.timeline.queue[i] = Math.max(this.timeline.queue[i], waiting);
    // below level 1 the history before this sample no longer matters.
    if (waiting < policy.peak.level1Queue) this.#samples = [];
    this.#samples.push({atMs, queueLength: waiting});
    const state = peakLevel(this.#samples, atMs, policy);
    if (state.level !== this.currentLevel) {
      this.currentLevel = state.level;
      this.maxLevel = Math.max(this.maxLevel, state.level);
      this.levelChanges.push({atS: round((now - this.t0) / 1000, 1) ?? 0, level: state.level, queue: waiting});
    }
  }

  /**
   * The switch's records say a queue's rule let this refused caller go (max wait, full, closed…):
   * what the queue did, not a failure. A callback rule's refusal is a callback offered.
   */
  creditQueueExit(result: CallResult, exit: QueueExit): void {
    if (result.queue.kind !== 'refused' || (result.outcome !== 'rejected' && result.outcome !== 'failed')) return;
    const key = callFailureKey(result);
    if (!this.callFailures[key]) return;
    this.failedCalls--;
    if (--this.callFailures[key] === 0) delete this.callFailures[key];
    if (exit === 'callback') {
      this.outcomes.refused--;
      this.outcomes['callback-offered']++;
    }
  }

  /** Failed so far, for the progress line. */
  get failedSoFar(): number {
    return this.failedCalls + Object.values(this.failures).reduce((a, b) => a + b, 0);
  }
}

/** How a failed call is counted in the report's failures. */
export function callFailureKey(result: CallResult): string {
  return `${result.outcome} ${result.status ?? ''} ${result.reason ?? ''}`.trim();
}

/** What the run knew at its end besides the tally. */
export type RunFacts = {
  readonly startedAt: string;
  readonly seats: number;
  readonly rateCps: number;
  readonly durationS: number;
  /** Wall time including start-up and drain. */
  readonly wallS: number;
  readonly pattern: string;
  readonly server: string;
  /** The seed of the run's random stream. */
  readonly seed: number;
  /** The config file the center ran on (`--config`), if one was given. */
  readonly config?: string;
  /** Calls placed that have a record in the hub. */
  readonly recordsInHub: number;
  /**
   * Counted in the hub's files after the run (a center started for it), not in its memory:
   * calls placed with a record on disk, and seat writes whose stamp the disk does not reach.
   */
  readonly onDisk?: {readonly records: number; readonly lostWrites: number};
  /** Calls each headless seat answered. */
  readonly callsPerSeat: readonly number[];
  /** Scripted wrap-up of every call a headless seat answered. */
  readonly wrapUpsMs: readonly number[];
  /** The simulated endpoints' SIP counters, prefixed (phones.…, callers.…). */
  readonly sip: Readonly<Record<string, number>>;
  /** Phone-side failures: the count, and the first few as `phone USER: what`. */
  readonly phoneFailures: number;
  readonly phoneFailureKinds: readonly string[];
  readonly processes: readonly ProcessUsage[];
  /** What the queues did, from the switch's records of the calls placed (absent without them). */
  readonly queue?: QueueFigures;
};

const addTo = (into: Record<string, number>, key: string, by = 1) => {
  into[key] = (into[key] ?? 0) + by;
};

/** The report of a run: pure arithmetic over the tally and the run's facts. */
export function buildReport(tally: Tally, run: RunFacts): LoadReport {
  const lostAnnotations = run.onDisk?.lostWrites ?? [...tally.pendingWrites.values()].reduce((sum, list) => sum + list.length, 0);
  const lostRecords = tally.placed - (run.onDisk?.records ?? run.recordsInHub);
  // Failed = calls that failed + phone-side failures + seat commands/messages that failed.
  const seatFailures = Object.values(tally.failures).reduce((sum, v) => sum + v, 0);
  const failed = tally.failedCalls + run.phoneFailures + seatFailures;
  const failures: Record<string, number> = {...tally.failures};
  for (const kind of run.phoneFailureKinds) addTo(failures, kind);
  for (const [k, v] of Object.entries(tally.callFailures)) addTo(failures, k, v);

  // Capacity figures: handle time = talk (with holds) + scripted wrap-up; offered load in
  // erlangs = arrivals per second × handle time; occupancy = handled seat-time / seat-time.
  const {talks, waits} = tally;
  const wraps = run.wrapUpsMs;
  const ahtMs = talks.length > 0 ? (mean(talks) ?? 0) + (mean(wraps) ?? 0) : undefined;
  const runS = Math.max(1, run.wallS);
  const handledMs = talks.reduce((a, b) => a + b, 0) + wraps.reduce((a, b) => a + b, 0);
  const decided = tally.placed - tally.cutAtEnd;
  const perSeat = run.callsPerSeat;
  return {
    version: 1,
    startedAt: run.startedAt,
    seats: run.seats,
    rateCps: run.rateCps,
    durationS: run.durationS,
    wallS: run.wallS,
    pattern: run.pattern,
    server: run.server,
    seed: run.seed,
    config: run.config,
    callsPlaced: tally.placed,
    offered: tally.offered,
    answered: tally.answered,
    abandoned: tally.abandoned,
    failed,
    failures,
    cutAtEnd: tally.cutAtEnd,
    callerOutcomes: {...tally.outcomes},
    refusedBy: {...tally.refusedBy},
    otherCallsOffered: tally.otherOffered,
    answerRate: decided > 0 ? round(tally.answered / decided, 4) : undefined,
    abandonRate: decided > 0 ? round(tally.abandoned / decided, 4) : undefined,
    serviceLevel: run.queue?.serviceLevel,
    serviceLevelCalls: run.queue ? {counted: run.queue.counted, within: run.queue.within, shortAbandons: run.queue.shortAbandons} : undefined,
    threeRingRate: tally.answeredAtSeats > 0 ? round(tally.serviceWithin / tally.answeredAtSeats, 4) : undefined,
    queueWaitP99Ms: run.queue?.queueWaitP99Ms,
    queueWaitMaxMs: run.queue?.queueWaitMaxMs,
    queueExits: run.queue?.exits,
    asaMs: round(mean(waits), 0),
    ahtMs: round(ahtMs, 0),
    offeredErlangs: ahtMs === undefined ? undefined : round((tally.placed / run.durationS) * (ahtMs / 1000), 1),
    occupancy: round(handledMs / (run.seats * runS * 1000), 3),
    waitP50Ms: percentile(waits, 50),
    waitP90Ms: percentile(waits, 90),
    waitP99Ms: percentile(waits, 99),
    offerP50Ms: percentile(tally.offerLatencies, 50),
    offerP95Ms: percentile(tally.offerLatencies, 95),
    offerP99Ms: percentile(tally.offerLatencies, 99),
    offerSamples: tally.offerLatencies.length,
    offerToSeatP99Ms: percentile(tally.toSeat, 99),
    acceptToPhoneP99Ms: percentile(tally.toPhone, 99),
    ringCounts: tally.ringCounts,
    lateAnswers: tally.lateAnswers,
    rona: tally.rona,
    holds: tally.holds,
    holdNudges: tally.holdNudges,
    transfers: tally.transfers,
    agentHungUpFirst: tally.agentHungUpFirst,
    breaks: tally.breaks,
    peakLevelChanges: tally.levelChanges,
    peakLevelMax: tally.maxLevel,
    maxQueue: tally.maxQueue,
    syncP50Ms: percentile(tally.syncLatencies, 50),
    syncP99Ms: percentile(tally.syncLatencies, 99),
    syncSamples: tally.syncLatencies.length,
    notesWritten: tally.notesWritten,
    recordsInHub: run.recordsInHub,
    lostCountedOnDisk: run.onDisk !== undefined,
    lost: lostRecords + lostAnnotations,
    lostRecords,
    lostAnnotations,
    callsPerSeat: {min: Math.min(...perSeat), max: Math.max(...perSeat), seatsWithCalls: perSeat.filter(n => n > 0).length},
    sip: {...run.sip, 'seats.commands': tally.commandsSent},
    processes: run.processes,
    timeline: tally.timeline,
  };
}
