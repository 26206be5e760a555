import { describe, expect, it } from 'vitest';
import { textWidth, wrap } from '../../src/report/text-fit.js';

describe('text sizes for the charts', () => {
  it('estimates at least DejaVu Sans\'s advance widths (its glyphs: m 0.974 em, i 0.278 em, 0 0.636 em, W 0.989 em)', () => {
    expect(textWidth('m', 10)).toBeGreaterThanOrEqual(9.74);
    expect(textWidth('i', 10)).toBeGreaterThanOrEqual(2.78);
    expect(textWidth('0', 10)).toBeGreaterThanOrEqual(6.36);
    expect(textWidth('W', 10)).toBeGreaterThanOrEqual(9.89);
    expect(textWidth('ab', 12, true)).toBeGreaterThan(textWidth('ab', 12));
  });

  it('wraps at spaces, cuts a word only when it alone is too wide, and keeps every character', () => {
    expect(wrap('one two three', textWidth('one two', 12), 12)).toEqual(['one two', 'three']);
    const word = 'x'.repeat(40);
    const lines = wrap(word, 100, 12);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(word);
    for (const l of lines) expect(textWidth(l, 12)).toBeLessThanOrEqual(100);
    expect(wrap('', 100, 12)).toEqual(['']);
  });
});
