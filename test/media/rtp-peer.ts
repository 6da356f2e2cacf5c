// A test phone's media: sends a G.711 tone over RTP every 20 ms and tells, packet by packet, which
// tone it received. Real UDP sockets on loopback.
import dgram from 'node:dgram';
import {decodeAlaw, decodeUlaw, encodeUlaw} from '../../server/media/g711.ts';
import {buildRtp, parseRtp, PT_PCMA, PT_PCMU} from '../../server/media/rtp.ts';
import {dominantTone, energy, sine, tonePower} from '../../server/media/tone.ts';

type Heard = {atMs: number; samples: Int16Array};

export class RtpPeer {
  readonly heard: Heard[] = [];
  #socket = dgram.createSocket('udp4');
  #timer?: NodeJS.Timeout;
  #sent = 0;

  static async open(): Promise<RtpPeer> {
    const peer = new RtpPeer();
    await new Promise<void>(resolve => peer.#socket.bind(0, '127.0.0.1', resolve));
    peer.#socket.on('message', data => {
      const rtp = parseRtp(data);
      if (!rtp) return;
      const samples = rtp.payloadType === PT_PCMU ? decodeUlaw(rtp.payload) : rtp.payloadType === PT_PCMA ? decodeAlaw(rtp.payload) : undefined;
      if (samples) peer.heard.push({atMs: Date.now(), samples});
    });
    return peer;
  }

  get port(): number {
    return this.#socket.address().port;
  }

  get sent(): number {
    return this.#sent;
  }

  /** An SDP offering PCMU/PCMA at this peer's port. */
  sdp(version = 1): string {
    return ['v=0', `o=- 42 ${version} IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0',
      `m=audio ${this.port} RTP/AVP 0 8 101`, 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000', 'a=sendrecv', ''].join('\r\n');
  }

  /** Starts sending `hz` (µ-law) to the m=audio port of `sdp`. */
  sendTone(hz: number, sdp: string): void {
    const port = Number(/^m=audio (\d+)/m.exec(sdp)?.[1]);
    const host = /^c=IN IP4 (\S+)/m.exec(sdp)?.[1] ?? '127.0.0.1';
    if (!port) throw new Error(`no m=audio port in SDP:\n${sdp}`);
    this.stop();
    const ssrc = Math.floor(Math.random() * 0xffffffff);
    let n = 0;
    this.#timer = setInterval(() => {
      const payload = encodeUlaw(sine(hz, 160, {from: n * 160}));
      this.#socket.send(buildRtp({payloadType: PT_PCMU, marker: n === 0, sequence: n, timestamp: n * 160, ssrc, payload}), port, host);
      n++;
      this.#sent++;
    }, 20);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Packets received since `sinceMs`, counted by their dominant tone among `tones` ('none' otherwise). */
  tonesSince(sinceMs: number, tones: readonly number[], untilMs = Infinity): Record<string, number> {
    const counts: Record<string, number> = {none: 0};
    for (const tone of tones) counts[tone] = 0;
    for (const {atMs, samples} of this.heard) {
      if (atMs < sinceMs || atMs >= untilMs) continue;
      counts[dominantTone(samples, tones, {share: 0.6}) ?? 'none']++;
    }
    return counts;
  }

  /**
   * Waits (bounded by `timeoutMs`) until the last `windowMs` hold at least `min` packets of
   * `tone`, and returns that window's counts: media starts a moment after the signalling on a
   * loaded machine, so a test waits for it to flow instead of sleeping a fixed time.
   */
  async hears(tone: number, tones: readonly number[], {min = 12, windowMs = 800, timeoutMs = 6000} = {}): Promise<Record<string, number>> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const heard = this.tonesSince(Date.now() - windowMs, tones);
      if (heard[tone]! >= min || Date.now() > end) return heard;
      await sleep(100);
    }
  }

  /** Packets received since `sinceMs` that carry both `a` and `b` (a mix: each ≥ a quarter of the energy). */
  mixedSince(sinceMs: number, a: number, b: number, untilMs = Infinity): number {
    let n = 0;
    for (const {atMs, samples} of this.heard) {
      if (atMs < sinceMs || atMs >= untilMs) continue;
      const total = energy(samples);
      if (total > 0 && tonePower(samples, a) * 2 >= 0.25 * total && tonePower(samples, b) * 2 >= 0.25 * total) n++;
    }
    return n;
  }

  close(): void {
    this.stop();
    this.#socket.close();
  }
}

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
