/**
 * The `sim` commands. Only this layer touches files, the terminal and exit codes.
 *
 * @module
 */
import { resolve } from 'node:path';
import { builtinAllocators } from '../allocator/registry.js';
import { readText } from '../scenario/load.js';
import { InputError } from '../errors.js';
import { loadSuite, looksLikeSuite } from '../regression/suite.js';
import { loadSweep, looksLikeSweep } from '../sweep/spec.js';
import { scenarioInputs } from './inputs.js';
import { allocatorSets, checkedScenario, suiteNamer } from './checked-scenario.js';
import type { AllocatorNamer, PluginPolicy } from './plugins.js';
import type { MomentsTask } from './fork-task.js';
import { Provenance } from './provenance.js';
import type { DataFile } from './resolved-scenario.js';
import { ResultDir } from './result-dir.js';

// Re-exported for code written against their old home: they moved to checked-scenario.ts to break the circle commands.ts <-> sweep.ts.
export { allocatorSets, checkedScenario, suiteNamer };

export interface RunArgs {
  /** The scenario file; absent with `from`. */
  readonly scenario?: string | undefined;
  /** Simulated times to save a checkpoint at (`--checkpoint-at`, docs/checkpoints.md). */
  readonly checkpointAt?: readonly number[] | undefined;
  /** Continue from this checkpoint instead of running a scenario from its start (`--from`). */
  readonly from?: string | undefined;
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
  /** Plain progress lines when stderr is not a terminal. */
  readonly progress?: boolean;
}

/**
 * `sim run`: returns the exit code. What only some runs need (checkpoints and
 * forks, the run itself) is imported when needed, so that a scenario refused
 * at load costs no more than loading the scenario code (the simulation runs in
 * a worker thread that loads the simulator itself).
 */
export async function runCommand(args: RunArgs): Promise<number> {
  const checkpoints = args.from !== undefined || (args.checkpointAt ?? []).length > 0 ? await import('./fork.js') : undefined;
  if (args.from !== undefined) return checkpoints!.forkCommand({ ...args, from: args.from });
  if (args.scenario === undefined) throw new InputError('sim run: no scenario (expected a scenario file, or a checkpoint with --from)');
  const checkpointAt = checkpoints?.checkpointTimes(args.checkpointAt ?? []) ?? [];
  const sets = [...args.set];
  if (args.seed !== undefined) {
    if (!Number.isSafeInteger(args.seed) || args.seed < 0) throw new InputError(`sim: --seed: not a whole number >= 0 (got ${String(args.seed)})`);
    sets.push(`seed=${args.seed}`);
  }
  if (args.allocator !== undefined) sets.push(...allocatorSets(args.scenario, args.allocator, sets));
  const namer: AllocatorNamer | undefined = args.allocator !== undefined ? { by: 'command line' } : undefined;
  const { scenario, plugin } = await checkedScenario(args.scenario, sets, namer, { allowPlugins: args.allowPlugins, load: true, allocatorFlag: '--allocator' });
  checkpoints?.checkBeforeEnd(checkpointAt, scenario);
  // Checked before the run: a refused folder costs no simulation.
  // The default as written (not normalised), so that a refusal names 'results/..' as the user would.
  const dir = new ResultDir(args.out ?? `results/${scenario.name}`, { command: 'run', inputs: scenarioInputs(scenario, args.scenario, plugin), force: args.force });
  const provenance = new Provenance();
  provenance.input(args.scenario);
  if (plugin !== undefined) provenance.input(resolve(plugin.base, plugin.name));
  const moments = checkpointAt.length === 0 ? undefined : (data: readonly DataFile[]): MomentsTask => ({ checkpointAt, data: data.map((d) => ({ name: d.name, sha256: d.sha256 })) });
  const { runIntoDir } = await import('./run-into-dir.js');
  return runIntoDir(dir, scenario, { plugin, provenance, wallClock: args.wallClock, verify: args.verify, progress: args.progress, moments });
}

/** `sim validate`: checks each file (a scenario, a bench suite or a sweep); prints every problem; returns the exit code. Never loads code. */
export async function validateCommand(files: readonly string[], sets: readonly string[]): Promise<number> {
  const check: PluginPolicy = { allowPlugins: false, load: false };
  for (const f of files) {
    const text = readText(f, 'file');
    if (looksLikeSweep(text)) {
      const sweep = loadSweep(f);
      const { planSweep } = await import('./sweep.js');
      const { plans } = await planSweep(sweep, false, '', check);
      process.stdout.write(`${f}: ok (sweep ${sweep.sweep}: ${plans.length} cells)\n`);
      continue;
    }
    if (looksLikeSuite(text)) {
      const suite = loadSuite(f);
      const { planSuite } = await import('./bench.js');
      await planSuite(suite, suite.runs, check);
      process.stdout.write(`${f}: ok (bench suite ${suite.suite}: ${suite.runs.length} runs)\n`);
      continue;
    }
    const { scenario: s } = await checkedScenario(f, sets, undefined, check);
    process.stdout.write(`${f}: ok (${s.name}: ${s.cluster.agents.length} agent groups, ${s.frameworks.length} frameworks)\n`);
  }
  return 0;
}

/** `sim allocators`: the built-in allocators, a line each. */
export function allocatorsCommand(): number {
  const names = Object.keys(builtinAllocators);
  const width = Math.max(...names.map((n) => n.length));
  for (const n of names) process.stdout.write(`${n.padEnd(width)}  ${builtinAllocators[n]!.description}\n`);
  return 0;
}
