/**
 * A sweep's results folder, as `sim sweep` and `sim merge` write it:
 *
 * - `sweep.json`: the sweep (axes, seeds, metrics, code version) and the
 *   key of every cell, shard or not;
 * - `cells/<key>.json`: one finished cell (its point, seed and summary);
 * - `results.csv`: a row per finished cell, in cell order, with each metric;
 * - `compare.csv` and `compare.json`: for each group of cells that differ only
 *   in policy and seed, the comparison of `sim compare` (columns of
 *   compare.csv after the swept fields).
 *
 * Every file is written to a temporary name and renamed, so a killed sweep
 * leaves only whole files.
 *
 * @module
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { compareRuns, COMPARE_COLUMNS, comparisonRows, type Comparison } from '../analysis/comparison.js';
import { summaryMetrics, type SummaryMetric } from '../analysis/summary-metrics.js';
import { InputError } from '../errors.js';
import { readJson } from '../scenario/json.js';
import { CELL_KEY, CellRecordSchema, SweepMetaSchema, type CellRecord, type SweepMeta } from './records.js';
import { valueText } from './spec.js';

export type { CellRecord, SweepMeta } from './records.js';

/** Writes `text` to `file` whole: to a temporary name first, then renamed. */
export function writeWhole(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  // A fresh file (never through a link someone left at the temporary name); rename replaces `file` itself, never a link's target.
  rmSync(tmp, { force: true });
  writeFileSync(tmp, text, { flag: 'wx' });
  renameSync(tmp, file);
}

/** The file of cell `key` in the sweep folder `dir`; the key must be a cell key (it cannot leave `dir/cells/`). */
export function cellFile(dir: string, key: string): string {
  if (!CELL_KEY.test(key)) throw new InputError(`cell key '${key}' is not 32 hexadecimal digits`);
  return join(dir, 'cells', `${key}.json`);
}

/** The finished cells of the sweep in `dir`, in cell order. */
export function finishedCells(dir: string, meta: SweepMeta): CellRecord[] {
  return meta.cells.filter((key) => existsSync(cellFile(dir, key))).map((key) => readCell(dir, key));
}

/** Reads and validates cell `key` of the sweep folder `dir`. */
export function readCell(dir: string, key: string): CellRecord {
  const file = cellFile(dir, key);
  const record = readJson(CellRecordSchema, file, 'a sweep cell written by sim sweep (delete it to run the cell again)');
  if (record.key !== key) throw new InputError(`${file}: key: '${record.key}' is not the cell's key (expected '${key}', as in its file name; delete it to run the cell again)`);
  return record;
}

/** Reads and validates `dir/sweep.json`. */
export function readMeta(dir: string): SweepMeta {
  const file = join(dir, 'sweep.json');
  if (!existsSync(file)) throw new InputError(`${dir}: no sweep.json (expected a folder written by sim sweep or sim merge)`);
  return readJson(SweepMetaSchema, file, 'a sweep.json written by sim sweep or sim merge');
}

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

/** Writes sweep.json, results.csv, compare.csv and compare.json for the finished cells. */
export function writeTables(dir: string, meta: SweepMeta): { finished: number } {
  writeWhole(join(dir, 'sweep.json'), JSON.stringify(meta, null, 2) + '\n');
  const records = finishedCells(dir, meta);
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
  writeWhole(join(dir, 'results.csv'), stringify(results));
  const groups = groupComparisons(meta, records);
  const rows = [[...fields, ...COMPARE_COLUMNS] as (string | number)[]];
  for (const g of groups) for (const row of comparisonRows(g.comparison)) rows.push([...fields.map((f) => valueText(g.point[f])), ...row]);
  writeWhole(join(dir, 'compare.csv'), stringify(rows));
  writeWhole(join(dir, 'compare.json'), JSON.stringify({ sweep: meta.sweep, axes: fields, groups }, null, 2) + '\n');
  return { finished: records.length };
}
