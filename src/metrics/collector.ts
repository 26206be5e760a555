/**
 * Watches a run from outside the model and turns what it sees into the run's
 * tables and summary figures.
 *
 * Utilization is integrated exactly: the cluster's sums only change when an
 * event is handled, so `advance(now)` (called before each event) adds the
 * sums as they stood, times the time since the previous event.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { AllocationRunInfo, RunObserver } from '../master/observer.js';
import type { Offer } from '../model/offer.js';
import { fromMilli, type Quantities, type ResourceSpace } from '../model/resources.js';
import type { JobRecord, Task, TaskState } from '../model/task.js';
import type { FaultEvent } from '../model/fault-event.js';
import type { RunSinks } from './sinks.js';
import { LOCALITY_LEVELS } from '../framework/placement.js';
import { Samples, type Distribution } from './stats.js';
import { AgentFaultFigureCollector, type AgentFaultFigures } from './agent-fault-figures.js';
import { QueueCounter, type QueueFigures } from './queues.js';
import { ShareSampler, type FairnessFigures, type ShareSource } from './shares.js';

/** What the collector reads from the model: cluster-wide sums and names. */
export interface ObservedCluster {
  readonly total: Quantities;
  readonly offered: Quantities;
  readonly allocated: Quantities;
  frameworkName(index: number): string;
  frameworkRole(index: number): string;
  agentName(index: number): string;
  /** The pool of an agent, or undefined. */
  agentPool(index: number): string | undefined;
  /** Each pool's current unit price; undefined when the allocator sets no prices. */
  poolPrices(): ReadonlyMap<string, number> | undefined;
  /** What running tasks really use, when usage is modelled (an isolation mode); else undefined. */
  readonly used: Quantities | undefined;
  /** Allocations for dominant shares (shares.ts). */
  readonly shares: Omit<ShareSource, 'total'>;
}

export interface CollectorOptions {
  /** Seconds between utilization samples. */
  readonly sampleInterval: number;
  /** Write a row per offer. */
  readonly offers: boolean;
  /** Report delay scheduling's locality: a tasks.csv column and a summary figure. */
  readonly locality?: boolean;
  /** Report agent failures and partitions: summary figures `faults.agents`. */
  readonly agentFaults?: boolean;
  /**
   * The measurement window, in simulated seconds: summary figures of
   * utilization, waits, completions, throughput, fairness, queues and offers'
   * resource-seconds cover only [from, to]. Default: the whole run.
   */
  readonly window?: { readonly from: SimTime; readonly to: SimTime };
  /** Usage is modelled: utilization.csv gains a `used` column, and utilization a `used_mean`. */
  readonly usage?: boolean;
}

/** Resource name -> resource-seconds, in the resource's unit. */
export type ResourceSeconds = Record<string, number>;

/** Started tasks with preferred agents, by where they ran (see placement.ts). */
export interface LocalityMetrics {
  readonly tasks: number;
  readonly node_local: number;
  readonly rack_local: number;
  readonly other: number;
  /** node_local / tasks; null when no such task started. */
  readonly node_local_fraction: number | null;
}

export interface ResourceUtilization {
  /** ∫allocated dt / ∫total dt over the run: the time-weighted mean fraction allocated to tasks. */
  readonly allocated_mean: number | null;
  /** ∫offered dt / ∫total dt: the time-weighted mean fraction held in outstanding offers. */
  readonly offered_mean: number | null;
  /** ∫used dt / ∫total dt, only when usage is modelled: what tasks really used. */
  readonly used_mean?: number | null;
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
  readonly faults: { readonly events: number; readonly by_kind: Record<string, number>; readonly agents?: AgentFaultFigures };
}

/** Bounded slowdown's threshold (Feitelson): runs shorter than this count as this long, s. */
export const SLOWDOWN_BOUND = 10;

/** The columns of jobs.csv. */
export const JOB_COLUMNS = ['job_id', 'framework', 'submit_time', 'start_time', 'end_time', 'state', 'completion_time', 'slowdown', 'bounded_slowdown'] as const;

