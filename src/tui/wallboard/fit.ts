// Fixed-width text by terminal columns: CJK and full-width forms take two columns. The
// wallboard lays whole table rows out as one string each (one Ink text node per row, not one
// box per cell), which keeps a frame cheap enough for many SSH leads at once. Widths per code
// point from get-east-asian-width (Unicode's East Asian Width, the table string-width uses).
import {eastAsianWidth} from 'get-east-asian-width';

/** Display width in terminal columns (no escape sequences expected). */
export function columns(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200b) continue;
    width += eastAsianWidth(cp);
  }
  return width;
}

/** `text` in exactly `width` columns: truncated with … (never splitting a wide character), padded. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  let used = columns(text);
  let out = text;
  if (used > width) {
    out = '';
    used = 0;
    for (const ch of text) {
      const w = columns(ch);
      if (used + w > width - 1) break;
      out += ch;
      used += w;
    }
    out += '…';
    used += 1;
  }
  const pad = ' '.repeat(Math.max(0, width - used));
  return align === 'right' ? pad + out : out + pad;
}
