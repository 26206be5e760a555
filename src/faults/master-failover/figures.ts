/**
 * Master failover figures for summary.json (`faults.master_failover`),
 * computed from what the run reports (fault events, tasks, offers), outside
 * the model. An observer that passes everything on to the one it wraps.
 *
 * Per failover:
 * - leaderless_seconds: the failure to the election (no master leads);
 * - allocation_outage_seconds: the failure to the first moment the new
 *   leader may allocate (the election, or the end of the allocator's
 *   recovery pause when quota is configured);
 * - recovery_seconds: the failure to the moment every agent and framework
 *   the new leader waits for is back (or, for agents, found unreachable):
 *   the figure to set beside the Mesos paper's MTTR; reregistration_seconds
 *   is its part after the election;
 * - offers_lost: outstanding offers that died with the failed leader;
 * - launches_lost: tasks launched in an ACCEPT that no master received,
 *   reported lost when their framework reconciled;
 * - tasks_delayed and delay_task_seconds: the scheduling delay the failover
 *   added, taken as the time allocation was out for the tasks waiting to
 *   start then. A task waits from its submission until it starts (or ends
 *   without starting); delay_task_seconds = ∫ (tasks waiting) dt over the
 *   allocation outage, and tasks_delayed counts the tasks that waited during
 *   it. It is what the outage cost the tasks that could have started at once;
 *   a task that would have waited anyway (a full cluster) is charged too, so
 *   it is an upper bound on the extra wait, and it leaves out the capacity
 *   still missing while agents re-register. Compare wait_time with a run of
 *   the same scenario and seed without faults.master for the net effect.
 *
 * A failover still under way when the run ends has null for what did not
 * happen; its outage is counted up to the end.
 *
 * @module
 */
import type { SimTime } from '../../core/event-queue.js';
import type { RunObserver } from '../../master/observer.js';
import { Samples, type Distribution } from '../../metrics/stats.js';
import type { Snapshotting } from '../../checkpoint/snapshotting.js';
import { bool, num, record, refill } from '../../core/refill.js';

export interface FailoverRecord {
  readonly failed_at: SimTime;
  readonly elected_at: SimTime | null;
  readonly allocation_resumed_at: SimTime | null;
  readonly recovered_at: SimTime | null;
  readonly leaderless_seconds: number | null;
  readonly allocation_outage_seconds: number | null;
  readonly recovery_seconds: number | null;
  readonly reregistration_seconds: number | null;
  readonly offers_lost: number;
  readonly launches_lost: number;
  readonly tasks_delayed: number;
  readonly delay_task_seconds: number;
}

