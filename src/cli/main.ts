#!/usr/bin/env node
/**
 * The `sim` command line.
 *
 * Exit codes: 0 success; 2 bad input (scenario, flags, a file that cannot be
 * read or written), reported as one line per problem with no stack trace; 1
 * an internal error (a bug), one line, with its stack only under --debug or
 * SIM_DEBUG=1 (failure.ts).
 *
 * @module
 */
import { applyHeapSettings } from './heap-settings.js';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { debugging, failure } from './failure.js';
import { allocatorsCommand, runCommand, validateCommand } from './commands.js';
import { DEFAULT_SUITE } from './bench-suite.js';
// Each command's module is imported when the command runs (src/cli/commands.ts says why).
import { packageVersion } from './version.js';

applyHeapSettings();

function exitWith(code: number): void {
  process.exitCode = code;
}

function fail(e: unknown): void {
  const { text, code } = failure(e, debugging());
  process.stderr.write(text);
  process.exitCode = code;
}

/** --progress, on every command that runs simulations (progress.ts, docs/progress.md). */
const PROGRESS = { type: 'boolean', default: false, describe: 'when stderr is not a terminal (a log file, Slurm, Kubernetes), write a progress line every few seconds; on a terminal progress is always shown' } as const;

/** --workers, on every command that runs several simulations. */
const WORKERS = { type: 'number', requiresArg: true, describe: 'worker threads (default: the number of cores)' } as const;

/** --force, on every command that writes a folder (output-guard.ts). */
const FORCE = { type: 'boolean', default: false, describe: 'replace (sweep: write into) a non-empty output folder that has no .mesos-sim.json; never a file, a link, an input or the working, home or root folder' } as const;

async function guarded(f: () => number | Promise<number>): Promise<void> {
  try {
    exitWith(await f());
  } catch (e) {
    fail(e);
  }
}

