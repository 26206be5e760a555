/**
 * Summary statistics of a sample, with d3-array.
 *
 * @module
 */
import { mean, quantileSorted } from 'd3-array';
import { SketchSeries } from './sketch-series.js';

export type { Distribution, PercentileMode, Series, SeriesState, SketchState } from './series.js';
import type { Distribution, PercentileMode, Series, SeriesState } from './series.js';

/** A growable array of doubles (cheaper than number[] for millions of values): exact percentiles. */
export class Samples implements Series {
  #data = new Float64Array(1024);
  #size = 0;

  push(v: number): void {
    if (this.#size === this.#data.length) {
      const grown = new Float64Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data[this.#size++] = v;
  }

  get size(): number {
    return this.#size;
  }

  /** count, mean, p50/p95/p99 (d3's R-7 quantiles) and max; null when empty. */
  describe(): Distribution {
    const n = this.#size;
    if (n === 0) return { count: 0, mean: null, p50: null, p95: null, p99: null, max: null };
    // d3's typings ask for number[]; it only indexes, so a typed array is fine.
    const sorted = this.#data.slice(0, n).sort() as unknown as number[];
    return {
      count: n,
      mean: mean(sorted)!,
      p50: quantileSorted(sorted, 0.5)!,
      p95: quantileSorted(sorted, 0.95)!,
      p99: quantileSorted(sorted, 0.99)!,
      max: sorted[n - 1]!,
    };
  }

  /** Its values as data (src/checkpoint/snapshot.ts). */
  saveState(): Float64Array {
    return this.#data.slice(0, this.#size);
  }

  /** Takes a saveState() in place of its values. */
  loadState(values: SeriesState): void {
    if (!(values instanceof Float64Array)) throw new TypeError('a sketch of approximate percentiles where every value was expected (metrics.percentiles: exact)');
    let capacity = 1024;
    while (capacity < values.length) capacity *= 2;
    this.#data = new Float64Array(capacity);
    this.#data.set(values);
    this.#size = values.length;
  }
}

/** A new empty series whose percentiles are found as `mode` says. */
export function newSeries(mode: PercentileMode = 'exact'): Series {
  return mode === 'approximate' ? new SketchSeries() : new Samples();
}
