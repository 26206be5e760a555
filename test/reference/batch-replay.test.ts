/**
 * The independent replays (batch-replay.ts, swf-log.ts) on logs small enough
 * to work out by hand, so that what the simulator is compared with is itself
 * checked against the definitions.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { replayBatch } from '../../validation/reference/batch-replay.js';
import { readSwfLog, type SwfJob } from '../../validation/reference/swf-log.js';

const job = (id: number, submit: number, procs: number, run: number, estimate = run): SwfJob => ({ id, submit, procs, run, estimate, recordedWait: undefined });
const starts = (jobs: SwfJob[], machine: number, policy: 'fcfs' | 'easy') => Object.fromEntries(replayBatch(jobs, machine, policy));

describe('independent FCFS and EASY replays', () => {
  // A 10-processor machine. Job 1 takes 6 until 100 (estimate 100). Job 2, the head, needs 8:
  // shadow 100, when 10 are free, so the extra is 2.
  //   3: 4 procs, ends at 2 + 50 = 52 ≤ 100          → (a): starts at 2, the extra stays 2;
  //   4: 2 procs now free? 4 − 4 = 0 free after 3     → waits (does not fit now);
  // At 52 job 3 ends (4 free):
  //   4: 2 procs, runs to 252 > 100, 2 ≤ extra 2      → (b): starts at 52, extra 0;
  //   5: 1 proc, runs to 252, extra 0, not by 100     → waits;
  //   6: 1 proc, 52 + 40 = 92 ≤ 100                   → (a): starts at 52.
  // At 92 job 6 ends: 5 still waits (extra 0). At 100 job 1 ends: 2 starts (8 of 8 free), then
  // 5 cannot (0 free). At 150 job 2 ends: 5 starts.
  const jobs = [job(1, 0, 6, 100), job(2, 1, 8, 50), job(3, 2, 4, 50), job(4, 3, 2, 200), job(5, 4, 1, 200), job(6, 5, 1, 40)];

  it('EASY: backfills by (a) without using the extra, and by (b) within it', () => {
    expect(starts(jobs, 10, 'easy')).toEqual({ 1: 0, 2: 100, 3: 2, 4: 52, 5: 150, 6: 52 });
  });

  it('FCFS: nothing passes the head', () => {
    // 2 starts at 100; 3 (4 procs) waits for it to end at 150; 4, 5, 6 then fit beside 3 (4 + 2 + 1 + 1 ≤ 10).
    expect(starts(jobs, 10, 'fcfs')).toEqual({ 1: 0, 2: 100, 3: 150, 4: 150, 5: 150, 6: 150 });
  });

  it('EASY plans with estimates: a job that would end in time but says it will not is held', () => {
    // Job 3 runs 50 s but estimates 150: it would end at 152 > 100, and 4 procs > the extra 2.
    const padded = jobs.map((j) => (j.id === 3 ? { ...j, estimate: 150 } : j));
    expect(starts(padded, 10, 'easy')[3]).toBe(150);
  });

  it('processes completions, then every arrival, then schedules once, at an instant with both', () => {
    // Job 1 ends at 10 as jobs 2 (10 procs) and 3 (1 proc) arrive: 2 starts at 10, and 3 after it.
    expect(starts([job(1, 0, 10, 10), job(2, 10, 10, 5), job(3, 10, 1, 5)], 10, 'easy')).toEqual({ 1: 0, 2: 10, 3: 15 });
  });
});

describe('reading an SWF log for the replays', () => {
  const dir = tempDir('swf-ref-');

  it('orders by (submit, job number), takes estimates as the request or the run time, counts what it leaves out', () => {
    const file = join(dir, 'small.swf');
    const row = (f: number[]) => f.join(' ');
    const fields = (id: number, submit: number, run: number, procs: number, request: number, status = 1) =>
      row([id, submit, 7, run, procs, -1, -1, -1, request, -1, status, 1, 1, -1, -1, -1, -1, -1]);
    writeFileSync(
      file,
      [
        '; MaxProcs: 8',
        fields(3, 100, 50, 2, 600), // request larger: the estimate
        fields(2, 100, 50, 2, 30), // request smaller than the run: the run time
        fields(1, 90, 0, 1, -1), // no request, no run time: 0.001 s
        fields(4, 110, 10, 9, 20), // wider than the machine
        fields(5, 120, 10, 1, 20, 3), // a partial-execution record
        fields(6, 130, -1, 1, 20, 5), // cancelled before it started
      ].join('\n'),
    );
    const log = readSwfLog(file);
    expect(log.machine).toBe(8);
    expect(log.origin).toBe(90);
    expect(log.jobs.map((j) => [j.id, j.submit, j.estimate])).toEqual([
      [1, 0, 0.001],
      [2, 10, 50],
      [3, 10, 600],
    ]);
    expect(log.leftOut).toEqual({ more_processors_than_machine: 1, partial_execution_record: 1, cancelled_before_start: 1 });
  });
});
