// The B2BUA: caller ⇄ switch ⇄ agent phone, every SDP through the call's media session
// (media-port.ts: rtpengine, or passed through untouched when the center runs signalling only).
// Every call's legs are a CallLegs (legs.ts), made at the caller's INVITE and ended on every
// path; the ACD (acd/) decides who gets the call and the switch (switch.ts) tells the seats.
// Hold/resume are re-INVITEs of the caller leg plus music and blocked audio in the media session;
// transfers and callbacks, which add outside legs, are in outbound.ts.
import crypto from 'node:crypto';
import Srf from 'drachtio-srf';
import type {AgentConfig, ZuoxiConfig} from '../../config.ts';
import type {Acd} from '../acd/acd.ts';
import type {AcdEvent} from '../acd/types.ts';
import type {TransferTarget} from '../protocol.ts';
import type {Binding} from '../registrar.ts';
import {dayKey} from '../../sync/doc-name.ts';
import {NoMedia, type MediaPort, type RecordingOutcome} from '../media-port.ts';
import {sdpVersion, withDirection} from '../sdp.ts';
import {SwitchError} from '../switch-error.ts';
import {autoAnswerHeaders, phoneRoute} from './phone-request.ts';
import {CallLegs, Leg, hangUp, relayModify, type PendingInvite} from './legs.ts';
import {listenIn, stopListening} from './listen.ts';
import {refuseCaller} from './queue-exit.ts';
import {Playbacks} from './playback.ts';
import {startCallback, transferLegs, type OutboundHost} from './outbound.ts';

export type B2buaOptions = {
  readonly config: ZuoxiConfig;
  readonly acd: Acd;
  /** Where a phone user is reached now (its freshest binding), if registered. */
  readonly contactOf: (user: string) => Binding | undefined;
  readonly now: () => number;
  readonly log: (entry: Record<string, unknown>) => void;
  /** host[:port] of the gateway for outside numbers (transfer to a number, callbacks). */
  readonly trunk?: string;
  /** Media through the center; default signalling only. */
  readonly media?: MediaPort;
  /** A call's recording was filed (or failed, or is off): a fact for its record. */
  readonly recorded?: (callId: string, outcome: RecordingOutcome) => void;
  /** The WAV a queue's rule plays to a caller it lets go (out-of-hours for a closed queue), if any. */
  readonly announcement?: (queue: string, reason: Extract<AcdEvent, {type: 'refused'}>['reason']) => string | undefined;
  /** a lead's listen-in began (no `ms`) or ended (`ms`: how long). */
  readonly listened?: (callId: string, lead: string, at: number, ms?: number) => void;
  /** a recording began or stopped playing on a lead's phone. */
  readonly played?: (callId: string, lead: string, on: boolean) => void;
};

export class B2bua {
  /** Offer latency figures for the benchmark: caller INVITE → agent INVITE sent (ms). */
  readonly offerLatencies: number[] = [];
  readonly #options: B2buaOptions;
  readonly #acd: Acd;
  readonly #agents = new Map<string, AgentConfig>();
  readonly #calls = new Map<string, CallLegs>();
  readonly #outbound: OutboundHost;
  readonly #media: MediaPort;
  readonly #playbacks: Playbacks;
  #srf?: Srf;

