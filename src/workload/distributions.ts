/**
 * Samplers for the distribution specs of a scenario file.
 *
 * A spec is a plain number (a constant) or an object naming a distribution.
 * Every sampler draws from the {@link Random} stream it is given, so its
 * samples depend only on the seed and the stream's name. Constant samplers
 * draw nothing.
 *
 * Units are whatever the caller's quantity is in (seconds, cores, MB, ...).
 *
 * @module
 */
import type { Random } from '../core/random.js';

export type DistributionSpec =
  | number
  | { dist: 'constant'; value: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'lognormal'; mu: number; sigma: number }
  /** Parameterised by the mean and standard deviation of the lognormal itself. */
  | { dist: 'lognormal'; mean: number; stddev: number };

export interface Sampler {
  /** One draw. */
  sample(): number;
  /** True when every draw returns the same value (and consumes no randomness). */
  readonly constant: boolean;
  /** The theoretical mean of the distribution. */
  readonly mean: number;
}

/**
 * A sampler for `spec` drawing from `random`. Throws on invalid parameters
 * (non-finite numbers, negative means or deviations, max < min).
 */
export function sampler(spec: DistributionSpec, random: Random): Sampler {
  if (typeof spec === 'number') return constant(finite(spec, 'constant'));
  switch (spec.dist) {
    case 'constant':
      return constant(finite(spec.value, 'constant value'));
    case 'exponential':
      return exponential(nonNegative(spec.mean, 'exponential mean'), random);
    case 'uniform':
      return uniform(finite(spec.min, 'uniform min'), finite(spec.max, 'uniform max'), random);
    case 'lognormal': {
      if ('mu' in spec) return lognormal(finite(spec.mu, 'lognormal mu'), nonNegative(spec.sigma, 'lognormal sigma'), random);
      const mean = finite(spec.mean, 'lognormal mean');
      const stddev = nonNegative(spec.stddev, 'lognormal stddev');
      if (mean <= 0) throw new Error(`lognormal mean must be > 0, got ${mean}`);
      const sigma2 = Math.log(1 + (stddev * stddev) / (mean * mean));
      return lognormal(Math.log(mean) - sigma2 / 2, Math.sqrt(sigma2), random);
    }
    default: {
      const unknown: never = spec;
      throw new Error(`unknown distribution ${JSON.stringify(unknown)}`);
    }
  }
}

function constant(value: number): Sampler {
  return { sample: () => value, constant: true, mean: value };
}

/** By inversion: -mean * ln(1 - u), u in [0, 1), so never ln(0). */
function exponential(mean: number, random: Random): Sampler {
  if (mean === 0) return constant(0);
  return { sample: () => -mean * Math.log(1 - random.next()), constant: false, mean };
}

function uniform(min: number, max: number, random: Random): Sampler {
  if (max < min) throw new Error(`uniform max (${max}) must be >= min (${min})`);
  if (max === min) return constant(min);
  return { sample: () => min + (max - min) * random.next(), constant: false, mean: (min + max) / 2 };
}

/** exp(mu + sigma * Z), Z standard normal; mean exp(mu + sigma^2 / 2). */
function lognormal(mu: number, sigma: number, random: Random): Sampler {
  if (sigma === 0) return constant(Math.exp(mu));
  const normal = standardNormal(random);
  return { sample: () => Math.exp(mu + sigma * normal()), constant: false, mean: Math.exp(mu + (sigma * sigma) / 2) };
}

/**
 * Box-Muller: each pair of uniforms gives two independent standard normals;
 * the second is cached and returned by the next call, so the sequence is a
 * deterministic function of the stream.
 */
function standardNormal(random: Random): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - random.next())); // 1 - u in (0, 1]
    const theta = 2 * Math.PI * random.next();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

function finite(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new Error(`${what} must be a finite number, got ${value}`);
  return value;
}

function nonNegative(value: number, what: string): number {
  if (finite(value, what) < 0) throw new Error(`${what} must be >= 0, got ${value}`);
  return value;
}
