/**
 * A framework's queue of jobs with tasks still to launch, first come first
 * served. Jobs whose tasks are all launched are dropped from the head lazily.
 *
 * @module
 */
import type { Quantities } from '../model/resources.js';
import type { Task } from '../model/task.js';

/** Delay scheduling state of a job with preferred agents (see placement.ts): its level, and since when it has been skipped. */
export interface LocalityState {
  level: number;
  waitSince: number | undefined;
}

/** The tasks of an entry once every one of them is launched (see JobQueue.launched). */
const LAUNCHED: readonly Task[] = [];

/** One entry of the queue: a job's tasks (or tasks put back), launched in order from `next`. */
export class QueuedJob {
  /** Index of the next task to launch; tasks before it are launched. */
  next = 0;
  /**
   * The resources of the next task; undefined once every task is launched. A
   * walk over the queue reads this rather than the task, so that turning a job
   * away fetches neither its task array, nor the task, nor the task's job.
   */
  need: Quantities | undefined;
  /** Its row in its queue's table of needs (see JobQueue.needs); -1 before it is queued. */
  row = -1;

  constructor(
    /** Its tasks; none once all are launched, so that the queue does not keep ended tasks alive. */
    public tasks: readonly Task[],
    readonly gang: boolean,
    /** Delay scheduling state, for a job with preferred agents; undefined otherwise. */
    readonly locality: LocalityState | undefined = undefined,
  ) {
    this.need = tasks[0]?.resources;
  }
}

export class JobQueue {
  #jobs: QueuedJob[] = [];
  #head = 0;
  /** Tasks not yet launched, over all queued jobs. */
  pendingTasks = 0;
  /**
   * A lower bound, entry-wise, of the next task of every waiting job: it only
   * moves down as jobs arrive or advance, and is made exact by `tighten`.
   */
  #lower: Quantities | undefined;
  /**
   * The `need` of every entry, as row `job.row` of a flat table (`width`
   * entries a row). Rows are given in the order entries are queued, so a walk
   * reads consecutive rows instead of fetching each task's own vector: with
   * tasks of varied sizes, those fetches were most of a long walk's cost.
   */
  #needs = new Float64Array(0);
  #width = 0;
  #rows = 0;

  push(job: QueuedJob): void {
    this.#jobs.push(job);
    this.#queued(job);
  }

  /** Puts tasks back at the head of the queue (a launch that failed). */
  pushFront(job: QueuedJob): void {
    this.#compact();
    this.#jobs.splice(this.#head, 0, job);
    this.#queued(job);
  }

  #queued(job: QueuedJob): void {
    this.pendingTasks += job.tasks.length - job.next;
    this.#lowerWith(job);
    const need = job.need;
    if (need === undefined) return;
    this.#width = need.length;
    if ((this.#rows + 1) * this.#width > this.#needs.length) {
      const grown = new Float64Array(Math.max(64, 2 * this.#rows) * this.#width);
      grown.set(this.#needs);
      this.#needs = grown;
    }
    job.row = this.#rows++;
    this.#needs.set(need, job.row * this.#width);
  }

  /** The table of needs: entry `job`'s next task asks for `needs[job.row * width + i]`, i < width. */
  get needs(): Float64Array {
    return this.#needs;
  }

  get width(): number {
    return this.#width;
  }

  /**
   * No waiting job's next task fits resources that do not contain this
   * vector, so a decision can be skipped in O(resources). Undefined when no
   * task waits.
   */
  lowerBound(): Quantities | undefined {
    return this.pendingTasks === 0 ? undefined : this.#lower;
  }

  /** Recomputes the lower bound exactly, over the first `limit` waiting jobs. */
  tighten(limit: number): void {
    this.#lower = undefined;
    this.forEachWaiting(limit, (job) => {
      this.#lowerWith(job);
      return true;
    });
  }

  #lowerWith(job: QueuedJob): void {
    const r = job.need;
    if (r === undefined) return;
    const q = this.#lower;
    if (q === undefined) this.#lower = new Float64Array(r);
    else for (let i = 0; i < q.length; i++) if (r[i]! < q[i]!) q[i] = r[i]!;
  }

  /**
   * The queue's entries, oldest first from index `head`, for a walk that
   * allocates nothing per entry (see placement.ts). Entries whose tasks are
   * all launched may still be there: a walk skips them. The queue must not
   * change during the walk (`launched` after it).
   */
  get entries(): readonly QueuedJob[] {
    return this.#jobs;
  }

  get head(): number {
    return this.#head;
  }

  /** Jobs with tasks left to launch. */
  /** Calls `visit` on each, oldest first, until it returns false or `limit` jobs were visited. */
  forEachWaiting(limit: number, visit: (job: QueuedJob) => boolean): void {
    let seen = 0;
    const jobs = this.#jobs;
    for (let i = this.#head; i < jobs.length && seen < limit; i++) {
      const job = jobs[i]!;
      if (job.next >= job.tasks.length) continue;
      seen++;
      if (!visit(job)) return;
    }
  }

  /** Records that `count` tasks of `job` were taken for launch. */
  launched(job: QueuedJob, count: number): void {
    job.next += count;
    job.need = job.tasks[job.next]?.resources;
    if (job.need !== undefined) this.#needs.set(job.need, job.row * this.#width);
    else {
      // Every task is launched: the entry lets go of them (it may stay queued behind a waiting job until the head passes it).
      job.tasks = LAUNCHED;
      job.next = 0;
    }
    this.pendingTasks -= count;
    this.#lowerWith(job);
    this.#compact();
  }

  /** Takes a waiting task out of the queue, if it is the only one left of its entry; true if it was. */
  cancel(task: Task): boolean {
    let found: QueuedJob | undefined;
    this.forEachWaiting(Infinity, (job) => {
      if (job.tasks.length - job.next === 1 && job.tasks[job.next] === task) found = job;
      return found === undefined;
    });
    if (found === undefined) return false;
    this.launched(found, 1);
    return true;
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
    this.#lower = undefined;
    this.#rows = 0;
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
      // The rows of launched entries are dropped with them.
      const jobs = this.#jobs;
      this.#rows = 0;
      for (const job of jobs) if (job.need !== undefined) this.#needs.set(job.need, (job.row = this.#rows++) * this.#width);
    }
  }

  /** Its state as data (src/checkpoint/snapshot.ts). */
  saveState(): { jobs: QueuedJob[]; head: number; pendingTasks: number; lower: Quantities | undefined; needs: Float64Array<ArrayBuffer>; width: number; rows: number } {
    return { jobs: this.#jobs, head: this.#head, pendingTasks: this.pendingTasks, lower: this.#lower, needs: this.#needs, width: this.#width, rows: this.#rows };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<JobQueue['saveState']>): void {
    this.#jobs = s.jobs;
    this.#head = s.head;
    this.pendingTasks = s.pendingTasks;
    this.#lower = s.lower;
    this.#needs = s.needs;
    this.#width = s.width;
    this.#rows = s.rows;
  }
}
