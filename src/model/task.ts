/**
 * A task's life, in Mesos's states.
 *
 * pending (queued in its framework, not yet launched) → staging (accepted by the
 * master, on its way to the agent) → running → one terminal state: finished,
 * failed, killed (its framework left, or an operator ended it), lost (its
 * agent went away) or preempted (the allocator reclaimed its resources; Mesos
 * would report TASK_KILLED with a preemption reason, a distinct state here so
 * that preemptions are counted apart). A task still queued when its
 * framework leaves ends as dropped (Mesos's TASK_DROPPED); one still queued
 * when the run ends stays pending.
 *
 * A task that ends preempted, lost or failed may be resubmitted by its
 * framework (its retry policy): the retry is a new Task with the same job and
 * index, `attempt` + 1, submitted when the framework resubmits it.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { JobView } from './work-view.js';
import type { Quantities } from './resources.js';

export type TaskState =
  | 'pending'
  | 'staging'
  | 'running'
  | 'finished'
  | 'failed'
  | 'killed'
  | 'lost'
  | 'preempted'
  | 'dropped';

export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set(['finished', 'failed', 'killed', 'lost', 'preempted', 'dropped']);

export function isTerminal(state: TaskState): boolean {
  return TERMINAL_STATES.has(state);
}

/** The job a task belongs to, as the run tracks it: what allocators see, and the run's counts. */
export interface JobRecord extends JobView {
  /** Tasks of this job not yet in a terminal state (a retry to come counts as live). */
  live: number;
  /** Tasks of this job that ended, for good, in a state other than finished. */
  unsuccessful: number;
  /** Latest end time among its tasks so far. */
  lastEnd: SimTime;
  /** Earliest start among its tasks so far; -1 before any started. */
  firstStart: SimTime;
}

export class Task {
  state: TaskState = 'pending';
  /** Agent index, or -1 while pending. */
  agent = -1;
  /** When it started running on its agent; -1 before. */
  start: SimTime = -1;
  /** When it reached a terminal state; -1 before. */
  end: SimTime = -1;
  /** The master has asked its agent to kill it (a preemption, or its framework killed it); it still holds its resources. */
  preempting = false;
  /** The pool it draws from: its job's, else the pool of the offer it was launched from (set at launch). */
  pool: string | undefined = undefined;
  /** Money its framework paid to launch it (the offer's price · its resources). */
  paid = 0;
  /** At its end, its framework's retry policy chose to resubmit it (as attempt + 1). */
  retried = false;
  /** Agents (indices) it would rather run on (delay scheduling); undefined: no preference. */
  prefer: readonly number[] | undefined = undefined;
  /** Where it was placed relative to `prefer`: 0 node-local, 1 rack-local, 2 elsewhere; -1 not placed or no preference. */
  locality = -1;

  constructor(
    readonly job: JobRecord,
    /** Position within its job, from 0. */
    readonly index: number,
    readonly resources: Quantities,
    /** Seconds of running time (Infinity: runs until the end of the simulation). */
    readonly duration: SimTime,
    /** 0 for the first submission, k for the k-th resubmission. */
    readonly attempt = 0,
    /** When this attempt reached its framework (the job's submit time for attempt 0). */
    readonly submit: SimTime = job.submit,
  ) {}

  /** `<job id>/<index>`: the same for every attempt (tasks.csv keys rows by task_id and attempt). */
  get id(): string {
    return `${this.job.id}/${this.index}`;
  }
}
