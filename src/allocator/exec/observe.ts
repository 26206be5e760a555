/**
 * The run's observer, with an exec policy's own observer beside it (its
 * signals and notifications, signals.ts): both see every call.
 *
 * @module
 */
import type { RunObserver } from '../../master/observer.js';
import type { Allocator } from '../types.js';
import { ExecAllocator } from './exec-allocator.js';

/** `inner`, plus the observer of `allocator` if it is an exec policy. */
export function withPolicyObserver(inner: RunObserver, allocator: Allocator): RunObserver {
  if (!(allocator instanceof ExecAllocator)) return inner;
  const own = allocator.observer();
  return {
    beforeEvent: (now) => {
      own.beforeEvent?.(now);
      inner.beforeEvent?.(now);
    },
    taskSubmitted: (task, now) => {
      own.taskSubmitted?.(task, now);
      inner.taskSubmitted(task, now);
    },
    taskStarted: (task, now) => {
      own.taskStarted?.(task, now);
      inner.taskStarted(task, now);
    },
    taskEnded: (task, now) => {
      own.taskEnded?.(task, now);
      inner.taskEnded(task, now);
    },
    offerMade: (offer) => inner.offerMade(offer),
    offerResolved: (offer, n, now, unused) => {
      own.offerResolved?.(offer, n, now, unused);
      inner.offerResolved(offer, n, now, unused);
    },
    allocationRun: (info) => inner.allocationRun(info),
    allocationPass: (now) => inner.allocationPass?.(now),
    fault: (event, now) => inner.fault?.(event, now),
  };
}
