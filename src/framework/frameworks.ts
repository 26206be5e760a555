/**
 * The frameworks of a world: each one's scheduler, record (what the master
 * knows of it) and actor (framework.ts), the handlers of the events
 * frameworks receive, and the reports of their tasks' transitions.
 *
 * Every task transition is reported here first (`TaskReports`): the fault
 * models that follow tasks hear of it, the task's framework updates its job
 * and decides a retry, the work counts move, and only then is the run's
 * observer told.
 *
 * @module
 */
import type { Scheduler, HandlersFor, SimTime } from '../core/simulation.js';
import type { WorldSpec } from '../world-spec.js';
import type { FrameworkSpec } from './framework-spec.js';
import type { Network } from '../master/network.js';
import type { RunObserver } from '../master/observer.js';
import type { SimEvent } from '../model/events/sim-event.js';
import { FrameworkRecord } from '../model/framework-record.js';
import type { RoleTree } from '../model/roles.js';
import type { Task } from '../model/task.js';
import type { TaskReports } from '../model/task-reports.js';
import { Framework, type JobHooks } from './framework.js';
import { DEFAULT_MAINTENANCE_RESPONSE } from './maintenance.js';
import type { LocalityConfig } from './placement.js';
import { FrameworkScheduler } from './scheduler.js';
import { WorkCounts } from './work-counts.js';

/** The events frameworks receive from the master and their own timers (fault models handle the rest). */
export type FrameworkKind = 'job-arrival' | 'offers-received' | 'decision-made' | 'offer-rescinded' | 'hold-expired' | 'launch-failed' | 'status-update' | 'task-retry';

export interface FrameworksContext {
  readonly clock: Scheduler<SimEvent>;
  readonly network: Network;
  readonly roles: RoleTree;
  readonly observer: RunObserver;
  readonly faults: JobHooks;
  /** The allocator reacts to new work (Mesos's REQUEST call is sent). */
  readonly requestOnNewWork: boolean;
}

export class Frameworks implements TaskReports {
  readonly all: readonly Framework[];
  /** What the master and the allocator know of each framework, by index. */
  readonly records: readonly FrameworkRecord[];
  readonly schedulers: readonly FrameworkScheduler[];
  readonly counts = new WorkCounts();
  readonly handlers: HandlersFor<SimEvent, FrameworkKind>;

  constructor(
    spec: WorldSpec,
    private readonly ctx: FrameworksContext,
  ) {
    const idealised = spec.master.allocationInterval === 0;
    const racks = new RacksByAttribute(spec);
    this.schedulers = spec.frameworks.map(
      (f, i) =>
        new FrameworkScheduler(
          {
            index: i,
            name: f.name,
            tasksPerOffer: f.tasksPerOffer,
            lookahead: f.lookahead,
            perJob: idealised ? 0 : f.perJob,
            perTask: idealised ? 0 : f.perTask,
            refuseSeconds: f.refuseSeconds,
            refuseSecondsOnAccept: f.refuseSecondsOnAccept ?? f.refuseSeconds,
            reviveOnNewWork: idealised,
            requestOnNewWork: ctx.requestOnNewWork,
            suppressWhenIdle: f.suppressWhenIdle,
            holdOffers: f.holdOffers ?? 0,
            ...(f.localityWait !== undefined ? { locality: locality(racks, f) } : {}),
            avoidUnavailable: (f.maintenance ?? DEFAULT_MAINTENANCE_RESPONSE).avoid,
          },
          ctx.clock,
          (message) => ctx.network.send(message),
        ),
    );
    this.records = spec.frameworks.map((f, i) => {
      const scheduler = this.schedulers[i]!;
      const record = new FrameworkRecord(i, f.name, ctx.roles.ensure(f.role), f.gpuCapable, spec.space, (limit) => scheduler.requests(limit));
      record.budget = f.budget ?? Infinity;
      record.maxPrice = f.maxPrice ?? Infinity;
      return record;
    });
    const parts = { clock: ctx.clock, tasks: this, counts: this.counts, faults: ctx.faults };
    this.all = spec.frameworks.map((f, i) => new Framework(i, f, this.records[i]!, this.schedulers[i]!, parts));
    const at = (i: number): Framework => this.all[i]!;
    this.handlers = {
      'job-arrival': (e, now) => at(e.framework).arrive(e.job, now),
      'offers-received': (e) => at(e.framework).scheduler.offersReceived(e.offers),
      'decision-made': (e) => at(e.framework).scheduler.decisionMade(e.answers),
      'offer-rescinded': (e) => at(e.framework).scheduler.offerRescinded(e.offer),
      'hold-expired': (e) => at(e.framework).scheduler.holdExpired(e.offer),
      'launch-failed': (e) => at(e.framework).launchFailed(e.tasks),
      'status-update': (e) => at(e.framework).statusUpdate(e.task, e.state),
      'task-retry': (e) => at(e.framework).retry(e.task),
    };
  }

  /** Some job has stages still waiting for their parents. */
  get unreleased(): boolean {
    return this.schedulers.some((s) => s.stages.unreleased > 0);
  }

  /** At the end: the tasks of stages never released are listed with their jobs (framework.ts). */
  listUnreleased(): void {
    if (!this.unreleased) return;
    for (const f of this.all) f.listUnreleased();
  }

  submitted(task: Task): void {
    this.counts.live++;
    this.ctx.observer.taskSubmitted(task, this.ctx.clock.now);
  }

  started(task: Task): void {
    const now = this.ctx.clock.now;
    if (Number.isFinite(task.duration)) this.counts.finiteRunning++;
    this.counts.lastProgress = now;
    this.all[task.job.framework]!.taskStarted(task, now);
    this.ctx.observer.taskStarted(task, now);
  }

  ended(task: Task): void {
    const now: SimTime = this.ctx.clock.now;
    const cause = this.ctx.faults.taskEnded(task, now);
    const counts = this.counts;
    counts.live--;
    this.all[task.job.framework]!.taskEnded(task, cause);
    if (task.start >= 0 && Number.isFinite(task.duration)) counts.finiteRunning--;
    counts.lastProgress = now;
    this.ctx.observer.taskEnded(task, now);
  }
}

/** A framework's delay scheduling settings, with each agent's rack. */
function locality(racks: RacksByAttribute, f: FrameworkSpec): LocalityConfig {
  return {
    nodeWait: f.localityWait ?? 0,
    rackWait: f.rackWait ?? 0,
    rackOf: racks.of(f.rackAttribute ?? 'rack'),
  };
}

/**
 * Each agent's rack (by agent index) under a given attribute, built once per
 * attribute and shared read-only by every framework that names it: one array
 * of all agents, not one per framework (10k agents × 1k frameworks would be
 * about 80 MB).
 */
class RacksByAttribute {
  readonly #byAttribute = new Map<string, readonly (string | undefined)[]>();

  constructor(private readonly spec: WorldSpec) {}

  of(attribute: string): readonly (string | undefined)[] {
    let racks = this.#byAttribute.get(attribute);
    if (racks === undefined) {
      racks = this.spec.agents.map((a) => (a.attributes[attribute] === undefined ? undefined : String(a.attributes[attribute])));
      this.#byAttribute.set(attribute, racks);
    }
    return racks;
  }
}
