/**
 * A random quantity as the model takes it: a plain number (a constant) or
 * an object naming a distribution and its parameters. Units are the caller's
 * (seconds, cores, MB, ratios...). workload/distributions.ts makes samplers
 * of them. Specs are data: an empirical distribution is its table of values
 * (a scenario's CSV file is read at build, scenario/empirical-files.ts).
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
  /** Bin k (weight weights[k]) is [edges[k], edges[k+1]), uniform inside. */
  | { dist: 'histogram'; edges: readonly number[]; weights: readonly number[] }
  /** Discrete: values[k] with probability weights[k] / sum(weights). */
  | { dist: 'histogram'; values: readonly number[]; weights: readonly number[] };
