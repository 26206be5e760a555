/**
 * `sim compare`: one scenario under several policies and seeds, with the
 * same arrivals and faults for every policy at a given seed (common random
 * numbers: every random stream is named by component and seeded by the
 * scenario seed, never by the policy).
 *
 * Writes into the output folder:
 * - `runs/<allocator>/seed-<k>/`: each run's result files (summary.json
 *   only with --no-tables), with its scenario.resolved.yaml and data copies;
 * - `compare.csv` and `compare.json` (analysis/comparison.ts);
 * - `runs.csv`: each run's metrics, a row per (policy, seed);
 * - `provenance.json` (provenance.ts);
 * and prints the table of means, intervals and significant differences.
 * The runs are shared among `--workers` threads (run-pool.ts); the files
 * are the same bytes for any number.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { compareRuns, COMPARE_COLUMNS, comparisonRows, type Comparison, type RunResult } from '../analysis/comparison.js';
import { firstGroups, groupMetrics, printedMetric } from '../analysis/group-metrics.js';
import { summaryMetrics, type SummaryMetric } from '../analysis/summary-metrics.js';
import { formatPolicyWaits, policyWaits } from '../analysis/wait-breakdown.js';
import type { Scenario } from '../scenario/schema.js';
import type { RunTask } from './run-thread.js';
import { InputError } from '../errors.js';
import { loadScenario } from '../scenario/load.js';
import { located } from '../scenario/locate.js';
import { allocatorSets, checkedScenario } from './checked-scenario.js';
import { scenarioInputs } from './inputs.js';
import { progress } from './progress.js';
import { Provenance } from './provenance.js';
import { DataCopies, recordRun, sourcesNamed, type DataFile } from './resolved-scenario.js';
import { ResultDir } from './result-dir.js';
import { RunPool, workerCount } from './run-pool.js';
import { horizonOf, RunsProgress } from './run-progress.js';
import { workerPlugin } from './run-thread.js';
import { parseSeeds } from './seeds.js';

export interface CompareArgs {
  /** The scenario file; absent with `from`. */
  readonly scenario?: string | undefined;
  readonly allocators: string;
  /** Seeds (default 1..10); none with `from`. */
  readonly seeds?: string | undefined;
  /** Run each policy from this checkpoint's state (fork-compare.ts; main.ts sends such a command there). */
  readonly from?: string | undefined;
  /** Let a checkpoint name a plug-in module as the saved run's allocator. */
  readonly allowPlugins?: boolean | undefined;
  readonly out?: string | undefined;
  readonly set: readonly string[];
  readonly wallClock: boolean;
  /** Write every run's tables, not only its summary. */
  readonly tables: boolean;
  /** Replace a non-empty output folder that sim did not write. */
  readonly force: boolean;
  /** Worker threads (default: the number of cores). */
  readonly workers?: number | undefined;
  /** Plain progress lines when stderr is not a terminal. */
  readonly progress?: boolean;
}

export async function compareCommand(args: CompareArgs): Promise<number> {
  if (args.scenario === undefined) throw new InputError('sim compare: no scenario (expected a scenario file, or a checkpoint with --from)');
  const file = args.scenario;
  const allocators = policiesNamed(args.allocators);
  const seeds = parseSeeds(args.seeds ?? DEFAULT_SEEDS);
  const workers = workerCount(args.workers);
  const base = loadScenario(file, args.set);
  // Load every policy's scenario and plug-in before running anything: a bad name fails at once.
  // The policies are named on the command line: a plug-in among them is the user's choice.
  const plans: { allocator: string; sets: string[]; plugin: RunTask['plugin'] }[] = [];
  const inputs: string[] = [];
  const provenance = new Provenance();
  provenance.input(file);
  for (const allocator of allocators) {
    const sets = [...args.set, ...allocatorSets(file, allocator, args.set)];
    const { scenario, plugin } = await checkedScenario(file, sets, { by: 'command line' }, { allowPlugins: false, load: true }).catch((e: unknown) => {
      // The policy came from --allocators, not from a --set of the user's.
      if (e instanceof InputError) throw new InputError(e.message.replaceAll('--set master.allocator: ', `--allocators ${allocator}: `));
      throw e;
    });
    inputs.push(...scenarioInputs(scenario, file, plugin));
    if (plugin !== undefined) provenance.input(resolve(plugin.base, plugin.name));
    plans.push({ allocator, sets, plugin: workerPlugin(plugin) });
  }
  const dir = new ResultDir(args.out ?? join('results', `${base.name}-compare`), { command: 'compare', inputs, force: args.force });
  const copies = new DataCopies();
  // Every run folder holds its scenario.resolved.yaml, and what runs is loaded back from it;
  // written in run order before any run starts, whatever the number of workers.
  return compareInto(dir, provenance, { name: base.name, allocators, seeds, workers }, args, () =>
    seeds.flatMap((seed) =>
      plans.map(({ allocator, sets, plugin }) => {
        const scenario = loadScenario(file, [...sets, `seed=${seed}`]);
        const folder = join(dir.staging, 'runs', policyFolder(allocator), `seed-${seed}`);
        return { allocator, seed, scenario, folder, plugin, recorded: recordRun(folder, scenario, copies, provenance) };
      }),
    ),
  );
}

