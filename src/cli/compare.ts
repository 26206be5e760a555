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
import { summaryMetrics } from '../analysis/summary-metrics.js';
import { formatPolicyWaits, policyWaits } from '../analysis/wait-breakdown.js';
import { InputError } from '../errors.js';
import { loadScenario } from '../scenario/load.js';
import { located } from '../scenario/locate.js';
import { allocatorSets, checkedScenario } from './checked-scenario.js';
import { scenarioInputs } from './inputs.js';
import { progress } from './progress.js';
import { Provenance } from './provenance.js';
import { DataCopies, recordRun, sourcesNamed } from './resolved-scenario.js';
import { ResultDir } from './result-dir.js';
import { RunPool, workerCount } from './run-pool.js';
import { horizonOf, RunsProgress } from './run-progress.js';
import { workerPlugin } from './run-thread.js';
import { parseSeeds } from './seeds.js';

export interface CompareArgs {
  readonly scenario: string;
  readonly allocators: string;
  readonly seeds: string;
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
  const allocators = [...new Set(args.allocators.split(',').map((a) => a.trim()).filter((a) => a !== ''))];
  if (allocators.length === 0) throw new InputError(`--allocators: no policy named (expected a comma-separated list such as drf,pools,bidding)`);
  const seeds = parseSeeds(args.seeds);
  const workers = workerCount(args.workers);
  const base = loadScenario(args.scenario, args.set);
  // Load every policy's scenario and plug-in before running anything: a bad name fails at once.
  // The policies are named on the command line: a plug-in among them is the user's choice.
  const plans = [];
  const inputs: string[] = [];
  const provenance = new Provenance();
  provenance.input(args.scenario);
  for (const allocator of allocators) {
    const sets = [...args.set, ...allocatorSets(args.scenario, allocator, args.set)];
    const { scenario, plugin } = await checkedScenario(args.scenario, sets, { by: 'command line' }, { allowPlugins: false, load: true }).catch((e: unknown) => {
      // The policy came from --allocators, not from a --set of the user's.
      if (e instanceof InputError) throw new InputError(e.message.replaceAll('--set master.allocator: ', `--allocators ${allocator}: `));
      throw e;
    });
    inputs.push(...scenarioInputs(scenario, args.scenario, plugin));
    if (plugin !== undefined) provenance.input(resolve(plugin.base, plugin.name));
    plans.push({ allocator, sets, plugin: workerPlugin(plugin) });
  }
  const dir = new ResultDir(args.out ?? join('results', `${base.name}-compare`), { command: 'compare', inputs, force: args.force });
  const copies = new DataCopies();
  const todo = [];
  const pool = new RunPool(Math.min(workers, seeds.length * plans.length));
  const board = new RunsProgress(`compare ${base.name}`, seeds.length * plans.length, progress(undefined, { plain: args.progress === true }));
  try {
    // Every run folder holds its scenario.resolved.yaml, and what runs is loaded back from it;
    // written in run order before any run starts, whatever the number of workers.
    for (const seed of seeds) {
      for (const { allocator, sets, plugin } of plans) {
        const scenario = loadScenario(args.scenario, [...sets, `seed=${seed}`]);
        const folder = join(dir.staging, 'runs', policyFolder(allocator), `seed-${seed}`);
        todo.push({ allocator, seed, scenario, folder, plugin, recorded: recordRun(folder, scenario, copies, provenance) });
      }
    }
    const runs: RunResult[] = await Promise.all(
      todo.map(async ({ allocator, seed, scenario, folder, plugin, recorded }, i) => {
        const task = { scenario: recorded.scenario, folder, scenarioSha256: recorded.sha256, tables: args.tables, wallClock: args.wallClock, verifyEvery: 0, plugin };
        const summary = await pool.run(task, (p) => board.tick(i, p), () => board.start(i, `${allocator} seed ${seed}`, horizonOf(scenario))).catch((e: unknown) => {
          throw located(scenario, sourcesNamed(e, folder, recorded.data));
        });
        board.finish(i);
        return { allocator, seed, summary };
      }),
    );
    board.done();
    const groups = groupMetrics(runs.map((r) => r.summary));
    const metrics = [...summaryMetrics(runs[0]!.summary.resources).filter((m) => args.wallClock || m.wallClock !== true), ...groups];
    const first = firstGroups(groups);
    const printed = new Set(metrics.filter((m) => printedMetric(m, first)).map((m) => m.name));
    const comparison = compareRuns(base.name, allocators, seeds, runs, metrics);
    writeFileSync(join(dir.staging, 'compare.json'), JSON.stringify(comparison, null, 2) + '\n');
    writeFileSync(join(dir.staging, 'compare.csv'), stringify([[...COMPARE_COLUMNS], ...comparisonRows(comparison)]));
    writeFileSync(join(dir.staging, 'runs.csv'), stringify(runsRows(comparison)));
    provenance.write(dir.staging);
    dir.commit();
    const waits = formatPolicyWaits(policyWaits(runs, allocators));
    process.stdout.write(formatComparison(comparison, printed) + (waits.length > 0 ? `\n${waits.join('\n')}` : '') + `\nresults   ${dir.target}\n`);
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
