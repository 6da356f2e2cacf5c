import test from 'ava';
import {decodeAlaw, decodeUlaw, encodeAlaw, encodeAlawSample, encodeUlaw, encodeUlawSample} from '../../server/media/g711.ts';
import {readPcap, writePcap, type UdpDatagram} from '../../server/media/pcap.ts';
import {stereoRecording} from '../../server/media/recording-wav.ts';
import {buildRtp, parseRtp, PT_PCMA, PT_PCMU} from '../../server/media/rtp.ts';
import {dominantTone, sine} from '../../server/media/tone.ts';
import {decodeWav, encodeWav} from '../../server/media/wav.ts';

test('G.711 round trips stay within a quantisation step', t => {
  for (const s of [-32768, -20000, -1000, -5, 0, 7, 100, 1234, 30000, 32767]) {
    const u = decodeUlaw(Uint8Array.of(encodeUlawSample(s)))[0];
    const a = decodeAlaw(Uint8Array.of(encodeAlawSample(s)))[0];
    const tolerance = Math.max(16, Math.abs(s) / 16);
    t.true(Math.abs(u - Math.max(-32124, Math.min(32124, s))) <= tolerance, `µ-law ${s} → ${u}`);
    t.true(Math.abs(a - s) <= tolerance + 16, `A-law ${s} → ${a}`);
  }
  // Reference points from G.711: µ-law 0xff and A-law 0xd5 are the smallest positive values.
  t.is(decodeUlaw(Uint8Array.of(0xff))[0], 0);
  t.is(decodeAlaw(Uint8Array.of(0xd5))[0], 8);
  t.is(decodeUlaw(Uint8Array.of(0x00))[0], -32124);
});

test('WAV encode/decode keeps channels; non-PCM is refused', t => {
  const left = Int16Array.of(1, -2, 3);
  const right = Int16Array.of(-4, 5, -6);
  const wav = decodeWav(encodeWav({sampleRate: 8000, channels: [left, right]}));
  t.is(wav.sampleRate, 8000);
  t.deepEqual([...wav.channels[0]], [1, -2, 3]);
  t.deepEqual([...wav.channels[1]], [-4, 5, -6]);
  t.throws(() => decodeWav(Buffer.from('RIFF....WAVE')), {message: /no data chunk/});
  t.throws(() => decodeWav(Buffer.from('hello world!')), {message: /not a RIFF/});
  const float = encodeWav({sampleRate: 8000, channels: [left]});
  float.writeUInt16LE(3, 20);
  t.throws(() => decodeWav(float), {message: /unsupported WAV format/});
});

test('RTP: header fields, CSRC, extension and padding; RTCP is not RTP', t => {
  const packet = buildRtp({payloadType: 8, marker: true, sequence: 65535, timestamp: 0xffffff00, ssrc: 42, payload: Uint8Array.of(1, 2, 3)});
  t.like(parseRtp(packet), {payloadType: 8, marker: true, sequence: 65535, timestamp: 0xffffff00, ssrc: 42});
  const padded = Buffer.concat([packet, Buffer.from([0, 0, 3])]);
  padded[0] |= 0x20;
  t.deepEqual([...parseRtp(padded)!.payload], [1, 2, 3]);
  const withExtension = Buffer.concat([packet.subarray(0, 12), Buffer.from([0xbe, 0xde, 0, 1, 9, 9, 9, 9]), packet.subarray(12)]);
  withExtension[0] |= 0x10;
  t.deepEqual([...parseRtp(withExtension)!.payload], [1, 2, 3]);
  const rtcp = Buffer.from([0x80, 200, 0, 6, ...Array.from({length: 24}, () => 0)]);
  t.is(parseRtp(rtcp), undefined);
  t.is(parseRtp(Buffer.from([1, 2, 3])), undefined);
});

test('pcap: reads what it wrote, drops a truncated last record, refuses other files', t => {
  const datagrams: UdpDatagram[] = [
    {atMs: 1_700_000_000_123.5, src: '127.0.0.1', srcPort: 5000, dst: '127.0.0.2', dstPort: 40000, payload: Uint8Array.of(1, 2)},
    {atMs: 1_700_000_000_143.25, src: '10.0.0.1', srcPort: 5002, dst: '127.0.0.1', dstPort: 40010, payload: Uint8Array.of(3)},
  ];
  const file = writePcap(datagrams);
  const read = readPcap(file);
  t.is(read.length, 2);
  t.like(read[1], {src: '10.0.0.1', srcPort: 5002, dst: '127.0.0.1', dstPort: 40010});
  t.true(Math.abs(read[0].atMs - datagrams[0].atMs) < 0.002);
  t.deepEqual([...read[0].payload], [1, 2]);
  t.is(readPcap(file.subarray(0, file.length - 1)).length, 1);
  t.throws(() => readPcap(Buffer.alloc(10)), {message: /not a pcap file/});
  t.throws(() => readPcap(Buffer.alloc(64, 7)), {message: /not a pcap file/});
});

