import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomSource, type Random } from '../../src/core/random.js';
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
