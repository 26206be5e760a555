/**
 * The time grid across seeds (report/across-seeds.ts): expected values are
 * worked out here by hand, with Student's t quantiles taken from tables
 * (t(0.975, 1) = 12.7062047361747, t(0.975, 2) = 4.30265272974946), to 8 decimals.
 */
import { describe, expect, it } from 'vitest';
import { acrossSeeds, commonGrid, type SeedSeries } from '../../src/report/across-seeds.js';

const T1 = 12.7062047361747;
const T2 = 4.30265272974946;

// Seed a ends at 25 s (its last sample, 0, is its end); seed b runs to 40 s.
const a: SeedSeries = { points: [[0, 0], [10, 0.4], [20, 0.6], [25, 0]], end: 25 };
const b: SeedSeries = { points: [[0, 0], [10, 0.2], [20, 0.8], [30, 0.5], [40, 0]], end: 40 };

/** For two values the standard error is |x - y| / 2. */
const two = (time: number, x: number, y: number) => ({ time, mean: (x + y) / 2, low: (x + y) / 2 - (T1 * Math.abs(x - y)) / 2, high: (x + y) / 2 + (T1 * Math.abs(x - y)) / 2, n: 2 });
const one = (time: number, x: number) => ({ time, mean: x, low: x, high: x, n: 1 });

function expectPoints(actual: ReturnType<typeof acrossSeeds>, expected: ReturnType<typeof two>[]): void {
  expect(actual.map((p) => [p.time, p.n])).toEqual(expected.map((p) => [p.time, p.n]));
  actual.forEach((p, i) => {
    for (const k of ['mean', 'low', 'high'] as const) expect(p[k], `${k} at ${p.time}`).toBeCloseTo(expected[i]![k], 8);
  });
}

describe('a policy\'s seeds on one time grid', () => {
  it('the grid is every sample time of any seed, once each, ascending', () => {
    expect(commonGrid([b, a])).toEqual([0, 10, 20, 25, 30, 40]);
  });

  it('holds each seed\'s last sample until its run ends, then leaves it out (at the last end, the seeds ending there count)', () => {
    expectPoints(acrossSeeds([a, b]), [
      two(0, 0, 0),
      two(10, 0.4, 0.2),
      two(20, 0.6, 0.8),
      // a has ended: b's level held from 20 s, not a's final 0 alone (the old false drop to 0).
      one(25, 0.8),
      one(30, 0.5),
      one(40, 0),
    ]);
  });

  it('holds a level between samples a seed does not have', () => {
    const c: SeedSeries = { points: [[0, 1], [15, 3]], end: 20 };
    const d: SeedSeries = { points: [[0, 2], [5, 4], [20, 6]], end: 20 };
    expectPoints(acrossSeeds([c, d]), [two(0, 1, 2), two(5, 1, 4), two(15, 3, 4), two(20, 3, 6)]);
  });

  it('uses Student\'s t with n - 1 degrees of freedom: three seeds', () => {
    const s = (v: number): SeedSeries => ({ points: [[0, v]], end: 10 });
    const [p] = acrossSeeds([s(1), s(2), s(6)]);
    // mean 3; deviations -2, -1, 3: variance (4 + 1 + 9) / 2 = 7; standard error sqrt(7 / 3).
    const half = T2 * Math.sqrt(7 / 3);
    expect(p!.n).toBe(3);
    expect(p!.mean).toBeCloseTo(3, 12);
    expect(p!.low).toBeCloseTo(3 - half, 8);
    expect(p!.high).toBeCloseTo(3 + half, 8);
  });

  it('a NaN sample (no value there) is not counted; with no seed counted the mean is NaN', () => {
    const e: SeedSeries = { points: [[0, NaN], [10, 0.5]], end: 20 };
    const f: SeedSeries = { points: [[0, NaN], [10, NaN], [20, 0.25]], end: 20 };
    const grid = acrossSeeds([e, f]);
    expect(grid.map((p) => p.time)).toEqual([0, 10, 20]);
    expect(grid[0]!.n).toBe(0);
    expect(grid[0]!.mean).toBeNaN();
    expect(grid[1]).toEqual(one(10, 0.5));
    expectPoints(grid.slice(2), [two(20, 0.5, 0.25)]);
  });

  it('a seed without samples adds nothing; no seeds give no points', () => {
    expect(acrossSeeds([{ points: [], end: 50 }, a])).toEqual(acrossSeeds([a]));
    expect(acrossSeeds([])).toEqual([]);
  });
});
