/**
 * Work as allocators see it: the jobs and tasks frameworks ask to run
 * (requests) and the tasks that hold resources (for preemption and
 * backfilling). Read-only, as all of the view (see view.ts).
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { Quantities } from './resources.js';

/** The job a task belongs to, as allocators see it. */
export interface JobView {
  /** Globally unique: `<framework>/<job id>`. */
  readonly id: string;
  readonly framework: number;
  /** When the job was submitted (s). */
  readonly submit: SimTime;
  /** B: money bid per task. */
  readonly bid: number;
  /** P: priority class, 1 the most important. */
  readonly priority: number;
  /** The pool its tasks draw from (the job's, else its framework's), if any. */
  readonly pool: string | undefined;
  /** All of its tasks start together, or none. */
  readonly gang: boolean;
  /** The user's run-time estimate per task (s), when the workload gives one (SWF's requested time). */
  readonly estimate: SimTime | undefined;
}

/** One task a framework wants to run: what Mesos's requestResources call would tell the allocator. */
export interface TaskRequest {
  readonly resources: Quantities;
  /** B: money bid for this request. */
  readonly bid: number;
  /** P: priority class, 1 the most important. */
  readonly priority: number;
  /** The only pool it may run in, if restricted. */
  readonly pool: string | undefined;
  /** When this task (attempt) reached its framework (s). */
  readonly submit: SimTime;
  readonly job: JobView;
  /** Its position within its job, from 0. */
  readonly index: number;
  /** How long it will run once started (s; may be Infinity). Policies that need a runtime estimate read this. */
  readonly duration: SimTime;
  /**
   * 0 for an ordinary task. For a task of a gang job: how many of the job's
   * tasks wait to start, all together or none; they come as consecutive
   * requests (fewer when `requests(limit)` cut the list short).
   */
  readonly gangSize: number;
}

/** A staging or running task, as allocators see it (for preemption and backfilling). */
export interface TaskView {
  readonly job: JobView;
  readonly index: number;
  readonly attempt: number;
  readonly resources: Quantities;
  /** Index of its agent. */
  readonly agent: number;
  /** When it started running; -1 while staging. */
  readonly start: SimTime;
  /** Running time once started (s; may be Infinity). */
  readonly duration: SimTime;
  /** The pool it draws from (its job's, else that of the offer it was launched from). */
  readonly pool: string | undefined;
  /** A preemption of it is under way: its resources will come back. */
  readonly preempting: boolean;
}
