/**
 * Independent replays of a rigid parallel log on a machine of identical
 * processors, under strict FCFS and under EASY backfilling (Lifka 1995; Mu'alem
 * and Feitelson 2001), written from their definitions over processor counts.
 * They share no code with the simulator; a test and a validation script
 * compare the simulator's per-job start times with theirs.
 *
 * The event loop: at each instant with completions or arrivals, the
 * completions are processed first, then every arrival is queued (in the log's
 * order, see swf-log.ts), then the scheduler runs once.
 *
 * FCFS starts jobs from the head of the queue while they fit.
 *
 * EASY does the same, then, if a job is left waiting at the head, gives it a
 * reservation: its shadow time is the earliest time at which enough
 * processors are free for it, running jobs ending at start + estimate; the
 * extra processors are those free at the shadow time beyond what it needs.
 * Every later job in the queue, in order, starts now if it fits in what is
 * free now and either (a) it ends by the shadow time (now + estimate ≤
 * shadow), or (b) it needs no more than the extra processors, which it then
 * uses up. A job started by (a) leaves the extra alone.
 *
 * @module
 */
import type { SwfJob } from './swf-log.js';

export type BatchPolicy = 'fcfs' | 'easy';

interface Running {
  readonly end: number;
  readonly plannedEnd: number;
  readonly procs: number;
}

/** Each job's start time (log seconds), by job id. `jobs` in queue order. */
export function replayBatch(jobs: readonly SwfJob[], machine: number, policy: BatchPolicy): Map<number, number> {
  const starts = new Map<number, number>();
  let queue: SwfJob[] = [];
  let running: Running[] = [];
  let free = machine;
  let next = 0;

  const start = (job: SwfJob, now: number): void => {
    starts.set(job.id, now);
    free -= job.procs;
    running.push({ end: now + job.run, plannedEnd: now + job.estimate, procs: job.procs });
  };

  const schedule = (now: number): void => {
    let served = 0;
    while (served < queue.length && queue[served]!.procs <= free) start(queue[served++]!, now);
    queue = queue.slice(served);
    if (policy === 'fcfs' || queue.length === 0) return;
    const head = queue[0]!;
    const byEnd = [...running].sort((a, b) => a.plannedEnd - b.plannedEnd);
    let shadow = now;
    let atShadow = free;
    for (let i = 0; atShadow < head.procs; ) {
      shadow = byEnd[i]!.plannedEnd;
      while (i < byEnd.length && byEnd[i]!.plannedEnd === shadow) atShadow += byEnd[i++]!.procs;
    }
    let extra = atShadow - head.procs;
    queue = queue.filter((job, k) => {
      if (k === 0 || job.procs > free) return true;
      if (now + job.estimate <= shadow) start(job, now);
      else if (job.procs <= extra) {
        extra -= job.procs;
        start(job, now);
      } else return true;
      return false;
    });
  };

  for (;;) {
    const arrival = next < jobs.length ? jobs[next]!.submit : Infinity;
    const completion = running.reduce((t, r) => Math.min(t, r.end), Infinity);
    const now = Math.min(arrival, completion);
    if (now === Infinity) break;
    running = running.filter((r) => {
      if (r.end > now) return true;
      free += r.procs;
      return false;
    });
    while (next < jobs.length && jobs[next]!.submit === now) queue.push(jobs[next++]!);
    schedule(now);
  }
  if (queue.length > 0) throw new Error(`${queue.length} jobs never started`);
  return starts;
}
