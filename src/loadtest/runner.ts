// The load-test runner: a center (in its own process, or an existing one), N headless seats on
// the real control channel writing real call records through the sync layer, a farm of
// simulated phones and simulated callers over real SIP on loopback — all acting out one
// seeded script — then the report. Everything is bounded in count and time, and everything
// started here is stopped before `runLoad` returns. The parts: center.ts (the center process),
// seat.ts (the scripted seats), records.ts (their stores and the hub observer), arrivals.ts
// (the callers), tally.ts (the counts and the pure report).
import {monitorEventLoopDelay} from 'node:perf_hooks';
import {DEMO_PIN, demoPhonePassword, type ZuoxiConfig} from '../config.ts';
import {PolicyConfig} from '../rules/config.ts';
import {dayKey} from '../sync/doc-name.ts';
import {SeatSession} from '../client/seat-session.ts';
import {placeCalls} from './arrivals.ts';
import {startCenterProcess, stopCenterProcess, type Lag} from './center.ts';
import {Planner} from './plan.ts';
import {ProcTracker, readProc, readSelf} from './proc-stats.ts';
import {queueExitOf, queueFigures} from './queue-figures.ts';
import {LoadRecords} from './records.ts';
import type {LoadReport} from './report.ts';
import type {LoadScript} from './script.ts';
import {SeatScript, type FeedEvent, type ScriptedSeat} from './seat.ts';
import {CallerSim} from './sim/callers.ts';
import type {Address} from './sim/endpoint.ts';
import {PhoneFarm} from './sim/phones.ts';
import {round} from './stats.ts';
import {buildReport, Tally, type Trace} from './tally.ts';
import {pool, sleep, until} from './util.ts';

export type {FeedEvent} from './seat.ts';

export type ExistingServer = {
  /** Hub base URL, e.g. ws://127.0.0.1:7070. */
  readonly hubUrl: string;
  /** The switch's SIP UDP address. */
  readonly sip: Address;
};

export type LoadOptions = {
  readonly seats: number;
  /** Base arrival rate, calls per second (the script's pattern shapes it). */
  readonly rate: number;
  readonly durationS: number;
  readonly script: LoadScript;
  /** Run against this center instead of starting one (agents 1001… with demo credentials). */
  readonly server?: ExistingServer;
  /**
   * Start the center on this validated config (its teams, queues, policy) instead of the demo
   * center's; the load test's own agents 1001… replace the config's. Not with `server`.
   */
  readonly config?: {readonly file: string; readonly config: ZuoxiConfig};
  /** The random stream's seed (default: the script's run.seed). */
  readonly seed?: number;
  /** Called about once a second with a one-line status. */
  readonly onProgress?: (line: string) => void;
  /** Diagnostics (start-up steps, stray errors). */
  readonly log?: (line: string) => void;
  /** Abort early (SIGINT): stops arrivals and drains. */
  readonly signal?: AbortSignal;
  /** First headless agent id (default 1001); seats are this and the next `seats - 1`. */
  readonly firstAgent?: number;
  /** Agents whose phones the farm registers but who get no headless seat (a person at a TUI seat). */
  readonly extraPhones?: readonly string[];
  /** Calls placed at once when arrivals start, before the script's pattern (the demo's first rings). */
  readonly initialBurst?: number;
  /** Every call event as it happens (the demo's live feed). */
  readonly onEvent?: (event: FeedEvent) => void;
};

/** `dataDir`: the center's, when it was started for the run (the hub's files are read after it). */
type Center = {hubUrl: string; sip: Address; name: string; dataDir?: string};