await yargs(hideBin(process.argv))
  .scriptName('sim')
  .usage('$0 <command> [options]')
  .option('debug', { type: 'boolean', global: true, default: false, describe: 'print the stack trace of an internal error (also SIM_DEBUG=1)' })
  .command(
    'run [scenario]',
    'Run a scenario and write its results (or continue a saved run: --from)',
    (y) =>
      y
        .positional('scenario', { type: 'string', describe: 'scenario YAML file (none with --from)' })
        .option('checkpoint-at', { type: 'number', array: true, nargs: 1, requiresArg: true, describe: 'save the state at this simulated time (s) into the results folder as checkpoint-<T>.json (repeatable)' })
        .option('from', { type: 'string', requiresArg: true, describe: 'continue from a checkpoint (with --allocator or --set master.allocator_options...: a fork; docs/checkpoints.md)' })
        .option('out', { type: 'string', describe: 'results folder (default results/<scenario name>/)' })
        .option('seed', { type: 'number', requiresArg: true, describe: 'override the scenario seed' })
        .option('allocator', { type: 'string', describe: 'override master.allocator' })
        .option('set', { type: 'string', array: true, default: [], describe: 'override a field: --set path=value (repeatable)' })
        .option('wall-clock', { type: 'boolean', default: true, describe: 'report wall-clock times in summary.json (--no-wall-clock: null, byte-identical results)' })
        .option('verify', { type: 'boolean', default: false, describe: "check the master's books after every event (slow)" })
        .option('allow-plugins', { type: 'boolean', default: false, describe: 'let the scenario file name a plug-in module as its allocator' })
        .option('progress', PROGRESS)
        .option('force', FORCE),
    (a) =>
      guarded(() =>
        runCommand({
          scenario: a.scenario,
          checkpointAt: a['checkpoint-at'],
          from: a.from,
          out: a.out,
          seed: a.seed,
          allocator: a.allocator,
          set: a.set.map(String),
          wallClock: a['wall-clock'],
          verify: a.verify,
          allowPlugins: a['allow-plugins'],
          force: a.force,
          progress: a.progress,
        }),
      ),
  )
  .command(
    'compare [scenario]',
    'Run a scenario under several policies and seeds, and compare their metrics (or each policy from a saved moment: --from)',
    (y) =>
      y
        .positional('scenario', { type: 'string', describe: 'scenario YAML file (none with --from)' })
        .option('allocators', { type: 'string', demandOption: true, describe: 'policies to compare, comma-separated; the first is the baseline (e.g. drf,pools,bidding)' })
        .option('seeds', { type: 'string', describe: 'seeds: a range A..B and/or a comma-separated list (default 1..10; none with --from)' })
        .option('from', { type: 'string', requiresArg: true, describe: "run each policy from a checkpoint's saved state (docs/compare.md)" })
        .option('allow-plugins', { type: 'boolean', default: false, describe: "with --from: let the checkpoint name a plug-in module as the saved run's allocator" })
        .option('out', { type: 'string', describe: 'results folder (default results/<scenario name>-compare/)' })
        .option('set', { type: 'string', array: true, default: [], describe: 'override a field in every run: --set path=value (repeatable)' })
        .option('tables', { type: 'boolean', default: true, describe: "write every run's tables (--no-tables: only each run's summary.json)" })
        .option('wall-clock', { type: 'boolean', default: true, describe: 'include wall-clock figures (--no-wall-clock: byte-identical results)' })
        .option('workers', WORKERS)
        .option('progress', PROGRESS)
        .option('force', FORCE),
    (a) =>
      guarded(async () =>
        (a.from !== undefined ? (await import('./fork-compare.js')).compareFromCheckpoint : (await import('./compare.js')).compareCommand)({
          scenario: a.scenario,
          from: a.from!,
          allowPlugins: a['allow-plugins'],
          allocators: a.allocators,
          seeds: a.seeds,
          out: a.out,
          set: a.set.map(String),
          wallClock: a['wall-clock'],
          tables: a.tables,
          force: a.force,
          workers: a.workers,
          progress: a.progress,
        }),
      ),
  )
  .command(
    'sweep <sweep>',
    'Run every cell of a sweep file (a policy x parameter grid x seeds) on worker threads; rerunning skips finished cells',
    (y) =>
      y
        .positional('sweep', { type: 'string', demandOption: true, describe: 'sweep YAML file' })
        .option('out', { type: 'string', describe: 'results folder (default results/<sweep name>-sweep/)' })
        .option('workers', { type: 'number', describe: 'worker threads (default: the number of cores)' })
        .option('shard', { type: 'string', describe: 'run only part i of n of the cells: i/n, e.g. 2/8' })
        .option('wall-clock', { type: 'boolean', default: false, describe: 'include wall-clock figures (default off: byte-identical results)' })
        .option('allow-plugins', { type: 'boolean', default: false, describe: 'let the sweep file (or its scenario) name plug-in modules as policies' })
        .option('progress', PROGRESS)
        .option('force', FORCE),
    (a) =>
      guarded(async () =>
        (await import('./sweep.js')).sweepCommand({ sweep: a.sweep, out: a.out, workers: a.workers, shard: a.shard, wallClock: a['wall-clock'], allowPlugins: a['allow-plugins'], force: a.force, progress: a.progress }),
      ),
  )
  .command(
    'merge <dirs..>',
    'Combine the results folders of the shards of one sweep into one folder and table',
    (y) =>
      y
        .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'sweep results folders' })
        .option('out', { type: 'string', demandOption: true, describe: 'merged results folder' })
        .option('force', FORCE),
    (a) => guarded(async () => (await import('./sweep.js')).mergeCommand({ dirs: a.dirs.map(String), out: a.out, force: a.force })),
  )
  .command(
    'bench [suite]',
    'Run a bench suite and fail (exit 1) when a policy regressed against the committed baseline',
    (y) =>
      y
        .positional('suite', { type: 'string', default: DEFAULT_SUITE, describe: 'bench suite YAML file' })
        .option('quick', { type: 'boolean', default: false, describe: 'only the runs marked quick: true' })
        .option('update-baseline', { type: 'boolean', default: false, describe: 'rewrite the baseline entries of the runs made, instead of checking' })
        .option('baseline', { type: 'string', describe: 'baseline file (default results/baselines/<suite>.json)' })
        .option('out', { type: 'string', describe: 'folder for bench.json and junit.xml (default results/bench/<suite>/)' })
        .option('timing', { type: 'boolean', default: true, describe: "report the allocator's CPU and wall-clock time per run, not gating (--no-timing: leave them out)" })
        .option('gate-timing', { type: 'boolean', default: false, describe: "let the allocator's CPU time per run gate too (tolerance in docs/bench.md)" })
        .option('allow-plugins', { type: 'boolean', default: false, describe: 'let the suite name plug-in modules as policies' })
        .option('workers', { ...WORKERS, describe: 'worker threads (default: the number of cores with --no-timing; 1 with timing, which needs runs made one at a time)' })
        .option('progress', PROGRESS)
        .option('force', FORCE),
    (a) =>
      guarded(async () =>
        (await import('./bench.js')).benchCommand({
          suite: a.suite,
          quick: a.quick,
          updateBaseline: a['update-baseline'],
          baseline: a.baseline,
          out: a.out,
          timing: a.timing,
          gateTiming: a['gate-timing'],
          allowPlugins: a['allow-plugins'],
          force: a.force,
          workers: a.workers,
          progress: a.progress,
        }),
      ),
  )
  .command(
    'report <results..>',
    'Write an HTML report with charts (and each chart as SVG) from result folders of sim run, sim compare, sim sweep or sim merge',
    (y) =>
      y
        .positional('results', { type: 'string', array: true, demandOption: true, describe: 'result folders' })
        .option('out', { type: 'string', describe: 'report folder (default results/report/)' })
        .option('force', FORCE),
    (a) => guarded(async () => (await import('./report.js')).reportCommand({ results: a.results.map(String), out: a.out, force: a.force })),
  )
  .command(
    'explain <results> <task>',
    "Tell the story of one task of a run (submitted, offered, declined, started, ended) and its wait by cause, from the run's result folder",
    (y) =>
      y
        .positional('results', { type: 'string', demandOption: true, describe: 'a result folder of sim run' })
        .positional('task', { type: 'string', demandOption: true, describe: 'a task_id of its tasks.csv' }),
    (a) => guarded(async () => (await import('./explain.js')).explainCommand({ results: String(a.results), task: String(a.task) })),
  )
  .command(
    'validate <files..>',
    'Check scenario files (and sweep files and bench suites); print every problem; never loads code',
    (y) =>
      y
        .positional('files', { type: 'string', array: true, demandOption: true })
        .option('set', { type: 'string', array: true, default: [], describe: 'override a field: --set path=value' }),
    (a) => guarded(() => validateCommand(a.files.map(String), a.set.map(String))),
  )
  .command('allocators', 'List the built-in allocators', {}, () => guarded(allocatorsCommand))
  .demandCommand(1, 'name a command: run, compare, sweep, merge, bench, report, explain, validate or allocators')
  .strict()
  .fail((msg, err) => {
    // A usage problem yargs found (YError) is the user's; any other error is thrown on.
    if (err !== undefined && err !== null && err.name !== 'YError') throw err;
    process.stderr.write(`sim: ${msg ?? err?.message} (see sim --help)\n`);
    process.exit(2);
  })
  // The simulator's own package.json, not the one yargs would find above its
  // node_modules (the project it is installed in).
  .version(packageVersion())
  .help()
  .parseAsync();
