// What a softphone heard, from the WAV file it wrote: tone by 20 ms frame.
import fs from 'node:fs';
import {dominantTone} from '../../server/media/tone.ts';
import {decodeWav} from '../../server/media/wav.ts';

/** Frames of 20 ms counted by their dominant tone among `tones` (silence and mixtures: 'none'). */
export function framesByTone(samples: Int16Array, rate: number, tones: readonly number[]): Map<number | 'none', number> {
  const counts = new Map<number | 'none', number>();
  const frame = rate / 50;
  for (let at = 0; at + frame <= samples.length; at += frame) {
    const tone = dominantTone(samples.subarray(at, at + frame), tones, {rate}) ?? 'none';
    counts.set(tone, (counts.get(tone) ?? 0) + 1);
  }
  return counts;
}

/**
 * The tone of most 20 ms frames of a channel (frame by frame: a phone's own file joins the talk
 * before and after hold without the gap, so one window over it all would mix phases).
 */
export function toneOf(samples: Int16Array, rate: number, tones: readonly number[]): number | undefined {
  const counts = [...framesByTone(samples, rate, tones)].sort((a, b) => b[1] - a[1]);
  const [tone, n] = counts[0] ?? ['none', 0];
  return tone !== 'none' && n * 2 > samples.length / (rate / 50) ? tone : undefined;
}

/** The first channel of a WAV file and its rate. */
export function readMono(file: string): {samples: Int16Array; rate: number} {
  const wav = decodeWav(fs.readFileSync(file));
  return {samples: wav.channels[0]!, rate: wav.sampleRate};
}
