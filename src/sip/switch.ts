// The switch: a drachtio-srf application. It takes SIP requests (REGISTER → register-handler.ts,
// caller INVITEs → the B2BUA in b2bua/), runs the seats' control-channel commands (control.ts)
// against the ACD (acd/) and the B2BUA, and turns ACD events into SIP actions and messages for
// the seats (`subscribe`). Every call's facts go to a CallFactsSink (the day's call log).
import path from 'node:path';
import Srf from 'drachtio-srf';
import type {AgentConfig, ZuoxiConfig} from '../config.ts';
import type {PeakState} from '../rules/peak.ts';
import {queuePolicy} from '../rules/queue-policy.ts';
import {dayKey} from '../sync/doc-name.ts';
import type {CallFacts} from '../sync/schema.ts';
import {Acd, AcdError, type AcdEvent} from './acd/acd.ts';
import {B2bua} from './b2bua/b2bua.ts';
import type {CallFactsLookup, CallFactsSink} from './facts-sink.ts';
import {MediaFacts} from './media-facts.ts';
import type {MediaPort} from './media-port.ts';
import {PeakWatch} from './peak-watch.ts';
import {QueueControls, type QueueControlFact} from './queue-control.ts';
import {recordingFor} from './recording-access.ts';
import type {Command, QueueStats, SelectableState, ServerMessage} from './protocol.ts';
import {InviteGuard} from './invite-guard.ts';
import {RegisterHandler} from './register-handler.ts';
import {Registrar} from './registrar.ts';
import {SwitchError} from './switch-error.ts';

export type SwitchOptions = {
  readonly config: ZuoxiConfig;
  readonly sink: CallFactsSink;
  /** Clock (epoch ms); tests may inject one. */
  readonly now?: () => number;
  /** host[:port] of the gateway for outside numbers (transfer to a number, callbacks). */
  readonly trunk?: string;
  readonly seatGraceMs?: number;
  readonly log?: (entry: Record<string, unknown>) => void;
  /** Media through the center (server/media: rtpengine); default signalling only. */
  readonly media?: MediaPort;
  /** The WAV a queue's rule plays to a caller it lets go (server/media: out-of-hours), if any. */
  readonly announcement?: (queue: string, reason: 'max-wait' | 'full' | 'no-agents' | 'closed') => string | undefined;
  /** Where recording review finds a call's record (default: the sink, when it can read back). */
  readonly lookup?: CallFactsLookup;
};

type Listener = (message: ServerMessage) => void;

/** How long after an R-18 level takes effect the switch starts refusing (the seats hear of it first). */
const PEAK_NOTICE_MS = 2000;

export class Switch {
  readonly acd: Acd;
  readonly registrar: Registrar;
  readonly config: ZuoxiConfig;
  readonly #sink: CallFactsSink;
  readonly #now: () => number;
  readonly #log: (entry: Record<string, unknown>) => void;
  readonly #agents = new Map<string, AgentConfig>();
  readonly #queueByNumber = new Map<string, string>();
  readonly #listeners = new Set<Listener>();
  readonly #register: RegisterHandler;
  readonly #invites: InviteGuard;
  readonly #b2bua: B2bua;
  /** the center's one record of the queue over time. */
  readonly #peak: PeakWatch;
  #timer?: NodeJS.Timeout;
  #timerAt = Infinity;
  #queueTimer?: NodeJS.Timeout;
  #closed = false;
  /** Recordings and listen-ins, carried by every facts write. */
  readonly #mediaFacts: MediaFacts;
  readonly #media?: MediaPort;
  readonly #lookup?: CallFactsLookup;
  readonly #queueControls: QueueControls;

