// Tones for the phones that test media (each party sends its own frequency) and the Goertzel
// measure that tells, in what a party received or in a recording's channel, whose tone it is.

/** `count` samples of a sine at `hz`, starting at sample index `from` (phase-continuous across calls). */
export function sine(hz: number, count: number, {rate = 8000, amplitude = 8000, from = 0} = {}): Int16Array {
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.round(amplitude * Math.sin(2 * Math.PI * hz * (from + i) / rate));
  return out;
}

/** Power of `hz` in `samples` (Goertzel), normalised by length so windows compare. */
export function tonePower(samples: ArrayLike<number>, hz: number, rate = 8000): number {
  const coefficient = 2 * Math.cos(2 * Math.PI * hz / rate);
  let previous = 0;
  let beforePrevious = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = s;
  }
  const power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  return samples.length ? power / (samples.length * samples.length) : 0;
}

/** Mean square of `samples` (0 for silence). */
export function energy(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  return samples.length ? sum / samples.length : 0;
}

/**
 * Which of `candidates` dominates `samples`, or undefined when none carries at least `share` of
 * the signal's energy (silence, noise, music).
 */
export function dominantTone(samples: ArrayLike<number>, candidates: readonly number[], {rate = 8000, share = 0.5} = {}): number | undefined {
  const total = energy(samples);
  if (total === 0) return undefined;
  let best: number | undefined;
  let bestPower = 0;
  for (const hz of candidates) {
    const power = tonePower(samples, hz, rate);
    if (power > bestPower) [best, bestPower] = [hz, power];
  }
  // A pure sine of amplitude A has mean square A²/2 and Goertzel power A²/4 (normalised).
  return bestPower * 2 >= share * total ? best : undefined;
}
