/**
 * Watches a run from outside the model and turns what it sees into the run's
 * tables and summary figures. It only observes: it reads the cluster's sums,
 * tasks, jobs and offers, and never changes model state.
 *
 * The parts, each owning its figures: utilization.ts (exact integrals of the
 * cluster's sums, and the utilization and price rows), counts.ts (tasks,
 * jobs, offers, runs, payments, faults; waits and completion times), rows.ts
 * (tasks, jobs, offers and events rows), with queues.ts and shares.ts (each
 * fault model's figures are its own: src/faults/<model>/figures.ts). The collector keeps the sampling clock (every
 * `sampleInterval` simulated seconds) and the live tasks and outstanding
 * offers, written out when the run ends.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { AllocationRunInfo, RunObserver } from '../master/observer.js';
import type { Offer } from '../model/offer.js';
import { OfferBook } from '../model/offer-book.js';
import type { Quantities, ResourceSpace } from '../model/resources.js';
import type { JobRecord, Task, TaskState } from '../model/task.js';
import type { FaultEvent } from '../model/fault-event.js';
import type { RunSinks } from './sinks.js';
import type { Distribution, PercentileMode } from './stats.js';
import { RunCounts, type LocalityMetrics } from './counts.js';
import { QueueCounter, type QueueFigures } from './queues.js';
import { RowWriter, type RowNames } from './rows.js';
import { ShareSampler, type FairnessFigures, type ShareSource } from './shares.js';
import { Utilization, type ResourceSeconds, type ResourceUtilization, type UtilizationSource } from './utilization.js';
import { MeasurementWindow } from './window.js';
import { refill } from '../core/refill.js';

/** What the collector reads from the model: cluster-wide sums and names. */
export interface ObservedCluster extends UtilizationSource, RowNames {
  /** Allocations for dominant shares (shares.ts). */
  readonly shares: Omit<ShareSource, 'total'>;
}

export interface CollectorOptions {
  /** Seconds between utilization samples. */
  readonly sampleInterval: number;
  /** Write a row per offer. */
  readonly offers: boolean;
  /** Write a row per task attempt (default true); the figures are the same without. */
  readonly tasks?: boolean;
  /** Report delay scheduling's locality: a tasks.csv column and a summary figure. */
  readonly locality?: boolean;
  /**
   * The measurement window, in simulated seconds: summary figures of
   * utilization, waits, completions, throughput, fairness, queues and offers'
   * resource-seconds cover only [from, to]. Default: the whole run.
   */
  readonly window?: { readonly from: SimTime; readonly to: SimTime };
  /** How the summary's percentiles are found (scenario `metrics.percentiles`); absent: exact. */
  readonly percentiles?: PercentileMode;
  /** Usage is modelled: utilization.csv gains a `used` column, and utilization a `used_mean`. */
  readonly usage?: boolean;
}

