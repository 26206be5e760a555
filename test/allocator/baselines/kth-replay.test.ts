/**
 * The fifo and easy baselines against independent replays of the KTH SP2 log
 * (test/reference/): every job must start at the same time as under strict
 * FCFS and textbook EASY written from their definitions over processor counts.
 *
 * The scenario runs in the idealised mode (`allocation_interval: 0`): the
 * replays' convention is that the scheduler runs at every completion, while
 * the bundled scenario's 1-second batch runs hand back what a task frees up to
 * a second later. Estimates are the users' requested times (easy's default,
 * `runtime_estimates: user`).
 *
 * `npm test` replays the log's first KTH_JOBS jobs (default 3000, its first
 * six weeks, busy enough that EASY starts most of them at another time than
 * FCFS); `KTH_JOBS=all npx vitest run
 * test/allocator/baselines/kth-replay.test.ts` replays the whole log (28,475
 * jobs, about two minutes for easy on a shared 2-core machine).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/run.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { MemoryTable, nullTable } from '../../../src/metrics/sinks.js';
import { replayBatch, type BatchPolicy } from '../../reference/batch-replay.js';
import { readSwfLog } from '../../reference/swf-log.js';

const root = join(import.meta.dirname, '..', '..', '..');
const log = readSwfLog(join(root, 'traces/swf/KTH-SP2-1996-2.1-cln.swf'));
const wanted = process.env.KTH_JOBS ?? '3000';
const whole = wanted === 'all';
const count = whole ? log.jobs.length : Number(wanted);
if (!(count > 0 && count <= log.jobs.length)) throw new Error(`KTH_JOBS must be 'all' or 1..${log.jobs.length}, got ${wanted}`);
const last = log.jobs[count - 1]!.submit;
/** The prefix: every job submitted up to the count-th one's submit time (ties included, as the trace window takes them). */
const jobs = log.jobs.filter((j) => j.submit <= last);

/** Each job's start in the simulator (seconds from the log's first job), and the trace summary. */
function simulate(allocator: string) {
  const sets = [`master.allocator=${allocator}`, 'master.allocation_interval=0'];
  if (!whole) sets.push(`frameworks.0.workload.trace.window.end=${log.origin + last}`);
  const table = new MemoryTable();
  const summary = runScenario(loadScenario(join(root, 'scenarios/kth-sp2.yaml'), sets), { tasks: nullTable, offers: nullTable, utilization: nullTable, jobs: table }, { wallClock: false });
  const starts = new Map<number, number>();
  for (const r of table.records()) starts.set(Number(String(r.job_id).replace('kth/', '')), Number(r.start_time));
  return { starts, trace: summary.traces!.kth as { jobs: number; skipped: Record<string, number> } };
}

describe.each([
  ['fifo', 'fcfs'],
  ['easy', 'easy'],
] as [string, BatchPolicy][])(`the KTH SP2 log (${whole ? 'whole' : `first ${count} jobs`}) under %s`, (allocator, policy) => {
  it(`starts every job when an independent ${policy} replay does`, { timeout: 900_000 }, () => {
    const expected = replayBatch(jobs, log.machine, policy);
    const { starts, trace } = simulate(allocator);
    expect(trace.jobs).toBe(jobs.length);
    if (whole) expect(trace.skipped).toEqual(log.leftOut);
    const differ = jobs.filter((j) => starts.get(j.id) !== expected.get(j.id)).map((j) => `${j.id}: ${starts.get(j.id)} ≠ ${expected.get(j.id)}`);
    expect(differ.slice(0, 5)).toEqual([]);
    expect(differ.length).toBe(0);
  });
});

it('the prefix exercises backfilling: EASY starts most of its jobs at another time than FCFS', () => {
  const fcfs = replayBatch(jobs, log.machine, 'fcfs');
  const easy = replayBatch(jobs, log.machine, 'easy');
  const moved = jobs.filter((j) => fcfs.get(j.id) !== easy.get(j.id)).length;
  expect(moved).toBeGreaterThan(jobs.length / 2);
});
