/**
 * The random streams (src/core/random.ts): skipping a shuffle's draws (for a
 * caller that has no use for the order) leaves a stream exactly where the
 * shuffle would.
 */
import { describe, expect, it } from 'vitest';
import { randomSource, shuffle, skipShuffle } from '../../src/core/random.js';

describe('skipShuffle', () => {
  it.each([0, 1, 2, 10, 1000])('draws what shuffle of %i items draws', (n) => {
    const a = randomSource(5).stream('master');
    const b = randomSource(5).stream('master');
    shuffle(Array.from({ length: n }, (_, i) => i), a);
    skipShuffle(n, b);
    expect(b.next()).toBe(a.next());
  });
});
