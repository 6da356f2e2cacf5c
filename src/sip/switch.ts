// The switch: a drachtio-srf application. Registrar (REGISTER + digest against the config's HA1),
// queues and ACD (acd.ts), and the B2BUA call legs: caller ⇄ switch ⇄ agent phone, SDP passed
// through. Seats drive it with control-channel commands (control.ts); it tells them what happens
// through `subscribe`. Every call's facts go to a CallFactsSink (the day's call log).
import crypto from 'node:crypto';
import path from 'node:path';
import Srf from 'drachtio-srf';
import type {AgentConfig, ZuoxiConfig} from '../config.ts';
import {outboundAllowed, peakLevel, predictablePeakAt, type PeakState, type QueueSample} from '../rules/peak.ts';
import {dayKey} from '../sync/doc-name.ts';
import {Acd, AcdError, type AcdEvent} from './acd.ts';
import {DigestAuth} from './digest.ts';
import type {CallFactsSink} from './facts-sink.ts';
import type {Command, QueueStats, ServerMessage, TransferTarget} from './protocol.ts';
import {Registrar} from './registrar.ts';
import {sdpVersion, withDirection} from './sdp.ts';

export type SwitchOptions = {
  readonly config: ZuoxiConfig;
  readonly sink: CallFactsSink;
  /** Clock (epoch ms); tests may inject one. */
  readonly now?: () => number;
  /** host[:port] of the gateway for outside numbers (transfer to a number, callbacks). */
  readonly trunk?: string;
  readonly seatGraceMs?: number;
  readonly log?: (entry: Record<string, unknown>) => void;
};

export class SwitchError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'SwitchError';
  }
}

type Legs = {
  readonly callId: string;
  /** The caller's INVITE, until answered. */
  req?: Srf.SrfRequest;
  res?: Srf.SrfResponse;
  /** Caller dialog (after answer). */
  uas?: Srf.Dialog;
  /** Agent phone dialog. */
  uac?: Srf.Dialog;
  /** The pending INVITE to the agent phone, for CANCEL. */
  uacReq?: Srf.SrfRequest;
  /** Which dial attempt is current: a late answer of an older attempt is hung up. */
  attempt: number;
  /** The caller's SDP (offer), sent to whichever phone takes the call. */
  callerSdp: string;
  /** The SDP the caller sees from us (the agent phone's answer), and its o= version. */
  answerSdp?: string;
  version: number;
  ended: boolean;
  /** A re-INVITE or transfer in flight: a second one would collide (glare), so it is refused. */
  busy?: string;
};

type Listener = (message: ServerMessage) => void;

/** BYE a dialog; a dialog the far end already ended is no error worth more than a shrug. */
function hangUp(dialog: Srf.Dialog): void {
  try {
    const done = dialog.destroy() as unknown;
    if (done && typeof (done as Promise<unknown>).catch === 'function') (done as Promise<unknown>).catch(() => {});
  } catch {}
}

/** How long after an R-18 level takes effect the switch starts refusing (the seats hear of it first). */
const PEAK_NOTICE_MS = 2000;

/** Fields of the SIP Call-Info header that make a headset softphone answer by itself. */
const autoAnswerInfo = (host: string) => `<sip:${host}>;answer-after=0`;

export class Switch {
  readonly acd: Acd;
  readonly registrar: Registrar;
  readonly config: ZuoxiConfig;
  readonly #sink: CallFactsSink;
  readonly #now: () => number;
  readonly #log: (entry: Record<string, unknown>) => void;
  readonly #trunk?: string;
  readonly #digest: DigestAuth;
  readonly #agents = new Map<string, AgentConfig>();
  readonly #byPhoneUser = new Map<string, AgentConfig>();
  readonly #queueByNumber = new Map<string, string>();
  readonly #legs = new Map<string, Legs>();
  readonly #listeners = new Set<Listener>();
  #srf?: Srf;
  #timer?: NodeJS.Timeout;
  #timerAt = Infinity;
  #sweepTimer?: NodeJS.Timeout;
  #queueTimer?: NodeJS.Timeout;
  #closed = false;
  /** queue length over time (a sample holds until the next one). */
  readonly #queueSamples: QueueSample[] = [];
  #peakLevel = 0;
  #peakTimer?: NodeJS.Timeout;
  /** Offer latency figures for the benchmark: caller INVITE → agent INVITE sent. */
  readonly offerLatencies: number[] = [];
  readonly #arrivedHr = new Map<string, bigint>();

