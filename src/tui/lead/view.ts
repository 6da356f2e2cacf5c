// Small view helpers of the lead screens: a scrolling window over a list, clock text.
import stringWidth from 'string-width';

/** The slice of `items` of at most `size` rows that keeps `selected` visible. */
export function windowAround<T>(items: readonly T[], selected: number, size: number): {items: Array<{item: T; index: number}>} {
  const n = Math.max(1, size);
  const start = Math.max(0, Math.min(selected - Math.floor(n / 2), items.length - n));
  return {items: items.slice(start, start + n).map((item, i) => ({item, index: start + i}))};
}

/** HH:MM:SS of an epoch ms at a UTC offset (the center's clock). */
export function clockOf(ms: number, utcOffsetMinutes: number): string {
  return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(11, 19);
}

/** yyyy-mm-dd HH:MM of an epoch ms at a UTC offset. */
export function stampOf(ms: number, utcOffsetMinutes: number): string {
  return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Pad to `width` terminal cells (CJK characters take two), truncating with … when longer. */
export function padCells(text: string, width: number): string {
  const total = stringWidth(text);
  if (total <= width) return text + ' '.repeat(width - total);
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = stringWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…${' '.repeat(Math.max(0, width - used - 1))}`;
}
