/**
 * summary.json figures of the task fault models, counted from the fault
 * events the run reports (never inside the model): `faults.task_failures`
 * when some framework or job has a failure model, `faults.isolation` when
 * the scenario sets an isolation mode. docs/faults.md defines each figure.
 *
 * @module
 */
import { forwarding, type RunObserver } from '../../master/observer.js';
import type { TaskFaultsSpec } from './task-class.js';
import type { Snapshotting } from '../../checkpoint/snapshotting.js';
import { record, refillCounts } from '../../core/refill.js';

export interface TaskFailureFigures {
  /** Attempts that failed (`task-failed` events), in all and by cause. */
  readonly failed: number;
  readonly probability: number;
  readonly rate: number;
  /** Seconds those attempts had run before they failed. */
  readonly wasted_seconds: number;
}

export interface IsolationFigures {
  readonly mode: string;
  /** Tasks OOM-killed (`task-oom-killed`), in all and by cause: over their own limit, or the agent's memory. */
  readonly oom_kills: number;
  readonly oom_limit: number;
  readonly oom_agent: number;
  /** Seconds the OOM-killed attempts had run. */
  readonly oom_wasted_seconds: number;
  /** Tasks whose run was stretched: throttled (enforce) or slowed by co-located tasks (none). */
  readonly throttled_tasks: number;
  readonly slowed_tasks: number;
  /** Seconds added to runs by throttling and slowdown together. */
  readonly slowed_seconds: number;
}

export interface TaskFaultReport {
  readonly task_failures?: TaskFailureFigures;
  readonly isolation?: IsolationFigures;
}

/**
 * Wraps `inner` to count the task fault events passing through it.
 * Without task fault models it returns `inner` itself and reports nothing.
 */
export function taskFaultFigures(
  inner: RunObserver,
  spec: TaskFaultsSpec | undefined,
): { observer: RunObserver; report(): TaskFaultReport; state: Snapshotting<unknown> } {
  if (spec === undefined) return { observer: inner, report: () => ({}), state: { saveState: () => ({}), loadState: () => undefined } };
  const f = { failed: 0, probability: 0, rate: 0, wasted_seconds: 0 };
  const i = { oom_kills: 0, oom_limit: 0, oom_agent: 0, oom_wasted_seconds: 0, throttled_tasks: 0, slowed_tasks: 0, slowed_seconds: 0 };
  const observer = forwarding(inner, {
    fault: (event, now) => {
      const value = event.value ?? 0;
      switch (event.kind) {
        case 'task-failed':
          f.failed++;
          if (event.detail === 'probability') f.probability++;
          if (event.detail === 'rate') f.rate++;
          f.wasted_seconds += value;
          break;
        case 'task-oom-killed':
          i.oom_kills++;
          if (event.detail === 'limit') i.oom_limit++;
          if (event.detail === 'agent') i.oom_agent++;
          i.oom_wasted_seconds += value;
          break;
        case 'task-throttled':
          i.throttled_tasks++;
          i.slowed_seconds += value;
          break;
        case 'task-slowed':
          i.slowed_tasks++;
          i.slowed_seconds += value;
          break;
      }
      inner.fault?.(event, now);
    },
  });
  return {
    observer,
    // Its state as data (src/checkpoint/snapshot.ts): the two sets of counts.
    state: {
      saveState: () => ({ failures: { ...f }, isolation: { ...i } }),
      loadState: (saved: unknown) => {
        const s = record(saved, 'task fault figures');
        refillCounts(f, s['failures'], 'task failures');
        refillCounts(i, s['isolation'], 'isolation');
      },
    },
    report: () => ({
      ...(spec.failures ? { task_failures: { ...f } } : {}),
      ...(spec.isolation !== undefined ? { isolation: { mode: spec.isolation, ...i } } : {}),
    }),
  };
}
