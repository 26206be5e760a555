/**
 * A series of values described at the end of a run (count, mean,
 * percentiles, max), and how its percentiles are found: the contract that
 * stats.ts (exact) and sketch-series.ts (approximate) implement.
 *
 * @module
 */
export interface Distribution {
  readonly count: number;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/**
 * How the summary's percentiles are found (scenario `metrics.percentiles`,
 * docs/metrics.md#percentiles): `exact` keeps every value (8 bytes each, for
 * the run); `approximate` keeps a quantile sketch of fixed size
 * (sketch-series.ts): count, mean and max stay exact, p50/p95/p99 within 1 %.
 */
export type PercentileMode = 'exact' | 'approximate';

/** A sketch's state as data (sketch-series.ts). */
export interface SketchState {
  readonly sketch: Float64Array;
}

/** A series' values (exact) or its sketch (approximate), as data for a checkpoint. */
export type SeriesState = Float64Array | SketchState;

/** Values pushed one by one, described at the end of the run. */
export interface Series {
  push(v: number): void;
  readonly size: number;
  describe(): Distribution;
  /** Its state as data (src/checkpoint/snapshot.ts). */
  saveState(): SeriesState;
  /** Takes a saveState() of a series of the same kind in place of its own; throws a TypeError on another kind. */
  loadState(state: SeriesState): void;
}
