/**
 * Maintenance figures for summary.json (`faults.maintenance`), worked out from
 * outside the model: from the maintenance fault events and task ends the run
 * reports (docs/faults.md#maintenance).
 *
 * An agent is "in maintenance" from its maintenance-scheduled event until its
 * machine goes down (maintenance-started). A task that finishes on such an
 * agent finished before the window; one lost on an agent at the instant its
 * machine goes down was lost to maintenance.
 *
 * @module
 */
import type { SimTime } from '../../core/event-queue.js';
import type { FaultEvent } from '../../model/fault-event.js';
import type { RunObserver } from '../../master/observer.js';
import type { Task } from '../../model/task.js';
import type { Snapshotting } from '../../checkpoint/snapshotting.js';
import { num, record, refill, refillCounts } from '../../core/refill.js';

export interface MaintenanceFigures {
  /** Agent windows whose schedule was posted (maintenance-scheduled events). */
  readonly windows: number;
  /** Machines taken down and brought back up. */
  readonly machines: { readonly down: number; readonly up: number; readonly down_seconds: number };
  /** Drains started, and agents drained before their machine went down. */
  readonly drains: { readonly started: number; readonly drained: number };
  readonly inverse_offers: {
    readonly sent: number;
    readonly accepted: number;
    readonly declined: number;
    /** Taken back unanswered: the agent left, the schedule changed, the framework left or offer_timeout ran out. */
    readonly rescinded: number;
    readonly outstanding_at_end: number;
  };
  readonly tasks: {
    /** Finished on an agent between its schedule being posted and its machine going down. */
    readonly finished_before_window: number;
    /** Killed by their framework to move them off an agent before its window. */
    readonly migrated: number;
    /** Killed by their agent's drain. */
    readonly drained: number;
    /** Lost when their agent's machine went down. */
    readonly lost: number;
  };
}

/**
 * Wraps `inner` to watch maintenance; `report()` gives the figures. Every call
 * goes on to `inner` unchanged.
 */
export function maintenanceMetrics(inner: RunObserver): { observer: RunObserver; report(): MaintenanceFigures; state: Snapshotting<unknown> } {
  /** Agents between their maintenance-scheduled event and their machine going down. */
  const scheduled = new Set<number>();
  /** Agents whose machine is going down at this instant, and when. */
  const goingDown = new Map<number, SimTime>();
  const io = { sent: 0, accepted: 0, declined: 0, rescinded: 0 };
  const tasks = { finished_before_window: 0, migrated: 0, drained: 0, lost: 0 };
  const machines = { down: 0, up: 0, down_seconds: 0 };
  const drains = { started: 0, drained: 0 };
  let windows = 0;

  const onFault = (e: FaultEvent, now: SimTime): void => {
    const agent = e.agent ?? -1;
    switch (e.kind) {
      case 'maintenance-scheduled':
        windows++;
        scheduled.add(agent);
        break;
      case 'maintenance-started':
        machines.down++;
        scheduled.delete(agent);
        goingDown.set(agent, now);
        break;
      case 'maintenance-ended':
        goingDown.delete(agent);
        machines.up++;
        machines.down_seconds += e.value ?? 0;
        break;
      case 'agent-draining':
        drains.started++;
        break;
      case 'agent-drained':
        drains.drained++;
        break;
      case 'inverse-offer':
        io.sent++;
        break;
      case 'inverse-offer-answered':
        if (e.detail === 'accepted') io.accepted++;
        else io.declined++;
        break;
      case 'inverse-offer-rescinded':
        io.rescinded++;
        break;
      case 'task-migrated':
        tasks.migrated++;
        break;
      case 'task-drained':
        tasks.drained++;
        break;
    }
  };
  const onTaskEnded = (task: Task, now: SimTime): void => {
    if (task.state === 'finished' && scheduled.has(task.agent)) tasks.finished_before_window++;
    else if (task.state === 'lost' && goingDown.get(task.agent) === now) tasks.lost++;
  };

  const observer: RunObserver = {
    ...(inner.beforeEvent !== undefined ? { beforeEvent: (now) => inner.beforeEvent!(now) } : {}),
    taskSubmitted: (task, now) => inner.taskSubmitted(task, now),
    taskStarted: (task, now) => inner.taskStarted(task, now),
    taskEnded: (task, now) => {
      onTaskEnded(task, now);
      inner.taskEnded(task, now);
    },
    offerMade: (offer) => inner.offerMade(offer),
    offerResolved: (offer, n, now, unused) => inner.offerResolved(offer, n, now, unused),
    allocationRun: (info) => inner.allocationRun(info),
    allocationPass: (now) => inner.allocationPass?.(now),
    fault: (event, now) => {
      onFault(event, now);
      inner.fault?.(event, now);
    },
  };
  // Its state as data (src/checkpoint/snapshot.ts).
  const state: Snapshotting<unknown> = {
    saveState: () => ({ scheduled, goingDown, io: { ...io }, tasks: { ...tasks }, machines: { ...machines }, drains: { ...drains }, windows }),
    loadState: (saved) => {
      const s = record(saved, 'maintenance figures');
      refill(scheduled, s['scheduled']);
      refill(goingDown, s['goingDown']);
      refillCounts(io, s['io'], 'maintenance figures: inverse offers');
      refillCounts(tasks, s['tasks'], 'maintenance figures: tasks');
      refillCounts(machines, s['machines'], 'maintenance figures: machines');
      refillCounts(drains, s['drains'], 'maintenance figures: drains');
      windows = num(s['windows'], 'maintenance figures: windows');
    },
  };
  return {
    observer,
    state,
    report: () => ({
      windows,
      machines: { ...machines },
      drains: { ...drains },
      inverse_offers: { ...io, outstanding_at_end: io.sent - io.accepted - io.declined - io.rescinded },
      tasks: { ...tasks },
    }),
  };
}
