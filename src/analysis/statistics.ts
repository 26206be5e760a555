/**
 * Statistics over a handful of independent replications (one value per
 * seed): the mean with a Student-t confidence interval, and the paired
 * t-test for two policies run on the same seeds (common random numbers make
 * the pairs comparable, which narrows the test).
 *
 * @module
 */
import { deviation, mean } from 'd3-array';
import jstat from 'jstat';

const { studentt } = jstat.jStat;

export interface Estimate {
  /** Number of values. */
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n - 1); 0 with one value. */
  readonly stddev: number;
  /** Confidence interval for the mean; [mean, mean] with one value (no spread to estimate). */
  readonly low: number;
  readonly high: number;
}

/** Mean and two-sided confidence interval (`level`, default 0.95) of `values`; undefined when empty. */
export function estimate(values: readonly number[], level = 0.95): Estimate | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const m = mean(values)!;
  if (n === 1) return { n, mean: m, stddev: 0, low: m, high: m };
  const sd = deviation(values)!;
  const half = studentt.inv(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean: m, stddev: sd, low: m - half, high: m + half };
}

export interface PairedTest {
  /** Mean of b - a over the pairs. */
  readonly difference: number;
  /** Two-sided p-value of the paired t-test; 1 when every difference is 0, NaN with fewer than 2 pairs. */
  readonly p: number;
}

/**
 * Paired two-sided t-test of `b` against `a` (the same seeds, in the same
 * order). When every pair differs by the same amount the spread is 0: the
 * difference is then certain (p = 0) unless it is 0 (p = 1).
 */
export function pairedTTest(a: readonly number[], b: readonly number[]): PairedTest {
  if (a.length !== b.length) throw new RangeError(`paired test needs equal lengths (${a.length} and ${b.length})`);
  const d = a.map((x, i) => b[i]! - x);
  const n = d.length;
  const m = n === 0 ? NaN : mean(d)!;
  if (n < 2) return { difference: m, p: NaN };
  const sd = deviation(d)!;
  if (sd === 0) return { difference: m, p: m === 0 ? 1 : 0 };
  const t = Math.abs(m / (sd / Math.sqrt(n)));
  // jStat's CDF gives NaN for enormous t (a spread negligible beside the mean): p is 0 to double precision.
  const cdf = Number.isFinite(t) ? studentt.cdf(t, n - 1) : 1;
  return { difference: m, p: Number.isNaN(cdf) ? 0 : Math.min(1, Math.max(0, 2 * (1 - cdf))) };
}