type Cleanups = Array<() => Promise<void> | void>;

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const {seats: seatCount, rate, durationS, script} = options;
  const log = options.log ?? (() => {});
  if (options.server && options.config) throw new TypeError('runLoad: `config` starts a center, `server` uses one: not both');
  const policy = options.config ? options.config.config.policy : PolicyConfig.parse(options.server ? {} : script.center.policy);
  const seed = options.seed ?? script.run.seed;
  // The callers dial the first queue's number (the demo center's is 12345).
  const serviceNumber = options.config?.config.queues[0]?.number ?? '12345';
  const startedAt = new Date();
  const tally = new Tally(Date.now());
  const cleanups: Cleanups = [];
  const trackers: ProcTracker[] = [new ProcTracker('loadtest', process.pid, readSelf)];
  const selfLag = monitorEventLoopDelay({resolution: 10});
  selfLag.enable();
  cleanups.push(() => {
    selfLag.disable();
  });
  const lagOf = new Map<string, () => Lag | undefined>([['loadtest', () => ({p50: selfLag.percentile(50) / 1e6, p99: selfLag.percentile(99) / 1e6, max: selfLag.max / 1e6})]]);
  const firstAgent = options.firstAgent ?? 1001;
  const emit = options.onEvent ?? (() => {});
  try {
    const center = await openCenter(options, firstAgent, cleanups, trackers, lagOf, log);
    const agents = Array.from({length: seatCount}, (_, i) => String(firstAgent + i));

    // ── phones ──────────────────────────────────────────────────────────────────────
    const farm = await PhoneFarm.start({
      server: center.sip,
      phones: [...agents, ...(options.extraPhones ?? [])].map(user => ({user, password: demoPhonePassword(user)})),
      expires: 600,
      // Handset mode: the phone rings; the "agent" picks it up per the plan (seat.ts).
      handsetAnswerMs: () => undefined,
    });
    cleanups.push(() => farm.close({unregister: true}));
    log(`registering ${farm.users.length} phones…`);
    const registered = await farm.registerAll(16);
    if (registered.failed.length > 0) throw new Error(`${registered.failed.length} phones could not register (first: ${registered.failed[0]}: ${farm.failures[0]?.what ?? '?'})`);

    // ── seats ───────────────────────────────────────────────────────────────────────
    const planner = new Planner(script, seed);
    const traces = new Map<string, Trace>(); // by caller number
    const byCallId = new Map<string, Trace>();
    const seatScript = new SeatScript({tally, policy, script, traces, byCallId, sampler: agents[0], answerPhone: agent => farm.answer(agent), planFor: caller => planner.forOffer(caller), emit});
    log(`signing in ${seatCount} seats…`);
    const seatsByAgent = new Map<string, ScriptedSeat>();
    const seatList: ScriptedSeat[] = agents.map(agent => {
      const session = new SeatSession({hubUrl: center.hubUrl, agent, pin: DEMO_PIN, pingMs: 0, commandTimeoutMs: 10_000});
      const seat: ScriptedSeat = {agent, session, timers: new Set(), answered: 0, handset: false};
      session.on('message', message => seatScript.handle(seat, message));
      session.on('invalid', what => tally.fail(`control: ${what}`));
      seatsByAgent.set(agent, seat);
      return seat;
    });
    cleanups.push(() => {
      for (const seat of seatList) {
        SeatScript.stop(seat);
        seat.session.stop();
      }
    });
    await pool(seatList, 32, async seat => {
      const profile = await seat.session.start();
      seat.handset = profile.phoneMode === 'handset';
    });
    const team = seatList[0]?.session.state.profile?.team ?? 'a';
    const day = dayKey(Date.now());
    const records = await LoadRecords.open(seatList, {hubUrl: center.hubUrl, team, day, seatsPerStore: script.run.seatsPerSyncClient, log});
    cleanups.push(() => records.close());
    const syncOk = await records.whenSynced(tally, log);
    records.measure(tally);
    farm.on('invite', ({user, at}) => seatScript.phoneInvited(seatsByAgent.get(user), at));
    await pool(seatList, 64, async seat => {
      await seat.session.setState('ready');
    });

    // ── callers ─────────────────────────────────────────────────────────────────────
    const callers = await CallerSim.start({server: center.sip, serviceNumber});
    cleanups.push(() => callers.close());
    const progress = setInterval(() => {
      for (const t of trackers) t.sample();
      const elapsed = (Date.now() - tally.t0) / 1000;
      const recent = tally.timeline.placed.slice(-6, -1);
      const cps = recent.length > 0 ? recent.reduce((a, b) => a + b, 0) / recent.length : 0;
      options.onProgress?.(`${elapsed.toFixed(0).padStart(4)} s  calls ${tally.placed} (answered ${tally.answeredAtSeats}, abandoned ${tally.abandoned}, failed ${tally.failedSoFar})  ${cps.toFixed(1)} cps  queue ${tally.queueNow}  peak L${tally.currentLevel}  in progress ${callers.active}`);
    }, 1000);
    cleanups.push(() => clearInterval(progress));
    log(`placing calls for ${durationS} s…`);
    const results = await placeCalls({tally, script, rate, durationS, planner, callers, traces, emit, signal: options.signal, initialBurst: options.initialBurst});

    // ── drain ───────────────────────────────────────────────────────────────────────
    log(`draining ${callers.active} calls in progress (up to ${script.run.drainSeconds} s)…`);
    await until(() => callers.active === 0 || options.signal?.aborted === true, script.run.drainSeconds * 1000, 100);
    if (callers.active > 0) await callers.hangupAll(5000);
    await Promise.race([Promise.all(results), sleep(10_000)]);
    // Seats finish their wrap-up writes; then the hub must have every one of them.
    // (Calls a person answered at a TUI seat are that person's to write up.)
    const stopped = options.signal?.aborted === true;
    const settleMs = (ms: number) => (stopped ? Math.min(ms, 2000) : ms);
    await until(() => [...traces.values()].every(t => !t.answered || t.dispositionWritten || !t.answeredBy), settleMs(5000), 50);
    // Without a synced hub there is nothing to wait for: the writes count as lost.
    if (syncOk) await until(() => tally.pendingWrites.size === 0, settleMs(15_000), 50);
    // Records: every call placed must be in the hub with the switch's facts.
    const placedBy = new Set(traces.keys());
    if (syncOk) await until(() => records.countRecords(placedBy) >= tally.placed, settleMs(10_000), 100);
    const recordsInHub = records.countRecords(placedBy);
    // What the queues did, as the switch recorded it: a refusal a queue's rule chose is an outcome.
    const placedFacts = records.facts(placedBy);
    for (const [from, trace] of traces) {
      const facts = placedFacts.get(from);
      const exit = facts ? queueExitOf(facts) : undefined;
      if (exit && trace.result) tally.creditQueueExit(trace.result, exit);
    }
    // Lost is what the hub's files lack, not what it serves (issue 15): read them before the center stops.
    const onDisk = center.dataDir ? await LoadRecords.onDisk(center.dataDir, team, day, placedBy, tally.writes) : undefined;
    for (const problem of onDisk?.problems ?? []) log(`hub file: ${problem}`);
    for (const t of trackers) t.sample();
    clearInterval(progress);

    const sip: Record<string, number> = {};
    for (const [k, v] of Object.entries(farm.endpoint.counters)) sip[`phones.${k}`] = v;
    for (const [k, v] of Object.entries(callers.endpoint.counters)) sip[`callers.${k}`] = v;
    sip['phones.failures'] = farm.counters.failures;
    return buildReport(tally, {
      startedAt: startedAt.toISOString(),
      seats: seatCount,
      rateCps: rate,
      durationS,
      wallS: (Date.now() - tally.t0) / 1000,
      pattern: script.callers.arrival.pattern,
      server: center.name,
      seed,
      ...(options.config ? {config: options.config.file} : {}),
      recordsInHub,
      ...(placedFacts.size > 0 ? {queue: queueFigures([...placedFacts.values()], policy)} : {}),
      ...(onDisk ? {onDisk: {records: onDisk.records, lostWrites: onDisk.lostWrites}} : {}),
      callsPerSeat: seatList.map(s => s.answered),
      wrapUpsMs: [...traces.values()].filter(t => t.answeredBy).map(t => t.plan.wrapUpMs),
      sip,
      phoneFailures: farm.counters.failures,
      phoneFailureKinds: farm.failures.slice(0, 20).map(f => `phone ${f.user}: ${f.what}`),
      processes: trackers.map(t => {
        const lag = lagOf.get(t.name)?.();
        return {...t.usage(), ...(lag ? {eventLoopP99Ms: round(lag.p99, 1) ?? 0, eventLoopMaxMs: round(lag.max, 1) ?? 0} : {})};
      }),
    });
  } finally {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (error) {
        log(`cleanup: ${(error as Error).message}`);
      }
    }
  }
}

/** The given center, or one started in its own process for this run (measured apart). */
async function openCenter(options: LoadOptions, firstAgent: number, cleanups: Cleanups, trackers: ProcTracker[], lagOf: Map<string, () => Lag | undefined>, log: (line: string) => void): Promise<Center> {
  if (options.server) return {hubUrl: options.server.hubUrl, sip: options.server.sip, name: options.server.hubUrl};
  log('starting a center…');
  const agents = firstAgent - 1001 + options.seats;
  const config = options.config ? {config: options.config.config as unknown as Record<string, unknown>} : {};
  if (options.config && Object.keys(options.script.center.policy).length > 0) log(`the center runs ${options.config.file}'s policy; the script's center.policy is not used`);
  const center = await startCenterProcess({agents, policy: options.script.center.policy, ...config}, log);
  cleanups.push(() => stopCenterProcess(center));
  trackers.push(new ProcTracker('center', center.pid, () => readProc(center.pid)));
  lagOf.set('center', center.lag);
  log(`center up: hub ${center.hubUrl}, SIP udp ${center.sip.host}:${center.sip.port}`);
  return {hubUrl: center.hubUrl, sip: center.sip, name: `a center started for this run (pid ${center.pid})`, dataDir: center.dataDir};
}
