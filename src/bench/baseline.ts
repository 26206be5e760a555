/**
 * The committed baseline of a bench suite (results/baselines/<suite>.json):
 * for each scenario, its overrides and a policy, every seed's value of every
 * metric. Entries are keyed and sorted so that the file is stable: updating
 * it from unchanged code changes nothing but wall-clock figures.
 *
 * @module
 */
import type { BenchRun } from './suite.js';

export const BASELINE_FORMAT = 1;

export interface BaselineEntry {
  readonly scenario: string;
  readonly set: readonly string[];
  readonly allocator: string;
  readonly seeds: readonly number[];
  /** Metric name -> value per seed (same order as `seeds`); null where the run has none. */
  readonly metrics: Readonly<Record<string, readonly (number | null)[]>>;
}

export interface Baseline {
  readonly suite: string;
  readonly format: number;
  readonly entries: Readonly<Record<string, BaselineEntry>>;
}

/** An entry's key: its scenario, its overrides and its policy. */
export function entryKey(run: Pick<BenchRun, 'scenario' | 'set'>, allocator: string): string {
  return [run.scenario, ...run.set, allocator].join(' | ');
}

/** `old` with `fresh` entries replacing or adding to it, keys sorted. */
export function mergeBaseline(suite: string, old: Baseline | undefined, fresh: Readonly<Record<string, BaselineEntry>>): Baseline {
  const all = { ...(old?.entries ?? {}), ...fresh };
  const entries = Object.fromEntries(Object.keys(all).sort().map((k) => [k, all[k]!]));
  return { suite, format: BASELINE_FORMAT, entries };
}
