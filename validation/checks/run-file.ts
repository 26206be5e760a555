/**
 * Runs a bundled scenario file in this process, with `--set` overrides, and
 * keeps the result tables a check needs in memory (the others are dropped).
 *
 * @module
 */
import { isAbsolute, join } from 'node:path';
import type { Cell, TableSink } from '../../src/metrics/sinks.js';
import { MemoryTable, nullTable } from '../../src/metrics/sinks.js';
import { runScenario, type Summary } from '../../src/run.js';
import { loadScenario } from '../../src/scenario/load.js';
import { repoRoot } from './check.js';

export type Row = Record<string, Cell>;

export type TableName = 'tasks' | 'offers' | 'jobs' | 'utilization' | 'shares';

export interface Ran {
  readonly summary: Summary;
  /** The rows of each kept table (empty for the others). */
  readonly tables: Readonly<Record<TableName, readonly Row[]>>;
}

/** `file` relative to the repository's root (or absolute); `keep` names the tables to return. */
export function runFile(file: string, sets: readonly string[] = [], keep: readonly TableName[] = []): Ran {
  const path = isAbsolute(file) ? file : join(repoRoot(), file);
  const kept = new Map<TableName, MemoryTable>(keep.map((name) => [name, new MemoryTable()]));
  const sink = (name: TableName): TableSink => kept.get(name) ?? nullTable;
  const summary = runScenario(
    // No check reads the wait attribution (summary.json waits): it is left out, and its cost
    // (output.waits; it observes only, so the run is the same).
    loadScenario(path, ['output.waits=false', ...sets]),
    { tasks: sink('tasks'), offers: sink('offers'), utilization: sink('utilization'), jobs: sink('jobs'), shares: sink('shares') },
    { wallClock: false },
  );
  const rows = (name: TableName): readonly Row[] => kept.get(name)?.records() ?? [];
  return { summary, tables: { tasks: rows('tasks'), offers: rows('offers'), jobs: rows('jobs'), utilization: rows('utilization'), shares: rows('shares') } };
}
