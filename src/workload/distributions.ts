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
 * Specs are data: an empirical distribution is its table of values. A
 * scenario's `empirical` spec naming a CSV file is read when the scenario is
 * built (scenario/empirical-files.ts), so nothing here touches a file.
 *
 * @module
 */
import { bisectRight, quantileSorted } from 'd3-array';
import type { Random } from '../core/random.js';
import type { DistributionSpec } from '../model/distribution.js';

export type { DistributionSpec };

export interface Sampler {
  /** One draw. */
  sample(): number;
  /** True when every draw returns the same value (and consumes no randomness). */
  readonly constant: boolean;
  /** The theoretical mean of the distribution (Infinity for a Pareto with alpha <= 1). */
  readonly mean: number;
}

/**
 * A sampler for `spec` drawing from `random`; every non-constant sampler
 * consumes exactly one or two uniforms per draw (two: the lognormal's
 * Box-Muller pairs, one per draw on average). Throws on invalid parameters
 * (non-finite numbers, negative means or deviations, max < min, alpha <= 0,
 * empty values, bad weights).
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
    case 'pareto': {
      const alpha = positive(spec.alpha, 'pareto alpha');
      if ('scale' in spec) return pareto(alpha, positive(spec.scale, 'pareto scale'), random);
      if (alpha <= 1) throw new Error(`pareto given by its mean needs alpha > 1 (the mean is infinite otherwise), got ${alpha}`);
      return pareto(alpha, (positive(spec.mean, 'pareto mean') * (alpha - 1)) / alpha, random);
    }
    case 'bounded_pareto':
      return boundedPareto(
        positive(spec.alpha, 'bounded_pareto alpha'),
        positive(spec.min, 'bounded_pareto min'),
        finite(spec.max, 'bounded_pareto max'),
        random,
      );
    case 'empirical':
      return empirical(spec.values, spec.interpolate ?? false, random);
    case 'histogram':
      return 'edges' in spec ? histogramBins(spec.edges, spec.weights, random) : histogramValues(spec.values, spec.weights, random);
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
 * Pareto type I by inversion: scale * (1 - u)^(-1/alpha), 1 - u in (0, 1].
 * Mean alpha * scale / (alpha - 1) for alpha > 1, else infinite; variance
 * scale^2 * alpha / ((alpha - 1)^2 (alpha - 2)) for alpha > 2, else infinite.
 */
function pareto(alpha: number, scale: number, random: Random): Sampler {
  const mean = alpha > 1 ? (alpha * scale) / (alpha - 1) : Infinity;
  return { sample: () => scale * Math.pow(1 - random.next(), -1 / alpha), constant: false, mean };
}

/**
 * Pareto restricted to [min, max], by inversion of
 * F(x) = (1 - (min/x)^alpha) / (1 - (min/max)^alpha):
 * x = min * (1 - u (1 - (min/max)^alpha))^(-1/alpha).
 */
function boundedPareto(alpha: number, min: number, max: number, random: Random): Sampler {
  if (max < min) throw new Error(`bounded_pareto max (${max}) must be >= min (${min})`);
  if (max === min) return constant(min);
  const mass = 1 - Math.pow(min / max, alpha); // P(X <= max) of the unbounded Pareto
  // E[X] = alpha min^alpha / (1 - (min/max)^alpha) * integral of x^-alpha over [min, max].
  const integral = alpha === 1 ? Math.log(max / min) : (Math.pow(min, 1 - alpha) - Math.pow(max, 1 - alpha)) / (alpha - 1);
  const mean = (alpha * Math.pow(min, alpha) * integral) / mass;
  return {
    sample: () => Math.min(max, min * Math.pow(1 - random.next() * mass, -1 / alpha)),
    constant: false,
    mean,
  };
}

/**
 * Inverse CDF of the sorted values x(0) <= ... <= x(n-1). Step: x(floor(u n)),
 * each value with probability 1/n (resampling the data). Interpolated: the
 * type-7 quantile at u (linear between x(k) and x(k+1) at k = u (n - 1)), so
 * draws are continuous in [x(0), x(n-1)].
 */
