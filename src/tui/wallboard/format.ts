// Small text shapes for the wall: durations, percentages, sparklines and bars.

/** 0:07, 12:30, 1:02:03. Undefined → a dash. */
export function duration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function percent(fraction: number | undefined): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(1)}%`;
}

const ticks = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * `values` squeezed into `width` cells (each cell the max of its slice, so a spike never
 * disappears), scaled to `max` (at least the largest value, at least 1).
 */
export function sparkline(values: readonly number[], width: number, max?: number): string {
  if (width <= 0 || values.length === 0) return '';
  const cells = sparklineCells(values, width);
  const top = Math.max(1, max ?? 0, ...cells);
  return cells.map(v => (v <= 0 ? ' ' : ticks[Math.min(ticks.length - 1, Math.ceil((v / top) * ticks.length) - 1)])).join('');
}

function sparklineCells(values: readonly number[], width: number): number[] {
  const cells: number[] = [];
  if (values.length <= width) cells.push(...values);
  else {
    for (let i = 0; i < width; i++) {
      const from = Math.floor((i * values.length) / width);
      const to = Math.max(from + 1, Math.floor(((i + 1) * values.length) / width));
      cells.push(Math.max(...values.slice(from, to)));
    }
  }
  return cells;
}

/** A sparkline `height` rows tall (top row first), for walls with room. */
export function chart(values: readonly number[], width: number, height: number, max?: number): string[] {
  const line = sparklineCells(values, width);
  const top = Math.max(1, max ?? 0, ...line);
  const rows: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    rows.push(line.map(v => {
      const eighths = Math.round((v / top) * height * 8) - row * 8;
      return eighths <= 0 ? ' ' : eighths >= 8 ? '█' : ticks[eighths - 1];
    }).join(''));
  }
  return rows;
}

/** A horizontal bar of `width` cells for a 0…1 fraction, in eighths. */
export function bar(fraction: number | undefined, width: number): string {
  if (width <= 0) return '';
  const f = fraction === undefined || !Number.isFinite(fraction) ? 0 : Math.min(1, Math.max(0, fraction));
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = eighths % 8;
  const parts = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
  return ('█'.repeat(full) + parts[partial]).padEnd(width, '·');
}

/** Local HH:MM:SS at a UTC offset (the center's time, R-19). */
export function clock(ms: number, utcOffsetMinutes: number): string {
  const d = new Date(ms + utcOffsetMinutes * 60_000);
  return [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map(n => String(n).padStart(2, '0')).join(':');
}