/**
 * Plans the runs of a comparison (`plan`, which records each one's scenario
 * in its folder under `dir`'s staging folder), runs them on `workers`
 * threads, writes the comparison and commits the folder; returns the exit
 * code. On any failure the runs are stopped and the staging folder removed.
 */
export async function compareInto(
  dir: ResultDir,
  provenance: Provenance,
  what: { readonly name: string; readonly allocators: readonly string[]; readonly seeds: readonly number[]; readonly workers: number },
  args: Pick<CompareArgs, 'tables' | 'wallClock' | 'progress'>,
  plan: () => PlannedRun[],
): Promise<number> {
  const n = what.seeds.length * what.allocators.length;
  const pool = new RunPool(Math.min(what.workers, n));
  const board = new RunsProgress(`compare ${what.name}`, n, progress(undefined, { plain: args.progress === true }));
  try {
    const runs = await runPlanned(plan(), pool, board, args);
    const metrics = comparedMetrics(runs, args.wallClock);
    writeComparison(dir, provenance, compareRuns(what.name, what.allocators, what.seeds, runs, metrics), metrics, formatPolicyWaits(policyWaits(runs, what.allocators)));
    return 0;
  } catch (e) {
    board.done();
    // Runs still going on other threads would write into the folder: stop them first.
    await pool.close();
    dir.abandon();
    throw e;
  } finally {
    await pool.close();
  }
}

/** The seeds of a comparison when none are given. */
export const DEFAULT_SEEDS = '1..10';

/** The policies of --allocators, each once, in order. */
export function policiesNamed(list: string): string[] {
  const allocators = [...new Set(list.split(',').map((a) => a.trim()).filter((a) => a !== ''))];
  if (allocators.length === 0) throw new InputError(`--allocators: no policy named (expected a comma-separated list such as drf,pools,bidding)`);
  return allocators;
}

/** A run of a comparison, planned: its scenario recorded in its folder. */
export interface PlannedRun {
  readonly allocator: string;
  readonly seed: number;
  /** The scenario as planned (for messages and the horizon). */
  readonly scenario: Scenario;
  readonly folder: string;
  readonly plugin: RunTask['plugin'];
  readonly recorded: { readonly scenario: Scenario; readonly sha256: string; readonly data: readonly DataFile[] };
  readonly moments?: RunTask['moments'];
}

/** Runs `todo` on `pool`, following them on `board`; their results in order. */
export async function runPlanned(todo: readonly PlannedRun[], pool: RunPool, board: RunsProgress, args: Pick<CompareArgs, 'tables' | 'wallClock'>): Promise<RunResult[]> {
  const runs = await Promise.all(
    todo.map(async ({ allocator, seed, scenario, folder, plugin, recorded, moments }, i) => {
      const task: RunTask = { scenario: recorded.scenario, folder, scenarioSha256: recorded.sha256, tables: args.tables, wallClock: args.wallClock, verifyEvery: 0, plugin, moments };
      const summary = await pool.run(task, (p) => board.tick(i, p), () => board.start(i, `${allocator} seed ${seed}`, horizonOf(scenario))).catch((e: unknown) => {
        throw located(scenario, sourcesNamed(e, folder, recorded.data));
      });
      board.finish(i);
      return { allocator, seed, summary };
    }),
  );
  board.done();
  return runs;
}