/** Packets of a tone as rtpengine would capture them: 20 ms each, RTP timestamps continuous. */
function stream(opts: {hz: number; startMs: number; ms: number; dstPort: number; ssrc: number; pt?: number; jitterMs?: number; tsStart?: number}): UdpDatagram[] {
  const out: UdpDatagram[] = [];
  const pt = opts.pt ?? PT_PCMU;
  for (let i = 0; i < opts.ms / 20; i++) {
    const pcm = sine(opts.hz, 160, {from: i * 160});
    const payload = pt === PT_PCMU ? encodeUlaw(pcm) : encodeAlaw(pcm);
    const jitter = opts.jitterMs ? ((i * 7919) % 11 - 5) / 5 * opts.jitterMs : 0;
    out.push({atMs: opts.startMs + i * 20 + jitter, src: '127.0.0.1', srcPort: 9, dst: '127.0.0.1', dstPort: opts.dstPort,
      payload: buildRtp({payloadType: pt, marker: i === 0, sequence: i, timestamp: (opts.tsStart ?? 1000) + i * 160, ssrc: opts.ssrc, payload})});
  }
  return out;
}

const partyByPort = (d: UdpDatagram) => d.dstPort === 40010 ? 'caller' as const : d.dstPort === 40000 ? 'agent' as const : undefined;
const window = (samples: Int16Array, fromMs: number, toMs: number) => samples.subarray(fromMs * 8, toMs * 8);

test('stereo recording: caller left, agent right, aligned by time across PCMU and PCMA', t => {
  const start = 1_800_000_000_000;
  const caller = stream({hz: 440, startMs: start, ms: 2000, dstPort: 40010, ssrc: 1, jitterMs: 3});
  // The agent starts talking 500 ms later, in A-law, with a timestamp near the 32-bit wrap.
  const agent = stream({hz: 1000, startMs: start + 500, ms: 1000, dstPort: 40000, ssrc: 2, pt: PT_PCMA, tsStart: 0xffffff00});
  const other = stream({hz: 2000, startMs: start, ms: 2000, dstPort: 41000, ssrc: 3});
  const recording = stereoRecording([...agent, ...other, ...caller], partyByPort);
  t.deepEqual(recording.packets, {caller: 100, agent: 50});
  t.is(recording.durationMs, 2000);
  t.is(recording.startedAt, caller[0].atMs);
  const [left, right] = decodeWav(recording.wav).channels;
  t.is(dominantTone(window(left, 100, 1900), [440, 1000, 2000]), 440);
  t.is(dominantTone(window(right, 520, 1480), [440, 1000, 2000]), 1000);
  // Before the agent spoke, the right channel is silent.
  t.is(dominantTone(window(right, 0, 480), [440, 1000]), undefined);
  t.is(dominantTone(window(right, 1520, 2000), [440, 1000]), undefined);
});

test('stereo recording: a new SSRC or a timestamp jump re-anchors at capture time', t => {
  const start = 1_800_000_000_000;
  const first = stream({hz: 440, startMs: start, ms: 1000, dstPort: 40010, ssrc: 1});
  // After a transfer the caller's phone restarts with another SSRC and a random timestamp, 1 s later.
  const second = stream({hz: 440, startMs: start + 2000, ms: 1000, dstPort: 40010, ssrc: 9, tsStart: 77});
  // Same SSRC but the clock jumped 10 s ahead of the capture time.
  const jumped = stream({hz: 440, startMs: start + 3500, ms: 500, dstPort: 40010, ssrc: 9, tsStart: 77 + 8000 * 12});
  const agent = stream({hz: 1000, startMs: start, ms: 4000, dstPort: 40000, ssrc: 2});
  const recording = stereoRecording([...first, ...second, ...jumped, ...agent], partyByPort);
  t.is(recording.durationMs, 4000);
  const [left] = decodeWav(recording.wav).channels;
  t.is(dominantTone(window(left, 1020, 1980), [440]), undefined, 'silence while the caller was away');
  t.is(dominantTone(window(left, 2020, 2980), [440]), 440);
  t.is(dominantTone(window(left, 3020, 3480), [440]), undefined);
  t.is(dominantTone(window(left, 3520, 3980), [440]), 440);
});

test('stereo recording of nothing is an empty WAV, not an error', t => {
  const recording = stereoRecording([], () => 'caller');
  t.is(recording.durationMs, 0);
  t.is(recording.startedAt, undefined);
  t.is(decodeWav(recording.wav).channels.length, 2);
});