  constructor(options: SwitchOptions) {
    const {config} = options;
    this.config = config;
    this.#sink = options.sink;
    this.#now = options.now ?? Date.now;
    this.#log = options.log ?? (() => {});
    if (options.media) this.#media = options.media;
    const lookup = options.lookup ?? ('find' in options.sink ? options.sink as CallFactsSink & CallFactsLookup : undefined);
    if (lookup) this.#lookup = lookup;
    const byPhoneUser = new Map<string, AgentConfig>();
    for (const a of config.agents) {
      this.#agents.set(a.id, a);
      byPhoneUser.set(a.phone.user, a);
    }
    for (const q of config.queues) this.#queueByNumber.set(q.number, q.id);
    this.acd = new Acd({
      agents: config.agents.map(a => ({id: a.id, name: a.name, team: a.team, skills: a.skills})),
      queues: config.queues.map(q => ({id: q.id, name: q.name, team: q.team, priority: q.priority, policy: queuePolicy(config.policy.queueing, q.id), ...(q.skill ? {skill: q.skill} : {})})),
      policy: config.policy,
      dayKey: ms => dayKey(ms, config.center.timeZone),
      ...(options.seatGraceMs === undefined ? {} : {seatGraceMs: options.seatGraceMs}),
    }, this.#now());
    this.acd.on(event => this.#onAcd(event));
    this.registrar = new Registrar(path.join(config.dataDir, 'registrations.json'), (user, registered) => {
      const agent = byPhoneUser.get(user);
      if (agent) this.acd.phoneRegistered(agent.id, registered, this.#now());
    }, {maxBindings: config.policy.registrar.maxBindingsPerUser});
    this.#register = new RegisterHandler({
      realm: config.center.realm, registrar: this.registrar, limits: config.policy.registrar, now: this.#now, log: this.#log,
      ha1Of: user => byPhoneUser.get(user)?.phone.ha1,
    });
    this.#invites = new InviteGuard(config.policy.registrar, this.#log);
    this.#b2bua = new B2bua({
      config, acd: this.acd, now: this.#now, log: this.#log,
      ...(options.trunk ? {trunk: options.trunk} : {}),
      ...(options.media ? {media: options.media} : {}),
      ...(options.announcement ? {announcement: options.announcement} : {}),
      contactOf: user => this.registrar.contacts(user, this.#now())[0],
      recorded: (callId, outcome) => this.#mediaFacts.recorded(callId, outcome),
      listened: (callId, lead, at, ms) => this.#listened(callId, lead, at, ms),
      played: (callId, lead, on) => this.#emit({type: 'playback', callId, lead, on, at: this.#now()}),
    });
    this.#mediaFacts = new MediaFacts({write: facts => this.#write(facts), tracked: callId => this.acd.call(callId)?.facts, log: this.#log});
    this.#peak = new PeakWatch(config.policy, this.#now, () => this.#emit(this.queueStats()));
    this.#queueControls = new QueueControls(config, this.acd, ms => dayKey(ms, config.center.timeZone));
  }

  /** New INVITEs refused so far: over a source's rate (503), from outside the trunk sources (403). */
  get invitesRefused(): {readonly rate: number; readonly source: number} {
    return this.#invites.refused;
  }

  /** Offer latency figures for the benchmark: caller INVITE → agent INVITE sent (ms). */
  get offerLatencies(): number[] {
    return this.#b2bua.offerLatencies;
  }

