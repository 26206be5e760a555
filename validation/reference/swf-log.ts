/**
 * An SWF log as the independent replays (batch-replay.ts) read it: written
 * from the Standard Workload Format's definition, sharing no code with the
 * simulator's trace reader. Depends on node:fs only, so that a validation
 * script can import it as well as a test.
 *
 * Conventions, those of the usual SWF replays:
 * - a job is its number, submit time, processor count (allocated, else
 *   requested) and run time; the queue order is (submit time, job number);
 *   times count from the first usable job's submit time, as in the simulator
 *   (so that both add the same numbers);
 * - its estimate is its requested time, or its run time when the request is
 *   missing or smaller;
 * - a run time of 0 counts as 0.001 s (the simulator's documented rule: a task
 *   cannot run for no time), for the run time and the estimate alike;
 * - left out, and counted by reason: partial-execution records (status 2, 3,
 *   4), jobs cancelled before they started (status 5 with no run time), rows
 *   without a submit time, run time or processor count, and jobs wider than
 *   the machine (the header's MaxProcs, else MaxNodes).
 *
 * @module
 */
import { readFileSync } from 'node:fs';

export interface SwfJob {
  /** SWF field 1. */
  readonly id: number;
  /** Seconds after the log's first usable job was submitted (`SwfLog.origin`). */
  readonly submit: number;
  readonly procs: number;
  /** Seconds it really ran. */
  readonly run: number;
  /** Seconds the scheduler plans with. */
  readonly estimate: number;
  /** The wait the log records, seconds; undefined: none. */
  readonly recordedWait: number | undefined;
}

export interface SwfLog {
  /** In queue order: (submit, id). */
  readonly jobs: readonly SwfJob[];
  /** Processors of the machine. */
  readonly machine: number;
  /** The log's submit time of its first usable job: time 0 of `jobs`, as in the simulator. */
  readonly origin: number;
  /** Rows left out, by reason. */
  readonly leftOut: Readonly<Record<string, number>>;
}

const MIN_RUN = 0.001;

export function readSwfLog(file: string): SwfLog {
  const jobs: SwfJob[] = [];
  const header = new Map<string, string>();
  const leftOut: Record<string, number> = {};
  const rows: number[][] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const text = line.trim();
    if (text === '') continue;
    if (text.startsWith(';')) {
      const m = /^;\s*(\w+):\s*(.*)$/.exec(text);
      if (m !== null && !header.has(m[1]!)) header.set(m[1]!, m[2]!.trim());
      continue;
    }
    rows.push(text.split(/\s+/).map(Number));
  }
  const machine = Number(header.get('MaxProcs') ?? header.get('MaxNodes'));
  if (!(machine > 0)) throw new Error(`${file}: no MaxProcs or MaxNodes in the header`);
  const skip = (reason: string) => (leftOut[reason] = (leftOut[reason] ?? 0) + 1);
  for (const f of rows) {
    const [id, submit, wait, run, allocated, , , requested, requestedTime, , status] = f as [number, number, number, number, number, number, number, number, number, number, number];
    if (status >= 2 && status <= 4) skip('partial_execution_record');
    else if (status === 5 && !(run > 0)) skip('cancelled_before_start');
    else if (submit < 0) skip('missing_submit_time');
    else if (run < 0) skip('missing_run_time');
    else {
      const procs = allocated > 0 ? allocated : requested;
      if (!(procs > 0)) skip('missing_processors');
      else if (procs > machine) skip('more_processors_than_machine');
      else {
        const actual = Math.max(run, MIN_RUN);
        const estimate = requestedTime > 0 ? Math.max(requestedTime, actual) : actual;
        jobs.push({ id, submit, procs, run: actual, estimate, recordedWait: wait >= 0 ? wait : undefined });
      }
    }
  }
  jobs.sort((a, b) => a.submit - b.submit || a.id - b.id);
  const origin = jobs[0]?.submit ?? 0;
  return { jobs: jobs.map((j) => ({ ...j, submit: j.submit - origin })), machine, origin, leftOut };
}