export interface FailoverFigures {
  readonly failovers: number;
  readonly leaderless_seconds: Distribution;
  readonly recovery_seconds: Distribution;
  readonly reregistration_seconds: Distribution;
  readonly offers_lost: number;
  readonly launches_lost: number;
  readonly tasks_delayed: number;
  readonly delay_task_seconds: number;
  /** delay_task_seconds / tasks_delayed; null when no task waited through an outage. */
  readonly mean_delay_seconds: number | null;
  /** Every failover, in order. */
  readonly each: readonly FailoverRecord[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface FailoverMetrics {
  readonly observer: RunObserver;
  /** Its state as data (src/checkpoint/snapshot.ts): every failover so far (the current one is the last), and the outage clock. */
  readonly state: Snapshotting<unknown>;
  /** The figures, with outages still open counted up to `end`. */
  report(end: SimTime): FailoverFigures;
}

export function failoverMetrics(inner: RunObserver): FailoverMetrics {
  const records: Mutable<FailoverRecord>[] = [];
  let current: Mutable<FailoverRecord> | undefined;
  /** Tasks submitted and not yet started or ended. */
  let waiting = 0;
  let outage = false;
  let last: SimTime = 0;
  /** The event being handled is a master failure: offers rescinded now died with the leader. */
  let failing = false;

  const advance = (now: SimTime): void => {
    if (outage && current !== undefined) current.delay_task_seconds += waiting * (now - last);
    last = now;
  };

  const observer: RunObserver = {
    beforeEvent(now) {
      advance(now);
      failing = false;
      inner.beforeEvent?.(now);
    },
    taskSubmitted(task, now) {
      advance(now);
      waiting++;
      if (outage) current!.tasks_delayed++;
      inner.taskSubmitted(task, now);
    },
    taskStarted(task, now) {
      advance(now);
      waiting--;
      inner.taskStarted(task, now);
    },
    taskEnded(task, now) {
      advance(now);
      if (task.start < 0) waiting--;
      inner.taskEnded(task, now);
    },
    offerMade: (offer) => inner.offerMade(offer),
    offerResolved(offer, n, now, unused) {
      if (failing && offer.outcome === 'rescinded') current!.offers_lost++;
      inner.offerResolved(offer, n, now, unused);
    },
    allocationRun: (info) => inner.allocationRun(info),
    allocationPass: (now) => inner.allocationPass?.(now),
    fault(event, now) {
      advance(now);
      switch (event.kind) {
        case 'master-failed':
          current = {
            failed_at: now,
            elected_at: null,
            allocation_resumed_at: null,
            recovered_at: null,
            leaderless_seconds: null,
            allocation_outage_seconds: null,
            recovery_seconds: null,
            reregistration_seconds: null,
            offers_lost: 0,
            launches_lost: 0,
            tasks_delayed: waiting,
            delay_task_seconds: 0,
          };
          records.push(current);
          outage = true;
          failing = true;
          break;
        case 'leader-elected':
          if (current === undefined) break;
          current.elected_at = now;
          current.leaderless_seconds = now - current.failed_at;
          resumed(now);
          break;
        case 'allocation-paused':
          if (current !== undefined) outage = true;
          break;
        case 'allocation-resumed':
          resumed(now);
          break;
        case 'launch-lost':
          if (current !== undefined) current.launches_lost++;
          break;
        case 'master-recovered':
          if (current === undefined) break;
          current.recovered_at = now;
          current.recovery_seconds = now - current.failed_at;
          current.reregistration_seconds = current.elected_at === null ? null : now - current.elected_at;
          break;
      }
      inner.fault?.(event, now);
    },
  };

  function resumed(now: SimTime): void {
    if (current === undefined) return;
    outage = false;
    current.allocation_resumed_at = now;
    current.allocation_outage_seconds = now - current.failed_at;
  }

  const state: Snapshotting<unknown> = {
    saveState: () => ({ records, current: current === undefined ? -1 : records.indexOf(current), waiting, outage, last, failing }),
    loadState: (saved) => {
      const s = record(saved, 'failover figures');
      refill(records, s['records']);
      for (const r of records) record(r, 'failover figures: a failover');
      const at = num(s['current'], 'failover figures: current');
      if (at >= records.length) throw new RangeError(`failover figures: failover ${at} of ${records.length}`);
      current = at < 0 ? undefined : records[at];
      waiting = num(s['waiting'], 'failover figures: waiting');
      outage = bool(s['outage'], 'failover figures: outage');
      last = num(s['last'], 'failover figures: last');
      failing = bool(s['failing'], 'failover figures: failing');
    },
  };

  return {
    observer,
    state,
    report(end) {
      advance(end);
      const leaderless = new Samples();
      const recovery = new Samples();
      const reregistration = new Samples();
      let offers = 0;
      let launches = 0;
      let delayed = 0;
      let delay = 0;
      for (const r of records) {
        if (r.leaderless_seconds !== null) leaderless.push(r.leaderless_seconds);
        if (r.recovery_seconds !== null) recovery.push(r.recovery_seconds);
        if (r.reregistration_seconds !== null) reregistration.push(r.reregistration_seconds);
        offers += r.offers_lost;
        launches += r.launches_lost;
        delayed += r.tasks_delayed;
        delay += r.delay_task_seconds;
      }
      return {
        failovers: records.length,
        leaderless_seconds: leaderless.describe(),
        recovery_seconds: recovery.describe(),
        reregistration_seconds: reregistration.describe(),
        offers_lost: offers,
        launches_lost: launches,
        tasks_delayed: delayed,
        delay_task_seconds: delay,
        mean_delay_seconds: delayed > 0 ? delay / delayed : null,
        each: records.map((r) => ({ ...r })),
      };
    },
  };
}
