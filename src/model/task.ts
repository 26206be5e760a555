/**
 * A task's life, in Mesos's states.
 *
 * pending (queued in its framework, not yet launched) → staging (accepted by the
 * master, on its way to the agent) → running → one terminal state: finished,
 * failed, killed (its framework left, or an operator ended it) or lost (its
 * agent went away). A task still queued when its framework leaves ends as
 * dropped (Mesos's TASK_DROPPED); one still queued when the run ends stays
 * pending.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { Quantities } from './resources.js';

export type TaskState = 'pending' | 'staging' | 'running' | 'finished' | 'failed' | 'killed' | 'lost' | 'dropped';

export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set(['finished', 'failed', 'killed', 'lost', 'dropped']);

export function isTerminal(state: TaskState): boolean {
  return TERMINAL_STATES.has(state);
}

/** The job a task belongs to, as the run tracks it. */
export interface JobRecord {
  /** Globally unique: `<framework>/<job id>`. */
  readonly id: string;
  readonly framework: number;
  readonly submit: SimTime;
  /** Bidding: money bid per task (B), priority class (P, 1 most important), pool restriction. */
  readonly bid: number;
  readonly priority: number;
  readonly pool: string | undefined;
  /** Tasks of this job not yet in a terminal state. */
  live: number;
  /** Tasks of this job that ended in a state other than finished. */
  unsuccessful: number;
  /** Latest end time among its tasks so far. */
  lastEnd: SimTime;
}

export class Task {
  state: TaskState = 'pending';
  /** Agent index, or -1 while pending. */
  agent = -1;
  /** When it started running on its agent; -1 before. */
  start: SimTime = -1;
  /** When it reached a terminal state; -1 before. */
  end: SimTime = -1;

  constructor(
    readonly job: JobRecord,
    /** Position within its job, from 0. */
    readonly index: number,
    readonly resources: Quantities,
    /** Seconds of running time (Infinity: runs until the end of the simulation). */
    readonly duration: SimTime,
  ) {}

  get id(): string {
    return `${this.job.id}/${this.index}`;
  }

  get submit(): SimTime {
    return this.job.submit;
  }
}
