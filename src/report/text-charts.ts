// Terminal charts for the lead console and text reports: horizontal bars and sparklines,
// measured in terminal columns (plain ASCII/Unicode block characters, width-1 each).
const blocks = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const eighths = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar `width` columns wide at most, scaled to `max` (eighth-column resolution). */
export function textBar(value: number, max: number, width: number): string {
  if (!(max > 0) || !(value > 0) || width <= 0) return '';
  const cells = Math.min(width, (value / max) * width);
  const full = Math.floor(cells);
  const part = Math.round((cells - full) * 8);
  return '█'.repeat(full) + (part >= 8 ? '█' : eighths[part]);
}

/** One block character per value, scaled between the series' min (or 0) and max. */
export function sparkline(values: readonly number[], options: {readonly zeroBased?: boolean} = {}): string {
  if (values.length === 0) return '';
  const finite = values.map(v => (Number.isFinite(v) ? v : 0));
  const min = options.zeroBased === false ? Math.min(...finite) : Math.min(0, ...finite);
  const max = Math.max(...finite);
  if (max === min) return (max > 0 ? blocks[3] : blocks[0]).repeat(finite.length);
  return finite.map(v => blocks[Math.min(7, Math.floor(((v - min) / (max - min)) * 7.999))]).join('');
}

/** 0.8244 → "82.4%". */
export function pct(ratio: number | null | undefined, digits = 1): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio) ? '–' : `${(ratio * 100).toFixed(digits)}%`;
}

/** ms → "m:ss" (or "h:mm:ss"). */
export function duration(ms: number): string {
  const s = Math.round(Math.max(0, ms) / 1000);
  const h = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}
