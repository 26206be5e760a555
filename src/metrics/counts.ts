/**
 * What the run counts from the observer's calls: tasks by state, jobs by
 * outcome, offers by outcome, allocation runs, payments, where tasks with
 * preferences ran, fault events by kind; and the samples of waits, job
 * completion times and slowdowns (seconds) within the measurement window.
 * It reads tasks and jobs (their framework keeps their counts) and never
 * changes them.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { Offer } from '../model/offer.js';
import type { Task } from '../model/task.js';
import type { AllocationRunInfo } from '../master/observer.js';
import { newSeries, type PercentileMode } from './stats.js';
import type { MeasurementWindow } from './window.js';
import { refill } from '../core/refill.js';

/** Bounded slowdown's threshold (Feitelson): runs shorter than this count as this long, s. */
export const SLOWDOWN_BOUND = 10;

/** Started tasks with preferred agents, by where they ran (see placement.ts). */
export interface LocalityMetrics {
  readonly tasks: number;
  readonly node_local: number;
  readonly rack_local: number;
  readonly other: number;
  /** node_local / tasks; null when no such task started. */
  readonly node_local_fraction: number | null;
}

export class RunCounts {
  /** Tasks by state (every attempt), plus `submitted`, `started` and `resubmitted` (attempts after the first). */
  readonly tasks: Record<string, number> = {
    submitted: 0, started: 0, pending: 0, staging: 0, running: 0,
    finished: 0, failed: 0, killed: 0, lost: 0, preempted: 0, dropped: 0, resubmitted: 0,
  };
  readonly jobs = { submitted: 0, completed: 0, unsuccessful: 0 };
  readonly offers = { made: 0, accepted: 0, declined: 0, rescinded: 0 };
  readonly runs = { count: 0, grants: 0, wall_seconds: 0 };
  /** Within the window: each started task's wait (start − submit). */
  readonly waits;
  /** Within the window, over completed jobs: completion time (last end − submit). */
  readonly jobTimes;
  readonly slowdowns;
  readonly boundedSlowdowns;
  /** Money paid, by framework index. */
  readonly #paid = new Map<number, number>();
  /** Started tasks with preferences, by locality level. */
  readonly #localities = [0, 0, 0];
  /** Fault events by kind, in order of first occurrence. */
  readonly #faults = new Map<string, number>();
  #firstSubmit = Infinity;
  #lastFinish = -Infinity;
  #finishedInWindow = 0;
  #completedInWindow = 0;

  constructor(
    private readonly window: MeasurementWindow,
    percentiles: PercentileMode = 'exact',
  ) {
    this.waits = newSeries(percentiles);
    this.jobTimes = newSeries(percentiles);
    this.slowdowns = newSeries(percentiles);
    this.boundedSlowdowns = newSeries(percentiles);
  }

