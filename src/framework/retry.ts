/**
 * A framework's retry policy: which unsuccessful ends it resubmits a task
 * after, how many times, and after what back-off.
 *
 * The k-th retry of a task (k = 1, 2, …) is resubmitted
 * min(backoffMax, backoff × backoffFactor^(k−1)) seconds after the framework
 * learns of the end. A task is retried at most `limit` times.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { TaskState } from '../model/task.js';

/** The ends a framework may retry after. */
export type RetryableState = 'preempted' | 'lost' | 'failed' | 'drained';

/**
 * How a task ended, as a retry policy tells ends apart: its state, or
 * `drained` for a task its agent killed while draining (Mesos's TASK_KILLED
 * with reason AGENT_DRAINING; state `killed`).
 */
export type TaskEnd = TaskState | 'drained';

/**
 * How a fault model made a task end, when it did: `drained` (killed by its
 * agent's drain) or `migrated` (killed by its framework to move it off an
 * agent before maintenance; always resubmitted).
 */
export type EndCause = 'drained' | 'migrated';

export interface RetryPolicy {
  /** Ends after which the task is resubmitted. */
  readonly on: ReadonlySet<TaskEnd>;
  /** Most retries per task (Infinity: no limit). */
  readonly limit: number;
  /** Delay before the first retry (s). */
  readonly backoff: SimTime;
  /** Each further retry waits this many times longer. */
  readonly backoffFactor: number;
  /** Longest delay (s). */
  readonly backoffMax: SimTime;
}

/** Preempted, lost and drained tasks are resubmitted at once, without limit; failed ones are not. */
export const DEFAULT_RETRY: RetryPolicy = {
  on: new Set<TaskEnd>(['preempted', 'lost', 'drained']),
  limit: Infinity,
  backoff: 0,
  backoffFactor: 2,
  backoffMax: 300,
};

/** True when a task that ended in `end` on attempt `attempt` (0 first) is to be resubmitted. */
export function shouldRetry(policy: RetryPolicy, end: TaskEnd, attempt: number): boolean {
  return policy.on.has(end) && attempt < policy.limit;
}

/** Seconds between learning of the end of attempt `attempt` (0 first) and resubmitting it. */
export function retryDelay(policy: RetryPolicy, attempt: number): SimTime {
  if (policy.backoff === 0) return 0; // (0 × Infinity would be NaN after ~1000 attempts)
  return Math.min(policy.backoffMax, policy.backoff * policy.backoffFactor ** attempt);
}