function empirical(values: readonly number[], interpolate: boolean, random: Random): Sampler {
  if (values.length === 0) throw new Error('empirical values must not be empty');
  const sorted = values.map((v) => finite(v, 'empirical value')).sort((a, b) => a - b);
  const n = sorted.length;
  if (sorted[0] === sorted[n - 1]) return constant(sorted[0]!);
  let total = 0;
  for (const v of sorted) total += v;
  if (!interpolate) return { sample: () => sorted[Math.floor(random.next() * n)]!, constant: false, mean: total / n };
  // The mean of the piecewise-linear quantile function: the trapezoid rule over the order statistics.
  const mean = (total - (sorted[0]! + sorted[n - 1]!) / 2) / (n - 1);
  return { sample: () => quantileSorted(sorted, random.next())!, constant: false, mean };
}

/** Cumulative weights of a histogram, checked (finite, >= 0, positive sum). */
function cumulative(weights: readonly number[], bins: number): number[] {
  if (weights.length !== bins) throw new Error(`histogram needs ${bins} weights, got ${weights.length}`);
  let sum = 0;
  const cum = weights.map((w) => (sum += nonNegative(w, 'histogram weight')));
  if (!(sum > 0)) throw new Error('histogram weights must not all be 0');
  return cum;
}

/** Inverse CDF of a piecewise-uniform density: one uniform picks the bin and the place inside it. */
function histogramBins(edges: readonly number[], weights: readonly number[], random: Random): Sampler {
  edges.forEach((e, i) => {
    if (i > 0 && !(finite(e, 'histogram edge') > edges[i - 1]!)) throw new Error(`histogram edges must increase, got ${edges[i - 1]} then ${e}`);
  });
  const cum = cumulative(weights, edges.length - 1);
  const total = cum[cum.length - 1]!;
  let mean = 0;
  weights.forEach((w, k) => (mean += (w * (edges[k]! + edges[k + 1]!)) / 2));
  return {
    sample: () => {
      const target = random.next() * total;
      const k = Math.min(bisectRight(cum, target), cum.length - 1);
      const below = k === 0 ? 0 : cum[k - 1]!;
      const frac = (target - below) / weights[k]!;
      return edges[k]! + frac * (edges[k + 1]! - edges[k]!);
    },
    constant: false,
    mean: mean / total,
  };
}

/** values[k] with probability weights[k] / sum(weights). */
function histogramValues(values: readonly number[], weights: readonly number[], random: Random): Sampler {
  values.forEach((v) => finite(v, 'histogram value'));
  const cum = cumulative(weights, values.length);
  const total = cum[cum.length - 1]!;
  let mean = 0;
  weights.forEach((w, k) => (mean += w * values[k]!));
  if (weights.filter((w) => w > 0).length === 1) return constant(values[weights.findIndex((w) => w > 0)]!);
  return {
    sample: () => values[Math.min(bisectRight(cum, random.next() * total), cum.length - 1)]!,
    constant: false,
    mean: mean / total,
  };
}

/**
 * Box-Muller: each pair of uniforms gives two independent standard normals;
 * the second is cached and returned by the next call, so the sequence is a
 * deterministic function of the stream.
 */
function standardNormal(random: Random): () => number {
  let spare: number | undefined;
  random.track?.({
    save: () => spare,
    load: (saved) => {
      if (saved !== undefined && typeof saved !== 'number') throw new TypeError('a normal spare: a number or none');
      spare = saved;
    },
  });
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

function positive(value: number, what: string): number {
  if (!(finite(value, what) > 0)) throw new Error(`${what} must be > 0, got ${value}`);
  return value;
}

function nonNegative(value: number, what: string): number {
  if (finite(value, what) < 0) throw new Error(`${what} must be >= 0, got ${value}`);
  return value;
}
