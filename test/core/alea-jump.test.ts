/**
 * Jumping an Alea stream ahead (src/core/alea-jump.ts) lands where k draws land:
 * the same state and the same numbers after it, for any seed, start and k; and
 * skipShuffle, which jumps on long shuffles, leaves a stream where the draws
 * leave it.
 */
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { aleaJump } from '../../src/core/alea-jump.js';
import { randomSource, skipShuffle } from '../../src/core/random.js';
import { RecordingRandom } from '../../src/checkpoint/state.js';
import { runs } from '../helpers/property.js';

describe('aleaJump', () => {
  it('gives the state, and so the numbers, that k draws give', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(50), fc.nat(20_000), (seed, before, k) => {
        const drawn = seedrandom.alea(seed, { state: true });
        for (let i = 0; i < before; i++) drawn();
        const jumped = seedrandom.alea('', { state: aleaJump(drawn.state(), k) });
        for (let i = 0; i < k; i++) drawn();
        const { c, s0, s1, s2 } = drawn.state();
        expect(jumped.state()).toEqual({ c, s0, s1, s2 });
        for (let i = 0; i < 5; i++) expect(jumped()).toBe(drawn());
      }),
      { numRuns: runs(100, 1000) },
    );
  });

  it('jumps a million draws as a million draws do, and refuses a jump that is not a whole number', () => {
    const drawn = seedrandom.alea('1/master', { state: true });
    const start = drawn.state();
    for (let i = 0; i < 1_000_000; i++) drawn();
    expect(aleaJump(start, 1_000_000)).toEqual(aleaJump(aleaJump(start, 400_000), 600_000));
    expect(seedrandom.alea('', { state: aleaJump(start, 1_000_000) })()).toBe(drawn());
    expect(() => aleaJump(start, -1)).toThrow(RangeError);
    expect(() => aleaJump(start, 1.5)).toThrow(RangeError);
  });
});

describe('skipShuffle', () => {
  it.each([
    ['randomSource', () => randomSource(7)],
    ['RecordingRandom', () => new RecordingRandom(7)],
  ])('on a %s stream leaves the next numbers those after n − 1 draws, short or long', (_, source) => {
    for (const n of [0, 1, 2, 100, 513, 514, 1000, 12_500]) {
      const skipped = source().stream('master');
      const drawn = source().stream('master');
      skipped.next();
      drawn.next();
      skipShuffle(n, skipped);
      for (let i = n - 1; i > 0; i--) drawn.next();
      for (let i = 0; i < 3; i++) expect(skipped.next(), `n = ${n}`).toBe(drawn.next());
    }
  });
});
