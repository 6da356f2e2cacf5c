// The B2BUA's legs to outside numbers, through the trunk: a blind transfer (to a number, or
// back to the ACD for an agent or a queue) and the R-08 callback (agent's phone first, then the
// customer, by third-party call control). Each new leg joins the call's CallLegs, so it ends
// with the call like every other leg, and its SDP goes through the call's media session.
import crypto from 'node:crypto';
import type Srf from 'drachtio-srf';
import type {AgentConfig, ZuoxiConfig} from '../../config.ts';
import type {Acd} from '../acd/acd.ts';
import type {TransferTarget} from '../protocol.ts';
import type {Binding} from '../registrar.ts';
import {sdpVersion, withDirection} from '../sdp.ts';
import {SwitchError} from '../switch-error.ts';
import {autoAnswerHeaders, phoneRoute} from './phone-request.ts';
import {Leg, hangUp, type CallLegs} from './legs.ts';

/** What these legs need of the B2BUA that owns the calls. */
export type OutboundHost = {
  readonly acd: Acd;
  readonly config: ZuoxiConfig;
  readonly now: () => number;
  readonly log: (entry: Record<string, unknown>) => void;
  readonly trunk?: string;
  srf(): Srf | undefined;
  agent(id: string): AgentConfig | undefined;
  contactOf(user: string): Binding | undefined;
  /** A new call's legs, tracked until they end. */
  open(callId: string): CallLegs;
  /** Follow the caller leg (hang-up, re-INVITEs) once `legs.caller` is set. */
  watchCaller(legs: CallLegs): void;
};

function dialOut(host: OutboundHost, number: string, sdp: string): Promise<Srf.Dialog> {
  const srf = host.srf();
  if (!srf) return Promise.reject(new Error('switch not started'));
  if (!host.trunk) return Promise.reject(new Error('no trunk configured for outside numbers'));
  return srf.createUAC(`sip:${number}@${host.trunk}`, {localSdp: sdp, headers: {From: `<sip:${host.config.policy.lineName}@${host.config.center.realm}>`}});
}

/** A blind transfer of a bridged call whose legs are `legs` (checked by the caller). */
export async function transferLegs(host: OutboundHost, legs: CallLegs, agentId: string, target: TransferTarget): Promise<void> {
  const {acd, now} = host;
  const callId = legs.callId;
  if (target.kind === 'number') {
    // Dial the number first: if it fails the agent keeps the caller (transfer_failed phrase).
    const offer = await legs.media.offer('caller', legs.callerSdp);
    const dialog = await dialOut(host, target.value, offer).catch(async (error: Error) => {
      // The agent's phone keeps the caller: renegotiate with its last answer.
      if (legs.agent) await legs.media.answer('agent', legs.agent.remoteSdp);
      acd.transferFailed(callId, target, agentId);
      throw new SwitchError('transfer-failed', `${target.value} did not answer: ${error.message}`);
    });
    const external = new Leg('external', dialog);
    const old = legs.agent;
    legs.agent = undefined;
    legs.version++;
    const toCaller = await legs.media.answer('agent', external.remoteSdp);
    try {
      await legs.caller!.modify(withDirection(toCaller, 'sendrecv', legs.version));
    } catch (error) {
      external.close();
      legs.agent = old;
      throw new SwitchError('transfer-failed', `caller re-INVITE failed: ${(error as Error).message}`);
    }
    old?.close();
    legs.answerSdp = toCaller;
    legs.offerSdp = offer;
    legs.agent = external;
    external.onGone(() => {
      if (legs.agent !== external || legs.ended) return;
      legs.agent = undefined;
      acd.end(callId, 'system', 'hangup', now());
      legs.end();
    });
    acd.transfer(agentId, callId, target, now());
    return;
  }
  // To an agent or a queue: the agent's phone leaves now; the caller waits for the next phone.
  const old = legs.agent;
  legs.agent = undefined;
  old?.close();
  acd.transfer(agentId, callId, target, now());
}

/** R-08 callback: ring the agent's phone (auto-answer), then the customer, and bridge them. */
export async function startCallback(host: OutboundHost, agentId: string, number: string): Promise<void> {
  const {acd, config, now, log} = host;
  const agent = host.agent(agentId);
  const srf = host.srf();
  if (!agent || !srf) throw new SwitchError('not-ready', 'switch not started');
  if (!host.trunk) throw new SwitchError('no-trunk', 'callbacks need a trunk for outside numbers (none configured)');
  const binding = host.contactOf(agent.phone.user);
  if (!binding) throw new SwitchError('no-phone', 'your phone is not registered');
  const callId = crypto.randomUUID();
  acd.startOutbound(agentId, callId, number, now());
  const legs = host.open(callId);
  legs.attempt = 1;
  const fail = (why: string) => {
    if (legs.ended) return;
    legs.end();
    acd.end(callId, 'system', 'failed', now());
    log({level: 'info', msg: 'callback failed', callId, why});
  };
  // Third-party call control: the phone's offer goes to the customer; their answer is the ACK.
  srf.createUAC(binding.contact, {noAck: true, ...phoneRoute(binding), headers: {...autoAnswerHeaders(config.center.realm), From: `<sip:${number}@${config.center.realm}>`, 'X-Zuoxi-Call': callId}})
    .then(async (phone: unknown) => {
      const {sdp, ack} = phone as {sdp: string; ack: (sdp: string) => Promise<Srf.Dialog>};
      if (legs.ended) return;
      let customer: Srf.Dialog;
      // The phone offered first: the customer gets its offer through the media session.
      const toCustomer = await legs.media.offer('agent', sdp);
      try {
        customer = await dialOut(host, number, toCustomer);
      } catch (error) {
        const agentLeg = await ack(sdp).catch(() => undefined);
        if (agentLeg) hangUp(agentLeg);
        fail(String((error as Error).message));
        return;
      }
      const toPhone = await legs.media.answer('caller', customer.remote.sdp);
      const agentDialog = await ack(toPhone);
      if (legs.ended) {
        hangUp(agentDialog);
        hangUp(customer);
        return;
      }
      const agentLeg = new Leg('agent', agentDialog);
      legs.agent = agentLeg;
      legs.caller = new Leg('caller', customer);
      legs.callerSdp = customer.remote.sdp;
      legs.answerSdp = toCustomer;
      legs.offerSdp = toPhone;
      legs.version = sdpVersion(toCustomer);
      agentLeg.onGone(() => {
        if (legs.agent !== agentLeg || legs.ended) return;
        legs.agent = undefined;
        acd.end(callId, 'agent', 'hangup', now());
        legs.end();
      });
      host.watchCaller(legs);
      acd.answered(callId, now());
      void legs.media.startRecording();
    })
    .catch(error => fail(String((error as Error).message)));
}
