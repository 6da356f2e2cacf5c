// RIFF/WAVE PCM files: the center's recordings (stereo, caller left, agent right) and its prompts
// (mono). 16-bit little-endian PCM only; anything else is refused with a clear error.

export type Wav = {
  readonly sampleRate: number;
  /** One Int16Array per channel, all of the same length. */
  readonly channels: readonly Int16Array[];
};

/** A 16-bit PCM WAV file of `channels` (interleaved on write). */
export function encodeWav({sampleRate, channels}: Wav): Buffer {
  if (channels.length === 0) throw new TypeError('encodeWav: expected at least one channel');
  const frames = channels[0].length;
  if (channels.some(c => c.length !== frames)) throw new TypeError('encodeWav: channels differ in length');
  const blockAlign = channels.length * 2;
  const dataBytes = frames * blockAlign;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(channels.length, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * blockAlign, 28);
  out.writeUInt16LE(blockAlign, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  let offset = 44;
  for (let i = 0; i < frames; i++) {
    for (const channel of channels) {
      out.writeInt16LE(channel[i], offset);
      offset += 2;
    }
  }
  return out;
}

/** Reads a 16-bit PCM WAV (any chunk order, unknown chunks skipped). */
export function decodeWav(file: Uint8Array): Wav {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file');
  }
  let format: {channels: number; sampleRate: number; bits: number; tag: number} | undefined;
  for (let offset = 12; offset + 8 <= buf.length;) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ' && size >= 16 && body + 16 <= buf.length) {
      format = {tag: buf.readUInt16LE(body), channels: buf.readUInt16LE(body + 2), sampleRate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14)};
    } else if (id === 'data') {
      if (!format) throw new Error('WAV data chunk before its fmt chunk');
      // WAVE_FORMAT_EXTENSIBLE (0xfffe) carries PCM too.
      if ((format.tag !== 1 && format.tag !== 0xfffe) || format.bits !== 16 || format.channels < 1) {
        throw new Error(`unsupported WAV format: tag ${format.tag}, ${format.bits} bits, ${format.channels} channels (expected 16-bit PCM)`);
      }
      const bytes = Math.min(size, buf.length - body);
      const frames = Math.floor(bytes / (2 * format.channels));
      const channels = Array.from({length: format.channels}, () => new Int16Array(frames));
      for (let i = 0; i < frames; i++) {
        for (let c = 0; c < format.channels; c++) channels[c][i] = buf.readInt16LE(body + (i * format.channels + c) * 2);
      }
      return {sampleRate: format.sampleRate, channels};
    }
    offset = body + size + (size & 1);
  }
  throw new Error('WAV file has no data chunk');
}
