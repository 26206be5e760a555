/**
 * The regression gate: each metric of each (scenario, policy) of a bench
 * run, set against the baseline's values for the same seeds.
 *
 * A change is judged on two counts:
 * - **significance**: with two seeds or more, a two-sided paired t-test over
 *   the seeds (p < alpha); with one seed, any change is significant, since a
 *   run is deterministic and only the code can have moved it. Wall-clock
 *   metrics are not deterministic: they need the test, over at least
 *   MIN_TIMING_SEEDS seeds, to count at all;
 * - **size**: the relative change of the mean, |current − baseline| / |baseline|,
 *   must exceed the metric's tolerance (infinite when the baseline mean is 0
 *   and the current one is not).
 * A significant change beyond tolerance is a **regression** when it goes the
 * worse way for the metric, an **improvement** otherwise. Any other
 * difference is **changed** (within tolerance or not significant); equal
 * values are **same**; an entry or metric missing from the baseline is **new**.
 *
 * Only **gating** checks decide the gate: every model metric, and a machine
 * metric only when it is measured in CPU time and `gateTiming` is set.
 * Wall-clock figures never gate: they count the time the process waited for
 * a core, which says more about the machine's load than about the code.
 *
 * @module
 */
import { mean } from 'd3-array';
import { pairedTTest } from '../analysis/statistics.js';
import type { SummaryMetric } from '../analysis/summary-metrics.js';
import type { BaselineEntry } from './baseline.js';

export type Verdict = 'same' | 'changed' | 'improvement' | 'regression' | 'new';

export interface MetricCheck {
  readonly entry: string;
  readonly metric: string;
  readonly better: 'lower' | 'higher';
  readonly verdict: Verdict;
  /** Means over the seeds both have (baseline absent for 'new'). */
  readonly baseline: number | null;
  readonly current: number | null;
  /** (current − baseline) / |baseline|; null when not comparable. */
  readonly relative: number | null;
  /** Paired-test p-value; null with one seed or nothing to compare. */
  readonly p: number | null;
  readonly tolerance: number;
  readonly seeds: number;
  /** Whether the verdict decides the gate; false: reported only (machine figures, unless --gate-timing). */
  readonly gating: boolean;
}

/** Seeds a wall-clock metric needs before any change of it can count. */
export const MIN_TIMING_SEEDS = 3;

/**
 * Default relative tolerances where a metric needs its own: machine figures are noisy.
 * The CPU-time one is set from repeated measurements (docs/bench.md, tools/timing-tolerance.sh).
 */
export const DEFAULT_TOLERANCES: Readonly<Record<string, number>> = { allocator_ms_per_run: 1.0, allocator_cpu_ms_per_run: 2.0 };

export interface GateSettings {
  readonly alpha: number;
  readonly tolerance: number;
  readonly tolerances: Readonly<Record<string, number>>;
  /** Let CPU-time machine metrics gate (--gate-timing); wall-clock ones never do. */
  readonly gateTiming?: boolean;
}

/** Whether a metric's verdicts decide the gate under `s`. */
export function gates(metric: SummaryMetric, s: GateSettings): boolean {
  return metric.wallClock !== true || (s.gateTiming === true && metric.cpuTime === true);
}

export function toleranceOf(metric: string, s: GateSettings): number {
  return s.tolerances[metric] ?? DEFAULT_TOLERANCES[metric] ?? s.tolerance;
}

/** Checks every metric of `current` against `baseline` (undefined: a new entry). */
export function checkEntry(
  key: string,
  current: BaselineEntry,
  baseline: BaselineEntry | undefined,
  metrics: readonly SummaryMetric[],
  settings: GateSettings,
): MetricCheck[] {
  return metrics.flatMap((metric): MetricCheck[] => {
    const values = current.metrics[metric.name];
    if (values === undefined) return [];
    const tolerance = toleranceOf(metric.name, settings);
    const old = baseline?.metrics[metric.name];
    const base = { entry: key, metric: metric.name, better: metric.better, tolerance, gating: gates(metric, settings) };
    if (baseline === undefined || old === undefined) {
      const present = values.filter((v): v is number => v !== null);
      return [{ ...base, verdict: 'new' as const, baseline: null, current: mean(present) ?? null, relative: null, p: null, seeds: present.length }];
    }
    // Pair by seed: only seeds both runs have a value for.
    const pairs: [number, number][] = [];
    current.seeds.forEach((seed, k) => {
      const j = baseline.seeds.indexOf(seed);
      const c = values[k];
      const b = j < 0 ? undefined : old[j];
      if (c !== null && c !== undefined && b !== null && b !== undefined) pairs.push([b, c]);
    });
    if (pairs.length === 0) return [{ ...base, verdict: 'new' as const, baseline: null, current: null, relative: null, p: null, seeds: 0 }];
    const b = mean(pairs.map((p) => p[0]))!;
    const c = mean(pairs.map((p) => p[1]))!;
    const relative = b !== 0 ? (c - b) / Math.abs(b) : c === 0 ? 0 : Math.sign(c) * Infinity;
    const p = pairs.length >= 2 ? pairedTTest(pairs.map((x) => x[0]), pairs.map((x) => x[1])).p : null;
    const figures = { ...base, baseline: b, current: c, relative, p, seeds: pairs.length };
    if (pairs.every(([x, y]) => x === y)) return [{ ...figures, verdict: 'same' as const }];
    const testable = metric.wallClock === true ? pairs.length >= MIN_TIMING_SEEDS : true;
    const significant = testable && (p === null || (!Number.isNaN(p) && p < settings.alpha));
    const worse = metric.better === 'lower' ? c > b : c < b;
    const beyond = Math.abs(relative) > tolerance;
    const verdict: Verdict = significant && beyond ? (worse ? 'regression' : 'improvement') : 'changed';
    return [{ ...figures, verdict }];
  });
}