  /** Load saved registrations and take SIP requests from `srf` (already connected). */
  async start(srf: Srf): Promise<void> {
    const loaded = await this.registrar.load(this.#now());
    if (loaded.problem) this.#log({level: 'warn', msg: loaded.problem});
    this.#b2bua.start(srf);
    // srf generates a method per SIP verb; its typings only declare invite().
    const verbs = srf as unknown as Record<'register' | 'options', (handler: (req: Srf.SrfRequest, res: Srf.SrfResponse) => void) => void>;
    verbs.register((req, res) => this.#guard(() => this.#register.handle(req, res), res));
    srf.invite((req, res) => this.#guard(() => this.#onInvite(req, res), res));
    verbs.options((_req, res) => res.send(200));
    this.#register.start();
    this.#schedule();
  }

  agent(id: string): AgentConfig | undefined {
    return this.#agents.get(id);
  }

  /** Events for seats and supervisors (control.ts filters and masks per audience). */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  queueStats(): QueueStats {
    const peak = this.#peak.status();
    const media = this.#media?.status ?? {anchored: false, why: 'recordings off: no media engine'};
    return {...this.acd.queueStats(this.#now()), peakLevel: peak.level, peak, media: {anchored: media.anchored, ...(media.why ? {why: media.why} : {})}};
  }

  now(): number {
    return this.#now();
  }

  /** `resume`: the state the seat had before it lost the switch (hello), under R-18 as a set-state is. */
  seatConnected(agentId: string, connected: boolean, resume?: {readonly state: SelectableState; readonly reason?: string}): void {
    const now = this.#now();
    const allowed = resume && !this.#peak.breaksSuspended(resume.state, 0) ? resume : undefined;
    this.acd.seatConnected(agentId, connected, now, allowed);
  }

  /** Run a seat's command. Throws SwitchError/AcdError (code + message) without changing state. */
  async command(agentId: string, command: Command): Promise<void> {
    const now = this.#now();
    switch (command.type) {
      case 'ping':
        return;
      case 'set-state': {
        // R-23 with R-18: no breaks or meals while the peak plan suspends them — once the seats
        // have had a moment to hear of the level (queue message), so no request races it.
        if (this.#peak.breaksSuspended(command.state, PEAK_NOTICE_MS)) {
          const peak = this.peak();
          throw new SwitchError('peak', `R-18 peak level ${peak.level} (queue ${peak.queueLength}): breaks and meals are suspended (R-23)`);
        }
        this.acd.setState(agentId, command.state, command.reason, now);
        return;
      }
      case 'wrapup-done':
        this.acd.wrapupDone(agentId, now);
        return;
      case 'sign-out':
        this.acd.signOut(agentId, now);
        return;
      case 'accept': {
        const mode = this.#agents.get(agentId)?.phone.mode ?? 'auto-answer';
        const call = this.acd.call(command.callId);
        if (call?.facts.direction === 'outbound') throw new SwitchError('bad-state', 'a callback is answered on your phone');
        if (mode === 'handset') {
          // The phone is already ringing; the seat cannot pick it up.
          if (!call || call.phase !== 'offered' || call.agent !== agentId) throw new SwitchError('not-offered', `call ${command.callId} is not offered to you`);
          throw new SwitchError('handset', 'handset mode: answer the call on your phone');
        }
        this.acd.accept(agentId, command.callId, now);
        this.#b2bua.dialAgent(command.callId, agentId, true);
        return;
      }
      case 'hold':
      case 'resume':
        await this.#b2bua.hold(agentId, command.callId, command.type === 'hold');
        return;
      case 'transfer':
        await this.#b2bua.transfer(agentId, command.callId, command.target);
        return;
      case 'hangup':
        this.#b2bua.hangup(agentId, command.callId, command.silent ?? false);
        return;
      case 'listen':
        return this.listen(agentId, command.callId, command.on);
      case 'play-recording': {
        const lead = this.#agents.get(agentId);
        if (!command.on && lead?.role === 'lead') return this.#b2bua.playback(lead, command.callId);
        const {file} = await recordingFor(this.config, this.#lookup, lead, command.callId, command.day);
        return this.#b2bua.playback(lead!, command.callId, file);
      }
      case 'queue-control':
        return this.#queueControl(agentId, command);
      case 'callback': {
        const refused = this.#peak.callbackRefusal(this.acd.agentsOnOutbound(agentId), PEAK_NOTICE_MS);
        if (refused) throw new SwitchError('peak', refused);
        await this.#b2bua.callback(agentId, command.number);
        return;
      }
    }
  }

  /** the peak-plan level now, from the queue length over the last sustain period (with R-17 when one is declared now). */
  peak(): PeakState {
    return this.#peak.state();
  }

  /** R-24 live listen-in by a team lead (their phone rings with both parties), or its end. */
  listen(leadId: string, callId: string, on = true): Promise<void> {
    return this.#b2bua.listen(leadId, callId, on);
  }

  /** Today's queue controls by `team`'s leads (a lead console connecting shows them). */
  queueControls(team: string): QueueControlFact[] {
    return this.#queueControls.today(team, this.#now());
  }

  /** A lead's queue control: a fact for the leads and the log; a refusal is logged as a warning. */
  #queueControl(leadId: string, command: Extract<Command, {type: 'queue-control'}>): void {
    const {type: _type, id: _id, ...asked} = command;
    try {
      const fact = this.#queueControls.apply(this.#agents.get(leadId), command, this.#now());
      this.#log({level: 'info', msg: 'queue control', ...fact});
      this.#emit(fact);
    } catch (error) {
      const code = (error as {code?: unknown}).code;
      this.#log({level: 'warn', msg: 'queue control refused', lead: leadId, ...asked, code, error: (error as Error).message});
      throw error;
    }
  }

  /** Calls with SIP legs still tracked (0 when idle: nothing leaks). */
  legCount(): number {
    return this.#b2bua.legCount();
  }

  /** Prometheus text for /metrics: queue, calls, seats, phones, offer latency. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#queueTimer);
    this.#peak.close();
    this.#register.close();
    this.#b2bua.close();
    await this.registrar.flush();
  }

  /** A caller's INVITE: to the queue its number names, else 404; a flood or a foreign source refused first. */
  #onInvite(req: Srf.SrfRequest, res: Srf.SrfResponse): void {
    const uri = Srf.parseUri(req.uri);
    const queueId = uri?.user ? this.#queueByNumber.get(uri.user) : undefined;
    if (!this.#invites.admit(req, res, queueId !== undefined, address => this.registrar.hasSource(address, this.#now()), this.#now())) return;
    if (!queueId) {
      res.send(404, 'Not Found', {headers: {'Warning': `399 zuoxi "no queue for ${uri?.user ?? req.uri}"`}});
      return;
    }
    this.#b2bua.invite(req, res, queueId);
  }

  // ── ACD events → SIP actions and control messages ──────────────────────
  #onAcd(event: AcdEvent): void {
    switch (event.type) {
      case 'offer': {
        const agent = this.#agents.get(event.agent);
        this.#emit({type: 'offered', callId: event.callId, agent: event.agent, caller: event.caller, queue: event.queue, offeredAt: event.offeredAt, waitedMs: event.waitedMs, ringPeriodMs: this.config.policy.ringPeriodSeconds * 1000, direction: event.direction});
        // Handset phones ring at the offer; auto-answer phones are called when the seat accepts.
        if (event.direction === 'inbound' && agent?.phone.mode === 'handset') setImmediate(() => this.#b2bua.dialAgent(event.callId, event.agent, false));
        break;
      }
      case 'rona':
      case 'withdrawn':
        this.#b2bua.withdraw(event.callId);
        break;
      case 'refused':
        this.#b2bua.refuse(event);
        break;
      case 'facts':
        this.#mediaFacts.facts(event.facts);
        break;
      case 'queue':
        this.#peak.sample(this.acd.queueStats(this.#now()).waiting);
        this.#queueChanged();
        break;
      case 'ring':
      case 'answered':
      case 'held':
      case 'resumed':
      case 'transferred':
      case 'ended':
      case 'seat':
        this.#emit(event);
        break;
    }
    this.#schedule();
  }

  #write(facts: CallFacts): void {
    try {
      this.#sink.write(facts);
    } catch (error) {
      this.#log({level: 'error', msg: 'call facts not recorded', callId: facts.callId, error: String((error as Error).message)});
    }
  }

  /** leads see a listen-in begin and end; its end is a fact of the call (R-25 live quota). */
  #listened(callId: string, lead: string, at: number, ms?: number): void {
    const target = this.acd.call(callId)?.facts.agent;
    this.#emit({type: 'listening', callId, lead, ...(target ? {target} : {}), on: ms === undefined, at, ...(ms === undefined ? {} : {ms})});
    if (ms !== undefined) this.#mediaFacts.listened(callId, {lead, at, ms});
  }

  /** Queue stats go out at most every 200 ms: a burst of arrivals is one message. */
  #queueChanged(): void {
    if (this.#queueTimer || this.#closed) return;
    this.#queueTimer = setTimeout(() => {
      this.#queueTimer = undefined;
      this.#emit(this.queueStats());
    }, 200);
    this.#queueTimer.unref();
  }

  #schedule(): void {
    if (this.#closed) return;
    const next = this.acd.nextDeadline();
    if (next === undefined) {
      clearTimeout(this.#timer);
      this.#timerAt = Infinity;
      return;
    }
    if (next >= this.#timerAt && this.#timer) return;
    clearTimeout(this.#timer);
    this.#timerAt = next;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      this.acd.tick(this.#now());
      this.#schedule();
    }, Math.max(0, next - this.#now()));
  }

  #emit(message: ServerMessage): void {
    for (const listener of this.#listeners) {
      try {
        listener(message);
      } catch (error) {
        this.#log({level: 'error', msg: 'listener failed', error: String((error as Error).message)});
      }
    }
  }

  #guard(fn: () => void, res: Srf.SrfResponse): void {
    try {
      fn();
    } catch (error) {
      this.#log({level: 'error', msg: 'request failed', error: String((error as Error).stack)});
      if (!res.finalResponseSent) {
        try {
          res.send(500);
        } catch {}
      }
    }
  }
}

export {AcdError, SwitchError};
