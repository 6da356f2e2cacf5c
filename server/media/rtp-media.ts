// The center's media, implemented with rtpengine: a MediaPort (src/sip/media-port.ts) over one or
// more rtpengines (embedded or external). Each call's MediaLeg is one rtpengine call with two
// participants tagged "caller" and "agent"; a transfer or a re-INVITE renegotiates the same
// participants, so a call keeps one recording from first answer to hang-up.
import type {NgReply} from 'rtpengine-client';
import {PassThroughLeg, RECORDINGS_OFF, type MediaLeg, type MediaOpenOptions, type MediaPort, type MediaSide, type PlayOptions, type RecordingOutcome} from '../../src/sip/media-port.ts';
import type {UdpDatagram} from './pcap.ts';
import {Recorder, safeName} from './recorder.ts';
import type {RtpEngine} from './rtpengine.ts';

export type RtpMediaOptions = {
  readonly engines: readonly RtpEngine[];
  /** Turns captures into WAVs; absent: calls are not recorded. */
  readonly recorder?: Recorder;
  /** Whether calls of `queue` are recorded (policy: on unless the queue turns it off). */
  readonly recordQueue?: (queue: string | undefined) => boolean;
  /** Music on hold for `queue` (a WAV path); also what a queued caller hears after the welcome. */
  readonly holdMusic?: (queue: string | undefined) => string | undefined;
  /** The queue announcement for a queued call (a WAV path), undefined when it has nothing to say; absent: none. */
  readonly announcement?: (queue: string | undefined, callId: string) => string | undefined;
  /** How often a queued caller hears the announcement (policy.media.announceEverySeconds). */
  readonly announceEveryMs?: number;
  /** The welcome a queued caller hears first (a WAV path). */
  readonly welcome?: (queue: string | undefined) => string | undefined;
  readonly log?: (entry: Record<string, unknown>) => void;
};

/** Every offer and answer: no ICE between phones and the center. */
const NEGOTIATION = {ICE: 'remove'};

/**
 * Recordings and the center's own prompts are G.711: an offer that includes PCMU or PCMA goes on
 * with only those (and DTMF events), so phones such as linphone, which prefer opus, talk G.711
 * through the center. An offer without G.711 is passed as it is: the call still connects, and
 * its record says why it has no recording.
 */
export function g711Codecs(sdp: string): {codec: {strip: string[]; except: string[]}} | undefined {
  const formats = [...sdp.matchAll(/^m=audio \d+(?:\/\d+)? \S+ ([\d ]+)/gm)].flatMap(m => m[1]!.trim().split(/\s+/));
  const named = /^a=rtpmap:\d+ (PCMU|PCMA)\/8000/im.test(sdp);
  return formats.includes('0') || formats.includes('8') || named ? {codec: {strip: ['all'], except: ['PCMU', 'PCMA', 'telephone-event']}} : undefined;
}

/** The rtpengine participant of a listen-in: never "caller" or "agent". */
const listenTag = (listener: string) => `listen_${safeName(listener)}`;

const other = (side: MediaSide): MediaSide => side === 'caller' ? 'agent' : 'caller';

/** RTP ports of the m=audio lines of `sdp` (and their RTCP neighbours). */
function mediaPorts(sdp: string): number[] {
  return [...sdp.matchAll(/^m=audio (\d+)/gm)].flatMap(m => [Number(m[1]), Number(m[1]) + 1]);
}

export class RtpMedia implements MediaPort {
  /** Calls that got a pass-through leg because no rtpengine answered (for /metrics). */
  fallbacks = 0;
  #next = 0;
  #legs = new Set<RtpLeg>();
  #warnedDown = false;
  #log: (entry: Record<string, unknown>) => void;

  constructor(readonly options: RtpMediaOptions) {
    if (options.engines.length === 0) throw new TypeError('RtpMedia: expected at least one rtpengine');
    this.#log = options.log ?? (() => {});
  }

  get status(): {anchored: boolean; why?: string} {
    return this.options.engines.some(e => e.healthy) ? {anchored: true} : {anchored: false, why: `${RECORDINGS_OFF}: rtpengine not answering`};
  }

