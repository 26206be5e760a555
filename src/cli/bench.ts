/**
 * `sim bench`: the regression gate for allocator policies. Runs a suite
 * (regression/suite.ts), sets each metric against the committed baseline
 * (regression/baseline.ts, judged by regression/gate.ts), prints the changes, writes
 * bench.json and junit.xml (and, as every result folder, each run's resolved
 * scenario as `scenarios/<h>.yaml`, named by bench.json `scenarios`, and
 * provenance.json), and exits 1 on a regression of a gating check:
 * a model metric, or with `--gate-timing` the allocator's CPU time.
 * `--update-baseline` rewrites the baseline's entries for what was run.
 *
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import junitModule, { type Builder } from 'junit-report-builder';
import { allocatorCpuMetric, summaryMetrics, type SummaryMetric } from '../analysis/summary-metrics.js';
import { BaselineSchema, entryKey, mergeBaseline, type Baseline, type BaselineEntry } from '../regression/baseline.js';
import { checkEntry, type MetricCheck, type Verdict } from '../regression/gate.js';
import { loadSuite, scenarioPath, type Suite } from '../regression/suite.js';
import { InputError, InputErrors } from '../errors.js';
import { readJson } from '../scenario/json.js';
import { resourceNames } from '../build.js';
import { loadScenario } from '../scenario/load.js';
import { atField, located } from '../scenario/locate.js';
import { allocatorSets, checkedScenario, suiteNamer } from './checked-scenario.js';
import { formatNumber } from './compare.js';
import { scenarioInputs } from './inputs.js';
import { checkOutput, within } from './output-guard.js';
import type { Plugin, PluginPolicy } from './plugins.js';
import { progress } from './progress.js';
import { RunPool, workerCount } from './run-pool.js';
import { horizonOf, RunsProgress } from './run-progress.js';
import { workerPlugin } from './run-thread.js';
import { Provenance } from './provenance.js';
import { DataCopies, recordScenario, resolveScenario, storedName, type ResolvedScenario } from './resolved-scenario.js';
import { ResultDir } from './result-dir.js';

export interface BenchArgs {
  readonly suite: string;
  readonly quick: boolean;
  readonly updateBaseline: boolean;
  readonly baseline?: string | undefined;
  readonly out?: string | undefined;
  /** Include machine metrics (the allocator's wall-clock and CPU time per run), reported but not gating. */
  readonly timing: boolean;
  /** Let the allocator's CPU time gate too (needs timing). */
  readonly gateTiming?: boolean;
  /** Let the suite name plug-in modules as policies. */
  readonly allowPlugins: boolean;
  /** Replace a non-empty output folder that sim did not write. */
  readonly force: boolean;
  /** Worker threads (default: the number of cores, or 1 with timing). */
  readonly workers?: number | undefined;
  /** Plain progress lines when stderr is not a terminal. */
  readonly progress?: boolean;
}

// The package is CommonJS whose module.exports is the builder, while its typings declare an ES default export.
const junitBuilder = junitModule as unknown as Builder;

export { DEFAULT_SUITE } from './bench-suite.js';