export interface CollectedMetrics {
  /** `submitted` counts every attempt; `resubmitted` the attempts after the first. */
  readonly tasks: Record<'submitted' | 'resubmitted' | 'started' | TaskState, number> & { readonly at_end_live: number };
  readonly utilization: Record<string, ResourceUtilization>;
  readonly wait_time: Distribution;
  readonly job_completion_time: Distribution;
  /** Over jobs completed in the window: completion time ÷ run time (last end − first start). */
  readonly slowdown: Distribution;
  /** The same with run times under SLOWDOWN_BOUND counted as SLOWDOWN_BOUND, and never below 1. */
  readonly bounded_slowdown: Distribution;
  readonly jobs: { readonly submitted: number; readonly completed: number; readonly unsuccessful: number };
  readonly offers: {
    readonly made: number;
    readonly accepted: number;
    readonly declined: number;
    readonly rescinded: number;
    readonly outstanding_at_end: number;
    /** Resource-seconds held in offers (no one else could be offered them meanwhile). */
    readonly locked_resource_seconds: ResourceSeconds;
    /** The part of it returned unused: declined, rescinded, left over from accepted offers, or still outstanding at the end. */
    readonly unused_resource_seconds: ResourceSeconds;
  };
  readonly allocation_runs: {
    readonly count: number;
    readonly grants: number;
    readonly wall_seconds: number;
    /** wall_seconds per run, in ms; null without runs. */
    readonly wall_ms_per_run: number | null;
    /** wall_seconds per grant, in µs; null without grants. */
    readonly wall_us_per_grant: number | null;
  };
  /** The window the figures cover. */
  readonly window: { readonly from: SimTime; readonly to: SimTime };
  /** Present when the percentiles of wait_time, job_completion_time, slowdown, bounded_slowdown and groups are approximate (scenario metrics.percentiles). */
  readonly percentiles?: 'approximate';
  /** Last task end minus first submission, s; null when no task finished. */
  readonly makespan: number | null;
  /** Tasks finished and jobs completed per hour within the window; null for an empty window. */
  readonly throughput: { readonly tasks_per_hour: number | null; readonly jobs_per_hour: number | null };
  readonly fairness: FairnessFigures;
  readonly queues: QueueFigures;
  /** Money paid for launched tasks: the total, and by framework name (every framework with a task row). */
  readonly payments: { readonly total: number; readonly by_framework: Record<string, number> };
  /** Only with the `locality` option. */
  readonly locality?: LocalityMetrics;
  /** Fault events (events.csv rows) by kind, kinds in order of first occurrence. */
  readonly faults: { readonly events: number; readonly by_kind: Record<string, number> };
}

export class MetricsCollector implements RunObserver {
  #nextSample: SimTime = 0;
  #lastSample: SimTime = -1;
  readonly #window: MeasurementWindow;
  readonly #utilization: Utilization;
  readonly #counts: RunCounts;
  readonly #rows: RowWriter;
  readonly #queues: QueueCounter;
  readonly #shares: ShareSampler;
  /** Tasks submitted and not ended: written out at the end of the run. */
  readonly #live = new Set<Task>();
  /** Offers made and not resolved: written out at the end of the run. */
  readonly #outstanding = new OfferBook();

  constructor(
    space: ResourceSpace,
    private readonly cluster: ObservedCluster,
    sinks: RunSinks,
    private readonly options: CollectorOptions,
  ) {
    this.#window = new MeasurementWindow(options.window);
    const names = Array.from({ length: cluster.shares.frameworks }, (_, i) => cluster.frameworkName(i));
    this.#queues = new QueueCounter(names, sinks.queues);
    const source: ShareSource = { ...cluster.shares, get total() { return cluster.total; } };
    this.#shares = new ShareSampler(source, sinks.shares, (fw) => this.#queues.pending[fw]!, sinks.fairness);
    this.#rows = new RowWriter(space, cluster, sinks, options.locality === true);
    this.#utilization = new Utilization(space, cluster, sinks, this.#window, options.usage === true);
    this.#counts = new RunCounts(this.#window, options.percentiles);
  }

  /** Called before each event is handled: accounts for the time since the last one. */
  beforeEvent(now: SimTime): void {
    this.advance(now);
  }

  /** Integrates up to `now`, taking every sample due on the way. */
  advance(now: SimTime): void {
    while (this.#nextSample <= now) {
      this.#utilization.integrate(this.#nextSample);
      this.#sample(this.#nextSample);
      this.#nextSample += this.options.sampleInterval;
    }
    this.#utilization.integrate(now);
  }

