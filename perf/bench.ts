/**
 * `npm run bench`: performance of whole runs, each in a fresh child process so
 * that peak memory is its own. Prints events per second, wall time and peak
 * RSS per scenario. A benchmark, not a test: it asserts nothing.
 *
 * Then, with no scenario named, the queueing model against a bare event loop
 * of the same model (queueing-bench.ts), the CPU time of one allocation cycle
 * of the `drf` built-in over 10,000 agents (alloc-cycle.ts), and the exec
 * protocol's cost per allocation run against the same policy built in
 * (exec-overhead.ts).
 *
 * Usage: node dist/perf/bench.js [SCENARIO...]   (default: the list below)
 *        node dist/perf/bench.js --queueing      (the queueing section only)
 *        node dist/perf/bench.js --alloc         (the allocation-cycle section only)
 *        node dist/perf/bench.js --exec          (the exec section only)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CsvFile } from '../src/cli/csv-file.js';
import { applyHeapSettings } from '../src/cli/heap-settings.js';
import { allocationCycles } from './alloc-cycle.js';
import { execOverhead } from './exec-overhead.js';
import { cpuSeconds, queueingSection, runBare } from './queueing-bench.js';
import { runScenario } from '../src/run.js';
import { loadScenario } from '../src/scenario/load.js';

const DEFAULT = [
  'scenarios/mesos-benchmark-mix.yaml',
  'scenarios/bench/large-synthetic.yaml',
  'scenarios/bench/large-heterogeneous.yaml',
  'scenarios/kth-sp2.yaml',
  'scenarios/bench/revive-storm.yaml',
];

interface Measured {
  scenario: string;
  events: number;
  tasks: number;
  offers: number;
  simulated: number;
  wall: number;
  /** CPU seconds (user + system) of the run and the writing of its files. */
  cpu: number;
  peakRssMb: number;
  /** Mean task wait, seconds. */
  meanWait: number;
}

/** Child mode: run one scenario (with `--set` overrides), writing real result files to a temporary folder. */
function runOne(file: string, sets: readonly string[]): void {
  const dir = mkdtempSync(join(tmpdir(), 'sim-bench-'));
  try {
    const s = loadScenario(file, sets);
    const sinks = {
      tasks: new CsvFile(join(dir, 'tasks.csv')),
      offers: new CsvFile(join(dir, 'offers.csv')),
      utilization: new CsvFile(join(dir, 'utilization.csv')),
    };
    const started = performance.now();
    const cpuStarted = cpuSeconds();
    const summary = runScenario(s, sinks);
    for (const f of Object.values(sinks)) f.close();
    const wall = (performance.now() - started) / 1000;
    const m: Measured = {
      scenario: file,
      events: summary.events,
      tasks: summary.tasks.submitted,
      offers: summary.offers.made,
      simulated: summary.simulated.end,
      wall,
      cpu: cpuSeconds() - cpuStarted,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      meanWait: summary.wait_time.mean ?? NaN,
    };
    process.stdout.write(JSON.stringify(m) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  // The runs measured are the `sim` command's: the same heap settings (each child sets them too).
  applyHeapSettings();
  const args = process.argv.slice(2);
  if (args[0] === '--one') return runOne(args[1]!, args.slice(2));
  if (args[0] === '--bare') return runBare(args[1]!, Number(args[2]));
  if (args[0] === '--queueing') return queueingSection(fileURLToPath(import.meta.url));
  if (args[0] === '--alloc') return allocationCycles();
  if (args[0] === '--exec') return execOverhead();
  const files = args.length > 0 ? args : DEFAULT;
  const self = fileURLToPath(import.meta.url);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  console.log('scenario'.padEnd(42) + 'tasks'.padStart(10) + 'offers'.padStart(10) + 'events'.padStart(12) + 'wall s'.padStart(9) + 'events/s'.padStart(12) + 'peak MB'.padStart(9));
  for (const file of files) {
    const child = spawnSync(process.execPath, [...process.execArgv, self, '--one', file], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) {
      console.log(`${file}: failed\n${child.stderr}`);
      process.exitCode = 1;
      continue;
    }
    const m = JSON.parse(child.stdout.trim().split('\n').pop()!) as Measured;
    console.log(
      m.scenario.padEnd(42) +
        String(m.tasks).padStart(10) +
        String(m.offers).padStart(10) +
        String(m.events).padStart(12) +
        m.wall.toFixed(2).padStart(9) +
        Math.round(m.events / m.wall).toLocaleString('en-US').padStart(12) +
        m.peakRssMb.toFixed(0).padStart(9),
    );
  }
  if (args.length > 0) return;
  queueingSection(self);
  allocationCycles();
  execOverhead();
}

main();
