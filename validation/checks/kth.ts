/**
 * The KTH SP2 log (traces/swf/KTH-SP2-1996-2.1-cln.swf) under strict FCFS and
 * textbook EASY: scenarios/kth-sp2.yaml under the `fifo` and `easy` baselines,
 * in the idealised mode (`allocation_interval: 0`, the replays' convention
 * that the scheduler runs at every completion), against independent replays
 * written from the definitions over processor counts
 * (validation/reference/batch-replay.ts, sharing no code with the simulator).
 *
 * Rows per policy: every job's start (exact, per job), and the mean wait
 * (exact up to float rounding). `jobs` limits the replay to the log's first
 * jobs (test/allocator/baselines/kth-replay.test.ts runs a prefix in
 * `npm test`); the validation report runs the whole log.
 *
 * @module
 */
import { join } from 'node:path';
import { mean } from 'd3-array';
import { replayBatch, type BatchPolicy } from '../reference/batch-replay.js';
import { readSwfLog, type SwfLog } from '../reference/swf-log.js';
import { exactRow, relativeRow, repoRoot, type CheckRow } from './check.js';
import { runFile } from './run-file.js';

const GROUP = 'KTH SP2 under FCFS and EASY';
const SCENARIO = 'scenarios/kth-sp2.yaml';
const LOG = 'traces/swf/KTH-SP2-1996-2.1-cln.swf';

/** The simulator's policy for each reference policy. */
export const KTH_POLICIES: readonly (readonly [allocator: string, policy: BatchPolicy])[] = [
  ['fifo', 'fcfs'],
  ['easy', 'easy'],
];

/** The log, read once per process. */
let cached: SwfLog | undefined;
export function kthLog(): SwfLog {
  return (cached ??= readSwfLog(join(repoRoot(), LOG)));
}

/** The jobs of the log's first `count` (all when undefined): every job submitted up to the count-th one's submit time, ties included, as the trace window takes them. */
export function kthPrefix(count?: number): { readonly jobs: SwfLog['jobs']; readonly sets: readonly string[] } {
  const log = kthLog();
  if (count === undefined || count >= log.jobs.length) return { jobs: log.jobs, sets: [] };
  const last = log.jobs[count - 1]!.submit;
  return { jobs: log.jobs.filter((j) => j.submit <= last), sets: [`frameworks.0.workload.trace.window.end=${log.origin + last}`] };
}

/** Each job's start under `allocator` in the simulator (seconds from the log's first job), and the trace's counts. */
export function simulatedStarts(allocator: string, sets: readonly string[]) {
  const { summary, tables } = runFile(SCENARIO, [`master.allocator=${allocator}`, 'master.allocation_interval=0', ...sets], ['jobs']);
  const starts = new Map<number, number>();
  for (const r of tables.jobs) starts.set(Number(String(r.job_id).replace('kth/', '')), Number(r.start_time));
  return { starts, trace: summary.traces!.kth as { jobs: number; skipped: Record<string, number> } };
}

/** The rows for the log's first `count` jobs (the whole log when undefined). */
export function kthRows(count?: number): CheckRow[] {
  const log = kthLog();
  const { jobs, sets } = kthPrefix(count);
  const scope = count === undefined ? `whole log, ${jobs.length.toLocaleString('en-US')} jobs` : `first ${jobs.length.toLocaleString('en-US')} jobs`;
  return KTH_POLICIES.flatMap(([allocator, policy]) => {
    const expected = replayBatch(jobs, log.machine, policy);
    const { starts } = simulatedStarts(allocator, sets);
    const source = `independent ${policy.toUpperCase()} replay`;
    const sim = jobs.map((j) => starts.get(j.id) ?? NaN);
    const ref = jobs.map((j) => expected.get(j.id)!);
    const wait = (s: readonly number[]) => mean(jobs, (j, i) => s[i]! - j.submit) ?? NaN;
    return [
      exactRow(
        { group: GROUP, check: `${allocator}: each job's start (${scope})`, source, what: 'jobs' },
        sim,
        ref,
        (a, b) => a === b,
        (a, b, i) => `job ${jobs[i]!.id}: ${a} ≠ ${b}`,
      ),
      relativeRow({ group: GROUP, check: `${allocator}: mean wait (${scope})`, source, unit: 's' }, wait(sim), wait(ref), 1e-9),
    ];
  });
}
