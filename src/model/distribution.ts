/**
 * How a scenario describes a random quantity: a plain number (a constant) or
 * an object naming a distribution and its parameters. Units are the caller's
 * (seconds, cores, MB, ratios...). workload/distributions.ts makes samplers
 * of them.
 *
 * @module
 */
export type DistributionSpec =
  | number
  | { dist: 'constant'; value: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'lognormal'; mu: number; sigma: number }
  /** Parameterised by the mean and standard deviation of the lognormal itself. */
  | { dist: 'lognormal'; mean: number; stddev: number }
  /** Pareto type I: P(X > x) = (scale / x)^alpha for x >= scale. */
  | { dist: 'pareto'; alpha: number; scale: number }
  /** Pareto type I given by its mean (alpha > 1): scale = mean * (alpha - 1) / alpha. */
  | { dist: 'pareto'; alpha: number; mean: number }
  /** Pareto truncated to [min, max] (Harchol-Balter's bounded Pareto). */
  | { dist: 'bounded_pareto'; alpha: number; min: number; max: number }
  /** Inverse CDF of the sorted values: a step function, or linear between order statistics with `interpolate`. */
  | { dist: 'empirical'; values: readonly number[]; interpolate?: boolean | undefined }
  /** As above, the values read from a CSV column; `file` relative to the sampler's base folder (workload/distributions.ts). */
  | { dist: 'empirical'; file: string; column: string; interpolate?: boolean | undefined }
  /** Bin k (weight weights[k]) is [edges[k], edges[k+1]), uniform inside. */
  | { dist: 'histogram'; edges: readonly number[]; weights: readonly number[] }
  /** Discrete: values[k] with probability weights[k] / sum(weights). */
  | { dist: 'histogram'; values: readonly number[]; weights: readonly number[] };
