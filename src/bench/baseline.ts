/**
 * The committed baseline of a bench suite (results/baselines/<suite>.json):
 * for each scenario, its overrides and a policy, every seed's value of every
 * metric. Entries are keyed and sorted so that the file is stable: updating
 * it from unchanged code changes nothing but wall-clock figures.
 *
 * @module
 */
import { z } from 'zod';
import { expecting, text } from '../scenario/fields.js';
import type { BenchRun } from './suite.js';

export const BASELINE_FORMAT = 1;

const entry = () =>
  expecting(
    "a mapping with 'scenario', 'set', 'allocator', 'seeds' and 'metrics'",
    z.strictObject({
      scenario: text(),
      set: expecting('a list of path=value overrides', z.array(text())),
      allocator: text(),
      seeds: expecting('a list of seeds', z.array(expecting('an integer >= 0', z.int().min(0)))),
      /** Metric name -> value per seed (same order as `seeds`); null where the run has none. */
      metrics: expecting('a mapping of metric name -> a value or null per seed', z.record(z.string(), z.array(expecting('a number or null', z.number().nullable())))),
    }),
  );

/** A baseline file, read back before it is compared with or rewritten (fields in the order sim writes them). */
export const BaselineSchema = expecting(
  "a mapping with 'suite', 'format' and 'entries'",
  z.strictObject({
    suite: text(),
    format: expecting('an integer', z.int()),
    entries: expecting('a mapping of entry key -> entry', z.record(z.string(), entry())),
  }),
);

export type Baseline = z.output<typeof BaselineSchema>;
export type BaselineEntry = Baseline['entries'][string];

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
