// Fixed-width text by terminal columns: CJK and full-width forms take two columns. The
// wallboard lays whole table rows out as one string each (one Ink text node per row, not one
// box per cell), which keeps a frame cheap enough for many SSH leads at once.

function wide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0x303e) || (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
}

/** Display width in terminal columns (no escape sequences expected). */
export function columns(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200b) continue;
    width += wide(cp) ? 2 : 1;
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