  constructor(options: SwitchOptions) {
    const {config} = options;
    this.config = config;
    this.#sink = options.sink;
    this.#now = options.now ?? Date.now;
    this.#log = options.log ?? (() => {});
    this.#trunk = options.trunk;
    this.#digest = new DigestAuth(config.center.realm);
    for (const a of config.agents) {
      this.#agents.set(a.id, a);
      this.#byPhoneUser.set(a.phone.user, a);
    }
    for (const q of config.queues) this.#queueByNumber.set(q.number, q.id);
    this.acd = new Acd({
      agents: config.agents.map(a => ({id: a.id, name: a.name, team: a.team, skills: a.skills})),
      queues: config.queues.map(q => ({id: q.id, name: q.name, team: q.team, priority: q.priority, ...(q.skill ? {skill: q.skill} : {})})),
      policy: config.policy,
      dayKey: ms => dayKey(ms, config.center.timeZone),
      ...(options.seatGraceMs === undefined ? {} : {seatGraceMs: options.seatGraceMs}),
    }, this.#now());
    this.acd.on(event => this.#onAcd(event));
    this.registrar = new Registrar(path.join(config.dataDir, 'registrations.json'), (user, registered) => {
      const agent = this.#byPhoneUser.get(user);
      if (agent) this.acd.phoneRegistered(agent.id, registered, this.#now());
    });
  }

  /** Load saved registrations and take SIP requests from `srf` (already connected). */
  async start(srf: Srf): Promise<void> {
    const loaded = await this.registrar.load(this.#now());
    if (loaded.problem) this.#log({level: 'warn', msg: loaded.problem});
    this.#srf = srf;
    // srf generates a method per SIP verb; its typings only declare invite().
    const verbs = srf as unknown as Record<'register' | 'options', (handler: (req: Srf.SrfRequest, res: Srf.SrfResponse) => void) => void>;
    verbs.register((req, res) => this.#guard(() => this.#onRegister(req, res), res));
    srf.invite((req, res) => this.#guard(() => this.#onInvite(req, res), res));
    verbs.options((_req, res) => res.send(200));
    this.#scheduleSweep();
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
    return {...this.acd.queueStats(this.#now()), peakLevel: this.peak().level};
  }

  now(): number {
    return this.#now();
  }

  seatConnected(agentId: string, connected: boolean): void {
    this.acd.seatConnected(agentId, connected, this.#now());
  }

  /** Run a seat's command. Throws SwitchError/AcdError (code + message) without changing state. */
  async command(agentId: string, command: Command): Promise<void> {
    const now = this.#now();
    switch (command.type) {
      case 'ping':
        return;
      case 'set-state': {
        const peak = this.peak();
        // R-23 with R-18: no breaks or meals while the peak plan suspends them — once the seats
        // have had a moment to hear of the level (queue message), so no request races it.
        if ((command.state === 'break' || command.state === 'meal') && peak.level >= this.config.policy.breaks.suspendAtPeakLevel && now - (peak.sinceMs ?? now) >= PEAK_NOTICE_MS) {
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
        this.#dialAgent(command.callId, agentId, true);
        return;
      }
      case 'hold':
      case 'resume': {
        const legs = this.#bridgedLegs(agentId, command.callId);
        const hold = command.type === 'hold';
        const seat = this.acd.snapshot(agentId);
        if (hold === (seat.holdSince !== undefined)) throw new SwitchError('bad-state', hold ? 'call is already on hold' : 'call is not on hold');
        if (!legs.uas || !legs.answerSdp) throw new SwitchError('bad-state', 'caller leg not connected');
        if (legs.busy) throw new SwitchError('busy', `call ${command.callId} is busy: ${legs.busy} in progress`);
        // the far end hears hold as a=sendonly, resume as a=sendrecv.
        legs.version++;
        const sdp = withDirection(legs.answerSdp, hold ? 'sendonly' : 'sendrecv', legs.version);
        legs.busy = command.type;
        try {
          await legs.uas.modify(sdp);
        } catch (error) {
          throw new SwitchError('sip-failed', `${hold ? 'hold' : 'resume'} re-INVITE failed: ${(error as Error).message}`);
        } finally {
          legs.busy = undefined;
        }
        if (hold) this.acd.hold(agentId, command.callId, this.#now());
        else this.acd.resume(agentId, command.callId, this.#now());
        return;
      }
      case 'transfer':
        await this.#transfer(agentId, command.callId, command.target);
        return;
      case 'hangup': {
        const call = this.acd.call(command.callId);
        if (!call || call.phase === 'ended') throw new SwitchError('unknown-call', `no call ${command.callId}`);
        if (call.agent !== agentId) throw new SwitchError('not-your-call', `call ${command.callId} is not yours`);
        const legs = this.#legs.get(command.callId);
        if (call.phase === 'offered' && !call.callerAnswered) {
          // Declining an offer: the caller keeps waiting, first in line.
          this.#cancelAgentLeg(legs);
          this.acd.agentLegFailed(command.callId, now, 'declined');
          return;
        }
        this.acd.end(command.callId, 'agent', command.silent ? 'silent' : 'hangup', now);
        this.#teardown(legs);
        return;
      }
      case 'callback':
        // callback service stops at peak level 1.
        if (this.peak().actions.includes('stop_callbacks') && now - (this.peak().sinceMs ?? now) >= PEAK_NOTICE_MS) throw new SwitchError('peak', `R-18 peak level ${this.peak().level}: callback service is stopped`);
        this.#checkPredictablePeak(agentId, now);
        await this.#callback(agentId, command.number);
        return;
    }
  }

  /** the peak-plan level now, from the queue length over the last sustain period (with R-17 when one is declared now). */
  peak(): PeakState {
    const now = this.#now();
    return peakLevel(this.#queueSamples, now, this.config.policy, {predictable: predictablePeakAt(this.config.policy, now) !== undefined});
  }

  /** during a declared predictable peak, at most N agents (default 2) on outbound callbacks at once. */
  #checkPredictablePeak(agentId: string, now: number): void {
    const declared = predictablePeakAt(this.config.policy, now);
    if (!declared) return;
    let onOutbound = 0;
    for (const seat of this.acd.snapshots()) {
      if (seat.agent === agentId || !seat.callId) continue;
      const call = this.acd.call(seat.callId);
      if (call && call.phase !== 'ended' && call.facts.direction === 'outbound') onOutbound++;
    }
    const state = peakLevel([], now, this.config.policy, {predictable: true});
    if (!outboundAllowed(state, onOutbound)) {
      throw new SwitchError('peak', `R-17 predictable peak "${declared.name}": at most ${state.predictable!.maxOutboundAgents} agents on outbound callbacks at once (${onOutbound} are)`);
    }
  }

  #sampleQueue(): void {
    const now = this.#now();
    const waiting = this.acd.queueStats(now).waiting;
    const last = this.#queueSamples.at(-1);
    if (last && last.queueLength === waiting) return;
    this.#queueSamples.push({atMs: now, queueLength: waiting});
    // Keep what the plan can still look at: one sustain period (plus the sample before it).
    const horizon = now - this.config.policy.peak.sustainMinutes * 60_000 - 60_000;
    let drop = 0;
    while (drop + 1 < this.#queueSamples.length && this.#queueSamples[drop + 1]!.atMs < horizon) drop++;
    if (drop > 0) this.#queueSamples.splice(0, drop);
    this.#watchPeak();
  }

  /** Tell everyone at once when the R-18 level changes, including when it rises with no queue change. */
  #watchPeak(): void {
    if (this.#closed) return;
    const peak = this.peak();
    if (peak.level !== this.#peakLevel) {
      this.#peakLevel = peak.level;
      this.#emit(this.queueStats());
    }
    clearTimeout(this.#peakTimer);
    this.#peakTimer = undefined;
    if (peak.nextLevelAtMs !== undefined) {
      this.#peakTimer = setTimeout(() => this.#watchPeak(), Math.min(Math.max(0, peak.nextLevelAtMs - this.#now()) + 1, 2 ** 31 - 1));
      this.#peakTimer.unref();
    }
  }

  /** Calls with SIP legs still tracked (0 when idle: nothing leaks). */
  legCount(): number {
    return this.#legs.size;
  }

  /** Prometheus text for /metrics: queue, calls, seats, phones, offer latency. */
  prometheus(): string {
    const now = this.#now();
    const stats = this.acd.queueStats(now);
    const seats = this.acd.snapshots();
    const byState = new Map<string, number>();
    for (const seat of seats) byState.set(seat.state, (byState.get(seat.state) ?? 0) + 1);
    const lines = [
      '# TYPE zuoxi_switch_waiting gauge', `zuoxi_switch_waiting ${stats.waiting}`,
      '# TYPE zuoxi_switch_longest_wait_seconds gauge', `zuoxi_switch_longest_wait_seconds ${stats.longestWaitMs / 1000}`,
      '# TYPE zuoxi_switch_active_calls gauge', `zuoxi_switch_active_calls ${this.acd.activeCalls()}`,
      '# TYPE zuoxi_switch_calls_today gauge',
      `zuoxi_switch_calls_today{outcome="offered"} ${stats.offered}`,
      `zuoxi_switch_calls_today{outcome="answered"} ${stats.answered}`,
      `zuoxi_switch_calls_today{outcome="abandoned"} ${stats.abandoned}`,
      '# TYPE zuoxi_switch_agents gauge',
      ...[...byState].map(([state, n]) => `zuoxi_switch_agents{state="${state}"} ${n}`),
      '# TYPE zuoxi_switch_phones_registered gauge', `zuoxi_switch_phones_registered ${this.registrar.registeredUsers(now)}`,
      '# TYPE zuoxi_switch_peak_level gauge', `zuoxi_switch_peak_level ${this.peak().level}`,
    ];
    return lines.join('\n') + '\n';
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#sweepTimer);
    clearTimeout(this.#queueTimer);
    clearTimeout(this.#peakTimer);
    for (const legs of this.#legs.values()) this.#teardown(legs);
    this.#legs.clear();
    await this.registrar.flush();
  }

  // ── REGISTER ────────────────────────────────────────────────────────────
  #onRegister(req: Srf.SrfRequest, res: Srf.SrfResponse): void {
    const now = this.#now();
    const to = req.getParsedHeader('To');
    const user = Srf.parseUri(to.uri)?.user;
    const agent = user ? this.#byPhoneUser.get(user) : undefined;
    const auth = this.#digest.verify(req.get('Authorization') || undefined, 'REGISTER', u => this.#byPhoneUser.get(u)?.phone.ha1, now, user);
    if (!auth.ok) {
      this.#log({level: 'info', msg: 'REGISTER refused', user, reason: auth.reason});
      if (auth.status === 401) res.send(401, {headers: {'WWW-Authenticate': this.#digest.challenge(now, auth.stale)}});
      else res.send(403, 'Forbidden', {headers: {'Warning': `399 zuoxi "${auth.reason}"`}});
      return;
    }
    if (!agent || !user) {
      res.send(404, 'Not Found', {});
      return;
    }
    const headerExpires = req.has('Expires') ? Number.parseInt(req.get('Expires'), 10) : 3600;
    const rawContact = req.get('Contact');
    if (!rawContact) {
      // A query: answer with the current bindings.
      res.send(200, {headers: this.#contactHeaders(user, now)});
      return;
    }
    if (rawContact.trim() === '*') {
      if (headerExpires !== 0) {
        res.send(400, 'Contact * needs Expires: 0', {});
        return;
      }
      this.registrar.removeAll(user, now);
      res.send(200);
      return;
    }
    const contacts = req.getParsedHeader('Contact');
    for (const c of contacts) {
      const param = c.params?.expires;
      let expires = param !== undefined ? Number.parseInt(String(param), 10) : headerExpires;
      if (!Number.isFinite(expires) || expires < 0) expires = 3600;
      expires = Math.min(expires, 7200);
      this.registrar.update(user, c.uri, expires, now, {source: `${req.source_address}:${req.source_port}`, transport: req.protocol});
    }
    this.#scheduleSweep();
    res.send(200, {headers: this.#contactHeaders(user, now)});
  }

  #contactHeaders(user: string, now: number): Record<string, string> {
    const bindings = this.registrar.contacts(user, now);
    if (bindings.length === 0) return {};
    return {Contact: bindings.map(b => `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}`).join(', ')};
  }

  #scheduleSweep(): void {
    if (this.#closed) return;
    clearTimeout(this.#sweepTimer);
    const next = this.registrar.nextExpiry();
    if (next === undefined) return;
    this.#sweepTimer = setTimeout(() => {
      this.registrar.sweep(this.#now());
      this.#scheduleSweep();
    }, Math.min(Math.max(0, next - this.#now()) + 5, 2 ** 31 - 1));
    this.#sweepTimer.unref();
  }

  // ── INVITE from callers ────────────────────────────────────────────────
  #onInvite(req: Srf.SrfRequest, res: Srf.SrfResponse): void {
    const hr = process.hrtime.bigint();
    const uri = Srf.parseUri(req.uri);
    const queueId = uri?.user ? this.#queueByNumber.get(uri.user) : undefined;
    if (!queueId) {
      res.send(404, 'Not Found', {headers: {'Warning': `399 zuoxi "no queue for ${uri?.user ?? req.uri}"`}});
      return;
    }
    if (!req.body || !/^v=0/m.test(req.body)) {
      res.send(488, 'Not Acceptable Here', {headers: {'Warning': '399 zuoxi "an SDP offer is required"'}});
      return;
    }
    const from = req.getParsedHeader('From');
    const caller = Srf.parseUri(from.uri)?.user ?? 'anonymous';
    const callId = crypto.randomUUID();
    const legs: Legs = {callId, req, res, attempt: 0, callerSdp: req.body, version: 0, ended: false};
    this.#legs.set(callId, legs);
    this.#arrivedHr.set(callId, hr);
    req.on('cancel', () => {
      // The engine answers the CANCEL and sends 487 for the INVITE.
      legs.ended = true;
      this.#cancelAgentLeg(legs);
      this.acd.end(callId, 'caller', 'abandoned', this.#now());
      this.#forget(callId);
    });
    res.send(180);
    this.acd.arrive(callId, queueId, caller, this.#now());
  }

  // ── agent legs ──────────────────────────────────────────────────────────
  #dialAgent(callId: string, agentId: string, autoAnswer: boolean): void {
    const legs = this.#legs.get(callId);
    const agent = this.#agents.get(agentId);
    const srf = this.#srf;
    if (!legs || !agent || !srf) {
      this.acd.agentLegFailed(callId, this.#now(), 'no-phone');
      return;
    }
    const binding = this.registrar.contacts(agent.phone.user, this.#now())[0];
    if (!binding) {
      this.acd.agentLegFailed(callId, this.#now(), 'no-phone');
      return;
    }
    const attempt = ++legs.attempt;
    const call = this.acd.call(callId);
    const headers: Record<string, string> = {
      From: `<sip:${call?.facts.caller ?? 'anonymous'}@${this.config.center.realm}>`,
      To: `<sip:${agent.phone.user}@${this.config.center.realm}>`,
      'X-Zuoxi-Call': callId,
    };
    if (autoAnswer) headers['Call-Info'] = autoAnswerInfo(this.config.center.realm);
    const arrived = this.#arrivedHr.get(callId);
    // An auto-answer phone that does not answer within the no-answer limit is given up on
    // (the seat already accepted, so the ACD's RONA timer no longer runs for it).
    const guard = autoAnswer ? setTimeout(() => {
      if (attempt !== legs.attempt || legs.ended || legs.uac) return;
      this.#log({level: 'info', msg: 'auto-answer phone did not answer', callId, agent: agentId});
      this.#cancelAgentLeg(legs);
      this.acd.agentLegFailed(callId, this.#now(), 'phone-no-answer');
    }, this.config.policy.noAnswerSeconds * 1000) : undefined;
    guard?.unref();
    srf.createUAC(binding.contact, {localSdp: legs.callerSdp, headers}, {
      cbRequest: ((errOrReq: unknown, maybeReq?: Srf.SrfRequest) => {
        const sent = (maybeReq ?? errOrReq) as Srf.SrfRequest | undefined;
        if (sent && typeof (sent as {cancel?: unknown}).cancel === 'function') {
          legs.uacReq = sent;
          if (arrived !== undefined && attempt === 1) {
            this.offerLatencies.push(Number(process.hrtime.bigint() - arrived) / 1e6);
            if (this.offerLatencies.length > 100_000) this.offerLatencies.splice(0, 50_000);
          }
        }
      }) as unknown as (req: Srf.SrfRequest) => void,
    }).then(uac => {
      clearTimeout(guard);
      return this.#agentAnswered(legs, attempt, agentId, uac);
    }, error => {
      clearTimeout(guard);
      if (attempt !== legs.attempt || legs.ended) return;
      legs.uacReq = undefined;
      const status = (error as {status?: number}).status;
      this.#log({level: 'info', msg: 'agent leg failed', callId, agent: agentId, status, error: String((error as Error).message)});
      this.acd.agentLegFailed(callId, this.#now(), status === 486 || status === 603 ? 'declined' : 'phone-failed');
      this.#maybeForget(callId);
    }).catch(error => this.#log({level: 'error', msg: 'agent leg handling failed', callId, error: String((error as Error).stack)}));
  }

  async #agentAnswered(legs: Legs, attempt: number, agentId: string, uac: Srf.Dialog): Promise<void> {
    legs.uacReq = undefined;
    const call = this.acd.call(legs.callId);
    if (legs.ended || attempt !== legs.attempt || !call || call.agent !== agentId || call.phase !== 'offered') {
      hangUp(uac);
      return;
    }
    this.acd.markAccepted(legs.callId);
    const agentSdp = uac.remote.sdp;
    try {
      if (!legs.uas) {
        legs.uas = await this.#srf!.createUAS(legs.req!, legs.res!, {localSdp: agentSdp});
        legs.version = sdpVersion(agentSdp);
        legs.req = undefined;
        legs.res = undefined;
        this.#watchCaller(legs);
      } else {
        // Re-bridge after a transfer: the caller now talks to this phone.
        legs.version = Math.max(legs.version + 1, sdpVersion(agentSdp));
        await legs.uas.modify(withDirection(agentSdp, 'sendrecv', legs.version));
      }
    } catch (error) {
      this.#log({level: 'info', msg: 'caller leg gone before answer', callId: legs.callId, error: String((error as Error).message)});
      hangUp(uac);
      if (!legs.ended) {
        legs.ended = true;
        this.acd.end(legs.callId, 'caller', 'abandoned', this.#now());
        this.#forget(legs.callId);
      }
      return;
    }
    if (legs.ended) {
      hangUp(uac);
      return;
    }
    legs.answerSdp = agentSdp;
    legs.uac = uac;
    uac.on('destroy', () => {
      if (legs.uac !== uac || legs.ended) return;
      // The agent hung up on the phone first.
      legs.uac = undefined;
      this.acd.end(legs.callId, 'agent', 'hangup', this.#now());
      this.#teardown(legs);
    });
    uac.on('modify', (req, res) => this.#relayModify(legs, 'agent', req, res));
    this.acd.answered(legs.callId, this.#now());
  }

  #watchCaller(legs: Legs): void {
    const uas = legs.uas!;
    uas.on('destroy', () => {
      if (legs.ended) return;
      legs.uas = undefined;
      this.acd.end(legs.callId, 'caller', 'hangup', this.#now());
      this.#teardown(legs);
    });
    uas.on('modify', (req, res) => this.#relayModify(legs, 'caller', req, res));
  }

  /** A re-INVITE from one side goes to the other; its answer comes back (SDP passes through). */
  #relayModify(legs: Legs, from: 'caller' | 'agent', req: Srf.SrfRequest, res: Srf.SrfResponse): void {
    const other = from === 'caller' ? legs.uac : legs.uas;
    if (!other || !req.body) {
      const local = from === 'caller' ? legs.answerSdp : legs.callerSdp;
      res.send(200, {body: local});
      return;
    }
    other.modify(req.body).then(answer => {
      if (from === 'caller') {
        legs.callerSdp = req.body;
        legs.answerSdp = answer;
      } else {
        legs.answerSdp = req.body;
      }
      res.send(200, {body: answer});
    }, () => res.send(488));
  }

  #cancelAgentLeg(legs: Legs | undefined): void {
    if (!legs) return;
    legs.attempt++;
    const pending = legs.uacReq;
    legs.uacReq = undefined;
    if (pending) {
      try {
        pending.cancel(() => {});
      } catch {}
    }
    if (legs.uac) {
      const uac = legs.uac;
      legs.uac = undefined;
      hangUp(uac);
    }
  }

  /** Hang up whatever is still up and forget the call. */
  #teardown(legs: Legs | undefined): void {
    if (!legs) return;
    legs.ended = true;
    this.#cancelAgentLeg(legs);
    if (legs.uas) {
      const uas = legs.uas;
      legs.uas = undefined;
      hangUp(uas);
    } else if (legs.res && !legs.res.finalResponseSent) {
      try {
        legs.res.send(480, 'Temporarily Unavailable', {});
      } catch {}
    }
    this.#forget(legs.callId);
  }

  #forget(callId: string): void {
    this.#legs.delete(callId);
    this.#arrivedHr.delete(callId);
  }

  #maybeForget(callId: string): void {
    const call = this.acd.call(callId);
    if (!call || call.phase === 'ended') this.#forget(callId);
  }

  #bridgedLegs(agentId: string, callId: string): Legs {
    const call = this.acd.call(callId);
    if (!call || call.phase === 'ended') throw new SwitchError('unknown-call', `no call ${callId}`);
    if (call.agent !== agentId) throw new SwitchError('not-your-call', `call ${callId} is not yours`);
    if (call.phase !== 'bridged') throw new SwitchError('bad-state', `call ${callId} is not connected (${call.phase})`);
    const legs = this.#legs.get(callId);
    if (!legs) throw new SwitchError('bad-state', `call ${callId} has no SIP legs`);
    return legs;
  }

  // ── transfer and callback ───────────────────────────────────────────────
  async #transfer(agentId: string, callId: string, target: TransferTarget): Promise<void> {
    const legs = this.#bridgedLegs(agentId, callId);
    this.acd.checkTransfer(agentId, callId, target);
    if (legs.busy) throw new SwitchError('busy', `call ${callId} is busy: ${legs.busy} in progress`);
    legs.busy = 'transfer';
    try {
      await this.#transferLegs(legs, agentId, callId, target);
    } finally {
      legs.busy = undefined;
    }
  }

  async #transferLegs(legs: Legs, agentId: string, callId: string, target: TransferTarget): Promise<void> {
    if (target.kind === 'number') {
      // Dial the number first: if it fails the agent keeps the caller (transfer_failed phrase).
      const external = await this.#dialOut(target.value, legs.callerSdp).catch((error: Error) => {
        this.acd.transferFailed(callId, target, agentId);
        throw new SwitchError('transfer-failed', `${target.value} did not answer: ${error.message}`);
      });
      const old = legs.uac;
      legs.uac = undefined;
      legs.version++;
      try {
        await legs.uas!.modify(withDirection(external.remote.sdp, 'sendrecv', legs.version));
      } catch (error) {
        hangUp(external);
        legs.uac = old;
        throw new SwitchError('transfer-failed', `caller re-INVITE failed: ${(error as Error).message}`);
      }
      if (old) hangUp(old);
      legs.answerSdp = external.remote.sdp;
      legs.uac = external;
      external.on('destroy', () => {
        if (legs.uac !== external || legs.ended) return;
        legs.uac = undefined;
        this.acd.end(callId, 'system', 'hangup', this.#now());
        this.#teardown(legs);
      });
      this.acd.transfer(agentId, callId, target, this.#now());
      return;
    }
    // To an agent or a queue: the agent's phone leaves now; the caller waits for the next phone.
    const old = legs.uac;
    legs.uac = undefined;
    if (old) hangUp(old);
    this.acd.transfer(agentId, callId, target, this.#now());
  }

  #dialOut(number: string, sdp: string): Promise<Srf.Dialog> {
    if (!this.#srf) return Promise.reject(new Error('switch not started'));
    if (!this.#trunk) return Promise.reject(new Error('no trunk configured for outside numbers'));
    return this.#srf.createUAC(`sip:${number}@${this.#trunk}`, {localSdp: sdp, headers: {From: `<sip:${this.config.policy.lineName}@${this.config.center.realm}>`}});
  }

  /** R-08 callback: ring the agent's phone (auto-answer), then the customer, and bridge them. */
  async #callback(agentId: string, number: string): Promise<void> {
    const agent = this.#agents.get(agentId);
    const srf = this.#srf;
    if (!agent || !srf) throw new SwitchError('not-ready', 'switch not started');
    if (!this.#trunk) throw new SwitchError('no-trunk', 'callbacks need a trunk for outside numbers (none configured)');
    const binding = this.registrar.contacts(agent.phone.user, this.#now())[0];
    if (!binding) throw new SwitchError('no-phone', 'your phone is not registered');
    const callId = crypto.randomUUID();
    this.acd.startOutbound(agentId, callId, number, this.#now());
    const legs: Legs = {callId, attempt: 1, callerSdp: '', version: 0, ended: false};
    this.#legs.set(callId, legs);
    const fail = (why: string) => {
      if (legs.ended) return;
      legs.ended = true;
      this.acd.end(callId, 'system', 'failed', this.#now());
      this.#teardown(legs);
      this.#log({level: 'info', msg: 'callback failed', callId, why});
    };
    // Third-party call control: the phone's offer goes to the customer; their answer is the ACK.
    srf.createUAC(binding.contact, {noAck: true, headers: {'Call-Info': autoAnswerInfo(this.config.center.realm), From: `<sip:${number}@${this.config.center.realm}>`, 'X-Zuoxi-Call': callId}})
      .then(async (phone: unknown) => {
        const {sdp, ack} = phone as {sdp: string; ack: (sdp: string) => Promise<Srf.Dialog>};
        if (legs.ended) return;
        let customer: Srf.Dialog;
        try {
          customer = await this.#dialOut(number, sdp);
        } catch (error) {
          const agentLeg = await ack(sdp).catch(() => undefined);
          if (agentLeg) hangUp(agentLeg);
          fail(String((error as Error).message));
          return;
        }
        const agentLeg = await ack(customer.remote.sdp);
        if (legs.ended) {
          hangUp(agentLeg);
          hangUp(customer);
          return;
        }
        legs.uac = agentLeg;
        legs.uas = customer;
        legs.callerSdp = customer.remote.sdp;
        legs.answerSdp = sdp;
        legs.version = sdpVersion(sdp);
        agentLeg.on('destroy', () => {
          if (legs.ended) return;
          legs.uac = undefined;
          this.acd.end(callId, 'agent', 'hangup', this.#now());
          this.#teardown(legs);
        });
        this.#watchCaller(legs);
        this.acd.answered(callId, this.#now());
      })
      .catch(error => fail(String((error as Error).message)));
  }

  // ── ACD events → SIP actions and control messages ──────────────────────
  #onAcd(event: AcdEvent): void {
    switch (event.type) {
      case 'offer': {
        const agent = this.#agents.get(event.agent);
        this.#emit({type: 'offered', callId: event.callId, agent: event.agent, caller: event.caller, queue: event.queue, offeredAt: event.offeredAt, waitedMs: event.waitedMs, ringPeriodMs: this.config.policy.ringPeriodSeconds * 1000, direction: event.direction});
        // Handset phones ring at the offer; auto-answer phones are called when the seat accepts.
        if (event.direction === 'inbound' && agent?.phone.mode === 'handset') setImmediate(() => this.#dialAgent(event.callId, event.agent, false));
        break;
      }
      case 'rona':
        this.#cancelAgentLeg(this.#legs.get(event.callId));
        break;
      case 'facts':
        try {
          this.#sink.write(event.facts);
        } catch (error) {
          this.#log({level: 'error', msg: 'call facts not recorded', callId: event.facts.callId, error: String((error as Error).message)});
        }
        break;
      case 'queue':
        this.#sampleQueue();
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

export {AcdError};