export async function benchCommand(args: BenchArgs): Promise<number> {
  if (args.gateTiming === true && !args.timing) throw new InputError('--gate-timing: needs the timing figures (expected it without --no-timing)');
  const workers = benchWorkers(args);
  const suite = loadSuite(args.suite);
  const runs = suite.runs.filter((r) => !args.quick || r.quick);
  if (runs.length === 0) throw new InputError(atField(suite, args.suite, ['runs'], 'no run is marked quick: true (expected at least one for --quick)'));
  const baselineFile = args.baseline ?? join('results', 'baselines', `${suite.suite}.json`);
  // Every policy's scenario and plug-in, and where the results go, are checked before anything runs.
  const plans = await planSuite(suite, runs, { allowPlugins: args.allowPlugins, load: true });
  const inputs = [resolve(args.suite), ...plans.flatMap((p) => p.inputs)];
  if (args.updateBaseline) {
    const clash = inputs.find((f) => within(resolve(baselineFile), f));
    if (clash !== undefined) throw new InputError(`--baseline ${baselineFile}: an input of sim bench (${clash}) (expected a baseline file); nothing was written`);
  }
  const old = readBaseline(baselineFile);
  if (old !== undefined && old.suite !== suite.suite) {
    // Checked against another suite's baseline, every entry would be new and the gate would pass unseen.
    throw new InputError(`${baselineFile}: suite: the baseline of suite '${old.suite}' (expected the baseline of suite '${suite.suite}')`);
  }
  if (old === undefined && !args.updateBaseline) {
    throw new InputError(`${baselineFile}: no baseline for suite '${suite.suite}' (expected one written by sim bench --update-baseline)`);
  }
  const out = args.out ?? join('results', 'bench', suite.suite);
  const rules = { command: 'bench' as const, inputs: [...inputs, resolve(baselineFile)], force: args.force };
  if (!args.updateBaseline) checkOutput(out, rules);
  const provenance = new Provenance();
  for (const f of rules.inputs) provenance.input(f);
  const copies = new DataCopies();
  const entries = await runSuite(suite, plans, { timing: args.timing, workers, progress: args.progress === true }, copies);
  if (args.updateBaseline) {
    const merged = mergeBaseline(suite.suite, old, Object.fromEntries(entries.map((e) => [e.key, e.entry])));
    mkdirSync(dirname(baselineFile), { recursive: true });
    writeFileSync(baselineFile, JSON.stringify(merged, null, 2) + '\n');
    process.stdout.write(`baseline ${baselineFile}: ${entries.length} entries written (${Object.keys(merged.entries).length} in all)\n`);
    return 0;
  }
  const settings = { alpha: suite.alpha, tolerance: suite.tolerance, tolerances: suite.tolerances, gateTiming: args.gateTiming === true };
  const checks = entries.flatMap((e) => checkEntry(e.key, e.entry, old!.entries[e.key], e.metrics, settings));
  const counts = countVerdicts(checks.filter((c) => c.gating));
  const notGating = countVerdicts(checks.filter((c) => !c.gating));
  const dir = new ResultDir(out, rules);
  try {
    // Each run's resolved scenario, written once it ran (recordScenario checks that it loads back to what ran).
    const scenarios: Record<string, string[]> = {};
    for (const e of entries) {
      scenarios[e.key] = e.resolved.map((r) => {
        recordScenario(join(dir.staging, storedName(r.sha256)), r, copies);
        provenance.data(r.data);
        return storedName(r.sha256);
      });
    }
    writeFileSync(join(dir.staging, 'bench.json'), JSON.stringify({ suite: suite.suite, baseline: baselineFile, ...settings, timing_repeats: args.timing ? suite.timing_repeats : 1, counts, not_gating_counts: notGating, checks, scenarios }, null, 2) + '\n');
    writeFileSync(join(dir.staging, 'junit.xml'), junitReport(suite.suite, entries.map((e) => e.key), checks));
    provenance.write(dir.staging);
    dir.commit();
  } catch (e) {
    dir.abandon();
    throw e;
  }
  process.stdout.write(formatChecks(checks, counts, notGating) + `\nresults   ${dir.target}\n`);
  return counts.regression > 0 ? 1 : 0; // counts: the gating checks only
}

/**
 * The threads the runs share. With timing, one: the allocator's CPU time is
 * read from the process's CPU clock, which counts every thread, so runs made
 * side by side would each count the others' time (docs/bench.md).
 */
function benchWorkers(args: BenchArgs): number {
  if (!args.timing) return workerCount(args.workers);
  if (args.workers !== undefined && workerCount(args.workers) > 1) {
    throw new InputError(`--workers ${args.workers}: timing figures need the runs made one at a time (the CPU clock counts every thread of the process) (expected --workers 1, or --no-timing to run on several workers)`);
  }
  return 1;
}

interface RunPlan {
  readonly run: Suite['runs'][number];
  readonly file: string;
  readonly allocator: string;
  readonly sets: readonly string[];
  readonly plugin: Plugin | undefined;
  readonly inputs: readonly string[];
}

/**
 * Each (run, policy) of the suite, its scenario loaded and built and its
 * plug-in checked or loaded under `policy` (loaded only with --allow-plugins:
 * the suite is a file); the suite's metrics and tolerances checked against
 * what the runs measure. Problems point at the suite's fields.
 */
