import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomSource, type Random } from '../../src/core/random.js';
import { bisectRight, quantileSorted } from 'd3-array';
import { sampler, type DistributionSpec } from '../../src/workload/distributions.js';

const N = 100_000;

function draw(spec: DistributionSpec, seed: number | string = 42, name = 'test'): number[] {
  const s = sampler(spec, randomSource(seed).stream(name));
  return Array.from({ length: N }, () => s.sample());
}

function meanOf(xs: readonly number[]): number {
  let total = 0;
  for (const x of xs) total += x;
  return total / xs.length;
}

function stddevOf(xs: readonly number[]): number {
  const m = meanOf(xs);
  let total = 0;
  for (const x of xs) total += (x - m) ** 2;
  return Math.sqrt(total / (xs.length - 1));
}

/** Asserts the sample mean is within 5 standard errors of the theoretical mean. */
function expectMeanNear(xs: readonly number[], mean: number, stddev: number): void {
  const se = stddev / Math.sqrt(xs.length);
  expect(Math.abs(meanOf(xs) - mean)).toBeLessThan(5 * se);
}

/** A Random that counts its draws. */
function counting(): Random & { count: number } {
  const inner = randomSource(1).stream('counting');
  const r = { count: 0, next: () => (r.count++, inner.next()) };
  return r;
}

