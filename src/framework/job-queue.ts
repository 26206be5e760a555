/**
 * A framework's queue of jobs with tasks still to launch, first come first
 * served. Jobs whose tasks are all launched are dropped from the head lazily.
 *
 * @module
 */
import type { Task } from '../model/task.js';

export interface QueuedJob {
  readonly tasks: readonly Task[];
  /** Index of the next task to launch; tasks before it are launched. */
  next: number;
  readonly gang: boolean;
}

export class JobQueue {
  #jobs: QueuedJob[] = [];
  #head = 0;
  /** Tasks not yet launched, over all queued jobs. */
  pendingTasks = 0;

  push(job: QueuedJob): void {
    this.#jobs.push(job);
    this.pendingTasks += job.tasks.length - job.next;
  }

  /** Puts tasks back at the head of the queue (a launch that failed). */
  pushFront(job: QueuedJob): void {
    this.#compact();
    this.#jobs.splice(this.#head, 0, job);
    this.pendingTasks += job.tasks.length - job.next;
  }

  /** Jobs with tasks left to launch, oldest first, at most `limit` of them. */
  *waiting(limit: number): Generator<QueuedJob> {
    let seen = 0;
    for (let i = this.#head; i < this.#jobs.length && seen < limit; i++) {
      const job = this.#jobs[i]!;
      if (job.next >= job.tasks.length) continue;
      seen++;
      yield job;
    }
  }

  /** Records that `count` tasks of `job` were taken for launch. */
  launched(job: QueuedJob, count: number): void {
    job.next += count;
    this.pendingTasks -= count;
    this.#compact();
  }

  /** Removes and returns every task not yet launched. */
  drain(): Task[] {
    const out: Task[] = [];
    for (let i = this.#head; i < this.#jobs.length; i++) {
      const job = this.#jobs[i]!;
      for (let k = job.next; k < job.tasks.length; k++) out.push(job.tasks[k]!);
    }
    this.#jobs = [];
    this.#head = 0;
    this.pendingTasks = 0;
    return out;
  }

  #compact(): void {
    while (this.#head < this.#jobs.length) {
      const job = this.#jobs[this.#head]!;
      if (job.next < job.tasks.length) break;
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#jobs.length) {
      this.#jobs = this.#jobs.slice(this.#head);
      this.#head = 0;
    }
  }
}