/** The columns of events.csv. */
export const EVENT_COLUMNS = ['time', 'kind', 'agent', 'framework', 'task_id', 'value', 'detail'] as const;

export class MetricsCollector implements RunObserver {
  #last: SimTime = 0;
  #nextSample: SimTime = 0;
  #lastSample: SimTime = -1;
  readonly #allocatedIntegral: Float64Array;
  readonly #offeredIntegral: Float64Array;
  readonly #totalIntegral: Float64Array;
  /** With the usage option. */
  readonly #usedIntegral: Float64Array | undefined;
  readonly #live = new Set<Task>();
  readonly #outstanding = new Set<Offer>();
  readonly #waits = new Samples();
  readonly #jobTimes = new Samples();
  readonly #slowdowns = new Samples();
  readonly #boundedSlowdowns = new Samples();
  readonly #counts: Record<string, number> = {
    submitted: 0, started: 0, pending: 0, staging: 0, running: 0,
    finished: 0, failed: 0, killed: 0, lost: 0, preempted: 0, dropped: 0, resubmitted: 0,
  };
  readonly #jobs = { submitted: 0, completed: 0, unsuccessful: 0 };
  readonly #offers = { made: 0, accepted: 0, declined: 0, rescinded: 0 };
  readonly #runs = { count: 0, grants: 0, wall_seconds: 0 };
  /** Money paid, by framework index. */
  readonly #paid = new Map<number, number>();
  #pricesHeader = false;
  /** Started tasks with preferences, by locality level. */
  readonly #localities = [0, 0, 0];
  /** Fault events by kind. */
  readonly #faults = new Map<string, number>();
  readonly #from: SimTime;
  readonly #to: SimTime;
  readonly #queues: QueueCounter;
  readonly #shares: ShareSampler;
  /** Unused offered resource-seconds within the window, per resource (milli-units × s). */
  readonly #unusedIntegral: Float64Array;
  #firstSubmit = Infinity;
  #lastFinish = -Infinity;
  #finishedInWindow = 0;
  #completedInWindow = 0;
  /** Agent failure and partition figures, with the `agentFaults` option. */
  readonly #agentFaults: AgentFaultFigureCollector | undefined;

  constructor(
    private readonly space: ResourceSpace,
    private readonly cluster: ObservedCluster,
    private readonly sinks: RunSinks,
    private readonly options: CollectorOptions,
  ) {
    this.#allocatedIntegral = new Float64Array(space.size);
    this.#offeredIntegral = new Float64Array(space.size);
    this.#totalIntegral = new Float64Array(space.size);
    this.#agentFaults = options.agentFaults === true ? new AgentFaultFigureCollector() : undefined;
    this.#unusedIntegral = new Float64Array(space.size);
    this.#usedIntegral = options.usage === true ? new Float64Array(space.size) : undefined;
    this.#from = options.window?.from ?? 0;
    this.#to = options.window?.to ?? Infinity;
    const names = Array.from({ length: cluster.shares.frameworks }, (_, i) => cluster.frameworkName(i));
    this.#queues = new QueueCounter(names, sinks.queues);
    const source: ShareSource = { ...cluster.shares, get total() { return cluster.total; } };
    this.#shares = new ShareSampler(source, sinks.shares, (fw) => this.#queues.pending[fw]!, sinks.fairness);
    const res = space.names;
    sinks.tasks.header(['task_id', 'job_id', 'framework', 'role', 'agent', 'submit_time', 'start_time', 'end_time', 'state', 'pool', 'attempt', 'draws_from', 'paid', ...res, ...(options.locality === true ? ['locality'] : [])]);
    sinks.offers.header(['time', 'offer_id', 'framework', 'agent', 'outcome', 'tasks_launched', 'response_time', ...res]);
    sinks.utilization.header(['time', 'resource', 'allocated', 'total', 'offered', ...(options.usage === true ? ['used'] : [])]);
    sinks.events?.header(EVENT_COLUMNS);
    sinks.jobs?.header(JOB_COLUMNS);
  }

  /** Called before each event is handled: accounts for the time since the last one. */
  beforeEvent(now: SimTime): void {
    this.advance(now);
  }

  advance(now: SimTime): void {
    while (this.#nextSample <= now) {
      this.#integrate(this.#nextSample);
      this.#sample(this.#nextSample);
      this.#nextSample += this.options.sampleInterval;
    }
    this.#integrate(now);
  }

  #integrate(now: SimTime): void {
    const dt = this.#overlap(this.#last, now);
    this.#last = Math.max(this.#last, now);
    if (dt <= 0) return;
    const { total, offered, allocated } = this.cluster;
    for (let i = 0; i < total.length; i++) {
      this.#totalIntegral[i]! += total[i]! * dt;
      this.#offeredIntegral[i]! += offered[i]! * dt;
      this.#allocatedIntegral[i]! += allocated[i]! * dt;
    }
    const used = this.#usedIntegral === undefined ? undefined : this.cluster.used;
    if (used !== undefined) for (let i = 0; i < used.length; i++) this.#usedIntegral![i]! += used[i]! * dt;
  }

  /** Seconds of [a, b] inside the window. */
  #overlap(a: SimTime, b: SimTime): number {
    return Math.min(b, this.#to) - Math.max(a, this.#from);
  }

  #inWindow(t: SimTime): boolean {
    return t >= this.#from && t <= this.#to;
  }

  #sample(time: SimTime): void {
    this.#lastSample = time;
    const counted = this.#inWindow(time);
    this.#queues.sample(time, counted);
    this.#shares.sample(time, counted);
    const { total, offered, allocated } = this.cluster;
    const used = this.#usedIntegral === undefined ? undefined : this.cluster.used;
    for (let i = 0; i < total.length; i++) {
      const cells = [time, this.space.names[i]!, fromMilli(allocated[i]!), fromMilli(total[i]!), fromMilli(offered[i]!)];
      if (this.#usedIntegral !== undefined) cells.push(used === undefined ? 0 : fromMilli(used[i]!));
      this.sinks.utilization.row(cells);
    }
    const prices = this.sinks.prices === undefined ? undefined : this.cluster.poolPrices();
    if (prices === undefined) return;
    if (!this.#pricesHeader) {
      this.sinks.prices!.header(['time', 'pool', 'price']);
      this.#pricesHeader = true;
    }
    for (const [pool, price] of prices) this.sinks.prices!.row([time, pool, price]);
  }

  taskSubmitted(task: Task, now: SimTime): void {
    this.#counts.submitted!++;
    this.#queues.submitted(task.job.framework);
    if (now < this.#firstSubmit) this.#firstSubmit = now;
    this.#live.add(task);
    if (task.attempt > 0) this.#counts.resubmitted!++;
    else if (task.index === 0) this.#jobs.submitted++;
  }

  taskStarted(task: Task, now: SimTime): void {
    this.#counts.started!++;
    this.#queues.started(task.job.framework);
    if (this.#inWindow(now)) this.#waits.push(now - task.submit);
    if (task.locality >= 0) this.#localities[task.locality]!++;
  }

  taskEnded(task: Task, now: SimTime): void {
    this.#counts[task.state]!++;
    this.#live.delete(task);
    this.#queues.ended(task.job.framework, task.start >= 0);
    if (task.state === 'finished') {
      if (task.end > this.#lastFinish) this.#lastFinish = task.end;
      if (this.#inWindow(now)) this.#finishedInWindow++;
    }
    this.#writeTask(task);
    // The job's counts are its framework's, updated before the observer hears of the end.
    const job = task.job;
    if (job.live === 0) {
      if (job.unsuccessful === 0) {
        this.#jobs.completed++;
        if (this.#inWindow(now)) {
          this.#completedInWindow++;
          const completion = job.lastEnd - job.submit;
          const run = job.lastEnd - job.firstStart;
          this.#jobTimes.push(completion);
          if (run > 0) this.#slowdowns.push(completion / run);
          this.#boundedSlowdowns.push(Math.max(1, completion / Math.max(run, SLOWDOWN_BOUND)));
        }
      } else {
        this.#jobs.unsuccessful++;
      }
      this.#writeJob(job, job.unsuccessful === 0 ? 'completed' : 'unsuccessful');
    }
  }

  offerMade(offer: Offer): void {
    this.#offers.made++;
    this.#outstanding.add(offer);
  }

  offerResolved(offer: Offer, tasksLaunched: number, now: SimTime, unused: Quantities): void {
    this.#offers[offer.outcome!]++;
    this.#addUnused(unused, offer.time, now);
    this.#outstanding.delete(offer);
    if (this.options.offers) this.#writeOffer(offer, offer.outcome!, tasksLaunched, now - offer.time);
  }

  allocationRun(info: AllocationRunInfo): void {
    this.#runs.count++;
    this.#runs.grants += info.grants;
    this.#runs.wall_seconds += info.wallSeconds;
  }

  /** Adds `unused` held from `from` to `to` (clipped to the window) to the unused offered resource-seconds. */
  #addUnused(unused: Quantities, from: SimTime, to: SimTime): void {
    const dt = this.#overlap(from, to);
    if (dt <= 0) return;
    for (let i = 0; i < unused.length; i++) this.#unusedIntegral[i]! += unused[i]! * dt;
  }

  fault(event: FaultEvent, now: SimTime): void {
    this.#faults.set(event.kind, (this.#faults.get(event.kind) ?? 0) + 1);
    this.#agentFaults?.fault(event, now);
    const c = this.cluster;
    this.sinks.events?.row([
      now,
      event.kind,
      event.agent !== undefined ? c.agentName(event.agent) : '',
      event.framework !== undefined ? c.frameworkName(event.framework) : '',
      event.task !== undefined ? event.task.id : '',
      event.value ?? '',
      event.detail ?? '',
    ]);
  }

  /** Closes the run at `end`: writes live tasks and outstanding offers, the last sample, and the figures. */
  finish(end: SimTime): CollectedMetrics {
    this.advance(end);
    if (this.#lastSample !== end) this.#sample(end);
    let liveAtEnd = 0;
    const liveJobs = new Set<JobRecord>();
    for (const task of this.#live) {
      this.#counts[task.state]!++;
      liveAtEnd++;
      this.#writeTask(task);
      liveJobs.add(task.job);
    }
    for (const job of liveJobs) this.#writeJob(job, 'live');
    if (this.options.offers) for (const offer of this.#outstanding) this.#writeOffer(offer, 'outstanding', 0, null);
    for (const offer of this.#outstanding) this.#addUnused(offer.resources, offer.time, end);
    const utilization: Record<string, ResourceUtilization> = {};
    this.space.names.forEach((name, i) => {
      const t = this.#totalIntegral[i]!;
      utilization[name] = {
        allocated_mean: t > 0 ? this.#allocatedIntegral[i]! / t : null,
        offered_mean: t > 0 ? this.#offeredIntegral[i]! / t : null,
        ...(this.#usedIntegral !== undefined ? { used_mean: t > 0 ? this.#usedIntegral[i]! / t : null } : {}),
      };
    });
    return {
      tasks: { ...(this.#counts as CollectedMetrics['tasks']), at_end_live: liveAtEnd },
      utilization,
      wait_time: this.#waits.describe(),
      job_completion_time: this.#jobTimes.describe(),
      slowdown: this.#slowdowns.describe(),
      bounded_slowdown: this.#boundedSlowdowns.describe(),
      jobs: { ...this.#jobs },
      offers: {
        ...this.#offers,
        outstanding_at_end: this.#outstanding.size,
        locked_resource_seconds: this.#byResource(this.#offeredIntegral),
        unused_resource_seconds: this.#byResource(this.#unusedIntegral),
      },
      allocation_runs: {
        ...this.#runs,
        wall_ms_per_run: this.#runs.count > 0 ? (1000 * this.#runs.wall_seconds) / this.#runs.count : null,
        wall_us_per_grant: this.#runs.grants > 0 ? (1e6 * this.#runs.wall_seconds) / this.#runs.grants : null,
      },
      window: { from: this.#from, to: Math.min(this.#to, end) },
      makespan: this.#lastFinish > -Infinity ? this.#lastFinish - this.#firstSubmit : null,
      throughput: this.#throughput(end),
      fairness: this.#shares.figures(),
      queues: this.#queues.figures(),
      payments: this.#payments(),
      ...(this.options.locality === true ? { locality: this.#locality() } : {}),
      faults: {
        events: [...this.#faults.values()].reduce((a, b) => a + b, 0),
        by_kind: Object.fromEntries(this.#faults),
        ...(this.#agentFaults !== undefined ? { agents: this.#agentFaults.finish(end) } : {}),
      },
    };
  }

  /** Milli-unit integrals as resource-seconds in each resource's unit. */
  #byResource(integral: Float64Array): ResourceSeconds {
    return Object.fromEntries(this.space.names.map((n, i) => [n, fromMilli(integral[i]!)]));
  }

  #throughput(end: SimTime): CollectedMetrics['throughput'] {
    const hours = this.#overlap(this.#from, end) / 3600;
    return hours > 0
      ? { tasks_per_hour: this.#finishedInWindow / hours, jobs_per_hour: this.#completedInWindow / hours }
      : { tasks_per_hour: null, jobs_per_hour: null };
  }

  #locality(): LocalityMetrics {
    const [node, rack, other] = this.#localities as [number, number, number];
    const tasks = node + rack + other;
    return { tasks, node_local: node, rack_local: rack, other, node_local_fraction: tasks > 0 ? node / tasks : null };
  }

  #payments(): CollectedMetrics['payments'] {
    let total = 0;
    const byFramework: Record<string, number> = {};
    for (const [fw, paid] of [...this.#paid].sort((a, b) => a[0] - b[0])) {
      byFramework[this.cluster.frameworkName(fw)] = paid;
      total += paid;
    }
    return { total, by_framework: byFramework };
  }

  #writeTask(task: Task): void {
    const c = this.cluster;
    const fw = task.job.framework;
    this.#paid.set(fw, (this.#paid.get(fw) ?? 0) + task.paid);
    const cells: (string | number)[] = [
      task.id,
      task.job.id,
      c.frameworkName(fw),
      c.frameworkRole(fw),
      task.agent >= 0 ? c.agentName(task.agent) : '',
      task.submit,
      task.start >= 0 ? task.start : '',
      task.end >= 0 ? task.end : '',
      task.state,
      task.agent >= 0 ? (c.agentPool(task.agent) ?? '') : '',
      task.attempt,
      task.pool ?? task.job.pool ?? '',
      task.paid,
    ];
    for (let i = 0; i < task.resources.length; i++) cells.push(fromMilli(task.resources[i]!));
    if (this.options.locality === true) cells.push(task.locality >= 0 && task.start >= 0 ? LOCALITY_LEVELS[task.locality]! : '');
    this.sinks.tasks.row(cells);
  }

  #writeJob(job: JobRecord, state: 'completed' | 'unsuccessful' | 'live'): void {
    const sink = this.sinks.jobs;
    if (sink === undefined) return;
    const ended = state !== 'live';
    const started = job.firstStart >= 0;
    const completion = job.lastEnd - job.submit;
    const run = job.lastEnd - job.firstStart;
    const done = state === 'completed' && started;
    sink.row([
      job.id,
      this.cluster.frameworkName(job.framework),
      job.submit,
      started ? job.firstStart : '',
      ended ? job.lastEnd : '',
      state,
      done ? completion : '',
      done && run > 0 ? completion / run : '',
      done ? Math.max(1, completion / Math.max(run, SLOWDOWN_BOUND)) : '',
    ]);
  }

  #writeOffer(offer: Offer, outcome: string, tasks: number, responseTime: number | null): void {
    const c = this.cluster;
    const cells: (string | number)[] = [
      offer.time,
      offer.id,
      c.frameworkName(offer.framework),
      c.agentName(offer.agent),
      outcome,
      tasks,
      responseTime ?? '',
    ];
    for (let i = 0; i < offer.resources.length; i++) cells.push(fromMilli(offer.resources[i]!));
    this.sinks.offers.row(cells);
  }
}
