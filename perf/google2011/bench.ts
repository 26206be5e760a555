/**
 * `npm run bench:google`: the Google-2011-sized benchmark (issue 15, target
 * 4). For each scale (a fraction of the 29-day trace; 1 is about 25 M tasks):
 * generates the trace into a temporary folder (generate.ts: task_events and
 * machine_events, about 63 bytes a row without user names, 3 rows a task:
 * about 4.7 GB at scale 1), copies scenarios/bench/google2011-generated.yaml
 * beside it, runs it in a fresh child process (bench.js --one, which writes
 * real result files to another temporary folder), and removes both folders.
 * A benchmark, not a test: it asserts nothing.
 *
 * The trace goes through a file, not a pipe, because trace files must be
 * regular files (docs/traces.md); generating it is timed apart from the run.
 *
 * Usage: npm run bench:google -- [--scale 0.01,0.1] [--seed 1]
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { generateTrace } from './cli.js';

const SCENARIO = 'scenarios/bench/google2011-generated.yaml';

interface Measured {
  events: number;
  tasks: number;
  offers: number;
  wall: number;
  cpu: number;
  peakRssMb: number;
}

function main(): void {
  const argv = yargs(hideBin(process.argv))
    .scriptName('bench:google')
    .option('scale', { type: 'string', default: '0.01', describe: 'fractions of the 29-day trace, comma-separated (1: about 25 M tasks)' })
    .option('seed', { type: 'number', default: 1 })
    .check((a) => {
      for (const s of a.scale.split(',')) if (!(Number(s) > 0 && Number(s) <= 1)) throw new Error(`--scale: expected fractions in (0, 1], got ${s}`);
      return true;
    })
    .strict()
    .parseSync();
  const bench = fileURLToPath(new URL('../bench.js', import.meta.url));
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}`);
  console.log(
    'scale'.padEnd(7) + 'tasks'.padStart(11) + 'rows'.padStart(12) + 'gen s'.padStart(8) + 'wall s'.padStart(9) + 'cpu s'.padStart(9) + 'µs cpu/task'.padStart(13) + 'offers/task'.padStart(13) + 'peak MB'.padStart(9),
  );
  for (const scale of argv.scale.split(',').map(Number)) {
    const dir = mkdtempSync(join(tmpdir(), 'sim-bench-google-'));
    try {
      const trace = generateTrace(join(dir, 'google2011-generated'), { scale, seed: argv.seed, users: false });
      const scenario = join(dir, 'google2011-generated.yaml');
      copyFileSync(resolve(SCENARIO), scenario);
      const child = spawnSync(process.execPath, [...process.execArgv, bench, '--one', scenario], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (child.status !== 0) {
        console.log(`scale ${scale}: failed\n${child.stderr}`);
        process.exitCode = 1;
        continue;
      }
      const m = JSON.parse(child.stdout.trim().split('\n').pop()!) as Measured;
      console.log(
        String(scale).padEnd(7) +
          m.tasks.toLocaleString('en-US').padStart(11) +
          trace.rows.toLocaleString('en-US').padStart(12) +
          trace.seconds.toFixed(1).padStart(8) +
          m.wall.toFixed(1).padStart(9) +
          m.cpu.toFixed(1).padStart(9) +
          ((m.cpu / m.tasks) * 1e6).toFixed(0).padStart(13) +
          (m.offers / m.tasks).toFixed(1).padStart(13) +
          m.peakRssMb.toFixed(0).padStart(9),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

main();
