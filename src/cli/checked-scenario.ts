/**
 * What every command does before it runs a scenario: the `--set`s that put it
 * under another allocator, and the check that it loads, its plug-in (if any)
 * is allowed and loads, and its world and allocator build.
 *
 * @module
 */
import type { AllocatorFactory } from '../allocator/types.js';
import { isPluginName } from '../allocator/plugin.js';
import { isExecName } from '../allocator/exec/command.js';
import { buildAllocator, buildWorldSpec } from '../build.js';
import { randomSource } from '../core/random.js';
import type { Scenario } from '../scenario/schema.js';
import { loadScenario } from '../scenario/load.js';
import { located, locating } from '../scenario/locate.js';
import { pluginOf, type AllocatorNamer, type Plugin, type PluginPolicy } from './plugins.js';

/**
 * The `--set`s that make `scenario` run under `allocator`. The file's
 * allocator_options were written for the file's allocator: another policy
 * starts from its defaults (options given with --set still apply), and a note
 * says so on stderr (unless `note` is false). `scenario` is its file, or what
 * loads it with given sets (a checkpoint's scenario).
 */
export function allocatorSets(scenario: string | ((sets: readonly string[]) => Scenario), allocator: string, sets: readonly string[], note = true): string[] {
  const declared = (typeof scenario === 'string' ? loadScenario(scenario, sets) : scenario(sets)).master;
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
  const plugin = await pluginOf(scenario.master.allocator, namer ?? { by: 'file', file, field: 'master.allocator', what: 'scenario file' }, policy).catch((e: unknown) => {
    throw located(scenario, e);
  });
  checkBuild(scenario, plugin?.factory);
  return { scenario, plugin };
}

/**
 * Builds the world and the allocator without running, to catch what the
 * schema cannot (allocator options). A policy command is not started for a
 * check: it checks its options when the run says hello.
 */
function checkBuild(s: Scenario, factory?: AllocatorFactory): void {
  locating(s, () => {
    const random = randomSource(s.seed);
    const spec = buildWorldSpec(s, random);
    const name = s.master.allocator;
    if ((factory !== undefined && !isExecName(name)) || !isPluginName(name)) buildAllocator(s, spec.space, random, factory);
  });
}