  open(callId: string, options: MediaOpenOptions = {}): MediaLeg {
    const engines = this.options.engines;
    for (let i = 0; i < engines.length; i++) {
      const engine = engines[(this.#next + i) % engines.length];
      if (!engine.healthy) continue;
      this.#next = (this.#next + i + 1) % engines.length;
      this.#warnedDown = false;
      const leg = new RtpLeg(engine, callId, options, this, () => this.#legs.delete(leg));
      this.#legs.add(leg);
      return leg;
    }
    this.fallbacks++;
    if (!this.#warnedDown) {
      this.#warnedDown = true;
      this.#log({level: 'warn', msg: 'no rtpengine answering: calls go phone to phone, not recorded', callId});
    }
    return new PassThroughLeg(this.status.why);
  }

  /** What /metrics shows (server/metrics.ts): each rtpengine's health, fallbacks, anchored calls. */
  stats(): {engines: Array<{address: string; healthy: boolean}>; fallbacks: number; calls: number} {
    return {engines: this.options.engines.map(e => ({address: e.address, healthy: e.healthy})), fallbacks: this.fallbacks, calls: this.#legs.size};
  }

  metrics(): string {
    const lines = [
      '# HELP zuoxi_media_up Whether an rtpengine answers ng ping (1) or calls fall back to signalling only (0).',
      '# TYPE zuoxi_media_up gauge',
      ...this.options.engines.map(e => `zuoxi_media_up{rtpengine="${e.address}"} ${e.healthy ? 1 : 0}`),
      '# TYPE zuoxi_media_fallback_calls_total counter',
      `zuoxi_media_fallback_calls_total ${this.fallbacks}`,
      '# TYPE zuoxi_media_calls gauge',
      `zuoxi_media_calls ${this.#legs.size}`,
    ];
    return lines.join('\n') + '\n';
  }

  async close(): Promise<void> {
    await Promise.all([...this.#legs].map(leg => leg.close()));
  }

  /** @internal used by legs */
  logEntry(entry: Record<string, unknown>): void {
    this.#log(entry);
  }
}

let generation = 0;

class RtpLeg implements MediaLeg {
  anchored = true;
  why?: string;
  readonly ngCallId: string;
  #engine: RtpEngine;
  #media: RtpMedia;
  #options: MediaOpenOptions;
  #callId: string;
  #done: () => void;
  /** rtpengine ports each party sends to: how a captured packet is told caller from agent. */
  #portsOf: Record<MediaSide, Set<number>> = {caller: new Set(), agent: new Set()};
  #known = new Set<MediaSide>();
  #recording: 'no' | 'yes' | 'off' = 'no';
  #recordingWhy?: string;
  #closing?: Promise<RecordingOutcome | undefined>;
  #held = false;
  #queueing = false;
  #queueTimer?: NodeJS.Timeout;
  #announceTimer?: NodeJS.Timeout;
  /** Queue announcements this call heard. */
  announcements = 0;

  constructor(engine: RtpEngine, callId: string, options: MediaOpenOptions, media: RtpMedia, done: () => void) {
    this.#engine = engine;
    this.#callId = callId;
    this.#options = options;
    this.#media = media;
    this.#done = done;
    this.ngCallId = `zx_${safeName(callId)}_${(++generation).toString(36)}`;
  }

  async offer(from: MediaSide, sdp: string): Promise<string> {
    if (!this.anchored) return sdp;
    const params: Record<string, unknown> = {'call-id': this.ngCallId, 'from-tag': from, sdp, ...NEGOTIATION, ...g711Codecs(sdp)};
    if (this.#known.has(other(from))) params['to-tag'] = other(from);
    return this.#exchange('offer', from, sdp, params);
  }

  async answer(from: MediaSide, sdp: string): Promise<string> {
    if (!this.anchored) return sdp;
    return this.#exchange('answer', from, sdp, {'call-id': this.ngCallId, 'from-tag': other(from), 'to-tag': from, sdp, ...NEGOTIATION});
  }

  async play(to: MediaSide, file: string, options: PlayOptions = {}): Promise<number | undefined> {
    if (!this.anchored) return undefined;
    let duration: number | undefined;
    await this.#try('play media', async () => {
      const reply = await this.#engine.playMedia({'call-id': this.ngCallId, 'from-tag': to, file, ...(options.loop ? {'repeat-times': 100_000} : {})});
      if (typeof reply.duration === 'number') duration = reply.duration;
    });
    return duration;
  }

  async answerForQueue(offer: string): Promise<string | undefined> {
    if (!this.anchored) return undefined;
    const toAgent = await this.offer('caller', offer);
    if (!this.anchored) return undefined;
    // No phone yet: the agent side is parked on a discard address until one answers.
    const parked = toAgent.replace(/^c=IN IP4 .*$/gm, 'c=IN IP4 127.0.0.1').replace(/^m=audio \d+/gm, 'm=audio 9');
    const toCaller = await this.answer('agent', parked);
    return this.anchored ? toCaller : undefined;
  }

  async playQueue(): Promise<void> {
    if (!this.anchored) return;
    const options = this.#media.options;
    const welcome = options.welcome?.(this.#options.queue);
    const music = options.holdMusic?.(this.#options.queue);
    this.#queueing = true;
    const ms = welcome ? await this.play('caller', welcome).catch(() => undefined) : undefined;
    if (!music) return;
    const startMusic = () => {
      this.#queueTimer = undefined;
      if (this.#queueing && this.anchored) void this.play('caller', music, {loop: true}).catch(() => {});
    };
    // The announcements count from the music's start, never over the welcome.
    const firstMusic = () => {
      startMusic();
      this.#scheduleAnnouncement(startMusic);
    };
    if (ms) {
      this.#queueTimer = setTimeout(firstMusic, ms);
      this.#queueTimer.unref();
    } else {
      firstMusic();
    }
  }

  /** Every `announceEveryMs` (start to start): the music stopped, the announcement, then `music` again. */
  #scheduleAnnouncement(music: () => void): void {
    const options = this.#media.options;
    if (!options.announcement || !options.announceEveryMs) return;
    this.#announceTimer = setTimeout(() => {
      this.#announceTimer = undefined;
      if (!this.#queueing || !this.anchored) return;
      this.#scheduleAnnouncement(music);
      // One still playing (longer than the interval) is not cut by the next.
      const file = this.#queueTimer ? undefined : options.announcement?.(this.#options.queue, this.#callId);
      if (file) void this.#announce(file, music);
    }, options.announceEveryMs);
    this.#announceTimer.unref();
  }

  async #announce(file: string, music: () => void): Promise<void> {
    await this.stopPlay('caller').catch(() => {});
    // An agent answering meanwhile stopped the queue: the bridge never carries the announcement.
    if (!this.#queueing) return;
    const ms = await this.play('caller', file).catch(() => undefined);
    if (!this.#queueing) return void this.stopPlay('caller').catch(() => {});
    this.announcements++;
    this.#queueTimer = setTimeout(music, ms ?? 3000);
    this.#queueTimer.unref();
  }

  async stopQueue(): Promise<void> {
    if (!this.#queueing) return;
    this.#queueing = false;
    clearTimeout(this.#queueTimer);
    this.#queueTimer = undefined;
    clearTimeout(this.#announceTimer);
    this.#announceTimer = undefined;
    if (this.anchored) await this.stopPlay('caller').catch(() => {});
  }

  async stopPlay(to: MediaSide): Promise<void> {
    if (!this.anchored) return;
    await this.#try('stop media', () => this.#engine.stopMedia({'call-id': this.ngCallId, 'from-tag': to}));
  }

  async block(from: MediaSide): Promise<void> {
    if (!this.anchored) return;
    await this.#try('block media', () => this.#engine.blockMedia({'call-id': this.ngCallId, 'from-tag': from, flags: ['directional']}));
  }

  async unblock(from: MediaSide): Promise<void> {
    if (!this.anchored) return;
    await this.#try('unblock media', () => this.#engine.unblockMedia({'call-id': this.ngCallId, 'from-tag': from, flags: ['directional']}));
  }

  async hold(music?: string): Promise<void> {
    if (!this.anchored || this.#held) return;
    this.#held = true;
    // nothing of the agent reaches the caller, nothing of the caller the agent; the caller hears music.
    await this.block('agent');
    await this.block('caller');
    const file = music ?? this.#media.options.holdMusic?.(this.#options.queue);
    if (file) await this.play('caller', file, {loop: true});
  }

  async resume(): Promise<void> {
    if (!this.anchored || !this.#held) return;
    this.#held = false;
    await this.stopPlay('caller').catch(() => {});
    await this.unblock('agent');
    await this.unblock('caller');
  }

  async listenOffer(listener: string): Promise<string | undefined> {
    if (!this.anchored) return undefined;
    const reply = await this.#engine.subscribeRequest({'call-id': this.ngCallId, 'from-tags': ['caller', 'agent'], 'to-tag': listenTag(listener), ...NEGOTIATION});
    return typeof reply.sdp === 'string' ? reply.sdp : undefined;
  }

  async listenAnswer(listener: string, sdp: string): Promise<void> {
    if (!this.anchored) return;
    await this.#try('subscribe answer', () => this.#engine.subscribeAnswer({'call-id': this.ngCallId, 'to-tag': listenTag(listener), sdp, flags: ['allow transcoding']}));
  }

  async stopListening(listener: string): Promise<void> {
    if (!this.anchored) return;
    await this.#try('unsubscribe', () => this.#engine.unsubscribe({'call-id': this.ngCallId, 'to-tag': listenTag(listener)}));
  }

  async startRecording(): Promise<void> {
    if (this.#recording !== 'no') return;
    if (!this.anchored) {
      this.#recording = 'off';
      this.#recordingWhy = this.why ?? RECORDINGS_OFF;
      return;
    }
    const media = this.#media.options;
    if (!media.recorder) {
      [this.#recording, this.#recordingWhy] = ['off', `${RECORDINGS_OFF}: no recordings directory`];
      return;
    }
    if (media.recordQueue && !media.recordQueue(this.#options.queue)) {
      [this.#recording, this.#recordingWhy] = ['off', `recording off for queue ${this.#options.queue ?? '(none)'}`];
      return;
    }
    try {
      await this.#engine.startRecording({'call-id': this.ngCallId});
      this.#recording = 'yes';
    } catch (error) {
      [this.#recording, this.#recordingWhy] = ['off', `rtpengine refused to record: ${(error as Error).message}`];
    }
  }

  close(): Promise<RecordingOutcome | undefined> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<RecordingOutcome | undefined> {
    try {
      return await this.#release();
    } finally {
      // Counted until its recording is filed, so closing the center waits for it.
      this.#done();
    }
  }

  async #release(): Promise<RecordingOutcome | undefined> {
    this.#queueing = false;
    clearTimeout(this.#queueTimer);
    const wasAnchored = this.anchored;
    this.anchored = false;
    if (wasAnchored && this.#known.size > 0) {
      await this.#engine.delete({'call-id': this.ngCallId, 'delete delay': 0}).catch((error: Error) => {
        this.#media.logEntry({level: 'warn', msg: 'rtpengine delete failed (it times the call out itself)', callId: this.#callId, error: error.message});
      });
    }
    if (this.#recording === 'no') return undefined;
    if (this.#recording === 'off') return {recorded: false, why: this.#recordingWhy ?? RECORDINGS_OFF};
    const ports = this.#portsOf;
    const partyOf = (d: UdpDatagram) => ports.caller.has(d.dstPort) ? 'caller' as const : ports.agent.has(d.dstPort) ? 'agent' as const : undefined;
    return this.#media.options.recorder!.file(this.ngCallId, this.#options.day ?? 'undated', this.#callId, partyOf);
  }

  async #exchange(kind: 'offer' | 'answer', from: MediaSide, sdp: string, params: Record<string, unknown>): Promise<string> {
    let reply: NgReply;
    try {
      reply = kind === 'offer' ? await this.#engine.offer(params) : await this.#engine.answer(params);
    } catch (error) {
      // The call goes on phone to phone; the record says why (never a silent difference).
      this.#fallBack(`rtpengine ${kind} failed: ${(error as Error).message}`);
      return sdp;
    }
    const out = typeof reply.sdp === 'string' ? reply.sdp : undefined;
    if (!out) {
      this.#fallBack(`rtpengine ${kind} returned no SDP`);
      return sdp;
    }
    this.#known.add(from);
    // The SDP goes to the other party: the ports in it are where that party will send.
    for (const port of mediaPorts(out)) this.#portsOf[other(from)].add(port);
    return out;
  }

  #fallBack(why: string): void {
    this.#media.logEntry({level: 'warn', msg: 'media falls back to phone to phone for this call', callId: this.#callId, why});
    const known = this.#known.size > 0;
    this.anchored = false;
    this.why = `${RECORDINGS_OFF}: ${why}`;
    if (this.#recording === 'yes') this.#recordingWhy = why;
    if (this.#recording !== 'no') this.#recording = 'off';
    if (known) void this.#engine.delete({'call-id': this.ngCallId, 'delete delay': 0}).catch(() => {});
  }

  async #try(what: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.#media.logEntry({level: 'warn', msg: `rtpengine ${what} failed`, callId: this.#callId, error: (error as Error).message});
      throw error;
    }
  }
}
