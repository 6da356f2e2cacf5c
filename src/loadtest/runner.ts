// The load-test runner: a center (in its own process, or an existing one), N headless seats on
// the real control channel writing real call records through the sync layer, a farm of
// simulated phones and simulated callers over real SIP on loopback — all acting out one
// seeded script — then the report. Everything is bounded in count and time, and everything
// started here is stopped before `runLoad` returns.
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import path from 'node:path';
import readline from 'node:readline';
import {DEMO_PIN, demoPhonePassword} from '../config.ts';
import {PolicyConfig} from '../rules/config.ts';
import {holdSchedule} from '../rules/hold.ts';
import {peakLevel, type QueueSample} from '../rules/peak.ts';
import type {ServerMessage} from '../sip/protocol.ts';
import {callsDoc, dayKey} from '../sync/doc-name.ts';
import type {SeatFields} from '../sync/schema.ts';
import {SeatSession} from '../tui/seat-session.ts';
import {CallerSim, type CallResult} from '../../server/sim/callers.ts';
import {PhoneFarm} from '../../server/sim/phones.ts';
import type {Address} from '../../server/sim/endpoint.ts';
import {Planner, nextGap, rateAt, type CallPlanFull} from './plan.ts';
import {ProcTracker, readProc, readSelf} from './proc-stats.ts';
import type {LoadReport} from './report.ts';
import type {LoadScript} from './script.ts';
import {mean, percentile, round} from './stats.ts';
import {SeatStore} from '../sync/seat-store.ts';
import {SyncClient} from './sync-client.ts';

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

export type FeedEvent = {
  readonly at: number;
  readonly kind: 'placed' | 'offered' | 'answered' | 'ended' | 'abandoned' | 'failed';
  /** The caller's number. */
  readonly from: string;
  readonly agent?: string;
  readonly detail?: string;
};

type Trace = {
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

type Seat = {
  agent: string;
  session: SeatSession;
  /** The seat group's local-first store (several seats share one, like seats behind one terminal server). */
  store?: SeatStore;
  /** The call this seat is on or is being offered, by switch call id. */
  callId?: string;
  timers: Set<NodeJS.Timeout>;
  answered: number;
  handset: boolean;
};

type Lag = {p50: number; p99: number; max: number};

type StartedCenter = {hubUrl: string; sip: Address; pid: number; child: ChildProcess; dataDir: string; lag: () => Lag | undefined};

/** Start a center in a child process; resolves with its addresses. */
async function startCenterProcess(seats: number, policy: Record<string, unknown>, log: (line: string) => void): Promise<StartedCenter> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-load-'));
  const entry = path.join(import.meta.dirname, 'center-process.ts');
  // tsx by absolute URL, so `zuoxi loadtest` works from any directory.
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), entry, JSON.stringify({agents: seats, policy, dataDir})], {stdio: ['pipe', 'pipe', 'pipe']});
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  const lines = readline.createInterface({input: child.stdout!});
  let lag: Lag | undefined;
  lines.on('line', line => {
    if (!line.startsWith('ZUOXI_CENTER_LAG ')) return;
    try {
      lag = JSON.parse(line.slice('ZUOXI_CENTER_LAG '.length)) as Lag;
    } catch {}
  });
  try {
    const ready = await new Promise<{hub: {host: string; port: number}; sip?: Address}>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the center did not start within 60 s\n${stderr}`)), 60_000);
      child.once('exit', code => {
        clearTimeout(timer);
        reject(new Error(`the center exited with code ${code} before it was ready\n${stderr}`));
      });
      lines.on('line', line => {
        if (line.startsWith('ZUOXI_CENTER_LAG ')) return;
        if (!line.startsWith('ZUOXI_CENTER_READY ')) return log(`center: ${line}`);
        clearTimeout(timer);
        resolve(JSON.parse(line.slice('ZUOXI_CENTER_READY '.length)));
      });
    });
    if (!ready.sip) throw new Error('the center has no SIP UDP listener');
    const host = ready.hub.host.includes(':') ? `[${ready.hub.host}]` : ready.hub.host;
    return {hubUrl: `ws://${host}:${ready.hub.port}`, sip: {host: ready.sip.host, port: ready.sip.port}, pid: child.pid!, child, dataDir, lag: () => lag};
  } catch (error) {
    child.kill('SIGKILL');
    fs.rmSync(dataDir, {recursive: true, force: true});
    throw error;
  }
}