describe('sampler', () => {
  it('treats a number and {dist: constant} as constants that draw nothing', () => {
    for (const spec of [3.5, { dist: 'constant', value: 3.5 }] as const) {
      const random = counting();
      const s = sampler(spec, random);
      expect(s.constant).toBe(true);
      expect(s.mean).toBe(3.5);
      expect([s.sample(), s.sample()]).toEqual([3.5, 3.5]);
      expect(random.count).toBe(0);
    }
  });

  it('is not constant for proper distributions', () => {
    const r = randomSource(1).stream('x');
    expect(sampler({ dist: 'exponential', mean: 1 }, r).constant).toBe(false);
    expect(sampler({ dist: 'uniform', min: 0, max: 1 }, r).constant).toBe(false);
    expect(sampler({ dist: 'lognormal', mu: 0, sigma: 1 }, r).constant).toBe(false);
  });

  it('gives the same sequence for the same seed and stream name, another for another name', () => {
    const spec: DistributionSpec = { dist: 'lognormal', mu: 1, sigma: 0.5 };
    const a = draw(spec, 7, 'a').slice(0, 100);
    expect(draw(spec, 7, 'a').slice(0, 100)).toEqual(a);
    expect(draw(spec, 7, 'b').slice(0, 100)).not.toEqual(a);
    expect(draw(spec, 8, 'a').slice(0, 100)).not.toEqual(a);
  });

  it('exponential: mean converges, samples non-negative', () => {
    const xs = draw({ dist: 'exponential', mean: 2.5 });
    expectMeanNear(xs, 2.5, 2.5);
    expect(xs.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(0);
    expect(sampler({ dist: 'exponential', mean: 2.5 }, randomSource(1).stream('x')).mean).toBe(2.5);
  });

  it('uniform: mean converges, samples in [min, max)', () => {
    const xs = draw({ dist: 'uniform', min: -3, max: 5 });
    expectMeanNear(xs, 1, 8 / Math.sqrt(12));
    expect(xs.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(-3);
    expect(xs.reduce((a, b) => Math.max(a, b))).toBeLessThan(5);
  });

  it('lognormal (mu, sigma): mean converges to exp(mu + sigma^2/2); logs are N(mu, sigma)', () => {
    const mu = 1;
    const sigma = 0.6;
    const mean = Math.exp(mu + (sigma * sigma) / 2);
    const sd = mean * Math.sqrt(Math.exp(sigma * sigma) - 1);
    const xs = draw({ dist: 'lognormal', mu, sigma });
    expect(sampler({ dist: 'lognormal', mu, sigma }, randomSource(1).stream('x')).mean).toBeCloseTo(mean, 12);
    expectMeanNear(xs, mean, sd);
    const logs = xs.map(Math.log);
    expectMeanNear(logs, mu, sigma);
    expect(stddevOf(logs)).toBeCloseTo(sigma, 2);
  });

  it('lognormal (mean, stddev): converts to mu/sigma with the given mean and stddev', () => {
    const mean = 10;
    const stddev = 4;
    const s = sampler({ dist: 'lognormal', mean, stddev }, randomSource(1).stream('x'));
    expect(s.mean).toBeCloseTo(mean, 10);
    const xs = draw({ dist: 'lognormal', mean, stddev });
    expectMeanNear(xs, mean, stddev);
    expect(Math.abs(stddevOf(xs) - stddev) / stddev).toBeLessThan(0.03);
  });

  it('degenerate parameters give constants', () => {
    const r = randomSource(1).stream('x');
    expect(sampler({ dist: 'uniform', min: 2, max: 2 }, r).sample()).toBe(2);
    expect(sampler({ dist: 'lognormal', mean: 3, stddev: 0 }, r).constant).toBe(true);
    expect(sampler({ dist: 'lognormal', mean: 3, stddev: 0 }, r).sample()).toBeCloseTo(3, 12);
  });

  it('rejects invalid parameters', () => {
    const r = randomSource(1).stream('x');
    expect(() => sampler({ dist: 'exponential', mean: -1 }, r)).toThrow(/mean/);
    expect(() => sampler({ dist: 'uniform', min: 2, max: 1 }, r)).toThrow(/max/);
    expect(() => sampler({ dist: 'lognormal', mu: 0, sigma: -1 }, r)).toThrow(/sigma/);
    expect(() => sampler({ dist: 'lognormal', mean: 0, stddev: 1 }, r)).toThrow(/mean/);
    expect(() => sampler(NaN, r)).toThrow(/finite/);
    expect(() => sampler({ dist: 'bogus' } as unknown as DistributionSpec, r)).toThrow(/unknown distribution/);
  });

  it('never yields NaN or Infinity for any seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const r = randomSource(seed).stream('p');
        for (const spec of [
          { dist: 'exponential', mean: 1 },
          { dist: 'lognormal', mu: 0, sigma: 2 },
          { dist: 'uniform', min: 0, max: 1 },
        ] as const) {
          const s = sampler(spec, r);
          for (let i = 0; i < 50; i++) expect(Number.isFinite(s.sample())).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });
});

/** Fraction of `xs` above `x`. */
function tail(xs: readonly number[], x: number): number {
  let above = 0;
  for (const v of xs) if (v > x) above++;
  return above / xs.length;
}

/** Asserts an observed frequency is within 5 binomial standard errors sqrt(p(1-p)/n) of p. */
function expectFrequencyNear(observed: number, p: number, n: number): void {
  expect(Math.abs(observed - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
}

describe('sampler: Pareto', () => {
  it('(alpha, scale): mean alpha*scale/(alpha-1), tail P(X > x) = (scale/x)^alpha, never below scale', () => {
    const alpha = 3;
    const scale = 2;
    const xs = draw({ dist: 'pareto', alpha, scale });
    // Variance scale^2 alpha / ((alpha-1)^2 (alpha-2)) = 3, so sd = sqrt(3); SE of the mean = sqrt(3/1e5) ~ 0.0055.
    expectMeanNear(xs, 3, Math.sqrt(3));
    expect(sampler({ dist: 'pareto', alpha, scale }, randomSource(1).stream('x')).mean).toBe(3);
    // P(X > 4) = 0.125 (SE 0.0010), P(X > 8) = 1/64 (SE 0.00039).
    for (const x of [4, 8]) expectFrequencyNear(tail(xs, x), (scale / x) ** alpha, N);
    expect(xs.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(scale);
  });

  it('heavy tail (alpha 1.5, infinite variance): the tail and the median follow the formula', () => {
    const xs = draw({ dist: 'pareto', alpha: 1.5, scale: 1 });
    // P(X > 10) = 10^-1.5 ~ 0.0316 (SE 0.00055); P(X > 100) = 0.001 (SE 0.0001).
    for (const x of [10, 100]) expectFrequencyNear(tail(xs, x), x ** -1.5, N);
    // Median scale * 2^(1/alpha): half the draws above it (SE 0.0016).
    expectFrequencyNear(tail(xs, 2 ** (1 / 1.5)), 0.5, N);
  });

  it('an alpha <= 1 has an infinite mean', () => {
    expect(sampler({ dist: 'pareto', alpha: 1, scale: 1 }, randomSource(1).stream('x')).mean).toBe(Infinity);
  });

  it('(alpha, mean): scale = mean (alpha-1)/alpha, and the sample mean converges', () => {
    const alpha = 2.5;
    const xs = draw({ dist: 'pareto', alpha, mean: 10 });
    // scale 6, variance 36 * 2.5 / (1.5^2 * 0.5) = 80: SE of the mean = sqrt(80/1e5) ~ 0.028.
    expectMeanNear(xs, 10, Math.sqrt(80));
    expect(xs.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(6);
    expect(sampler({ dist: 'pareto', alpha, mean: 10 }, randomSource(1).stream('x')).mean).toBeCloseTo(10, 12);
  });

  it('bounded: draws in [min, max], mean and tail as the truncated Pareto', () => {
    const [alpha, lo, hi] = [1.1, 1, 1000];
    const spec = { dist: 'bounded_pareto', alpha, min: lo, max: hi } as const;
    const xs = draw(spec);
    expect(xs.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(lo);
    expect(xs.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(hi);
    // E[X^k] = alpha lo^alpha / (1 - (lo/hi)^alpha) * (hi^(k-alpha) - lo^(k-alpha)) / (k - alpha).
    const c = (alpha * lo ** alpha) / (1 - (lo / hi) ** alpha);
    const moment = (k: number) => (c * (hi ** (k - alpha) - lo ** (k - alpha))) / (k - alpha);
    const mean = moment(1);
    expect(sampler(spec, randomSource(1).stream('x')).mean).toBeCloseTo(mean, 10);
    // sd ~ 43, so SE of the mean ~ 0.14 against a mean ~ 6.3.
    expectMeanNear(xs, mean, Math.sqrt(moment(2) - mean * mean));
    // P(X > x) = ((lo/x)^alpha - (lo/hi)^alpha) / (1 - (lo/hi)^alpha).
    for (const x of [10, 100]) expectFrequencyNear(tail(xs, x), ((lo / x) ** alpha - (lo / hi) ** alpha) / (1 - (lo / hi) ** alpha), N);
  });

  it('bounded with alpha 1: mean (hi lo / (hi - lo)) ln(hi/lo)', () => {
    const spec = { dist: 'bounded_pareto', alpha: 1, min: 1, max: 100 } as const;
    const mean = (100 / 99) * Math.log(100);
    expect(sampler(spec, randomSource(1).stream('x')).mean).toBeCloseTo(mean, 12);
    // E[X^2] = (hi lo / (hi - lo)) (hi - lo) = 100, sd = sqrt(100 - mean^2) ~ 8.9.
    expectMeanNear(draw(spec), mean, Math.sqrt(100 - mean * mean));
  });
});

describe('sampler: empirical and histogram', () => {
  /** 2000 distinct values from a lognormal, as a data column would hold. */
  const column = draw({ dist: 'lognormal', mu: 3, sigma: 1 }, 5, 'column').slice(0, 2000);
  const sorted = [...column].sort((a, b) => a - b);
  const below = (xs: readonly number[], x: number) => xs.filter((v) => v <= x).length / xs.length;

  it('step inverse CDF: each value drawn with probability 1/n, so the column quantiles come back', () => {
    const xs = draw({ dist: 'empirical', values: column });
    const known = new Set(column);
    expect(xs.every((x) => known.has(x))).toBe(true);
    // P(X <= x(k)) = (k+1)/n exactly; binomial SE <= 0.0016 at N = 1e5.
    for (const p of [0.1, 0.5, 0.9, 0.99]) {
      const k = Math.round(p * sorted.length) - 1;
      expectFrequencyNear(below(xs, sorted[k]!), (k + 1) / sorted.length, N);
    }
    expectMeanNear(xs, meanOf(column), stddevOf(column));
  });

  it('interpolated inverse CDF: continuous in [min, max] and P(X <= quantile(p)) = p', () => {
    const spec = { dist: 'empirical', values: column, interpolate: true } as const;
    const xs = draw(spec);
    expect(xs.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(sorted[0]!);
    expect(xs.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(sorted[sorted.length - 1]!);
    expect(new Set(xs).size).toBeGreaterThan(N * 0.99); // not just the 2000 data values
    for (const p of [0.05, 0.25, 0.5, 0.75, 0.95]) expectFrequencyNear(below(xs, quantileSorted(sorted, p)!), p, N);
    expectMeanNear(xs, sampler(spec, randomSource(1).stream('x')).mean, stddevOf(column));
  });

  it('histogram with edges: bin frequencies match the weights, uniform inside each bin', () => {
    const edges = [0, 1, 5, 10, 20];
    const weights = [1, 2, 0, 1];
    const xs = draw({ dist: 'histogram', edges, weights });
    const counts = [0, 0, 0, 0];
    for (const x of xs) counts[bisectRight(edges, x) - 1]!++;
    expect(counts[2]).toBe(0); // a bin of weight 0 is never drawn
    // Chi-square over the 3 bins of positive weight (2 degrees of freedom): P(chi2 > 13.8) = 0.001.
    const expected = weights.map((w) => (N * w) / 4);
    const chi2 = counts.reduce((a, c, i) => (expected[i]! > 0 ? a + (c - expected[i]!) ** 2 / expected[i]! : a), 0);
    expect(chi2).toBeLessThan(13.8);
    // Inside bin [1, 5): uniform, mean 3, sd 4/sqrt(12).
    expectMeanNear(xs.filter((x) => x >= 1 && x < 5), 3, 4 / Math.sqrt(12));
    expect(sampler({ dist: 'histogram', edges, weights }, randomSource(1).stream('x')).mean).toBeCloseTo((0.5 + 2 * 3 + 15) / 4, 12);
  });

  it('histogram with values: each value with probability weight / total', () => {
    const values = [1, 4, 16];
    const weights = [7, 2, 1];
    const xs = draw({ dist: 'histogram', values, weights });
    expect(xs.every((x) => values.includes(x))).toBe(true);
    values.forEach((v, i) => expectFrequencyNear(xs.filter((x) => x === v).length / N, weights[i]! / 10, N));
    expect(sampler({ dist: 'histogram', values, weights }, randomSource(1).stream('x')).mean).toBeCloseTo(3.1, 12);
  });

  it('one value, or one weighted value, is a constant', () => {
    const r = randomSource(1).stream('x');
    expect(sampler({ dist: 'empirical', values: [4, 4] }, r).constant).toBe(true);
    expect(sampler({ dist: 'histogram', values: [1, 2], weights: [0, 3] }, r).sample()).toBe(2);
  });

  it('rejects invalid parameters', () => {
    const r = randomSource(1).stream('x');
    expect(() => sampler({ dist: 'pareto', alpha: 0, scale: 1 }, r)).toThrow(/pareto alpha must be > 0/);
    expect(() => sampler({ dist: 'pareto', alpha: 2, scale: -1 }, r)).toThrow(/scale/);
    expect(() => sampler({ dist: 'pareto', alpha: 1, mean: 5 }, r)).toThrow(/alpha > 1/);
    expect(() => sampler({ dist: 'bounded_pareto', alpha: 1, min: 5, max: 2 }, r)).toThrow(/max/);
    expect(() => sampler({ dist: 'empirical', values: [] }, r)).toThrow(/empty/);
    expect(() => sampler({ dist: 'histogram', edges: [0, 1], weights: [1, 1] }, r)).toThrow(/1 weights/);
    expect(() => sampler({ dist: 'histogram', edges: [0, 2, 1], weights: [1, 1] }, r)).toThrow(/increase/);
    expect(() => sampler({ dist: 'histogram', values: [1], weights: [0] }, r)).toThrow(/all be 0/);
  });
});
