/**
 * The `sim` commands. Only this layer touches files, the terminal and exit codes.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dirname, resolve } from 'node:path';
import { isPluginName, loadPlugin } from '../allocator/plugin.js';
import { builtinAllocators } from '../allocator/registry.js';
import type { AllocatorFactory } from '../allocator/types.js';
import { FieldError, InputError } from '../errors.js';
import { buildAllocator, buildWorldSpec } from '../build.js';
import { randomSource } from '../core/random.js';
import { runScenario, type RunScenarioOptions, type Summary } from '../run.js';
import type { Scenario } from '../scenario/schema.js';
import { loadScenario, readText } from '../scenario/load.js';
import { located, locating } from '../scenario/locate.js';
import { loadSuite, looksLikeSuite, scenarioPath } from '../bench/suite.js';
import { loadSweep, looksLikeSweep } from '../sweep/spec.js';
import { planSweep } from './sweep.js';
import { CsvFile } from './csv-file.js';
import { progress } from './progress.js';
import { ResultDir } from './result-dir.js';
import { formatSummary } from './summary-table.js';

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
}

/** `sim run`: returns the exit code. */
export async function runCommand(args: RunArgs): Promise<number> {
  const sets = [...args.set];
  if (args.seed !== undefined) {
    if (!Number.isSafeInteger(args.seed) || args.seed < 0) throw new InputError(`sim: --seed: not a whole number >= 0 (got ${String(args.seed)})`);
    sets.push(`seed=${args.seed}`);
  }
  if (args.allocator !== undefined) sets.push(...allocatorSets(args.scenario, args.allocator, sets));
  const scenario = loadScenario(args.scenario, sets);
  const allocatorFactory = await pluginFor(scenario, args);
  checkBuild(scenario, allocatorFactory);
  const dir = new ResultDir(args.out ?? join('results', scenario.name));
  const bar = progress();
  try {
    const summary = runIntoFolder(scenario, dir.staging, {
      onProgress: (now) => bar.update(`${scenario.name}: simulated ${now.toFixed(0)} s`),
      verifyEvery: args.verify ? 1 : 0,
      wallClock: args.wallClock,
      ...(allocatorFactory !== undefined ? { allocatorFactory } : {}),
    });
    bar.done();
    dir.commit();
    process.stdout.write(formatSummary(summary, dir.target) + '\n');
    return 0;
  } catch (e) {
    bar.done();
    dir.abandon();
    throw e;
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

/** Runs a scenario and writes its result files into `folder`, which must exist. */
export function runIntoFolder(scenario: Scenario, folder: string, options: RunScenarioOptions): Summary {
  const files = {
    tasks: new CsvFile(join(folder, 'tasks.csv')),
    offers: new CsvFile(join(folder, 'offers.csv')),
    utilization: new CsvFile(join(folder, 'utilization.csv')),
    prices: new CsvFile(join(folder, 'prices.csv'), true),
    events: new CsvFile(join(folder, 'events.csv')),
    jobs: new CsvFile(join(folder, 'jobs.csv')),
    shares: new CsvFile(join(folder, 'shares.csv')),
    fairness: new CsvFile(join(folder, 'fairness.csv')),
    queues: new CsvFile(join(folder, 'queues.csv')),
  };
  try {
    const summary = runScenario(scenario, files, options);
    for (const f of Object.values(files)) f.close();
    if (!scenario.output.offers) writeFileSync(join(folder, 'offers.csv'), '');
    writeFileSync(join(folder, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    return summary;
  } finally {
    for (const f of Object.values(files)) f.close();
  }
}

/** `sim validate`: checks each file (a scenario, a bench suite or a sweep); prints every problem; returns the exit code. */
export async function validateCommand(files: readonly string[], sets: readonly string[]): Promise<number> {
  for (const f of files) {
    const text = readText(f, 'file');
    if (looksLikeSweep(text)) {
      const sweep = loadSweep(f);
      const plans = await planSweep(sweep, false, '');
      process.stdout.write(`${f}: ok (sweep ${sweep.sweep}: ${plans.length} cells)\n`);
      continue;
    }
    if (looksLikeSuite(text)) {
      const suite = loadSuite(f);
      for (const run of suite.runs) {
        const file = scenarioPath(suite, run);
        for (const allocator of run.allocators) await checkedPlugin(file, allocator, [...run.set, ...allocatorSets(file, allocator, run.set, false)]);
      }
      process.stdout.write(`${f}: ok (bench suite ${suite.suite}: ${suite.runs.length} runs)\n`);
      continue;
    }
    const s = loadScenario(f, sets);
    checkBuild(s);
    process.stdout.write(`${f}: ok (${s.name}: ${s.cluster.agents.length} agent groups, ${s.frameworks.length} frameworks)\n`);
  }
  return 0;
}

/**
 * The factory of a plug-in allocator, loaded; undefined for a built-in. A
 * plug-in named on the command line (--allocator) is loaded relative to the
 * working folder; one named only by the scenario file is loaded relative to
 * that file, and only with --allow-plugins: a scenario alone never runs code.
 */
async function pluginFor(s: Scenario, args: Pick<RunArgs, 'scenario' | 'allocator' | 'allowPlugins'>): Promise<AllocatorFactory | undefined> {
  const name = s.master.allocator;
  if (!isPluginName(name)) return undefined;
  try {
    if (args.allocator === name) return await loadPlugin(name, process.cwd());
    if (!args.allowPlugins) {
      throw new FieldError(['master', 'allocator'], `'${name}' is a plug-in module; a scenario file alone never loads code (expected --allow-plugins to run it, or name it with --allocator)`);
    }
    return await loadPlugin(name, dirname(resolve(args.scenario)));
  } catch (e) {
    throw located(s, e);
  }
}

/**
 * The plug-in factory (if any) for `scenario` run under `allocator`, named on
 * the command line, after checking that the world and the allocator build.
 */
export async function checkedPlugin(scenario: string, allocator: string, sets: readonly string[]): Promise<AllocatorFactory | undefined> {
  const s = loadScenario(scenario, sets);
  const factory = await pluginFor(s, { scenario, allocator, allowPlugins: false });
  checkBuild(s, factory);
  return factory;
}

/** Builds the world and the allocator without running, to catch what the schema cannot (allocator options). */
function checkBuild(s: Scenario, factory?: AllocatorFactory): void {
  locating(s, () => {
    const random = randomSource(s.seed);
    const spec = buildWorldSpec(s, random);
    if (factory !== undefined || !isPluginName(s.master.allocator)) buildAllocator(s, spec.space, random, factory);
  });
}

/** `sim allocators`: the built-in allocators, a line each. */
export function allocatorsCommand(): number {
  const names = Object.keys(builtinAllocators);
  const width = Math.max(...names.map((n) => n.length));
  for (const n of names) process.stdout.write(`${n.padEnd(width)}  ${builtinAllocators[n]!.description}\n`);
  return 0;
}
