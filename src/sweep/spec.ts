/**
 * A sweep file: a base scenario, a matrix of overrides, seeds, and the
 * metrics to collect. `sim sweep` runs every cell of the matrix for every
 * seed.
 *
 *     sweep: interval-vs-policy        # names the default results folder
 *     scenario: ../quickstart.yaml     # relative to the sweep file
 *     set: [until=600]                 # optional: overrides for every cell
 *     matrix:                          # axes, varied in the order written
 *       allocator: [drf, fifo]         # the policy (as sim compare --allocators)
 *       master.allocation_interval: [1, 5, 10]   # any field, by its --set path
 *     seeds: 1..5
 *     metrics: [wait_mean, util_cpus]  # optional (default: every model metric)
 *
 * Or, instead of `scenario` and `seeds`, `from: CHECKPOINT` (relative to the
 * sweep file): every cell is a fork of that saved run from its moment, under
 * the checkpoint's seed, and only the fields a fork may change may be axes
 * (docs/checkpoints.md).
 *
 * A cell is one point of the matrix and one seed. Cells are listed with the
 * first axis varying slowest and the seed fastest; that order is the cells'
 * index, which `--shard` divides.
 *
 * @module
 */
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { seeds } from '../regression/suite.js';
import { InputError } from '../errors.js';
import { summaryMetrics } from '../analysis/summary-metrics.js';
import { expecting, folderName, problem, report, text } from '../scenario/fields.js';
import { parseYaml, readText } from '../scenario/load.js';
import { copySources } from '../scenario/locate.js';

/** The metrics a sweep may collect: those of `sim compare`, apart from wall-clock ones; utilization of any resource. */
const FIXED_METRICS = summaryMetrics([]).filter((m) => m.wallClock !== true).map((m) => m.name);
const METRIC_WORDS = `a metric name: ${FIXED_METRICS.join(', ')}, or util_<resource>`;
const metric = () =>
  expecting(
    METRIC_WORDS,
    z.string().refine((m) => FIXED_METRICS.includes(m) || /^util_[A-Za-z_][A-Za-z0-9_.-]*$/.test(m), { error: (iss) => problem('not a metric', METRIC_WORDS, iss.input) }),
  );

/** The most cells (matrix points times seeds) one sweep file may have. */
export const MAX_SWEEP_CELLS = 100_000;

const AXIS_WORDS = 'a non-empty list of values (numbers, strings, true/false or mappings)';
const PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** The matrix: axis -> its values (shared with sweep.json, sweep/records.ts). */
export const matrix = () =>
  expecting(
    "a mapping of axes: 'allocator' or a field path such as master.allocation_interval -> a list of values",
    z.record(
      expecting('a field path such as master.allocation_interval, or allocator', z.string().regex(PATH)),
      expecting(AXIS_WORDS, z.array(expecting(AXIS_WORDS, z.union([z.number(), z.string(), z.boolean(), z.record(z.string(), z.unknown())]))).min(1)),
    ),
  );

export const SweepSchema = expecting(
  "a mapping with 'sweep', 'scenario' (or 'from'), 'matrix' and 'seeds'",
  z.strictObject({
    sweep: folderName(),
    description: text().optional(),
    scenario: text().optional(),
    from: expecting('a checkpoint file written by sim run --checkpoint-at, relative to the sweep file', text()).optional(),
    set: expecting('a list of path=value overrides', z.array(text())).default(() => []),
    matrix: matrix(),
    seeds: seeds().optional(),
    metrics: expecting('a non-empty list of metric names', z.array(metric()).min(1)).optional(),
  }).superRefine((s, ctx) => {
    if ((s.scenario === undefined) === (s.from === undefined)) {
      // Named as the field a sweep file usually has, so that the line reads like any missing field's.
      const what = s.from === undefined ? 'required field missing' : "both 'scenario' and 'from'";
      report(ctx, ['scenario'], s.scenario, problem(what, "one of them: 'scenario' (a scenario file, run from its start) or 'from' (a checkpoint, continued)"));
    }
    if (s.from !== undefined && s.seeds !== undefined) report(ctx, ['seeds'], s.seeds, problem('seeds with from', "no 'seeds': a sweep from a checkpoint runs under the checkpoint's seed", s.seeds));
    if (s.scenario !== undefined && s.seeds === undefined) report(ctx, ['seeds'], s.seeds, problem('required field missing', "'seeds': a range A..B and/or a list"));
    // Every cell is planned (its scenario loaded) before any runs: a sweep too large to plan is refused, not started.
    const n = Object.values(s.matrix).reduce((k, values) => k * values.length, 1) * new Set(s.seeds ?? [0]).size;
    if (n > MAX_SWEEP_CELLS) {
      report(ctx, ['matrix'], s.matrix, problem(`${n.toLocaleString('en-US')} cells (points times seeds)`, `at most ${MAX_SWEEP_CELLS.toLocaleString('en-US')} cells in one sweep file; split it into several`));
    }
  }),
);

