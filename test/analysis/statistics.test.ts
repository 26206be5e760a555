import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { estimate, pairedTTest } from '../../src/analysis/statistics.js';
import { parseSeeds } from '../../src/cli/seeds.js';

describe('estimate', () => {
  it('gives the Student-t interval: 1..5 has mean 3, s = 1.5811, t(0.975, 4) = 2.7764, half-width 1.9632', () => {
    const e = estimate([1, 2, 3, 4, 5])!;
    expect(e.mean).toBe(3);
    expect(e.stddev).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(e.high - e.mean).toBeCloseTo(2.7764451 * Math.sqrt(2.5) / Math.sqrt(5), 5);
    expect(e.mean - e.low).toBeCloseTo(e.high - e.mean, 12);
  });

  it('a 90 % interval is narrower than a 95 % one', () => {
    const v = [3, 7, 4, 9, 1];
    expect(estimate(v, 0.9)!.high).toBeLessThan(estimate(v, 0.95)!.high);
  });

  it('one value: no spread, the interval is the value; none: undefined', () => {
    expect(estimate([4])).toEqual({ n: 1, mean: 4, stddev: 0, low: 4, high: 4 });
    expect(estimate([])).toBeUndefined();
  });

  it('covers the true mean about 95 % of the time (normal samples of 8; 400 trials, SE 1.1 %)', () => {
    let seed = 12345;
    const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) + 0.5) / 2 ** 31;
    const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    let covered = 0;
    for (let t = 0; t < 400; t++) {
      const e = estimate(Array.from({ length: 8 }, () => 10 + 2 * normal()))!;
      if (e.low <= 10 && 10 <= e.high) covered++;
    }
    expect(covered / 400).toBeGreaterThan(0.95 - 3 * 0.011);
    expect(covered / 400).toBeLessThan(0.95 + 3 * 0.011);
  });
});

describe('pairedTTest', () => {
  it('matches a hand computation: differences 1, 2, 3, 2 → mean 2, s = 0.8165, t = 4.899, df 3, p = 0.0163', () => {
    const r = pairedTTest([10, 20, 30, 40], [11, 22, 33, 42]);
    expect(r.difference).toBe(2);
    expect(r.p).toBeCloseTo(0.01625, 4);
  });

  it('is symmetric in its p-value and antisymmetric in its difference', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true })), { minLength: 2, maxLength: 12 }), (pairs) => {
        const a = pairs.map((p) => p[0]);
        const b = pairs.map((p) => p[1]);
        const ab = pairedTTest(a, b);
        const ba = pairedTTest(b, a);
        expect(ab.p).toBeCloseTo(ba.p, 9);
        expect(ab.difference).toBeCloseTo(-ba.difference, 9);
        expect(ab.p).toBeGreaterThanOrEqual(0);
        expect(ab.p).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('a constant shift is certain (p 0); no difference at all is not (p 1); one pair cannot be tested', () => {
    expect(pairedTTest([1, 2, 3], [2, 3, 4]).p).toBe(0);
    expect(pairedTTest([1, 2, 3], [1, 2, 3]).p).toBe(1);
    expect(pairedTTest([1], [2]).p).toBeNaN();
  });
});

describe('parseSeeds', () => {
  it('reads ranges and lists, in order, without repeats', () => {
    expect(parseSeeds('1..4')).toEqual([1, 2, 3, 4]);
    expect(parseSeeds('7,3, 9..10,3')).toEqual([7, 3, 9, 10]);
    expect(parseSeeds('0')).toEqual([0]);
  });

  it('rejects what is not a seed list, saying what it expected', () => {
    expect(() => parseSeeds('5..2')).toThrow(/--seeds: range '5..2' runs backwards \(expected a seed list/);
    expect(() => parseSeeds('1..x')).toThrow(/--seeds: '1..x' is not a seed or a range/);
    expect(() => parseSeeds('-1')).toThrow(/is not a seed/);
  });
});
