/**
 * Work as a framework receives it: jobs made of tasks.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { Quantities } from './resources.js';

/** One task as submitted. `resources` may be shared between tasks: treat as immutable. */
export interface TaskSpec {
  /** What the task asks for, in milli-units of the scenario's ResourceSpace. */
  readonly resources: Quantities;
  /** How long the task runs once started, in simulated seconds (may be Infinity). */
  readonly duration: SimTime;
}

export interface JobSpec {
  /** Unique within its framework. */
  readonly id: string;
  /** When the job reaches its framework, in simulated seconds. */
  readonly submit: SimTime;
  readonly tasks: readonly TaskSpec[];
  /** A gang job starts all of its tasks together, or none. */
  readonly gang: boolean;
  /** Bidding: the money bid per task (default 0). */
  readonly bid?: number;
  /** Bidding: the priority class, 1 the most important (default 1). */
  readonly priority?: number;
  /** Restricts the job's tasks to agents of this pool. */
  readonly pool?: string;
}

/**
 * A stream of jobs in non-decreasing submit order, pulled one at a time so that
 * a workload of millions of jobs is never held in memory at once.
 */
export interface JobSource {
  /** The next job, or undefined when the workload is exhausted. */
  next(): JobSpec | undefined;
}
