/**
 * The `sim` commands. Only this layer touches files, the terminal and exit codes.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinAllocators } from '../allocator/registry.js';
import { buildAllocator, buildWorldSpec } from '../build.js';
import { randomSource } from '../core/random.js';
import { runScenario } from '../run.js';
import type { Scenario } from '../scenario/schema.js';
import { loadScenario } from '../scenario/load.js';
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
}

/** `sim run`: returns the exit code. */
export function runCommand(args: RunArgs): number {
  const sets = [...args.set];
  if (args.seed !== undefined) sets.push(`seed=${args.seed}`);
  if (args.allocator !== undefined) sets.push(`master.allocator=${args.allocator}`);
  const scenario = loadScenario(args.scenario, sets);
  checkBuild(scenario);
  const dir = new ResultDir(args.out ?? join('results', scenario.name));
  const files = {
    tasks: new CsvFile(dir.file('tasks.csv')),
    offers: new CsvFile(dir.file('offers.csv')),
    utilization: new CsvFile(dir.file('utilization.csv')),
  };
  const bar = progress();
  try {
    const summary = runScenario(scenario, files, {
      onProgress: (now) => bar.update(`${scenario.name}: simulated ${now.toFixed(0)} s`),
      verifyEvery: args.verify ? 1 : 0,
      wallClock: args.wallClock,
    });
    bar.done();
    for (const f of Object.values(files)) f.close();
    if (!scenario.output.offers) writeFileSync(dir.file('offers.csv'), '');
    writeFileSync(dir.file('summary.json'), JSON.stringify(summary, null, 2) + '\n');
    dir.commit();
    process.stdout.write(formatSummary(summary, dir.target) + '\n');
    return 0;
  } catch (e) {
    bar.done();
    dir.abandon();
    throw e;
  }
}

/** `sim validate`: checks each file; prints every problem; returns the exit code. */
export function validateCommand(files: readonly string[], sets: readonly string[]): number {
  for (const f of files) {
    const s = loadScenario(f, sets);
    checkBuild(s);
    process.stdout.write(`${f}: ok (${s.name}: ${s.cluster.agents.length} agent groups, ${s.frameworks.length} frameworks)\n`);
  }
  return 0;
}

/** Builds the world and the allocator without running, to catch what the schema cannot (allocator options). */
function checkBuild(s: Scenario): void {
  const random = randomSource(s.seed);
  const spec = buildWorldSpec(s, random);
  buildAllocator(s, spec.space, random);
}

/** `sim allocators`: the built-in allocators, a line each. */
export function allocatorsCommand(): number {
  const names = Object.keys(builtinAllocators);
  const width = Math.max(...names.map((n) => n.length));
  for (const n of names) process.stdout.write(`${n.padEnd(width)}  ${builtinAllocators[n]!.description}\n`);
  return 0;
}
