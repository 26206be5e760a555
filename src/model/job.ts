/**
 * Work as a framework receives it: jobs made of tasks.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { Quantities } from './resources.js';
import type { TaskClass } from './task-class.js';

/** One task as submitted. `resources` may be shared between tasks: treat as immutable. */
export interface TaskSpec {
  /** What the task asks for, in milli-units of the scenario's ResourceSpace. */
  readonly resources: Quantities;
  /** How long the task runs once started, in simulated seconds (may be Infinity). */
  readonly duration: SimTime;
  /** Agents (indices) the task would rather run on, e.g. where its input data is (delay scheduling). */
  readonly prefer?: readonly number[];
  /** What the task actually uses (a trace's usage columns), milli-units; absent: its request. Used only with isolation. */
  readonly usage?: Quantities;
}

/**
 * One stage of a job that is a dependency graph of stages (MapReduce, Spark):
 * the next `count` tasks of the job's `tasks`, runnable once every parent
 * stage has finished.
 */
export interface StageSpec {
  readonly name: string;
  readonly count: number;
  /** Parent stages, as indices of earlier stages (so stage 0 has none). */
  readonly after: readonly number[];
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
  /** The user's run-time estimate per task, seconds (SWF's requested time); absent: none given. */
  readonly estimate?: number;
  /** Restricts the job's tasks to agents of this pool. */
  readonly pool?: string;
  /** The job's stages, in order; `tasks` lists their tasks stage after stage. Absent: one stage. */
  readonly stages?: readonly StageSpec[];
  /** A long-running service (Marathon): its tasks are instances, replaced when they end, scaled by the timeline. */
  readonly service?: boolean;
  /** The job's own failure and usage models, replacing its framework's key by key (docs/faults.md). */
  readonly faults?: TaskClass;
}

/**
 * A stream of jobs in non-decreasing submit order, pulled one at a time so that
 * a workload of millions of jobs is never held in memory at once.
 */
export interface JobSource {
  /** The next job, or undefined when the workload is exhausted. */
  next(): JobSpec | undefined;
  /** Where it is, as data (a checkpoint's: src/checkpoint/snapshot.ts); absent: a source whose state is not saved. */
  saveState?(): unknown;
  /** Takes a saveState() of the same source in place of its own. */
  loadState?(saved: unknown): void;
}