  constructor(options: B2buaOptions) {
    this.#options = options;
    this.#acd = options.acd;
    this.#media = options.media ?? new NoMedia();
    for (const a of options.config.agents) this.#agents.set(a.id, a);
    this.#outbound = {
      acd: options.acd, config: options.config, now: options.now, log: options.log,
      ...(options.trunk ? {trunk: options.trunk} : {}),
      srf: () => this.#srf,
      agent: id => this.#agents.get(id),
      contactOf: options.contactOf,
      open: callId => this.#open(callId, ''),
      watchCaller: legs => this.#watchCaller(legs),
    };
    const {played} = options;
    this.#playbacks = new Playbacks({
      config: options.config, media: this.#media, log: options.log, srf: () => this.#srf, contactOf: options.contactOf, ...(played ? {played} : {}),
    });
  }

  start(srf: Srf): void {
    this.#srf = srf;
  }

  /** Calls with SIP legs still tracked (0 when idle: nothing leaks). */
  legCount(): number {
    return this.#calls.size;
  }

  /** A caller's INVITE for `queueId`: 180 Ringing, and the ACD queues it. */
  invite(req: Srf.SrfRequest, res: Srf.SrfResponse, queueId: string): void {
    const arrivedHr = process.hrtime.bigint();
    if (!req.body || !/^v=0/m.test(req.body)) {
      res.send(488, 'Not Acceptable Here', {headers: {'Warning': '399 zuoxi "an SDP offer is required"'}});
      return;
    }
    const from = req.getParsedHeader('From');
    const caller = Srf.parseUri(from.uri)?.user ?? 'anonymous';
    const callId = crypto.randomUUID();
    const legs = this.#open(callId, req.body, {invite: {req, res}, arrivedHr}, queueId);
    req.on('cancel', () => {
      // The engine answers the CANCEL and sends 487 for the INVITE.
      legs.invite = undefined;
      legs.end();
      this.#acd.end(callId, 'caller', 'abandoned', this.#options.now());
    });
    res.send(180);
    this.#acd.arrive(callId, queueId, caller, this.#options.now());
    // A caller a queue rule already let go (closed, full…) is not answered for the queue.
    if (!this.#options.config.policy.media.ringbackOnly && this.#acd.call(callId)) legs.answering = this.#answerForQueue(legs).finally(() => { legs.answering = undefined; });
  }

  /**
   * The queue speaks: the center answers the caller, who hears the welcome then music while
   * waiting (the ACD still counts the wait, and an agent's answer re-bridges the caller). A leg
   * the media engine cannot anchor stays on ringback.
   */
  async #answerForQueue(legs: CallLegs, playQueue = true): Promise<void> {
    const sdp = await legs.media.answerForQueue(legs.callerSdp);
    const invite = legs.invite;
    if (!sdp || !invite || legs.ended || legs.caller || !this.#srf) return;
    // The INVITE is ours to answer now; an agent answering meanwhile waits for `answering`.
    legs.invite = undefined;
    try {
      const uas = await this.#srf.createUAS(invite.req, invite.res, {localSdp: sdp});
      legs.caller = new Leg('caller', uas);
      this.#acd.queueAnswered(legs.callId);
      legs.answerSdp = sdp;
      legs.version = sdpVersion(sdp);
      if (legs.ended) {
        legs.caller.close();
        return;
      }
      this.#watchCaller(legs);
      if (playQueue) await legs.media.playQueue();
    } catch (error) {
      this.#options.log({level: 'info', msg: 'queued caller not answered', callId: legs.callId, error: String((error as Error).message)});
    }
  }

  /** INVITE the agent's phone for an offered call (auto-answer headers when the seat accepted). */
  dialAgent(callId: string, agentId: string, autoAnswer: boolean): void {
    const {config, now, log} = this.#options;
    const legs = this.#calls.get(callId);
    const agent = this.#agents.get(agentId);
    const srf = this.#srf;
    if (!legs || !agent || !srf) {
      this.#acd.agentLegFailed(callId, now(), 'no-phone');
      return;
    }
    const binding = this.#options.contactOf(agent.phone.user);
    if (!binding) {
      this.#acd.agentLegFailed(callId, now(), 'no-phone');
      return;
    }
    const attempt = ++legs.attempt;
    const call = this.#acd.call(callId);
    const headers: Record<string, string> = {
      From: `<sip:${call?.facts.caller ?? 'anonymous'}@${config.center.realm}>`,
      To: `<sip:${agent.phone.user}@${config.center.realm}>`,
      'X-Zuoxi-Call': callId,
      ...(autoAnswer ? autoAnswerHeaders(config.center.realm) : {}),
    };
    // An auto-answer phone that does not answer within the no-answer limit is given up on
    // (the seat already accepted, so the ACD's RONA timer no longer runs for it).
    const guard = autoAnswer ? setTimeout(() => {
      if (attempt !== legs.attempt || legs.ended || legs.agent) return;
      log({level: 'info', msg: 'auto-answer phone did not answer', callId, agent: agentId});
      legs.dropAgent();
      this.#acd.agentLegFailed(callId, now(), 'phone-no-answer');
    }, config.policy.noAnswerSeconds * 1000) : undefined;
    guard?.unref();
    // The phone gets the caller's offer as the media engine rewrote it (its ports, not the caller's).
    legs.media.offer('caller', legs.callerSdp).then(offer => {
      if (attempt !== legs.attempt || legs.ended) throw new Error('superseded');
      legs.offerSdp = offer;
      return srf.createUAC(binding.contact, {localSdp: offer, headers, ...phoneRoute(binding)}, {
      cbRequest: ((errOrReq: unknown, maybeReq?: Srf.SrfRequest) => {
        const sent = (maybeReq ?? errOrReq) as Srf.SrfRequest | undefined;
        if (sent && typeof (sent as {cancel?: unknown}).cancel === 'function') {
          legs.ringing(sent);
          if (legs.arrivedHr !== undefined && attempt === 1) {
            this.offerLatencies.push(Number(process.hrtime.bigint() - legs.arrivedHr) / 1e6);
            if (this.offerLatencies.length > 100_000) this.offerLatencies.splice(0, 50_000);
          }
        }
      }) as unknown as (req: Srf.SrfRequest) => void,
      });
    }).then(uac => {
      clearTimeout(guard);
      return this.#agentAnswered(legs, attempt, agentId, uac);
    }, error => {
      clearTimeout(guard);
      if (attempt !== legs.attempt || legs.ended) return;
      legs.ringing(undefined);
      const status = (error as {status?: number}).status;
      log({level: 'info', msg: 'agent leg failed', callId, agent: agentId, status, error: String((error as Error).message)});
      this.#acd.agentLegFailed(callId, now(), status === 486 || status === 603 ? 'declined' : 'phone-failed');
      const after = this.#acd.call(callId);
      if (!after || after.phase === 'ended') legs.end();
    }).catch(error => log({level: 'error', msg: 'agent leg handling failed', callId, error: String((error as Error).stack)}));
  }

  /** A queue's rule let the caller go (queue-exit.ts): announcement or final response, then the legs end. */
  refuse(event: Extract<AcdEvent, {type: 'refused'}>): void {
    const legs = this.#calls.get(event.callId);
    if (!legs) return;
    // With the queue speaking (not ringback only) the center answers the caller to say the announcement.
    const answer = this.#options.config.policy.media.ringbackOnly ? undefined : () => this.#answerForQueue(legs, false);
    void refuseCaller(legs, event.outcome, event.reason, this.#options.announcement?.(event.queue, event.reason), answer);
  }

  /** RONA or a declined offer: the phone stops ringing (or is hung up); the caller waits on. */
  withdraw(callId: string): void {
    this.#calls.get(callId)?.dropAgent();
  }

  /** the far end hears hold as a=sendonly, resume as a=sendrecv. */
  async hold(agentId: string, callId: string, hold: boolean): Promise<void> {
    const legs = this.#bridged(agentId, callId);
    const seat = this.#acd.snapshot(agentId);
    if (hold === (seat.holdSince !== undefined)) throw new SwitchError('bad-state', hold ? 'call is already on hold' : 'call is not on hold');
    if (!legs.caller || !legs.answerSdp) throw new SwitchError('bad-state', 'caller leg not connected');
    if (legs.busy) throw new SwitchError('busy', `call ${callId} is busy: ${legs.busy} in progress`);
    legs.version++;
    const sdp = withDirection(legs.answerSdp, hold ? 'sendonly' : 'sendrecv', legs.version);
    legs.busy = hold ? 'hold' : 'resume';
    try {
      await legs.caller.modify(sdp);
      // on hold the caller hears music and nothing of the agent; the agent hears silence.
      await (hold ? legs.media.hold() : legs.media.resume()).catch((error: Error) => {
        this.#options.log({level: 'warn', msg: `media ${hold ? 'hold' : 'resume'} failed`, callId, error: error.message});
      });
    } catch (error) {
      throw new SwitchError('sip-failed', `${hold ? 'hold' : 'resume'} re-INVITE failed: ${(error as Error).message}`);
    } finally {
      legs.busy = undefined;
    }
    if (hold) this.#acd.hold(agentId, callId, this.#options.now());
    else this.#acd.resume(agentId, callId, this.#options.now());
  }

  /** The agent hangs up from the seat, or declines an offer (the caller keeps waiting, first in line). */
  hangup(agentId: string, callId: string, silent: boolean): void {
    const now = this.#options.now();
    const call = this.#acd.call(callId);
    if (!call || call.phase === 'ended') throw new SwitchError('unknown-call', `no call ${callId}`);
    if (call.agent !== agentId) throw new SwitchError('not-your-call', `call ${callId} is not yours`);
    const legs = this.#calls.get(callId);
    if (call.phase === 'offered' && !call.callerAnswered) {
      legs?.dropAgent();
      this.#acd.agentLegFailed(callId, now, 'declined');
      return;
    }
    this.#acd.end(callId, 'agent', silent ? 'silent' : 'hangup', now);
    legs?.end();
  }

  /** Blind transfer of a bridged call (to an agent, a queue or an outside number). */
  async transfer(agentId: string, callId: string, target: TransferTarget): Promise<void> {
    const legs = this.#bridged(agentId, callId);
    this.#acd.checkTransfer(agentId, callId, target);
    if (legs.busy) throw new SwitchError('busy', `call ${callId} is busy: ${legs.busy} in progress`);
    legs.busy = 'transfer';
    try {
      await transferLegs(this.#outbound, legs, agentId, target);
    } finally {
      legs.busy = undefined;
    }
  }

  /** R-08 callback: the agent's phone, then the customer, bridged. */
  callback(agentId: string, number: string): Promise<void> {
    return startCallback(this.#outbound, agentId, number);
  }

  /** R-24 live listen-in: `leadId`'s phone gets a silent copy of a bridged call of their team. */
  async listen(leadId: string, callId: string, on: boolean): Promise<void> {
    const lead = this.#agents.get(leadId);
    if (!lead || lead.role !== 'lead') throw new SwitchError('forbidden', 'only a team lead listens in');
    const call = this.#acd.call(callId);
    const legs = this.#calls.get(callId);
    if (!call || call.phase === 'ended' || !legs) throw new SwitchError('unknown-call', `no call ${callId}`);
    if (call.facts.team !== lead.team) throw new SwitchError('forbidden', `call ${callId} is not your team's`);
    if (!on) return stopListening(legs, leadId);
    if (call.phase !== 'bridged') throw new SwitchError('bad-state', `call ${callId} is not connected (${call.phase})`);
    const {config, log, now, contactOf, listened} = this.#options;
    await listenIn({config, log, now, srf: () => this.#srf, contactOf, ...(listened ? {listened} : {})}, legs, lead);
  }

  /** R-24 recording review: play `file` (the recording of `callId`) on the lead's phone; without a file, stop. */
  playback(lead: AgentConfig, callId: string, file?: string): Promise<void> {
    return file ? this.#playbacks.start(lead, callId, file) : this.#playbacks.stop(lead.id);
  }

  /** Hang up every call still up. */
  close(): void {
    this.#playbacks.close();
    for (const legs of [...this.#calls.values()]) legs.end();
    this.#calls.clear();
  }

  #open(callId: string, callerSdp: string, options: {invite?: PendingInvite; arrivedHr?: bigint} = {}, queue?: string): CallLegs {
    const {config, now, recorded} = this.#options;
    const media = this.#media.open(callId, {...(queue ? {queue} : {}), day: dayKey(now(), config.center.timeZone)});
    const legs = new CallLegs(callId, callerSdp, ended => {
      if (this.#calls.get(ended.callId) === ended) this.#calls.delete(ended.callId);
    }, {...options, media, ...(recorded ? {onRecorded: (ended, outcome) => recorded(ended.callId, outcome)} : {})});
    this.#calls.set(callId, legs);
    return legs;
  }

  async #agentAnswered(legs: CallLegs, attempt: number, agentId: string, uac: Srf.Dialog): Promise<void> {
    const now = this.#options.now;
    legs.ringing(undefined);
    const call = this.#acd.call(legs.callId);
    if (legs.ended || attempt !== legs.attempt || !call || call.agent !== agentId || call.phase !== 'offered') {
      hangUp(uac);
      return;
    }
    this.#acd.markAccepted(legs.callId);
    let agentSdp = uac.remote.sdp;
    try {
      await legs.answering;
      if (!legs.caller && !legs.invite) throw new Error('the caller left while the queue answered');
      // What the caller gets: the phone's answer as the media engine rewrote it.
      agentSdp = await legs.media.answer('agent', agentSdp);
      if (!legs.caller) {
        const invite = legs.invite!;
        const uas = await this.#srf!.createUAS(invite.req, invite.res, {localSdp: agentSdp});
        legs.version = sdpVersion(agentSdp);
        legs.invite = undefined;
        legs.caller = new Leg('caller', uas);
        if (legs.ended) legs.caller.close();
        else this.#watchCaller(legs);
      } else {
        // Re-bridge (after a transfer, or a caller the queue answered): the caller now talks to this phone.
        await legs.media.stopQueue();
        legs.version = Math.max(legs.version + 1, sdpVersion(agentSdp));
        await legs.caller.modify(withDirection(agentSdp, 'sendrecv', legs.version));
      }
    } catch (error) {
      this.#options.log({level: 'info', msg: 'caller leg gone before answer', callId: legs.callId, error: String((error as Error).message)});
      hangUp(uac);
      if (!legs.ended) {
        legs.invite = undefined;
        legs.end();
        this.#acd.end(legs.callId, 'caller', 'abandoned', now());
      }
      return;
    }
    if (legs.ended) {
      hangUp(uac);
      return;
    }
    legs.answerSdp = agentSdp;
    const leg = new Leg('agent', uac);
    legs.agent = leg;
    leg.onGone(() => {
      if (legs.agent !== leg || legs.ended) return;
      // The agent hung up on the phone first.
      legs.agent = undefined;
      this.#acd.end(legs.callId, 'agent', 'hangup', now());
      legs.end();
    });
    leg.onModify((req, res) => relayModify(legs, 'agent', req, res));
    this.#acd.answered(legs.callId, now());
    void legs.media.startRecording();
  }

  #watchCaller(legs: CallLegs): void {
    const caller = legs.caller!;
    caller.onGone(() => {
      if (legs.ended) return;
      legs.caller = undefined;
      this.#acd.end(legs.callId, 'caller', 'hangup', this.#options.now());
      legs.end();
    });
    caller.onModify((req, res) => relayModify(legs, 'caller', req, res));
  }

  #bridged(agentId: string, callId: string): CallLegs {
    const call = this.#acd.call(callId);
    if (!call || call.phase === 'ended') throw new SwitchError('unknown-call', `no call ${callId}`);
    if (call.agent !== agentId) throw new SwitchError('not-your-call', `call ${callId} is not yours`);
    if (call.phase !== 'bridged') throw new SwitchError('bad-state', `call ${callId} is not connected (${call.phase})`);
    const legs = this.#calls.get(callId);
    if (!legs) throw new SwitchError('bad-state', `call ${callId} has no SIP legs`);
    return legs;
  }
}