export async function planSuite(suite: Suite, runs: Suite['runs'], policy: PluginPolicy): Promise<RunPlan[]> {
  const plans: RunPlan[] = [];
  const known = new Set<string>();
  for (const run of runs) {
    const i = suite.runs.indexOf(run);
    const file = scenarioPath(suite, run);
    for (const [j, allocator] of run.allocators.entries()) {
      try {
        const sets = [...run.set, ...allocatorSets(file, allocator, run.set, false)];
        const { scenario, plugin } = await checkedScenario(file, sets, suiteNamer(suite.file, i), policy);
        plans.push({ run, file, allocator, sets, plugin, inputs: scenarioInputs(scenario, file, plugin) });
        chosenMetrics(suite, resourceNames(scenario), true).forEach((m) => known.add(m.name));
      } catch (e) {
        if (e instanceof InputError) throw new InputErrors(e.message.split('\n').map((line) => inRun(suite, i, j, file, line)));
        throw e;
      }
    }
  }
  // A tolerance is for a metric some run measures; a misspelt name would otherwise be ignored.
  const unknown = Object.keys(suite.tolerances).filter((m) => !known.has(m));
  if (unknown.length > 0) throw new InputErrors(unknown.map((m) => atField(suite, suite.file, ['tolerances', m], `unknown metric '${m}' (expected one of: ${[...known].join(', ')})`)));
  return plans;
}

/**
 * A problem of run `i`'s policy `j` pointed at the suite's field it came
 * from: the policy (`allocators.J`), the overrides (`set`), or the scenario
 * file that cannot be read (`scenario`). A line of the scenario file itself
 * already names its place.
 */
function inRun(suite: Suite, i: number, j: number, file: string, line: string): string {
  const field = (...path: (string | number)[]) => (problem: string) => atField(suite, suite.file, ['runs', i, ...path], problem);
  const policyLine = `${suite.file}: runs.${i}.allocators: `;
  if (line.startsWith(policyLine)) return field('allocators', j)(line.slice(policyLine.length));
  if (line.startsWith('--set master.allocator: ')) return field('allocators', j)(line);
  if (line.startsWith('--set ')) return field('set')(line);
  if (line.startsWith(`${file}: cannot read`)) return field('scenario')(line);
  return line;
}

interface RanEntry {
  readonly key: string;
  readonly entry: BaselineEntry;
  readonly metrics: readonly SummaryMetric[];
  /** The resolved scenario of each seed's run, in the order of the run's seeds. */
  readonly resolved: readonly ResolvedScenario[];
}

interface SuiteRunning {
  readonly timing: boolean;
  /** Threads to run on. */
  readonly workers: number;
  /** Plain progress lines when stderr is not a terminal. */
  readonly progress: boolean;
}

/**
 * Runs every (run, policy, seed), summaries only, on `workers` threads;
 * returns an entry per (run, policy), in the suite's order whatever the
 * number of threads.
 */
async function runSuite(suite: Suite, plans: readonly RunPlan[], running: SuiteRunning, copies: DataCopies): Promise<RanEntry[]> {
  const todo = plans.flatMap((plan) => plan.run.seeds.map((seed) => ({ plan, seed, scenario: loadScenario(plan.file, [...plan.sets, `seed=${seed}`]) })));
  const resolved = todo.map((t) => resolveScenario(t.scenario, copies.hashes));
  const repeats = running.timing ? suite.timing_repeats : 1;
  const board = new RunsProgress(`bench ${suite.suite}`, todo.length, progress(undefined, { plain: running.progress }));
  const pool = new RunPool(Math.min(running.workers, todo.length));
  try {
    const summaries = await Promise.all(
      todo.map(async ({ plan, seed, scenario }, i) => {
        const task = { kind: 'timed', scenario, timing: running.timing, repeats: suite.timing_repeats, plugin: workerPlugin(plan.plugin) } as const;
        const start = () => board.start(i, `${plan.run.scenario} ${plan.allocator} seed ${seed}`, horizonOf(scenario));
        const summary = await pool.timed(task, (p) => board.tick(i, p, { repeat: p.repeat, repeats }), start).catch((e: unknown) => {
          throw located(scenario, e);
        });
        board.finish(i);
        return summary;
      }),
    );
    return plans.map((plan) => {
      const mine = todo.flatMap((t, i) => (t.plan === plan ? [i] : []));
      const metrics = chosenMetrics(suite, summaries[mine[0]!]!.resources, running.timing);
      const values = Object.fromEntries(metrics.map((m) => [m.name, mine.map((i) => finite(m.of(summaries[i]!)))]));
      const { run, allocator } = plan;
      return { key: entryKey(run, allocator), entry: { scenario: run.scenario, set: run.set, allocator, seeds: run.seeds, metrics: values }, metrics, resolved: mine.map((i) => resolved[i]!) };
    });
  } finally {
    board.done();
    await pool.close();
  }
}