  submitted(task: Task, now: SimTime): void {
    this.tasks.submitted!++;
    if (now < this.#firstSubmit) this.#firstSubmit = now;
    if (task.attempt > 0) this.tasks.resubmitted!++;
    else if (task.index === 0) this.jobs.submitted++;
  }

  started(task: Task, now: SimTime): void {
    this.tasks.started!++;
    if (this.window.contains(now)) this.waits.push(now - task.submit);
    if (task.locality >= 0) this.#localities[task.locality]!++;
  }

  /**
   * The task ended (its state and end are set, and its job's counts already
   * updated by its framework). Returns how its job ended when this was its
   * last live task, else undefined.
   */
  ended(task: Task, now: SimTime): 'completed' | 'unsuccessful' | undefined {
    this.counted(task);
    const inWindow = this.window.contains(now);
    if (task.state === 'finished') {
      if (task.end > this.#lastFinish) this.#lastFinish = task.end;
      if (inWindow) this.#finishedInWindow++;
    }
    const job = task.job;
    if (job.live !== 0) return undefined;
    if (job.unsuccessful !== 0) {
      this.jobs.unsuccessful++;
      return 'unsuccessful';
    }
    this.jobs.completed++;
    if (inWindow) {
      this.#completedInWindow++;
      const completion = job.lastEnd - job.submit;
      const run = job.lastEnd - job.firstStart;
      this.jobTimes.push(completion);
      if (run > 0) this.slowdowns.push(completion / run);
      this.boundedSlowdowns.push(Math.max(1, completion / Math.max(run, SLOWDOWN_BOUND)));
    }
    return 'completed';
  }

  /** Counts the task in its state and what it paid: when it ends, or live at the end of the run. */
  counted(task: Task): void {
    this.tasks[task.state]!++;
    const fw = task.job.framework;
    this.#paid.set(fw, (this.#paid.get(fw) ?? 0) + task.paid);
  }

  offerResolved(offer: Offer): void {
    this.offers[offer.outcome!]++;
  }

  allocationRun(info: AllocationRunInfo): void {
    this.runs.count++;
    this.runs.grants += info.grants;
    this.runs.wall_seconds += info.wallSeconds;
  }

  fault(kind: string): void {
    this.#faults.set(kind, (this.#faults.get(kind) ?? 0) + 1);
  }

  /** Last task end minus first submission, s; null when no task finished. */
  makespan(): number | null {
    return this.#lastFinish > -Infinity ? this.#lastFinish - this.#firstSubmit : null;
  }

  /** Tasks finished and jobs completed per hour within the window up to `end`; null for an empty window. */
  throughput(end: SimTime): { tasks_per_hour: number | null; jobs_per_hour: number | null } {
    const hours = this.window.overlap(this.window.from, end) / 3600;
    return hours > 0
      ? { tasks_per_hour: this.#finishedInWindow / hours, jobs_per_hour: this.#completedInWindow / hours }
      : { tasks_per_hour: null, jobs_per_hour: null };
  }

  locality(): LocalityMetrics {
    const [node, rack, other] = this.#localities as [number, number, number];
    const tasks = node + rack + other;
    return { tasks, node_local: node, rack_local: rack, other, node_local_fraction: tasks > 0 ? node / tasks : null };
  }

  /** Money paid: the total, and by framework name in framework order. */
  payments(frameworkName: (index: number) => string): { total: number; by_framework: Record<string, number> } {
    let total = 0;
    const byFramework: Record<string, number> = {};
    for (const [fw, paid] of [...this.#paid].sort((a, b) => a[0] - b[0])) {
      byFramework[frameworkName(fw)] = paid;
      total += paid;
    }
    return { total, by_framework: byFramework };
  }

  /** Fault events: how many, and by kind. */
  faults(): { events: number; by_kind: Record<string, number> } {
    return { events: [...this.#faults.values()].reduce((a, b) => a + b, 0), by_kind: Object.fromEntries(this.#faults) };
  }

  /** Its state as data (src/checkpoint/snapshot.ts). */
  saveState() {
    const { tasks, jobs, offers, runs } = this;
    return {
      ...{ tasks, jobs, offers, runs, waits: this.waits.saveState(), jobTimes: this.jobTimes.saveState(), slowdowns: this.slowdowns.saveState(), boundedSlowdowns: this.boundedSlowdowns.saveState() },
      paid: this.#paid,
      localities: this.#localities,
      faults: this.#faults,
      ...{ firstSubmit: this.#firstSubmit, lastFinish: this.#lastFinish, finishedInWindow: this.#finishedInWindow, completedInWindow: this.#completedInWindow },
    };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<RunCounts['saveState']>): void {
    Object.assign(this.tasks, s.tasks);
    Object.assign(this.jobs, s.jobs);
    Object.assign(this.offers, s.offers);
    Object.assign(this.runs, s.runs);
    this.waits.loadState(s.waits);
    this.jobTimes.loadState(s.jobTimes);
    this.slowdowns.loadState(s.slowdowns);
    this.boundedSlowdowns.loadState(s.boundedSlowdowns);
    refill(this.#paid, s.paid);
    refill(this.#localities, s.localities);
    refill(this.#faults, s.faults);
    this.#firstSubmit = s.firstSubmit;
    this.#lastFinish = s.lastFinish;
    this.#finishedInWindow = s.finishedInWindow;
    this.#completedInWindow = s.completedInWindow;
  }
}
