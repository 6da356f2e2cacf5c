// G.711 (ITU-T G.711) µ-law and A-law codecs, for decoding recorded RTP into PCM and for the test
// and load-test phones that send tones. Tables are built once: decoding is a lookup per sample.

const ULAW_BIAS = 0x84;
const CLIP = 32635;

function ulawDecodeSample(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + ULAW_BIAS) << exponent) - ULAW_BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

function alawDecodeSample(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

const ulawTable = Int16Array.from({length: 256}, (_, i) => ulawDecodeSample(i));
const alawTable = Int16Array.from({length: 256}, (_, i) => alawDecodeSample(i));

/** µ-law bytes → 16-bit linear samples. */
export function decodeUlaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = ulawTable[bytes[i]];
  return out;
}

/** A-law bytes → 16-bit linear samples. */
export function decodeAlaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = alawTable[bytes[i]];
  return out;
}

/** One 16-bit linear sample → µ-law byte. */
export function encodeUlawSample(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  s = Math.min(s, CLIP) + ULAW_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; exponent--, mask >>= 1);
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** One 16-bit linear sample → A-law byte. */
export function encodeAlawSample(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s >= 0 ? 0x80 : 0;
  if (!sign) s = -s - 1;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; exponent--, mask >>= 1);
  const mantissa = exponent === 0 ? (s >> 4) & 0x0f : (s >> (exponent + 3)) & 0x0f;
  return (sign | (exponent << 4) | mantissa) ^ 0x55;
}

/** 16-bit linear samples → µ-law bytes. */
export function encodeUlaw(samples: ArrayLike<number>): Uint8Array {
  return Uint8Array.from({length: samples.length}, (_, i) => encodeUlawSample(samples[i]));
}

/** 16-bit linear samples → A-law bytes. */
export function encodeAlaw(samples: ArrayLike<number>): Uint8Array {
  return Uint8Array.from({length: samples.length}, (_, i) => encodeAlawSample(samples[i]));
}
