/**
 * A policy's time series over several seeds, on one time grid.
 *
 * Each seed's run is sampled at its own times and ends at its own time. The
 * grid is every time at which any seed has a sample. At a grid time t, a seed
 * whose run is going (its first sample <= t < its end) has the value of its
 * last sample at or before t (a sampled level holds until the next sample);
 * a seed whose run has ended, or whose value there is NaN (no value, e.g.
 * Jain's index with no active framework), does not count. The one exception
 * is the last grid time, the latest end: the seeds that end there count, so
 * the line reaches it. A figure holds from its grid time to the next (a step
 * drawn after it), so the level drawn at any time is the mean over the seeds
 * running then. The figure at
 * t is the mean over the seeds that count, with the two-sided 95 %
 * confidence interval of that mean from Student's t with n - 1 degrees of
 * freedom (analysis/statistics.ts); with one seed the interval is the value
 * itself, and with none the mean is NaN (a gap in the drawn line).
 *
 * Averaging only the seeds that have a sample at exactly t (as the report
 * did before) gives a seed's final sample alone at its end time, which drew
 * false drops to 0.
 *
 * @module
 */
import { bisectRight, sort } from 'd3-array';
import { estimate } from '../analysis/statistics.js';

/** One seed's samples: [time (s), value] in time order, and the time its run ended (s). */
export interface SeedSeries {
  readonly points: readonly (readonly [number, number])[];
  readonly end: number;
}

/** The figure at one grid time. */
export interface GridPoint {
  /** Time, s. */
  readonly time: number;
  /** Mean over the seeds counted; NaN when none is. */
  readonly mean: number;
  /** 95 % confidence interval of the mean (Student's t); NaN when no seed is counted. */
  readonly low: number;
  readonly high: number;
  /** Seeds counted at this time. */
  readonly n: number;
}

/** Confidence level of every interval the report draws or tabulates. */
export const LEVEL = 0.95;

/** Every sample time of any seed, ascending, each once. */
export function commonGrid(seeds: readonly SeedSeries[]): number[] {
  return [...new Set(sort(seeds.flatMap((s) => s.points.map((p) => p[0]))))];
}

/** The mean and its 95 % band over the seeds, on their common grid. */
export function acrossSeeds(seeds: readonly SeedSeries[]): GridPoint[] {
  const withData = seeds.filter((s) => s.points.length > 0);
  const times = withData.map((s) => s.points.map((p) => p[0]));
  const grid = commonGrid(withData);
  const last = grid.at(-1);
  return grid.map((time) => {
    const values: number[] = [];
    withData.forEach((s, k) => {
      if (time > s.end || (time === s.end && time !== last)) return;
      const i = bisectRight(times[k]!, time) - 1;
      const v = i < 0 ? NaN : s.points[i]![1];
      if (!Number.isNaN(v)) values.push(v);
    });
    const e = estimate(values, LEVEL);
    return e === undefined ? { time, mean: NaN, low: NaN, high: NaN, n: 0 } : { time, mean: e.mean, low: e.low, high: e.high, n: e.n };
  });
}
