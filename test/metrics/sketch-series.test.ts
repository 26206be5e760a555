/**
 * Approximate percentiles (metrics.percentiles: approximate, src/metrics/sketch-series.ts):
 * count and max exact, the mean the exact one to rounding, each percentile within
 * PERCENTILE_ACCURACY of the sample's values at the two ranks d3's R-7 interpolates
 * between; memory that does not grow with the values; a checkpoint's state that
 * restores the same series and is refused by the other mode.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERCENTILE_ACCURACY, SketchSeries } from '../../src/metrics/sketch-series.js';
import { newSeries, Samples, type SketchState } from '../../src/metrics/stats.js';

const values = fc.array(
  fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e7, noNaN: true }), fc.integer({ min: 1, max: 3600 })),
  { minLength: 1, maxLength: 2000 },
);

function fill<S extends { push(v: number): void }>(series: S, xs: readonly number[]): S {
  for (const x of xs) series.push(x);
  return series;
}

describe('SketchSeries', () => {
  it('count and max are exact, the mean is the exact mean to rounding, and each percentile lies within 1 % of its two order statistics', () => {
    fc.assert(
      fc.property(values, (xs) => {
        const got = fill(new SketchSeries(), xs).describe();
        const exact = fill(new Samples(), xs).describe();
        const sorted = [...xs].sort((a, b) => a - b);
        expect(got.count).toBe(xs.length);
        expect(got.max).toBe(exact.max);
        expect(got.mean!).toBeCloseTo(exact.mean!, 6 - Math.ceil(Math.log10(Math.max(1, exact.mean!))));
        for (const [q, p] of [[0.5, got.p50!], [0.95, got.p95!], [0.99, got.p99!]] as const) {
          const h = q * (sorted.length - 1);
          const lo = sorted[Math.floor(h)]!;
          const hi = sorted[Math.ceil(h)]!;
          expect(p).toBeGreaterThanOrEqual(lo * (1 - PERCENTILE_ACCURACY) - 1e-12);
          expect(p).toBeLessThanOrEqual(hi * (1 + PERCENTILE_ACCURACY) + 1e-12);
          expect(p).toBeLessThanOrEqual(sorted.at(-1)!);
          expect(p).toBeGreaterThanOrEqual(sorted[0]!);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('an empty series has count 0 and null figures, as the exact one', () => {
    expect(new SketchSeries().describe()).toEqual(new Samples().describe());
  });

  it('its state does not grow with the values: at most a bin per 2 % of their range in log scale, whatever their number', () => {
    // Values from 0.01 to 10^4 s: ln(10^6) / ln((1 + a) / (1 - a)) bins, about 691 at a = 1 %.
    const bins = Math.ceil(Math.log(1e6) / Math.log((1 + PERCENTILE_ACCURACY) / (1 - PERCENTILE_ACCURACY))) + 1;
    for (const n of [1_000, 100_000, 1_000_000]) {
      const series = new SketchSeries();
      for (let i = 0; i < n; i++) series.push(0.01 * 1e6 ** (((i * 7919) % n) / (n - 1)));
      const saved = (series.saveState() as SketchState).sketch.length;
      expect(series.size).toBe(n);
      // count, sum, min, max, zeros, then each store's number of bins and (key, count) pairs.
      expect(saved, `${n} values`).toBeLessThanOrEqual(7 + 2 * bins);
      expect(saved, `${n} values`).toBeGreaterThanOrEqual(7 + 2 * Math.min(n, bins - 2));
    }
  });

  it('a saved state restores the same series: the same figures now and after more values', () => {
    fc.assert(
      fc.property(values, values, (before, after) => {
        const whole = fill(fill(new SketchSeries(), before), after);
        const restored = new SketchSeries();
        restored.loadState(fill(new SketchSeries(), before).saveState());
        expect(restored.describe()).toEqual(fill(new SketchSeries(), before).describe());
        expect(fill(restored, after).describe()).toEqual(whole.describe());
      }),
      { numRuns: 50 },
    );
  });

  it('each mode refuses the state of the other (a checkpoint of the other setting)', () => {
    const exact = fill(new Samples(), [1, 2, 3]);
    const sketch = fill(new SketchSeries(), [1, 2, 3]);
    expect(() => new SketchSeries().loadState(exact.saveState())).toThrow(/every value where a sketch of approximate percentiles was expected/);
    expect(() => new Samples().loadState(sketch.saveState())).toThrow(/a sketch of approximate percentiles where every value was expected/);
    expect(() => new SketchSeries().loadState({ sketch: Float64Array.of(1, 1, 1, 1, 0, 1, 5) })).toThrow(/a sketch of 7 numbers whose list of bins at 5 does not fit in it/);
    expect(() => new SketchSeries().loadState({ sketch: Float64Array.of(1, 1, 1, 1, 0, 0, 0, 9) })).toThrow(/a sketch of 8 numbers whose bins end at 7/);
  });

  it('newSeries makes the mode asked for, exact when none is named', () => {
    expect(newSeries()).toBeInstanceOf(Samples);
    expect(newSeries('exact')).toBeInstanceOf(Samples);
    expect(newSeries('approximate')).toBeInstanceOf(SketchSeries);
  });
});
