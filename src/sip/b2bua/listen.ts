// Live listen-in (R-24 在线监听): the switch calls a team lead's registered phone with a silent
// copy of both parties (the media session's subscription). The caller and the agent hear nothing
// of it and their phones see no re-INVITE; the lead's hang-up or the call's end stops it.
import type Srf from 'drachtio-srf';
import type {AgentConfig, ZuoxiConfig} from '../../config.ts';
import type {Binding} from '../registrar.ts';
import {SwitchError} from '../switch-error.ts';
import {autoAnswerHeaders, phoneRoute} from './phone-request.ts';
import {Leg, hangUp, type CallLegs} from './legs.ts';

export type ListenHost = {
  readonly config: ZuoxiConfig;
  readonly log: (entry: Record<string, unknown>) => void;
  readonly now: () => number;
  srf(): Srf | undefined;
  contactOf(user: string): Binding | undefined;
  /** A listen-in began (the lead's phone answered): `ms` absent; or ended, however: with `ms`. */
  listened?(callId: string, lead: string, at: number, ms?: number): void;
};

/** The lead's phone as a leg of the call: its end, whichever way, is reported once with its length. */
class ListenLeg extends Leg {
  readonly #done: () => void;
  constructor(dialog: Srf.Dialog, done: () => void) {
    super('listener', dialog);
    this.#done = done;
  }
  override close(): void {
    super.close();
    this.#done();
  }
}

/** Rings `lead`'s phone with both parties of `legs`' call; resolves once the phone answered. */
export async function listenIn(host: ListenHost, legs: CallLegs, lead: AgentConfig): Promise<void> {
  const srf = host.srf();
  if (!srf) throw new SwitchError('not-ready', 'switch not started');
  if (legs.listeners.has(lead.id)) throw new SwitchError('bad-state', `${lead.id} is already listening to ${legs.callId}`);
  if (!legs.media.anchored) throw new SwitchError('no-media', `listen-in needs the call's media through the center (${legs.media.why ?? 'recordings off'})`);
  const binding = host.contactOf(lead.phone.user);
  if (!binding) throw new SwitchError('no-phone', 'your phone is not registered');
  const offer = await legs.media.listenOffer(lead.id).catch((error: Error) => {
    throw new SwitchError('no-media', `listen-in refused by the media engine: ${error.message}`);
  });
  if (!offer) throw new SwitchError('no-media', 'listen-in: the media engine gave no offer');
  const {realm} = host.config.center;
  let dialog: Srf.Dialog;
  try {
    dialog = await srf.createUAC(binding.contact, {localSdp: offer, headers: {
      ...autoAnswerHeaders(realm), From: `<sip:listen@${realm}>`, To: `<sip:${lead.phone.user}@${realm}>`, 'X-Zuoxi-Listen': legs.callId,
    }, ...phoneRoute(binding)});
  } catch (error) {
    await legs.media.stopListening(lead.id).catch(() => {});
    throw new SwitchError('sip-failed', `your phone did not answer: ${(error as Error).message}`);
  }
  if (legs.ended) {
    hangUp(dialog);
    throw new SwitchError('unknown-call', `call ${legs.callId} ended`);
  }
  await legs.media.listenAnswer(lead.id, dialog.remote.sdp).catch((error: Error) => {
    hangUp(dialog);
    throw new SwitchError('no-media', `listen-in refused by the media engine: ${error.message}`);
  });
  const at = host.now();
  let reported = false;
  const done = () => {
    if (reported) return;
    reported = true;
    host.listened?.(legs.callId, lead.id, at, Math.max(0, host.now() - at));
  };
  const leg = new ListenLeg(dialog, done);
  legs.listeners.set(lead.id, leg);
  host.listened?.(legs.callId, lead.id, at);
  leg.onGone(() => {
    done();
    if (legs.listeners.get(lead.id) !== leg) return;
    legs.listeners.delete(lead.id);
    if (!legs.ended) void legs.media.stopListening(lead.id).catch(() => {});
  });
  host.log({level: 'info', msg: 'listen-in started', callId: legs.callId, lead: lead.id});
}

/** The lead stops listening (key in the lead console): the phone is hung up. */
export async function stopListening(legs: CallLegs, leadId: string): Promise<void> {
  const leg = legs.listeners.get(leadId);
  if (!leg) throw new SwitchError('bad-state', `${leadId} is not listening to ${legs.callId}`);
  legs.listeners.delete(leadId);
  leg.close();
  await legs.media.stopListening(leadId).catch(() => {});
}
