/**
 * Comparing policies over seeds: for each metric, each policy's mean and
 * confidence interval over the seeds, and each policy's paired difference
 * from the baseline (the first policy) with its p-value.
 *
 * Pairs are formed by seed: with common random numbers every policy saw the
 * same arrivals and faults for a given seed, so the paired test removes the
 * seed-to-seed variation that both share. A difference is significant when
 * p < alpha; no correction for the number of metrics is made (docs/compare.md
 * says how to read the table with that in mind).
 *
 * @module
 */
import type { Summary } from '../run.js';
import { estimate, pairedTTest, type Estimate } from './statistics.js';
import type { SummaryMetric } from './summary-metrics.js';

export interface RunResult {
  readonly allocator: string;
  readonly seed: number;
  readonly summary: Summary;
}

export interface PolicyFigures extends Partial<Estimate> {
  /** The metric for each seed, in seed order; null when that run has none. */
  readonly values: readonly (number | null)[];
  /** Mean over the seeds of (this policy − baseline), over seeds where both have a value; absent for the baseline. */
  readonly difference?: number;
  readonly p_value?: number | null;
  readonly significant?: boolean;
  /** The difference goes the better way (and is significant). */
  readonly improvement?: boolean;
}

export interface MetricComparison {
  readonly name: string;
  readonly label: string;
  readonly better: 'lower' | 'higher';
  readonly by_allocator: Record<string, PolicyFigures>;
}

export interface Comparison {
  readonly scenario: string;
  readonly seeds: readonly number[];
  readonly allocators: readonly string[];
  readonly baseline: string;
  readonly level: number;
  readonly alpha: number;
  readonly metrics: readonly MetricComparison[];
}

export interface CompareOptions {
  readonly level?: number;
  readonly alpha?: number;
}

export function compareRuns(
  scenario: string,
  allocators: readonly string[],
  seeds: readonly number[],
  runs: readonly RunResult[],
  metrics: readonly SummaryMetric[],
  options: CompareOptions = {},
): Comparison {
  const level = options.level ?? 0.95;
  const alpha = options.alpha ?? 0.05;
  const summaryOf = new Map(runs.map((r) => [`${r.allocator}\u0000${r.seed}`, r.summary]));
  const valuesOf = (metric: SummaryMetric, allocator: string) =>
    seeds.map((seed) => {
      const s = summaryOf.get(`${allocator}\u0000${seed}`);
      const v = s === undefined ? null : metric.of(s);
      return v === null || !Number.isFinite(v) ? null : v;
    });
  const baseline = allocators[0]!;
  const compared: MetricComparison[] = [];
  for (const metric of metrics) {
    const base = valuesOf(metric, baseline);
    const byAllocator: Record<string, PolicyFigures> = {};
    let any = false;
    for (const allocator of allocators) {
      const values = allocator === baseline ? base : valuesOf(metric, allocator);
      const present = values.filter((v): v is number => v !== null);
      any ||= present.length > 0;
      const figures: PolicyFigures = { values, ...estimate(present, level) };
      if (allocator === baseline) {
        byAllocator[allocator] = figures;
        continue;
      }
      const pairs = values.flatMap((v, k) => (v !== null && base[k] !== null ? [[base[k]!, v] as const] : []));
      const test = pairedTTest(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
      const p = Number.isNaN(test.p) ? null : test.p;
      const significant = p !== null && p < alpha;
      const goesBetter = metric.better === 'lower' ? test.difference < 0 : test.difference > 0;
      byAllocator[allocator] = { ...figures, difference: test.difference, p_value: p, significant, improvement: significant && goesBetter };
    }
    if (any) compared.push({ name: metric.name, label: metric.label, better: metric.better, by_allocator: byAllocator });
  }
  return { scenario, seeds, allocators, baseline, level, alpha, metrics: compared };
}

/** compare.csv: one row per metric and policy. */
export const COMPARE_COLUMNS = [
  'metric', 'allocator', 'seeds', 'mean', 'stddev', 'ci_low', 'ci_high', 'difference', 'p_value', 'significant', 'improvement',
] as const;

export function comparisonRows(c: Comparison): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const m of c.metrics) {
    for (const allocator of c.allocators) {
      const f = m.by_allocator[allocator]!;
      const opt = (v: number | null | undefined) => (v === undefined || v === null ? '' : v);
      const flag = (v: boolean | undefined) => (v === undefined ? '' : v ? 'yes' : 'no');
      rows.push([m.name, allocator, f.n ?? 0, opt(f.mean), opt(f.stddev), opt(f.low), opt(f.high), opt(f.difference), opt(f.p_value), flag(f.significant), flag(f.improvement)]);
    }
  }
  return rows;
}