/** The metrics compared for `runs`: the summary's, without wall-clock ones unless `wallClock`, then the per-group ones. */
export function comparedMetrics(runs: readonly RunResult[], wallClock: boolean): SummaryMetric[] {
  const groups = groupMetrics(runs.map((r) => r.summary));
  return [...summaryMetrics(runs[0]!.summary.resources).filter((m) => wallClock || m.wallClock !== true), ...groups];
}

/**
 * Writes compare.json, compare.csv, runs.csv and provenance.json into `dir`'s
 * staging folder, commits it, and prints the table, then `notes` (lines such
 * as the waiting by cause per policy).
 */
export function writeComparison(dir: ResultDir, provenance: Provenance, comparison: Comparison, metrics: readonly SummaryMetric[], notes: readonly string[] = []): void {
  const first = firstGroups(metrics);
  const printed = new Set(metrics.filter((m) => printedMetric(m, first)).map((m) => m.name));
  writeFileSync(join(dir.staging, 'compare.json'), JSON.stringify(comparison, null, 2) + '\n');
  writeFileSync(join(dir.staging, 'compare.csv'), stringify([[...COMPARE_COLUMNS], ...comparisonRows(comparison)]));
  writeFileSync(join(dir.staging, 'runs.csv'), stringify(runsRows(comparison)));
  provenance.write(dir.staging);
  dir.commit();
  process.stdout.write(formatComparison(comparison, printed) + (notes.length > 0 ? `\n${notes.join('\n')}` : '') + `\nresults   ${dir.target}\n`);
}

/**
 * runs.csv: a row per run (policy by policy in the order named, seeds in
 * order), `policy`, `seed`, then each metric of compare.csv in its order;
 * a value the run does not have is empty.
 */
export function runsRows(c: Comparison): string[][] {
  const rows = [['policy', 'seed', ...c.metrics.map((m) => m.name)]];
  for (const a of c.allocators) {
    c.seeds.forEach((seed, k) => rows.push([a, String(seed), ...c.metrics.map((m) => valueText(m.by_allocator[a]!.values[k] ?? null))]));
  }
  return rows;
}

const valueText = (v: number | null): string => (v === null || !Number.isFinite(v) ? '' : String(v));

/**
 * A policy's folder under runs/: its name, with '%' and '/' written as %25
 * and %2F for a plug-in's module path, so that every run stays one folder
 * below runs/ (the path `../x.js` would otherwise climb out of the results).
 */
export function policyFolder(allocator: string): string {
  const folder = allocator.replace(/%/g, '%25').replace(/\//g, '%2F').replace(/\\/g, '%5C');
  return folder === '.' || folder === '..' ? folder.replace(/\./g, '%2E') : folder;
}

/** A number in a table: at most 4 significant digits, no exponent for everyday sizes. */
export function formatNumber(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 0.001) return String(Number(v.toPrecision(4)));
  return v.toExponential(2);
}

/**
 * The table: a row per metric (of those in `printed`, when given), a column per policy with
 * `mean ± half-width`, + or - when it differs significantly from the baseline.
 */
export function formatComparison(c: Comparison, printed?: ReadonlySet<string>): string {
  const header = ['metric', ...c.allocators.map((a, i) => (i === 0 ? `${a} (baseline)` : a))];
  const shown = printed === undefined ? c.metrics : c.metrics.filter((m) => printed.has(m.name));
  const rows = shown.map((m) => [
    `${m.name}${m.better === 'lower' ? ' ↓' : ' ↑'}`,
    ...c.allocators.map((a) => {
      const f = m.by_allocator[a]!;
      if (f.mean === undefined) return '-';
      const half = f.high! - f.mean;
      const mark = f.significant === true ? (f.improvement === true ? ' +' : ' -') : '';
      return `${formatNumber(f.mean)}${f.n! > 1 ? ` ± ${formatNumber(half)}` : ''}${mark}`;
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  const pct = Math.round(c.level * 100);
  return [
    `scenario ${c.scenario}  seeds ${c.seeds.length} (${c.seeds.length > 1 ? `${c.seeds[0]}..${c.seeds[c.seeds.length - 1]}` : c.seeds[0]})  mean ± ${pct}% CI`,
    line(header),
    ...rows.map(line),
    `↓ lower is better, ↑ higher is better; + significantly better, - significantly worse than ${c.baseline} (paired t-test over seeds, p < ${c.alpha})`,
    ...(shown.length < c.metrics.length ? [`${c.metrics.length - shown.length} more metrics (per-group percentiles, further groups) in compare.csv and compare.json`] : []),
  ].join('\n');
}
