// A call's recording as one stereo WAV: caller on the left channel, agent on the right, 8 kHz
// 16-bit PCM. Input is what rtpengine captured (every RTP packet it received, with its capture
// time); which party sent a packet is known from the rtpengine port it arrived at.
//
// Alignment: each stream is placed by its RTP timestamps (so network jitter does not smear it),
// anchored at the capture time of its first packet relative to the call's first packet. A new
// SSRC (a re-INVITE, a transfer) or a timestamp that drifts from the capture clock by more than
// REANCHOR_MS (a sender restarting its clock, long silence suppression) re-anchors the stream at
// that packet's capture time, so the two channels stay together over the whole call.
import {decodeAlaw, decodeUlaw} from './g711.ts';
import type {UdpDatagram} from './pcap.ts';
import {parseRtp, PT_PCMA, PT_PCMU} from './rtp.ts';
import {encodeWav} from './wav.ts';

export type Party = 'caller' | 'agent';

const RATE = 8000;
const REANCHOR_MS = 400;

export type StereoRecording = {
  /** The WAV file (44-byte header + interleaved samples). */
  readonly wav: Buffer;
  readonly durationMs: number;
  /** Audio packets used per party (G.711 only; DTMF, comfort noise and RTCP are skipped). */
  readonly packets: Readonly<Record<Party, number>>;
  /** Epoch ms of the first sample. */
  readonly startedAt?: number;
};

type Placed = {at: number; samples: Int16Array};

function decode(payloadType: number, payload: Uint8Array): Int16Array | undefined {
  if (payloadType === PT_PCMU) return decodeUlaw(payload);
  if (payloadType === PT_PCMA) return decodeAlaw(payload);
  return undefined;
}

/** Sample positions of one party's packets (in capture order). */
function place(datagrams: readonly UdpDatagram[], t0: number): Placed[] {
  const out: Placed[] = [];
  let anchor: {ssrc: number; ts: number; pos: number; atMs: number} | undefined;
  for (const d of datagrams) {
    const rtp = parseRtp(d.payload);
    if (!rtp) continue;
    const samples = decode(rtp.payloadType, rtp.payload);
    if (!samples) continue;
    const capturedPos = Math.round((d.atMs - t0) * RATE / 1000);
    if (anchor && anchor.ssrc === rtp.ssrc) {
      // Signed 32-bit distance: the timestamp wraps.
      const delta = (rtp.timestamp - anchor.ts) | 0;
      const expectedMs = anchor.atMs + delta * 1000 / RATE;
      if (Math.abs(expectedMs - d.atMs) <= REANCHOR_MS) {
        out.push({at: anchor.pos + delta, samples});
        continue;
      }
    }
    anchor = {ssrc: rtp.ssrc, ts: rtp.timestamp, pos: capturedPos, atMs: d.atMs};
    out.push({at: capturedPos, samples});
  }
  return out;
}

/**
 * The stereo WAV of a call from its captured datagrams. `partyOf` says who sent a datagram
 * (undefined: neither, e.g. a listen-in copy) — usually by the rtpengine port it arrived at.
 */
export function stereoRecording(datagrams: readonly UdpDatagram[], partyOf: (d: UdpDatagram) => Party | undefined): StereoRecording {
  const byParty: Record<Party, UdpDatagram[]> = {caller: [], agent: []};
  for (const d of datagrams) {
    const party = partyOf(d);
    if (party) byParty[party].push(d);
  }
  for (const list of Object.values(byParty)) list.sort((a, b) => a.atMs - b.atMs);
  const firsts = [byParty.caller[0], byParty.agent[0]].filter(Boolean).map(d => d.atMs);
  const t0 = firsts.length ? Math.min(...firsts) : 0;
  const placed = {caller: place(byParty.caller, t0), agent: place(byParty.agent, t0)};
  let frames = 0;
  for (const list of Object.values(placed)) for (const p of list) frames = Math.max(frames, p.at + p.samples.length);
  const left = new Int16Array(frames);
  const right = new Int16Array(frames);
  for (const [party, channel] of [['caller', left], ['agent', right]] as const) {
    for (const {at, samples} of placed[party]) {
      const skip = Math.max(0, -at);
      if (skip < samples.length) channel.set(skip ? samples.subarray(skip) : samples, at + skip);
    }
  }
  return {
    wav: encodeWav({sampleRate: RATE, channels: [left, right]}),
    durationMs: Math.round(frames * 1000 / RATE),
    packets: {caller: placed.caller.length, agent: placed.agent.length},
    startedAt: firsts.length ? t0 : undefined,
  };
}
