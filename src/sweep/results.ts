/**
 * The tables of a sweep over its finished cells, as text (cli/sweep-folder.ts
 * writes them into the sweep's folder):
 *
 * - `results.csv`: a row per finished cell, in cell order, with each metric;
 * - `compare.csv` and `compare.json`: for each group of cells that differ only
 *   in policy and seed, the comparison of `sim compare` (columns of
 *   compare.csv after the swept fields).
 *
 * @module
 */
import { stringify } from 'csv-stringify/sync';
import { compareRuns, COMPARE_COLUMNS, comparisonRows, type Comparison } from '../analysis/comparison.js';
import { summaryMetrics, type SummaryMetric } from '../analysis/summary-metrics.js';
import type { CellRecord, SweepMeta } from './records.js';
import { valueText } from './spec.js';

export type { CellRecord, SweepMeta } from './records.js';

/** The metrics of the sweep, given the resources its runs had. */
export function sweepMetrics(meta: SweepMeta, resources: readonly string[]): SummaryMetric[] {
  const all = summaryMetrics(resources).filter((m) => m.wallClock !== true || meta.wall_clock);
  if (meta.metrics.length === 0) return all;
  return meta.metrics.map((name) => all.find((m) => m.name === name) ?? { name, label: name, better: 'higher' as const, of: () => null });
}

/** The axes other than the policy: the fields a group of cells shares. */
export const fieldAxes = (meta: SweepMeta): string[] => Object.keys(meta.matrix).filter((a) => a !== 'allocator');

export interface GroupComparison {
  /** Field axis -> value, shared by the group's cells. */
  readonly point: Readonly<Record<string, unknown>>;
  readonly comparison: Comparison;
}

/** For each point of the field axes (in cell order), the policies compared over the seeds. */
export function groupComparisons(meta: SweepMeta, records: readonly CellRecord[]): GroupComparison[] {
  const fields = fieldAxes(meta);
  const groups = new Map<string, CellRecord[]>();
  for (const r of records) {
    const id = JSON.stringify(fields.map((f) => r.point[f]));
    groups.set(id, [...(groups.get(id) ?? []), r]);
  }
  const out: GroupComparison[] = [];
  for (const rs of groups.values()) {
    const allocators = [...new Set(rs.map((r) => r.summary.allocator))];
    const metrics = sweepMetrics(meta, rs[0]!.summary.resources);
    const runs = rs.map((r) => ({ allocator: r.summary.allocator, seed: r.seed, summary: r.summary }));
    const point = Object.fromEntries(fields.map((f) => [f, rs[0]!.point[f]]));
    out.push({ point, comparison: compareRuns(rs[0]!.summary.scenario, allocators, meta.seeds, runs, metrics) });
  }
  return out;
}

/** The text of results.csv, compare.csv and compare.json over `records`, the finished cells in cell order. */
export function sweepTables(meta: SweepMeta, records: readonly CellRecord[]): { results: string; compare: string; compareJson: string } {
  const fields = fieldAxes(meta);
  const metrics = records.length === 0 ? [] : sweepMetrics(meta, records[0]!.summary.resources);
  const results = [['index', 'key', 'allocator', ...fields, 'seed', ...metrics.map((m) => m.name)]];
  for (const r of records) {
    const values = metrics.map((m) => {
      const v = m.of(r.summary);
      return v === null || !Number.isFinite(v) ? '' : String(v);
    });
    results.push([String(r.index), r.key, r.summary.allocator, ...fields.map((f) => valueText(r.point[f])), String(r.seed), ...values]);
  }
  const groups = groupComparisons(meta, records);
  const rows = [[...fields, ...COMPARE_COLUMNS] as (string | number)[]];
  for (const g of groups) for (const row of comparisonRows(g.comparison)) rows.push([...fields.map((f) => valueText(g.point[f])), ...row]);
  return {
    results: stringify(results),
    compare: stringify(rows),
    compareJson: JSON.stringify({ sweep: meta.sweep, axes: fields, groups }, null, 2) + '\n',
  };
}