const finite = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : v);

/** The suite's metrics (all by default), without machine ones when timing is off. */
function chosenMetrics(suite: Suite, resources: readonly string[], timing: boolean): SummaryMetric[] {
  const all = [...summaryMetrics(resources), allocatorCpuMetric];
  const byName = new Map(all.map((m) => [m.name, m]));
  const names = suite.metrics ?? all.map((m) => m.name);
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0) {
    throw new InputError(atField(suite, suite.file, ['metrics', names.indexOf(unknown[0]!)], `unknown metric '${unknown[0]}' (expected one of: ${all.map((m) => m.name).join(', ')})`));
  }
  return names.map((n) => byName.get(n)!).filter((m) => timing || m.wallClock !== true);
}

/** The baseline in `file`, validated (a file that is not a baseline is never read as one, nor overwritten); undefined if there is none. */
function readBaseline(file: string): Baseline | undefined {
  if (!existsSync(file)) return undefined;
  return readJson(BaselineSchema, file, 'a baseline written by sim bench --update-baseline');
}

type Counts = Record<Verdict, number>;

function countVerdicts(checks: readonly MetricCheck[]): Counts {
  const counts: Counts = { same: 0, changed: 0, improvement: 0, regression: 0, new: 0 };
  for (const c of checks) counts[c.verdict]++;
  return counts;
}

/**
 * The table of every check that is not 'same', gating regressions first, then a count line for
 * the gating checks and one for the reported-only ones (machine figures).
 */
export function formatChecks(checks: readonly MetricCheck[], counts: Counts, notGating: Counts): string {
  const order: Verdict[] = ['regression', 'improvement', 'changed', 'new'];
  const rank = (c: MetricCheck) => order.indexOf(c.verdict) + (c.gating ? 0 : order.length);
  const shown = checks.filter((c) => c.verdict !== 'same').sort((a, b) => rank(a) - rank(b));
  const num = (v: number | null) => (v === null ? '-' : formatNumber(v));
  const pct = (v: number | null) => (v === null ? '-' : Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%` : v > 0 ? '+inf' : '-inf');
  const header = ['verdict', 'entry', 'metric', 'baseline', 'current', 'change', 'p', 'tolerance', 'gates'];
  const rows = shown.map((c) => [c.gating ? c.verdict.toUpperCase() : c.verdict, c.entry, `${c.metric} ${c.better === 'lower' ? '↓' : '↑'}`, num(c.baseline), num(c.current), pct(c.relative), c.p === null ? '-' : c.p.toPrecision(2), `${(c.tolerance * 100).toFixed(0)}%`, c.gating ? 'yes' : 'no']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  const tally = (n: Counts) => `${n.regression} regression, ${n.improvement} improvement, ${n.changed} changed within tolerance or not significant, ${n.same} same, ${n.new} new`;
  const total = (n: Counts) => Object.values(n).reduce((a, b) => a + b, 0);
  const summary = [`${total(counts)} checks: ${tally(counts)}`];
  if (total(notGating) > 0) summary.push(`${total(notGating)} timing checks, reported, not gating: ${tally(notGating)}`);
  return [...(rows.length > 0 ? [line(header), ...rows.map(line)] : ['no metric changed']), ...summary].join('\n');
}

/** JUnit XML: a test suite per (scenario, policy), a test case per metric, failing on a regression. */
function junitReport(suite: string, keys: readonly string[], checks: readonly MetricCheck[]): string {
  const builder = junitBuilder.newBuilder().name(`sim bench ${suite}`);
  for (const key of keys) {
    const ts = builder.testSuite().name(key);
    for (const c of checks.filter((x) => x.entry === key)) {
      const tc = ts.testCase().className(key).name(c.metric);
      if (c.verdict === 'regression' && c.gating) {
        tc.failure(`${c.metric} regressed: ${formatNumber(c.baseline!)} -> ${formatNumber(c.current!)} (${((c.relative ?? 0) * 100).toFixed(1)}%, p ${c.p === null ? '-' : c.p.toPrecision(2)}, tolerance ${(c.tolerance * 100).toFixed(0)}%)`, 'regression');
      } else {
        tc.standardOutput(`${c.verdict}${c.gating ? '' : ' (timing, not gating)'}: baseline ${c.baseline ?? '-'}, current ${c.current ?? '-'}`);
      }
    }
  }
  return builder.build();
}