export type SweepFile = z.output<typeof SweepSchema>;

export interface Sweep extends SweepFile {
  /** The sweep file as given. */
  readonly file: string;
  /** The base scenario's path, resolved against the sweep file's folder; absent with `from`. */
  readonly scenarioFile?: string;
  /** The checkpoint's path (`from`), resolved against the sweep file's folder. */
  readonly fromFile?: string;
}

/** Reads and validates a sweep file (problems as FILE:LINE:COL lines). */
export function loadSweep(file: string): Sweep {
  const spec = parseYaml(SweepSchema, readText(file, 'sweep file'), file);
  const at = (f: string): string => resolve(dirname(resolve(file)), f);
  const sweep: Sweep = { ...spec, file, ...(spec.scenario !== undefined ? { scenarioFile: at(spec.scenario) } : {}), ...(spec.from !== undefined ? { fromFile: at(spec.from) } : {}) };
  // Problems found later (a cell's overrides) can then point at their field (scenario/locate.ts).
  copySources(spec, sweep);
  return sweep;
}

/** A sweep file is recognised by its top-level `sweep:` key. */
export function looksLikeSweep(text: string): boolean {
  return /^sweep:/m.test(text);
}

/** One value of each axis, in the matrix's order. */
export type Point = readonly (readonly [string, unknown])[];

export interface Cell {
  /** Position in the sweep's cell order (0-based). */
  readonly index: number;
  readonly point: Point;
  readonly seed: number;
}

/** Every point of the matrix, first axis slowest. */
export function points(matrix: Readonly<Record<string, readonly unknown[]>>): Point[] {
  let out: [string, unknown][][] = [[]];
  for (const [axis, values] of Object.entries(matrix)) out = out.flatMap((p) => values.map((v) => [...p, [axis, v] as [string, unknown]]));
  return out;
}

/** Every cell: each point of the matrix for each seed (seed fastest). */
export function cells(sweep: { readonly matrix: SweepFile['matrix']; readonly seeds: readonly number[] }): Cell[] {
  const out: Cell[] = [];
  for (const point of points(sweep.matrix)) for (const seed of new Set(sweep.seeds)) out.push({ index: out.length, point, seed });
  return out;
}

/** The `--set`s of a point's field axes (not the allocator, which needs the scenario: see allocatorSets). */
export function fieldSets(point: Point): string[] {
  return point.filter(([axis]) => axis !== 'allocator').map(([axis, v]) => `${axis}=${JSON.stringify(v)}`);
}

/** The point's policy, if the matrix has an allocator axis. */
export function allocatorOf(point: Point): string | undefined {
  const a = point.find(([axis]) => axis === 'allocator')?.[1];
  return a === undefined ? undefined : String(a);
}

/** A value as written in tables and labels. */
export function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** `--shard i/n`: [i, n] with 1 <= i <= n. */
export function parseShard(textValue: string): [number, number] {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(textValue);
  const [i, n] = m === null ? [NaN, NaN] : [Number(m[1]), Number(m[2])];
  if (!(i >= 1 && n >= 1 && i <= n)) {
    throw new InputError(`--shard: '${textValue}' is not a shard (expected i/n with 1 <= i <= n, such as 1/4)`);
  }
  return [i, n];
}

/** The cells of shard i of n: every n-th cell from the (i-1)-th, so that long and short cells spread evenly. */
export function shardCells<T extends { readonly index: number }>(all: readonly T[], i: number, n: number): T[] {
  return all.filter((c) => c.index % n === i - 1);
}