  #sample(time: SimTime): void {
    this.#lastSample = time;
    const counted = this.#window.contains(time);
    this.#queues.sample(time, counted);
    this.#shares.sample(time, counted);
    this.#utilization.sample(time);
  }

  taskSubmitted(task: Task, now: SimTime): void {
    this.#counts.submitted(task, now);
    this.#queues.submitted(task.job.framework);
    this.#live.add(task);
  }

  taskStarted(task: Task, now: SimTime): void {
    this.#counts.started(task, now);
    this.#queues.started(task.job.framework);
  }

  taskEnded(task: Task, now: SimTime): void {
    this.#live.delete(task);
    this.#queues.ended(task.job.framework, task.start >= 0);
    const jobOver = this.#counts.ended(task, now);
    if (this.options.tasks !== false) this.#rows.task(task);
    if (jobOver !== undefined) this.#rows.job(task.job, jobOver);
  }

  offerMade(offer: Offer): void {
    this.#counts.offers.made++;
    this.#outstanding.add(offer);
  }

  offerResolved(offer: Offer, tasksLaunched: number, now: SimTime, unused: Quantities): void {
    this.#counts.offerResolved(offer);
    this.#utilization.addUnused(unused, offer.time, now);
    this.#outstanding.delete(offer.id);
    if (this.options.offers) this.#rows.offer(offer, offer.outcome!, tasksLaunched, now - offer.time);
  }

  allocationRun(info: AllocationRunInfo): void {
    this.#counts.allocationRun(info);
  }

  fault(event: FaultEvent, now: SimTime): void {
    this.#counts.fault(event.kind);
    this.#rows.event(event, now);
  }

  /** Closes the run at `end`: writes live tasks and outstanding offers, the last sample, and the figures. */
  finish(end: SimTime): CollectedMetrics {
    this.advance(end);
    if (this.#lastSample !== end) this.#sample(end);
    const counts = this.#counts;
    const liveJobs = new Set<JobRecord>();
    for (const task of this.#live) {
      counts.counted(task);
      if (this.options.tasks !== false) this.#rows.task(task);
      liveJobs.add(task.job);
    }
    for (const job of liveJobs) this.#rows.job(job, 'live');
    if (this.options.offers) for (const offer of this.#outstanding.values()) this.#rows.offer(offer, 'outstanding', 0, null);
    for (const offer of this.#outstanding.values()) this.#utilization.addUnused(offer.resources, offer.time, end);
    const runs = counts.runs;
    return {
      tasks: { ...(counts.tasks as Omit<CollectedMetrics['tasks'], 'at_end_live'>), at_end_live: this.#live.size },
      utilization: this.#utilization.figures(),
      wait_time: counts.waits.describe(),
      job_completion_time: counts.jobTimes.describe(),
      slowdown: counts.slowdowns.describe(),
      bounded_slowdown: counts.boundedSlowdowns.describe(),
      jobs: { ...counts.jobs },
      offers: {
        ...counts.offers,
        outstanding_at_end: this.#outstanding.size,
        locked_resource_seconds: this.#utilization.lockedResourceSeconds(),
        unused_resource_seconds: this.#utilization.unusedResourceSeconds(),
      },
      allocation_runs: {
        ...runs,
        wall_ms_per_run: runs.count > 0 ? (1000 * runs.wall_seconds) / runs.count : null,
        wall_us_per_grant: runs.grants > 0 ? (1e6 * runs.wall_seconds) / runs.grants : null,
      },
      window: { from: this.#window.from, to: Math.min(this.#window.to, end) },
      ...(this.options.percentiles === 'approximate' ? { percentiles: 'approximate' as const } : {}),
      makespan: counts.makespan(),
      throughput: counts.throughput(end),
      fairness: this.#shares.figures(),
      queues: this.#queues.figures(),
      payments: counts.payments((fw) => this.cluster.frameworkName(fw)),
      ...(this.options.locality === true ? { locality: counts.locality() } : {}),
      faults: counts.faults(),
    };
  }

  /** Its state as data (src/checkpoint/snapshot.ts): samples due, sums, counts, queue and share figures, tasks and offers still open. */
  saveState() {
    return {
      ...{ nextSample: this.#nextSample, lastSample: this.#lastSample, utilization: this.#utilization.saveState(), counts: this.#counts.saveState() },
      ...{ queues: this.#queues.saveState(), shares: this.#shares.saveState(), live: this.#live, outstanding: [...this.#outstanding.values()] },
    };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<MetricsCollector['saveState']>): void {
    this.#nextSample = s.nextSample;
    this.#lastSample = s.lastSample;
    this.#utilization.loadState(s.utilization);
    this.#counts.loadState(s.counts);
    this.#queues.loadState(s.queues);
    this.#shares.loadState(s.shares);
    refill(this.#live, s.live);
    this.#outstanding.load(s.outstanding);
  }
}
