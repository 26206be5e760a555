/**
 * The fifo and easy baselines against independent replays of the KTH SP2 log
 * (validation/reference/): every job must start at the same time as under
 * strict FCFS and textbook EASY written from their definitions over processor
 * counts. The check is validation/checks/kth.ts, which `npm run validate` runs
 * on the whole log.
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
import { describe, expect, it } from 'vitest';
import { kthLog, kthPrefix, kthRows, simulatedStarts, KTH_POLICIES } from '../../../validation/checks/kth.js';
import { replayBatch } from '../../../validation/reference/batch-replay.js';

const log = kthLog();
const wanted = process.env.KTH_JOBS ?? '3000';
const whole = wanted === 'all';
const count = whole ? undefined : Number(wanted);
if (!(count === undefined || (count > 0 && count <= log.jobs.length))) throw new Error(`KTH_JOBS must be 'all' or 1..${log.jobs.length}, got ${wanted}`);
const { jobs, sets } = kthPrefix(count);

describe(`the KTH SP2 log (${whole ? 'whole' : `first ${count} jobs`})`, () => {
  it('every job starts when an independent replay starts it, under fifo (FCFS) and easy (EASY)', () => {
    const rows = kthRows(count);
    expect(rows.map((r) => r.check)).toHaveLength(2 * KTH_POLICIES.length);
    for (const r of rows) expect(r.verdict, `${r.check}: ${r.note ?? ''}`).toBe('pass');
    const perJob = rows.filter((r) => r.check.includes("each job's start"));
    for (const r of perJob) expect(r.difference).toBe('0 differ');
  });

  it('reads every job of the window, and on the whole log skips what the replay leaves out', () => {
    const { trace } = simulatedStarts('fifo', sets);
    expect(trace.jobs).toBe(jobs.length);
    if (whole) expect(trace.skipped).toEqual(log.leftOut);
  });
});

it('the prefix exercises backfilling: EASY starts most of its jobs at another time than FCFS', () => {
  const fcfs = replayBatch(jobs, log.machine, 'fcfs');
  const easy = replayBatch(jobs, log.machine, 'easy');
  const moved = jobs.filter((j) => fcfs.get(j.id) !== easy.get(j.id)).length;
  expect(moved).toBeGreaterThan(jobs.length / 2);
});
