// Small numeric helpers for the load report: percentiles and tiny terminal charts.

/** Nearest-rank percentile (p in 0…100) of unsorted values; undefined when there are none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function mean(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Round to `digits` decimals (keeps JSON readable). */
export function round(value: number | undefined, digits = 1): number | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

const blocks = '▁▂▃▄▅▆▇█';

/** A one-line sparkline of `values`, resampled to at most `width` columns (max of each bucket). */
export function sparkline(values: readonly number[], width = 60): string {
  if (values.length === 0) return '';
  const buckets: number[] = [];
  const per = Math.max(1, Math.ceil(values.length / width));
  for (let i = 0; i < values.length; i += per) buckets.push(Math.max(...values.slice(i, i + per)));
  const max = Math.max(...buckets);
  if (max <= 0) return blocks[0].repeat(buckets.length);
  return buckets.map(v => blocks[Math.min(blocks.length - 1, Math.round((v / max) * (blocks.length - 1)))]).join('');
}

/** A horizontal bar of `value` out of `max`, `width` cells wide. */
export function bar(value: number, max: number, width = 30): string {
  if (max <= 0 || value <= 0) return '';
  const cells = (value / max) * width;
  const full = Math.floor(cells);
  const part = cells - full;
  const partial = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][Math.floor(part * 8)];
  return '█'.repeat(full) + partial;
}