async function stopCenterProcess(center: StartedCenter): Promise<void> {
  const exited = new Promise<void>(resolve => {
    if (center.child.exitCode !== null) resolve();
    else center.child.once('exit', () => resolve());
  });
  center.child.stdin!.end();
  center.child.kill('SIGTERM');
  const timer = setTimeout(() => center.child.kill('SIGKILL'), 8000);
  await exited;
  clearTimeout(timer);
  fs.rmSync(center.dataDir, {recursive: true, force: true});
}

/** Run `fn` over `items`, `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({length: Math.min(limit, queue.length)}, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  }));
}

/** Errors a command can meet when the call ended under it (the caller hung up first): no failure. */
const raceCodes = ['unknown-call', 'not-offered', 'not-your-call', 'bad-state'] as const;

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function until(test: () => boolean, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() >= deadline) return false;
    await sleep(stepMs);
  }
  return true;
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const {seats: seatCount, rate, durationS, script} = options;
  const log = options.log ?? (() => {});
  const policy = PolicyConfig.parse(options.server ? {} : script.center.policy);
  const startedAt = new Date();
  const t0 = Date.now();
  const failures: Record<string, number> = {};
  const fail = (what: string) => {
    failures[what] = (failures[what] ?? 0) + 1;
  };
  const cleanups: Array<() => Promise<void> | void> = [];
  const trackers: ProcTracker[] = [new ProcTracker('loadtest', process.pid, readSelf)];
  const selfLag = monitorEventLoopDelay({resolution: 10});
  selfLag.enable();
  cleanups.push(() => {
    selfLag.disable();
  });
  const lagOf = new Map<string, () => Lag | undefined>([['loadtest', () => ({p50: selfLag.percentile(50) / 1e6, p99: selfLag.percentile(99) / 1e6, max: selfLag.max / 1e6})]]);

  const firstAgent = options.firstAgent ?? 1001;
  try {
    // ── the center ──────────────────────────────────────────────────────────────────
    let hubUrl: string;
    let sipAddress: Address;
    let serverName: string;
    if (options.server) {
      ({hubUrl, sip: sipAddress} = options.server);
      serverName = hubUrl;
    } else {
      log('starting a center…');
      const center = await startCenterProcess(firstAgent - 1001 + seatCount, script.center.policy, log);
      cleanups.push(() => stopCenterProcess(center));
      hubUrl = center.hubUrl;
      sipAddress = center.sip;
      serverName = `a center started for this run (pid ${center.pid})`;
      trackers.push(new ProcTracker('center', center.pid, () => readProc(center.pid)));
      lagOf.set('center', center.lag);
      log(`center up: hub ${hubUrl}, SIP udp ${sipAddress.host}:${sipAddress.port}`);
    }
    const agents = Array.from({length: seatCount}, (_, i) => String(firstAgent + i));
    const emit = options.onEvent ?? (() => {});

    // ── phones ──────────────────────────────────────────────────────────────────────
    const seatsByAgent = new Map<string, Seat>();
    const farm = await PhoneFarm.start({
      server: sipAddress,
      phones: [...agents, ...(options.extraPhones ?? [])].map(user => ({user, password: demoPhonePassword(user)})),
      expires: 600,
      // Handset mode: the phone rings; the "agent" picks it up per the plan (below).
      handsetAnswerMs: () => undefined,
    });
    cleanups.push(() => farm.close({unregister: true}));
    log(`registering ${farm.users.length} phones…`);
    const registered = await farm.registerAll(16);
    if (registered.failed.length > 0) throw new Error(`${registered.failed.length} phones could not register (first: ${registered.failed[0]}: ${farm.failures[0]?.what ?? '?'})`);

    // ── seats ───────────────────────────────────────────────────────────────────────
    const traces = new Map<string, Trace>(); // by caller number
    const byCallId = new Map<string, Trace>();
    const ringCounts: Record<string, number> = {};
    const holdNudges: Record<string, number> = {};
    const offerLatencies: number[] = [];
    const toSeat: number[] = [];
    const toPhone: number[] = [];
    const syncLatencies: number[] = [];
    const pendingWrites = new Map<string, Array<{at: number; local: number}>>();
    let offered = 0;
    let commandsSent = 0;
    let lateAnswers = 0;
    let rona = 0;
    let holds = 0;
    let transfers = 0;
    let agentHungUpFirst = 0;
    let breaks = 0;
    let notesWritten = 0;
    let serviceWithin = 0;
    let answeredAtSeats = 0;
    let currentLevel = 0;
    let maxLevel = 0;
    let maxQueue = 0;
    let queueNow = 0;
    let samples: QueueSample[] = [];
    const levelChanges: Array<{atS: number; level: number; queue: number}> = [];
    const second = () => Math.floor((Date.now() - t0) / 1000);
    const timeline = {placed: [] as number[], answered: [] as number[], queue: [] as number[]};
    const bump = (series: number[], i: number, by = 1) => {
      while (series.length <= i) series.push(0);
      series[i] += by;
    };

    // Sync: seats write through SeatStores (local fsynced log + hub), several seats per store.
    const day = dayKey(Date.now());
    const docName = (team: string) => callsDoc(team, day);
    const stores: SeatStore[] = [];
    const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-load-seats-'));
    cleanups.push(async () => {
      try {
        await Promise.all(stores.map(store => store.close()));
      } finally {
        fs.rmSync(storeDir, {recursive: true, force: true});
      }
    });

    const later = (seat: Seat, ms: number, fn: () => void) => {
      const timer = setTimeout(() => {
        seat.timers.delete(timer);
        fn();
      }, Math.max(0, ms));
      seat.timers.add(timer);
    };
    const command = (what: string, promise: Promise<void>, benign: readonly string[] = []) => {
      commandsSent++;
      promise.catch((error: Error & {code?: string}) => {
        // A call can end under a command in flight (caller hung up): that is no failure.
        if (error.code && benign.includes(error.code)) return;
        fail(`${what}: ${error.code ?? error.message}`);
      });
    };

    const annotate = (seat: Seat, trace: Trace, fields: SeatFields) => {
      if (!trace.callId) return;
      const at = Date.now();
      if (!seat.store) return;
      notesWritten++;
      const list = pendingWrites.get(trace.callId) ?? [];
      list.push({at, local: at});
      pendingWrites.set(trace.callId, list);
      seat.store.annotate(trace.callId, fields, {by: seat.agent, at}).catch((error: Error) => fail(`annotate: ${error.message}`));
    };

    const notesFor = (trace: Trace, seat: Seat): SeatFields => ({
      category: trace.plan.disposition === 'complaint' ? 'complaint' : 'inquiry',
      notes: {
        when: new Date(trace.inviteAt).toISOString(),
        who: `来电 ${trace.plan.from}`,
        where: '线上',
        what: `负载测试通话 #${trace.plan.seq}`,
        why: '咨询',
        how: `坐席 ${seat.agent} 受理`,
      },
      owner: seat.agent,
    });

    const dispositionFor = (trace: Trace): SeatFields => {
      const d = trace.plan.disposition;
      const now = Date.now();
      const fields: SeatFields = {disposition: d};
      if (d === 'callback') fields.callback = {kind: 'five_business_days', due: now + 5 * 86_400_000, phone: trace.plan.from, note: '', done: false};
      if (d === 'complaint') fields.complaint = {content: '负载测试投诉', against: '', callerPhone: trace.plan.from, at: now, department: '', attitude: false, status: 'open', actBy: now + 24 * 3_600_000};
      if (d === 'work_order') fields.workOrder = {id: `WO-${trace.plan.seq}`, department: '综合', summary: '', stage: 'dispatched', history: []};
      return fields;
    };

    const onMessage = (seat: Seat, m: ServerMessage) => {
      switch (m.type) {
        case 'queue': {
          if (seat.agent !== agents[0]) return; // one seat samples the queue for everyone
          queueNow = m.waiting;
          maxQueue = Math.max(maxQueue, m.waiting);
          const i = second();
          while (timeline.queue.length <= i) timeline.queue.push(0);
          timeline.queue[i] = Math.max(timeline.queue[i], m.waiting);
          // below level 1 the history before this sample no longer matters.
          if (m.waiting < policy.peak.level1Queue) samples = [];
          samples.push({atMs: m.at, queueLength: m.waiting});
          const state = peakLevel(samples, m.at, policy);
          if (state.level !== currentLevel) {
            currentLevel = state.level;
            maxLevel = Math.max(maxLevel, state.level);
            levelChanges.push({atS: round((Date.now() - t0) / 1000, 1) ?? 0, level: state.level, queue: m.waiting});
          }
          return;
        }
        case 'offered': {
          if (m.agent !== seat.agent) return;
          const trace = m.direction === 'inbound' ? traces.get(m.caller) : undefined;
          if (!trace) return;
          trace.offers++;
          if (trace.offers === 1) offered++;
          emit({at: Date.now(), kind: 'offered', from: trace.plan.from, agent: seat.agent, detail: `waited ${(m.waitedMs / 1000).toFixed(1)} s`});
          trace.callId = m.callId;
          trace.agent = seat.agent;
          trace.offerRecvAt = Date.now();
          trace.waitedMs = m.waitedMs;
          trace.offeredAt = m.offeredAt;
          byCallId.set(m.callId, trace);
          seat.callId = m.callId;
          // the agent accepts in ring N of the plan (1 after a transfer).
          const rings = trace.offers === 1 ? trace.plan.rings : 1;
          const acceptAt = m.offeredAt + (rings - 1 + trace.plan.ringFraction) * m.ringPeriodMs;
          later(seat, acceptAt - seat.session.now(), () => {
            if (seat.callId !== m.callId || trace.ended) return;
            trace.acceptSentAt = Date.now();
            if (seat.handset) farm.answer(seat.agent);
            else command('accept', seat.session.accept(m.callId), raceCodes);
          });
          return;
        }
        case 'answered': {
          if (m.agent !== seat.agent) return;
          const trace = byCallId.get(m.callId);
          if (!trace) return;
          answeredAtSeats++;
          trace.answeredBy = seat.agent;
          seat.answered++;
          ringCounts[String(m.rings)] = (ringCounts[String(m.rings)] ?? 0) + 1;
          if (m.late) lateAnswers++;
          if (m.rings <= policy.answerWithinRings) serviceWithin++;
          emit({at: Date.now(), kind: 'answered', from: trace.plan.from, agent: seat.agent, detail: `${m.rings} ring${m.rings > 1 ? 's' : ''}${m.late ? ', late (R-02)' : ''}`});
          const plan = trace.plan;
          if (plan.notes) later(seat, 300, () => annotate(seat, trace, notesFor(trace, seat)));
          if (plan.holdMs !== undefined && trace.offers === 1) {
            const holdAt = Math.min(plan.talkMs * 0.3, 2000);
            later(seat, holdAt, () => {
              if (seat.callId !== m.callId) return;
              command('hold', seat.session.hold(m.callId), raceCodes);
              later(seat, plan.holdMs!, () => {
                if (seat.callId !== m.callId) return;
                command('resume', seat.session.resume(m.callId), raceCodes);
              });
            });
          }
          const holdEnd = plan.holdMs === undefined ? 0 : Math.min(plan.talkMs * 0.3, 2000) + plan.holdMs;
          if (plan.transfer && !trace.transferred) {
            later(seat, holdEnd + plan.talkMs * 0.4, () => {
              if (seat.callId !== m.callId) return;
              trace.transferred = true;
              command('transfer', seat.session.transfer(script.agents.transferTo, m.callId), raceCodes);
            });
          } else if (plan.agentHangsUp) {
            later(seat, holdEnd + plan.talkMs * 0.7, () => {
              if (seat.callId !== m.callId) return;
              command('hangup', seat.session.hangup({}, m.callId), raceCodes);
            });
          }
          return;
        }
        case 'held':
          if (m.agent === seat.agent) holds++;
          return;
        case 'resumed':
          if (m.agent !== seat.agent) return;
          // the nudges the seat showed during this hold.
          for (const event of holdSchedule(policy, m.heldMs)) holdNudges[event.kind] = (holdNudges[event.kind] ?? 0) + 1;
          return;
        case 'transferred':
          if (m.agent === seat.agent && m.ok) transfers++;
          return;
        case 'ended': {
          if (m.agent !== seat.agent) return;
          const trace = byCallId.get(m.callId);
          if (seat.callId === m.callId) seat.callId = undefined;
          for (const timer of seat.timers) clearTimeout(timer);
          seat.timers.clear();
          if (m.reason === 'rona') {
            rona++;
            // The switch set us Not Ready (RONA): come back after a breath.
            later(seat, 500, () => command('ready', seat.session.setState('ready')));
            return;
          }
          if (!trace) return;
          if (m.by === 'agent' && m.reason === 'hangup') agentHungUpFirst++;
          const answeredHere = trace.answeredBy === seat.agent;
          if (m.reason !== 'transferred') trace.ended = true;
          if (!answeredHere || m.reason === 'abandoned') return;
          if (!trace.dispositionWritten && m.reason !== 'transferred') {
            trace.dispositionWritten = true;
            annotate(seat, trace, dispositionFor(trace));
          }
          const plan = trace.plan;
          later(seat, plan.wrapUpMs, () => {
            command('wrapup-done', seat.session.wrapupDone(), raceCodes);
            // R-23 with R-18: no breaks while the peak plan suspends them.
            if (plan.breakMs !== undefined && currentLevel < policy.breaks.suspendAtPeakLevel) {
              later(seat, 100, () => {
                if (seat.callId) return;
                breaks++;
                command('break', seat.session.setState('break'));
                later(seat, plan.breakMs!, () => command('ready', seat.session.setState('ready')));
              });
            }
          });
          return;
        }
        default:
          return;
      }
    };

    log(`signing in ${seatCount} seats…`);
    const seatList: Seat[] = agents.map(agent => {
      const session = new SeatSession({hubUrl, agent, pin: DEMO_PIN, pingMs: 0, commandTimeoutMs: 10_000});
      const seat: Seat = {agent, session, timers: new Set(), answered: 0, handset: false};
      session.on('message', message => onMessage(seat, message));
      session.on('invalid', what => fail(`control: ${what}`));
      seatsByAgent.set(agent, seat);
      return seat;
    });
    cleanups.push(() => {
      for (const seat of seatList) {
        for (const timer of seat.timers) clearTimeout(timer);
        seat.session.stop();
      }
    });
    await pool(seatList, 32, async seat => {
      const profile = await seat.session.start();
      seat.handset = profile.phoneMode === 'handset';
    });
    // Open every replica now (sign-in), so the first write does not pay the handshake.
    // A hub without /sync (or refusing us) is reported, not fatal: the records then count as lost.
    const team = seatList[0]?.session.state.profile?.team ?? 'a';
    // Every y-websocket provider adds a process 'exit' listener (3 per store + the observer):
    // many on purpose, not a leak.
    const providers = Math.ceil(seatList.length / script.run.seatsPerSyncClient) * 3 + 1;
    process.setMaxListeners(Math.max(process.getMaxListeners(), providers + 10));
    for (let i = 0; i < seatList.length; i += script.run.seatsPerSyncClient) {
      const first = seatList[i];
      const store = await SeatStore.open({
        dir: path.join(storeDir, `group-${first.agent}`), team, day, hubUrl: `${hubUrl}/sync`,
        credentials: {agent: first.agent, pin: DEMO_PIN}, onIssue: issue => log(`sync issue: ${JSON.stringify(issue)}`),
      });
      stores.push(store);
      for (const seat of seatList.slice(i, i + script.run.seatsPerSyncClient)) seat.store = store;
    }
    const observer = new SyncClient({hubUrl, doc: docName(team), agent: '9001', pin: DEMO_PIN});
    cleanups.push(() => observer.close());
    const synced = await Promise.allSettled([observer.whenSynced(8000), ...stores.map(store => store.whenSynced(8000))]);
    const syncOk = synced.every(r => r.status === 'fulfilled');
    for (const [i, result] of synced.entries()) {
      if (result.status === 'fulfilled') continue;
      fail(i === 0 ? 'sync: the lead replica never synced' : 'sync: a seat replica never synced');
      log(`sync: ${(result.reason as Error).message}`);
    }
    observer.log.observe(change => {
      const now = Date.now();
      for (const callId of change.callIds) {
        const list = pendingWrites.get(callId);
        if (!list) continue;
        const editedAt = observer.log.get(callId)?.seat.editedAt ?? -1;
        const left = list.filter(w => {
          if (w.at > editedAt) return true;
          syncLatencies.push(now - w.local);
          return false;
        });
        if (left.length === 0) pendingWrites.delete(callId);
        else pendingWrites.set(callId, left);
      }
    });

    // Phone INVITEs complete the offer-latency measurement.
    farm.on('invite', ({user, at}) => {
      const seat = seatsByAgent.get(user);
      const trace = seat?.callId ? byCallId.get(seat.callId) : undefined;
      if (!trace || trace.offers !== 1 || trace.offerLatencyMs !== undefined || trace.offerRecvAt === undefined) return;
      // System time only: caller INVITE → offer at the seat less the time queued for a free
      // agent, plus accept → phone INVITE (auto-answer). Queueing and the agent's scripted
      // ring time are the floor's, not the switch's.
      const queued = trace.waitedMs ?? 0;
      const autoAnswer = trace.acceptSentAt !== undefined && !seat!.handset;
      const latency = autoAnswer
        ? (trace.offerRecvAt - trace.inviteAt - queued) + (at - trace.acceptSentAt!)
        : at - trace.inviteAt - queued;
      toSeat.push(trace.offerRecvAt - trace.inviteAt - queued);
      if (autoAnswer) toPhone.push(at - trace.acceptSentAt!);
      trace.offerLatencyMs = latency;
      offerLatencies.push(latency);
    });

    await pool(seatList, 64, async seat => {
      await seat.session.setState('ready');
    });

    // ── callers ─────────────────────────────────────────────────────────────────────
    const callers = await CallerSim.start({server: sipAddress, serviceNumber: '12345'});
    cleanups.push(() => callers.close());
    const planner = new Planner(script);
    const results: Array<Promise<void>> = [];
    let placed = 0;
    let answered = 0;
    let abandoned = 0;
    let cutAtEnd = 0;
    let failedCalls = 0;
    const waits: number[] = [];
    const talks: number[] = [];
    const callFailures: Record<string, number> = {};

    const progress = setInterval(() => {
      for (const t of trackers) t.sample();
      const elapsed = (Date.now() - t0) / 1000;
      const recent = timeline.placed.slice(-6, -1);
      const cps = recent.length > 0 ? recent.reduce((a, b) => a + b, 0) / recent.length : 0;
      options.onProgress?.(`${elapsed.toFixed(0).padStart(4)} s  calls ${placed} (answered ${answeredAtSeats}, abandoned ${abandoned}, failed ${failedCalls + Object.values(failures).reduce((a, b) => a + b, 0)})  ${cps.toFixed(1)} cps  queue ${queueNow}  peak L${currentLevel}  in progress ${callers.active}`);
    }, 1000);
    cleanups.push(() => clearInterval(progress));

    log(`placing calls for ${durationS} s…`);
    const runStart = Date.now();
    const runEnd = runStart + durationS * 1000;
    let nextAt = runStart;
    let burst = Math.max(0, Math.floor(options.initialBurst ?? 0));
    while (placed < script.run.maxCalls && !options.signal?.aborted) {
      const now = Date.now();
      if (now >= runEnd) break;
      if (burst > 0) {
        burst--;
      } else {
        if (nextAt > now) {
          // Short naps, so a stop (Ctrl+C, the demo's seat quitting) is seen at once.
          await sleep(Math.min(nextAt - now, runEnd - now, 200));
          continue;
        }
        const cps = rateAt(script.callers.arrival, rate, (nextAt - runStart) / 1000, durationS);
        nextAt += nextGap(script.callers.arrival, cps, planner.random) * 1000;
        if (cps <= 0) continue;
      }
      const plan = planner.next();
      const trace: Trace = {plan, inviteAt: Date.now(), offers: 0, answered: false, transferred: false, ended: false, dispositionWritten: false};
      traces.set(plan.from, trace);
      placed++;
      bump(timeline.placed, second());
      emit({at: Date.now(), kind: 'placed', from: plan.from});
      // The caller waits out the hold as well as talking.
      const talkMs = plan.talkMs + (plan.holdMs ?? 0) + 500;
      results.push(callers.call({from: plan.from, talkMs, patienceMs: plan.patienceMs}).then(result => {
        trace.result = result;
        trace.inviteAt = result.inviteAt;
        if (result.answeredAt !== undefined) {
          trace.answered = true;
          answered++;
          waits.push(result.answeredAt - result.inviteAt);
          talks.push(result.endedAt - result.answeredAt);
          bump(timeline.answered, Math.floor((result.answeredAt - t0) / 1000));
        }
        // A caller still queued when the run stopped did not give up: count it apart.
        if (result.outcome === 'abandoned' && result.forced) cutAtEnd++;
        else if (result.outcome === 'abandoned') abandoned++;
        const agent = trace.answeredBy ?? (trace.agent && trace.offers > 0 ? trace.agent : undefined);
        if (result.outcome === 'completed') emit({at: result.endedAt, kind: 'ended', from: plan.from, ...(agent ? {agent} : {}), detail: `talked ${(((result.endedAt - (result.answeredAt ?? result.endedAt)) / 1000)).toFixed(0)} s, ${result.endedBy === 'switch' ? 'agent' : 'caller'} hung up first`});
        else emit({at: result.endedAt, kind: result.outcome === 'abandoned' ? 'abandoned' : 'failed', from: plan.from, detail: result.outcome === 'abandoned' ? `gave up after ${((result.endedAt - result.inviteAt) / 1000).toFixed(0)} s` : `${result.status ?? ''} ${result.reason ?? ''}`.trim()});
        if (result.outcome === 'failed' || result.outcome === 'rejected') {
          failedCalls++;
          const key = `${result.outcome} ${result.status ?? ''} ${result.reason ?? ''}`.trim();
          callFailures[key] = (callFailures[key] ?? 0) + 1;
        }
      }));
    }

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
    if (syncOk) await until(() => pendingWrites.size === 0, settleMs(15_000), 50);
    // Records: every call placed must be in the hub with the switch's facts.
    const callers_ = new Set(traces.keys());
    const inHub = new Set<string>();
    const countRecords = () => {
      inHub.clear();
      for (const record of observer.log.list()) {
        if (record.facts && callers_.has(record.facts.caller)) inHub.add(record.facts.caller);
      }
      return inHub.size;
    };
    if (syncOk) await until(() => countRecords() >= placed, settleMs(10_000), 100);
    countRecords();
    for (const t of trackers) t.sample();
    clearInterval(progress);

    const lostAnnotations = [...pendingWrites.values()].reduce((sum, list) => sum + list.length, 0);
    const lostRecords = placed - inHub.size;
    const perSeat = seatList.map(s => s.answered);
    const sipCounters: Record<string, number> = {};
    for (const [k, v] of Object.entries(farm.endpoint.counters)) sipCounters[`phones.${k}`] = v;
    for (const [k, v] of Object.entries(callers.endpoint.counters)) sipCounters[`callers.${k}`] = v;
    sipCounters['phones.failures'] = farm.counters.failures;
    // Failed = calls that failed + phone-side failures + seat commands/messages that failed.
    const seatFailures = Object.values(failures).reduce((sum, v) => sum + v, 0);
    const failed = failedCalls + farm.counters.failures + seatFailures;
    for (const f of farm.failures.slice(0, 20)) failures[`phone ${f.user}: ${f.what}`] = (failures[`phone ${f.user}: ${f.what}`] ?? 0) + 1;
    for (const [k, v] of Object.entries(callFailures)) failures[k] = (failures[k] ?? 0) + v;
    const patternName = script.callers.arrival.pattern;

    // Capacity figures: handle time = talk (with holds) + scripted wrap-up; offered load in
    // erlangs = arrivals per second × handle time; occupancy = handled seat-time / seat-time.
    const wraps = [...traces.values()].filter(t => t.answeredBy).map(t => t.plan.wrapUpMs);
    const ahtMs = talks.length > 0 ? (mean(talks) ?? 0) + (mean(wraps) ?? 0) : undefined;
    const runS = Math.max(1, (Date.now() - t0) / 1000);
    const handledMs = talks.reduce((a, b) => a + b, 0) + wraps.reduce((a, b) => a + b, 0);
    const report: LoadReport = {
      version: 1,
      startedAt: startedAt.toISOString(),
      seats: seatCount,
      rateCps: rate,
      durationS,
      wallS: (Date.now() - t0) / 1000,
      pattern: patternName,
      server: serverName,
      callsPlaced: placed,
      offered,
      answered,
      abandoned,
      failed,
      failures,
      cutAtEnd,
      answerRate: placed - cutAtEnd > 0 ? round(answered / (placed - cutAtEnd), 4) : undefined,
      abandonRate: placed - cutAtEnd > 0 ? round(abandoned / (placed - cutAtEnd), 4) : undefined,
      serviceLevel: answeredAtSeats > 0 ? round(serviceWithin / answeredAtSeats, 4) : undefined,
      asaMs: round(mean(waits), 0),
      ahtMs: round(ahtMs, 0),
      offeredErlangs: ahtMs === undefined ? undefined : round((placed / durationS) * (ahtMs / 1000), 1),
      occupancy: round(handledMs / (seatCount * runS * 1000), 3),
      waitP50Ms: percentile(waits, 50),
      waitP90Ms: percentile(waits, 90),
      waitP99Ms: percentile(waits, 99),
      offerP50Ms: percentile(offerLatencies, 50),
      offerP95Ms: percentile(offerLatencies, 95),
      offerP99Ms: percentile(offerLatencies, 99),
      offerSamples: offerLatencies.length,
      offerToSeatP99Ms: percentile(toSeat, 99),
      acceptToPhoneP99Ms: percentile(toPhone, 99),
      ringCounts,
      lateAnswers,
      rona,
      holds,
      holdNudges,
      transfers,
      agentHungUpFirst,
      breaks,
      peakLevelChanges: levelChanges,
      peakLevelMax: maxLevel,
      maxQueue,
      syncP50Ms: percentile(syncLatencies, 50),
      syncP99Ms: percentile(syncLatencies, 99),
      syncSamples: syncLatencies.length,
      notesWritten,
      recordsInHub: inHub.size,
      lost: lostRecords + lostAnnotations,
      lostRecords,
      lostAnnotations,
      callsPerSeat: {min: Math.min(...perSeat), max: Math.max(...perSeat), seatsWithCalls: perSeat.filter(n => n > 0).length},
      sip: {...sipCounters, 'seats.commands': commandsSent},
      processes: trackers.map(t => {
        const lag = lagOf.get(t.name)?.();
        return {...t.usage(), ...(lag ? {eventLoopP99Ms: round(lag.p99, 1) ?? 0, eventLoopMaxMs: round(lag.max, 1) ?? 0} : {})};
      }),
      timeline,
    };
    return report;
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
