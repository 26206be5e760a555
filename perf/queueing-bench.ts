/**
 * The queueing section of `npm run bench` (issue 15, target 1): the M/M/c
 * model of scenarios/bench/queueing.yaml run by the simulator and by a bare
 * typed-array event loop of the same model (queue-loop.ts), at 10^5 and 10^6
 * jobs, each in a child process of its own (one process tree). Prints each
 * one's CPU time (user + system, of the run alone: loading is left out), the
 * ratio simulator / bare loop, and each one's peak RSS. A benchmark: it
 * asserts nothing.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { loadScenario } from '../src/scenario/load.js';
import { bareQueueLoop, type QueueModel } from './queue-loop.js';

export const QUEUEING_SCENARIO = 'scenarios/bench/queueing.yaml';
const SIZES = [100_000, 1_000_000];

/** The `--set` that gives the scenario `jobs` jobs. */
export function jobsSet(jobs: number): string {
  return `frameworks.0.workload.synthetic.jobs=${jobs}`;
}

/** What a child reports: CPU seconds of the run, peak RSS in MB, events, mean wait. */
export interface ChildFigures {
  readonly cpu: number;
  readonly peakRssMb: number;
  readonly events: number;
  readonly meanWait: number;
}

/** CPU seconds (user + system) used by this process so far. */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** The bare loop's model, read from the scenario so that the two stay one model. */
function queueModel(file: string, jobs: number): QueueModel {
  const s = loadScenario(file, [jobsSet(jobs)]);
  const agents = s.cluster.agents[0]!;
  const w = s.frameworks[0]!.workload;
  const rate = 'synthetic' in w && w.synthetic.arrival.process === 'poisson' ? w.synthetic.arrival.rate : undefined;
  if (rate === undefined || !('synthetic' in w) || w.synthetic.duration.dist !== 'exponential') {
    throw new Error(`${file}: expected a synthetic workload with Poisson arrivals at a fixed rate and exponential durations`);
  }
  return { slots: agents.count * (agents.resources.cpus ?? 0), rate, meanDuration: w.synthetic.duration.mean, jobs, seed: Number(s.seed) };
}

/** Child mode: runs the bare loop at `jobs` jobs and prints its figures as JSON. */
export function runBare(file: string, jobs: number): void {
  const model = queueModel(file, jobs);
  const started = cpuSeconds();
  const out = bareQueueLoop(model);
  const figures: ChildFigures = { cpu: cpuSeconds() - started, peakRssMb: process.resourceUsage().maxRSS / 1024, events: out.events, meanWait: out.meanWait };
  process.stdout.write(JSON.stringify(figures) + '\n');
}

function child(self: string, args: string[]): ChildFigures | undefined {
  const c = spawnSync(process.execPath, [...process.execArgv, self, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (c.status !== 0) {
    console.log(`${args.join(' ')}: failed\n${c.stderr}`);
    process.exitCode = 1;
    return undefined;
  }
  return JSON.parse(c.stdout.trim().split('\n').pop()!) as ChildFigures;
}

/** The section: both at each size, in turn. `self` is bench.js, which has the child modes. */
export function queueingSection(self: string): void {
  console.log(`\nqueueing model (${QUEUEING_SCENARIO}) against a bare typed-array loop (perf/queue-loop.ts); CPU s = user + system of the run`);
  console.log('jobs'.padStart(10) + 'sim CPU s'.padStart(11) + 'bare CPU s'.padStart(12) + 'ratio'.padStart(8) + 'sim events'.padStart(12) + 'bare events'.padStart(13) + 'sim MB'.padStart(8) + 'bare MB'.padStart(9));
  for (const jobs of SIZES) {
    const sim = child(self, ['--one', QUEUEING_SCENARIO, jobsSet(jobs)]);
    const bare = child(self, ['--bare', QUEUEING_SCENARIO, String(jobs)]);
    if (sim === undefined || bare === undefined) continue;
    console.log(
      jobs.toLocaleString('en-US').padStart(10) +
        sim.cpu.toFixed(2).padStart(11) +
        bare.cpu.toFixed(3).padStart(12) +
        (sim.cpu / bare.cpu).toFixed(1).padStart(8) +
        sim.events.toLocaleString('en-US').padStart(12) +
        bare.events.toLocaleString('en-US').padStart(13) +
        sim.peakRssMb.toFixed(0).padStart(8) +
        bare.peakRssMb.toFixed(0).padStart(9),
    );
  }
}
