/**
 * A series whose percentiles are approximate and whose memory does not grow
 * with the values: a DDSketch (Masson, Rim and Lee, VLDB 2019; Datadog's
 * `@datadog/sketches-js`) of relative accuracy 1 %. The count, mean and max
 * are exact (the mean is the running sum over the count, so it may differ
 * from the exact mode's in the last bits); p50/p95/p99 are within 1 % of a
 * value of the sample at that rank (docs/metrics.md#percentiles), clamped to
 * [min, max]. Memory: one bin (a double) per 2 % of the values' range in
 * log scale, about 12 KB for values from a microsecond to a year.
 *
 * @module
 */
import { DDSketch } from '@datadog/sketches-js';
import type { Distribution, Series, SeriesState } from './series.js';

/** Relative accuracy of the percentiles (DDSketch's alpha). */
export const PERCENTILE_ACCURACY = 0.01;

/** The store's bins as (key, count) pairs after their number. */
function binsOf(store: DDSketch['store']): number[] {
  const pairs: number[] = [];
  store.bins.forEach((n, i) => {
    if (n > 0) pairs.push(i + store.offset, n);
  });
  return [pairs.length / 2, ...pairs];
}

/** Adds the pairs at `at` (after their number) to `store`; returns the index after them. */
function addBins(store: DDSketch['store'], state: Float64Array, at: number): number {
  const n = state[at]!;
  if (!(Number.isInteger(n) && n >= 0 && at + 1 + 2 * n <= state.length)) throw new TypeError(`a sketch of ${state.length} numbers whose list of bins at ${at} does not fit in it`);
  for (let i = 0; i < n; i++) store.add(state[at + 1 + 2 * i]!, state[at + 2 + 2 * i]!);
  return at + 1 + 2 * n;
}

export class SketchSeries implements Series {
  #sketch = new DDSketch({ relativeAccuracy: PERCENTILE_ACCURACY });

  push(v: number): void {
    this.#sketch.accept(v);
  }

  get size(): number {
    return this.#sketch.count;
  }

  /** count, mean and max exact; p50/p95/p99 within PERCENTILE_ACCURACY (relative); null when empty. */
  describe(): Distribution {
    const s = this.#sketch;
    if (s.count === 0) return { count: 0, mean: null, p50: null, p95: null, p99: null, max: null };
    const at = (q: number): number => Math.min(s.max, Math.max(s.min, s.getValueAtQuantile(q)));
    return { count: s.count, mean: s.sum / s.count, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s.max };
  }

  /** [count, sum, min, max, zeros, positive bins, negative bins], each bins' list as its number then (key, count) pairs. */
  saveState(): SeriesState {
    const s = this.#sketch;
    return { sketch: Float64Array.from([s.count, s.sum, s.min, s.max, s.zeroCount, ...binsOf(s.store), ...binsOf(s.negativeStore)]) };
  }

  loadState(state: SeriesState): void {
    if (state instanceof Float64Array || !(state?.sketch instanceof Float64Array)) throw new TypeError('every value where a sketch of approximate percentiles was expected (metrics.percentiles: approximate)');
    const saved = state.sketch;
    const sketch = new DDSketch({ relativeAccuracy: PERCENTILE_ACCURACY });
    const end = addBins(sketch.negativeStore, saved, addBins(sketch.store, saved, 5));
    if (end !== saved.length) throw new TypeError(`a sketch of ${saved.length} numbers whose bins end at ${end}`);
    sketch.count = saved[0]!;
    sketch.sum = saved[1]!;
    sketch.min = saved[2]!;
    sketch.max = saved[3]!;
    sketch.zeroCount = saved[4]!;
    this.#sketch = sketch;
  }
}

