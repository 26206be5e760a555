/**
 * The `sim` commands. Only this layer touches files, the terminal and exit codes.
 *
 * @module
 */
import { builtinAllocators } from '../allocator/registry.js';
import type { AllocatorFactory } from '../allocator/types.js';
import { buildAllocator, buildWorldSpec } from '../build.js';
import { randomSource } from '../core/random.js';
import { isPluginName } from '../allocator/plugin.js';
import { isExecName } from '../allocator/exec/command.js';
import type { Scenario } from '../scenario/schema.js';
import { loadScenario, readText } from '../scenario/load.js';
import { loadSuite, looksLikeSuite, scenarioPath } from '../bench/suite.js';
import { loadSweep, looksLikeSweep } from '../sweep/spec.js';
import { planSweep } from './sweep.js';
import { scenarioInputs } from './inputs.js';
import { pluginOf, type AllocatorNamer, type Plugin, type PluginPolicy } from './plugins.js';
import { progress } from './progress.js';
import { ResultDir } from './result-dir.js';
import { RunThread, workerPlugin } from './run-thread.js';
import { formatSummary } from './summary-table.js';
import { stallLine } from '../framework/stall.js';

export interface RunArgs {
  readonly scenario: string;
  readonly out?: string | undefined;
  readonly seed?: number | undefined;
  readonly allocator?: string | undefined;
  readonly set: readonly string[];
  readonly wallClock: boolean;
  readonly verify: boolean;
  /** Let a scenario file name a plug-in module as its allocator. */
  readonly allowPlugins: boolean;
  /** Replace a non-empty output folder that sim did not write. */
  readonly force: boolean;
}

/** `sim run`: returns the exit code. */
export async function runCommand(args: RunArgs): Promise<number> {
  const sets = [...args.set];
  if (args.seed !== undefined) sets.push(`seed=${args.seed}`);
  if (args.allocator !== undefined) sets.push(...allocatorSets(args.scenario, args.allocator, sets));
  const namer: AllocatorNamer | undefined = args.allocator !== undefined ? { by: 'command line' } : undefined;
  const { scenario, plugin } = await checkedScenario(args.scenario, sets, namer, { allowPlugins: args.allowPlugins, load: true, allocatorFlag: '--allocator' });
  // Checked before the run: a refused folder costs no simulation.
  // The default as written (not normalised), so that a refusal names 'results/..' as the user would.
  const dir = new ResultDir(args.out ?? `results/${scenario.name}`, { command: 'run', inputs: scenarioInputs(scenario, args.scenario, plugin), force: args.force });
  const bar = progress();
  const thread = new RunThread();
  try {
    const task = { scenario, folder: dir.staging, tables: true, wallClock: args.wallClock, verifyEvery: args.verify ? 1 : 0, plugin: workerPlugin(plugin) };
    const summary = await thread.run(task, (now) => bar.update(`${scenario.name}: simulated ${now.toFixed(0)} s`));
    bar.done();
    dir.commit();
    process.stdout.write(formatSummary(summary, dir.target) + '\n');
    if (summary.stalled !== undefined) process.stderr.write(`sim: ${stallLine(summary.stalled, summary.simulated.end)}\n`);
    return 0;
  } catch (e) {
    bar.done();
    dir.abandon();
    throw e;
  } finally {
    await thread.close();
  }
}

/**
 * The `--set`s that make `scenario` run under `allocator`. The file's
 * allocator_options were written for the file's allocator: another policy
 * starts from its defaults (options given with --set still apply), and a note
 * says so on stderr (unless `note` is false).
 */
export function allocatorSets(scenario: string, allocator: string, sets: readonly string[], note = true): string[] {
  const declared = loadScenario(scenario, sets).master;
  const optionsSet = sets.some((s) => s.startsWith('master.allocator_options'));
  const extra: string[] = [];
  if (declared.allocator !== allocator && !optionsSet && Object.keys(declared.allocator_options).length > 0) {
    if (note) process.stderr.write(
      `sim: note: master.allocator_options are for '${declared.allocator}'; '${allocator}' runs with its defaults (set them with --set master.allocator_options.NAME=VALUE)\n`,
    );
    extra.push('master.allocator_options={}');
  }
  extra.push(`master.allocator=${allocator}`);
  return extra;
}

/** `sim validate`: checks each file (a scenario, a bench suite or a sweep); prints every problem; returns the exit code. Never loads code. */
export async function validateCommand(files: readonly string[], sets: readonly string[]): Promise<number> {
  const check: PluginPolicy = { allowPlugins: false, load: false };
  for (const f of files) {
    const text = readText(f, 'file');
    if (looksLikeSweep(text)) {
      const sweep = loadSweep(f);
      const { plans } = await planSweep(sweep, false, '', check);
      process.stdout.write(`${f}: ok (sweep ${sweep.sweep}: ${plans.length} cells)\n`);
      continue;
    }
    if (looksLikeSuite(text)) {
      const suite = loadSuite(f);
      for (const [i, run] of suite.runs.entries()) {
        const file = scenarioPath(suite, run);
        for (const allocator of run.allocators) {
          const sets = [...run.set, ...allocatorSets(file, allocator, run.set, false)];
          await checkedScenario(file, sets, suiteNamer(f, i), check);
        }
      }
      process.stdout.write(`${f}: ok (bench suite ${suite.suite}: ${suite.runs.length} runs)\n`);
      continue;
    }
    const { scenario: s } = await checkedScenario(f, sets, undefined, check);
    process.stdout.write(`${f}: ok (${s.name}: ${s.cluster.agents.length} agent groups, ${s.frameworks.length} frameworks)\n`);
  }
  return 0;
}

/** A bench suite's run `i` names its policies. */
export const suiteNamer = (file: string, i: number): AllocatorNamer => ({ by: 'file', file, field: `runs.${i}.allocators`, what: 'bench suite' });

/**
 * Loads `file` with `sets`, then its allocator's plug-in (if any) under the
 * rule of plugins.ts, and checks that the world and the allocator build.
 * `namer` named the allocator given in `sets`; undefined when the scenario
 * file's own `master.allocator` names it.
 */
export async function checkedScenario(
  file: string,
  sets: readonly string[],
  namer: AllocatorNamer | undefined,
  policy: PluginPolicy,
): Promise<{ scenario: Scenario; plugin: Plugin | undefined }> {
  const scenario = loadScenario(file, sets);
  const plugin = await pluginOf(scenario.master.allocator, namer ?? { by: 'file', file, field: 'master.allocator', what: 'scenario file' }, policy);
  checkBuild(scenario, plugin?.factory);
  return { scenario, plugin };
}

/**
 * Builds the world and the allocator without running, to catch what the
 * schema cannot (allocator options). A policy command is not started for a
 * check: it checks its options when the run says hello.
 */
function checkBuild(s: Scenario, factory?: AllocatorFactory): void {
  const random = randomSource(s.seed);
  const spec = buildWorldSpec(s, random);
  const name = s.master.allocator;
  if ((factory !== undefined && !isExecName(name)) || !isPluginName(name)) buildAllocator(s, spec.space, random, factory);
}

/** `sim allocators`: the built-in allocators, a line each. */
export function allocatorsCommand(): number {
  const names = Object.keys(builtinAllocators);
  const width = Math.max(...names.map((n) => n.length));
  for (const n of names) process.stdout.write(`${n.padEnd(width)}  ${builtinAllocators[n]!.description}\n`);
  return 0;
}
