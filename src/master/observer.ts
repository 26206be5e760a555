/**
 * What the model reports as it runs. Metrics are computed from these calls,
 * outside the model; the model never computes a metric itself.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { Offer } from '../model/offer.js';
import type { Task } from '../model/task.js';
import type { Quantities } from '../model/resources.js';
import type { FaultEvent } from '../model/fault-event.js';

export interface AllocationRunInfo {
  readonly time: SimTime;
  /** Agents the allocator was asked about. */
  readonly candidates: number;
  readonly grants: number;
  /** Wall-clock seconds the allocator itself took. */
  readonly wallSeconds: number;
}

export interface RunObserver {
  /** Called before each event is handled, with its time. */
  beforeEvent?(now: SimTime): void;
  taskSubmitted(task: Task, now: SimTime): void;
  taskStarted(task: Task, now: SimTime): void;
  /** The task reached a terminal state (its `state` and `end` are set). */
  taskEnded(task: Task, now: SimTime): void;
  offerMade(offer: Offer): void;
  /**
   * The offer was accepted, declined or rescinded (`offer.outcome` is set);
   * `unused`: what went back unused (all of it unless accepted).
   */
  offerResolved(offer: Offer, tasksLaunched: number, now: SimTime, unused: Quantities): void;
  allocationRun(info: AllocationRunInfo): void;
  /** A periodic or triggered allocation pass ended now, whether or not the allocator ran (it runs only over agents awake). */
  allocationPass?(now: SimTime): void;
  /** A fault, recovery or protective action happened now (see model/fault-event.ts). */
  fault?(event: FaultEvent, now: SimTime): void;
}

/**
 * An observer that passes every call on to `inner`, except those `own`
 * handles (which pass them on themselves when `inner` should see them):
 * for observers that watch a run on the way to another.
 */
export function forwarding(inner: RunObserver, own: Partial<RunObserver>): RunObserver {
  return {
    beforeEvent: (now) => inner.beforeEvent?.(now),
    taskSubmitted: (task, now) => inner.taskSubmitted(task, now),
    taskStarted: (task, now) => inner.taskStarted(task, now),
    taskEnded: (task, now) => inner.taskEnded(task, now),
    offerMade: (offer) => inner.offerMade(offer),
    offerResolved: (offer, n, now, unused) => inner.offerResolved(offer, n, now, unused),
    allocationRun: (info) => inner.allocationRun(info),
    allocationPass: (now) => inner.allocationPass?.(now),
    fault: (event, now) => inner.fault?.(event, now),
    ...own,
  };
}

/** An observer that ignores everything. */
export const nullObserver: RunObserver = {
  taskSubmitted() {},
  taskStarted() {},
  taskEnded() {},
  offerMade() {},
  offerResolved() {},
  allocationRun() {},
};
