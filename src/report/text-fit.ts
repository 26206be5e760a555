/**
 * Text sizes without a browser: the charts are SVG text written ahead of
 * time, so the room a label needs is estimated from its characters. The
 * estimate is an upper bound for the common sans-serif fonts a viewer
 * falls back to (DejaVu Sans, the widest of them, Liberation Sans/Arial,
 * Helvetica): a margin or a line made from it holds the label whole, which
 * the browser test checks in headless Chromium.
 *
 * @module
 */

/** Advance widths in em, a little above DejaVu Sans's (the widest common fallback). */
const NARROW = new Set([...'iljI.,:;|!\'`']);
const SEMI = new Set([...'frtJ()[]{}-/\\" ']);
const WIDE = new Set([...'mwMW%@&=<>~+#']);

function charEm(c: string): number {
  if (NARROW.has(c)) return 0.34;
  if (SEMI.has(c)) return 0.45;
  if (WIDE.has(c)) return 1.02;
  if (c >= 'A' && c <= 'Z') return 0.8;
  if (c.charCodeAt(0) > 0x7e) return 1.05; // anything outside ASCII: as wide as a wide letter
  return 0.66;
}

/** Estimated width in px of `s` at `size` px (bold text about 12 % wider). */
export function textWidth(s: string, size: number, bold = false): number {
  let em = 0;
  for (const c of s) em += charEm(c);
  return em * size * (bold ? 1.12 : 1);
}

/**
 * `s` broken into lines no wider than `width` px: at spaces where it can, and
 * inside a word only when the word alone is wider than a line. Never empty.
 */
export function wrap(s: string, width: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/).filter((w) => w !== '')) {
    const joined = line === '' ? word : `${line} ${word}`;
    if (textWidth(joined, size, bold) <= width) {
      line = joined;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    for (const c of word) {
      if (line !== '' && textWidth(line + c, size, bold) > width) {
        lines.push(line);
        line = '';
      }
      line += c;
    }
  }
  lines.push(line);
  return lines;
}
