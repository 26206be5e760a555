/**
 * Writes a generated Google 2011 trace (generate.ts) into a folder:
 * `task_events.csv` and `machine_events.csv`, headerless, as the real tables'
 * shards are (uncompressed). About 3 rows per task: 75 M rows and 5.5 GB at
 * scale 1 with `--no-users`, 2 GB more with the hashed user names.
 *
 *   node dist/perf/google2011/cli.js --scale 0.01 --seed 1 --out /tmp/g
 *
 * Prints one line of JSON: rows, jobs, tasks, bytes and seconds.
 *
 * @module
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { fitShard } from './fit.js';
import { machineEvents, TaskEvents, type GeneratorOptions } from './generate.js';
import { writeLines } from '../write-lines.js';

/** The bundled job_events shard, found from the package's root (sources or dist/). */
export function bundledShard(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the package root (package.json) above perf/google2011');
    dir = up;
  }
  return join(dir, 'traces', 'google2011', 'job_events-part-00000-of-00500.csv');
}

export interface Generated {
  readonly rows: number;
  readonly jobs: number;
  readonly tasks: number;
  readonly bytes: number;
  readonly seconds: number;
}

/** Writes task_events.csv and machine_events.csv into `out` (created if needed). */
export function generateTrace(out: string, options: GeneratorOptions): Generated {
  const started = performance.now();
  mkdirSync(out, { recursive: true });
  const events = new TaskEvents(fitShard(bundledShard()), options);
  const machines = machineEvents();
  let bytes = writeLines(join(out, 'machine_events.csv'), machines);
  bytes += writeLines(join(out, 'task_events.csv'), events);
  return { rows: events.rows, jobs: events.jobs, tasks: events.tasks, bytes, seconds: (performance.now() - started) / 1000 };
}

function main(): void {
  const argv = yargs(hideBin(process.argv))
    .scriptName('google2011-generate')
    .usage('$0 --out DIR [--scale S] [--seed N] [--no-users]')
    .option('out', { type: 'string', demandOption: true, describe: 'folder to write task_events.csv and machine_events.csv into' })
    .option('scale', { type: 'number', default: 0.01, describe: 'fraction of the 29-day trace (1: about 25 M tasks)' })
    .option('seed', { type: 'number', default: 1 })
    .option('users', { type: 'boolean', default: true, describe: 'write the hashed user names (--no-users: leave the column empty)' })
    .check((a) => {
      if (!(a.scale > 0 && a.scale <= 10)) throw new Error('--scale: expected a number in (0, 10]');
      if (!Number.isInteger(a.seed)) throw new Error('--seed: expected a whole number');
      return true;
    })
    .strict()
    .parseSync();
  const done = generateTrace(argv.out, { scale: argv.scale, seed: argv.seed, users: argv.users });
  process.stdout.write(JSON.stringify(done) + '\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
