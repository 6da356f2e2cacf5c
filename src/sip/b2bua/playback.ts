// Recording review (R-24 录音抽检) on the lead's own phone: the switch calls the lead's registered
// phone through a media session of its own and the media engine plays the call's WAV into it.
// The lead's hang-up, the stop key or the end of the file ends it; one playback per lead.
import type Srf from 'drachtio-srf';
import type {AgentConfig, ZuoxiConfig} from '../../config.ts';
import type {MediaLeg, MediaPort} from '../media-port.ts';
import type {Binding} from '../registrar.ts';
import {SwitchError} from '../switch-error.ts';
import {autoAnswerHeaders, phoneRoute} from './phone-request.ts';
import {Leg} from './legs.ts';

export type PlaybackHost = {
  readonly config: ZuoxiConfig;
  readonly media: MediaPort;
  readonly log: (entry: Record<string, unknown>) => void;
  srf(): Srf | undefined;
  contactOf(user: string): Binding | undefined;
  /** The playback to `lead` of `callId` began (on) or ended. */
  played?(callId: string, lead: string, on: boolean): void;
};

type Playing = {readonly callId: string; readonly leg: Leg; readonly media: MediaLeg; timer?: NodeJS.Timeout};

/**
 * The player's side of the session: it sends nothing (rtpengine injects the file) and receives
 * nothing worth keeping, so it is parked on the discard port.
 */
const PLAYER_SDP = ['v=0', 'o=zuoxi 1 1 IN IP4 127.0.0.1', 's=playback', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 9 RTP/AVP 0 8 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000', 'a=sendrecv', ''].join('\r\n');

/** How long after the file's end the lead's phone is hung up (the last packets in flight). */
const TAIL_MS = 700;

export class Playbacks {
  readonly #host: PlaybackHost;
  readonly #playing = new Map<string, Playing>();

  constructor(host: PlaybackHost) {
    this.#host = host;
  }

  get size(): number {
    return this.#playing.size;
  }

  /** Rings `lead`'s phone and plays `file` (the recording of `callId`); resolves once it plays. */
  async start(lead: AgentConfig, callId: string, file: string): Promise<void> {
    const host = this.#host;
    const srf = host.srf();
    if (!srf) throw new SwitchError('not-ready', 'switch not started');
    if (this.#playing.has(lead.id)) throw new SwitchError('bad-state', `a recording is already playing on your phone (${this.#playing.get(lead.id)!.callId}): stop it first`);
    if (!host.media.status.anchored) throw new SwitchError('no-media', `playback needs the media engine (${host.media.status.why ?? 'recordings off'})`);
    const binding = host.contactOf(lead.phone.user);
    if (!binding) throw new SwitchError('no-phone', 'your phone is not registered');
    const media = host.media.open(`playback-${lead.id}-${callId}`);
    const offer = await media.offer('agent', PLAYER_SDP);
    if (!media.anchored) {
      await media.close();
      throw new SwitchError('no-media', `playback refused by the media engine (${media.why ?? 'recordings off'})`);
    }
    const {realm} = host.config.center;
    let dialog: Srf.Dialog;
    try {
      dialog = await srf.createUAC(binding.contact, {localSdp: offer, headers: {
        ...autoAnswerHeaders(realm), From: `<sip:playback@${realm}>`, To: `<sip:${lead.phone.user}@${realm}>`, 'X-Zuoxi-Playback': callId,
      }, ...phoneRoute(binding)});
    } catch (error) {
      await media.close();
      throw new SwitchError('sip-failed', `your phone did not answer: ${(error as Error).message}`);
    }
    const leg = new Leg('listener', dialog);
    const playing: Playing = {callId, leg, media};
    this.#playing.set(lead.id, playing);
    leg.onGone(() => void this.#end(lead.id, playing));
    try {
      await media.answer('caller', dialog.remote.sdp);
      const ms = await media.play('caller', file);
      if (ms !== undefined && this.#playing.get(lead.id) === playing) {
        playing.timer = setTimeout(() => void this.#end(lead.id, playing), ms + TAIL_MS);
        playing.timer.unref();
      }
    } catch (error) {
      await this.#end(lead.id, playing);
      throw new SwitchError('no-media', `the media engine could not play ${callId}'s recording: ${(error as Error).message}`);
    }
    host.log({level: 'info', msg: 'recording playback started', callId, lead: lead.id});
    host.played?.(callId, lead.id, true);
  }

  /** The lead's stop key. */
  async stop(leadId: string): Promise<void> {
    const playing = this.#playing.get(leadId);
    if (!playing) throw new SwitchError('bad-state', 'no recording is playing on your phone');
    await this.#end(leadId, playing);
  }

  close(): void {
    for (const [lead, playing] of [...this.#playing]) void this.#end(lead, playing);
  }

  async #end(leadId: string, playing: Playing): Promise<void> {
    if (this.#playing.get(leadId) !== playing) return;
    this.#playing.delete(leadId);
    clearTimeout(playing.timer);
    playing.leg.close();
    await playing.media.close().catch(() => undefined);
    this.#host.played?.(playing.callId, leadId, false);
  }
}
