/**
 * One simulated cluster: the kernel, the master, the agents and the
 * frameworks, wired together from a resolved specification, and the dispatch
 * of every event to the component it is addressed to.
 *
 * @module
 */
import { Agenda, Simulation, type Handlers } from './core/simulation.js';
import type { SimTime } from './core/event-queue.js';
import type { RandomSource } from './core/random.js';
import { InputError } from './errors.js';
import { AgentFaults } from './faults/agent-faults.js';
import { DEFAULT_MAX_PING_TIMEOUTS, DEFAULT_PING_TIMEOUT, type AgentFaultsSpec } from './faults/agent-faults-spec.js';
import type { Allocator } from './allocator/types.js';
import { DEFAULT_RETRY, retryDelay, shouldRetry, type RetryPolicy } from './framework/retry.js';
import { FrameworkScheduler } from './framework/scheduler.js';
import { DEFAULT_MAINTENANCE_RESPONSE, InverseOfferResponder, type MaintenanceResponse } from './framework/maintenance.js';
import { MaintenanceOperator, type MaintenanceWindow } from './faults/maintenance.js';
import type { ReleasedStage } from './framework/stages.js';
import type { LocalityConfig } from './framework/placement.js';
import { Master } from './master/master.js';
import { MasterFailover, type MasterFailoverSpec } from './faults/master-failover.js';
import type { MasterConfig } from './master/config.js';
import { Network, type Message } from './master/network.js';
import type { SimEvent } from './model/events/sim-event.js';
import type { RunObserver } from './master/observer.js';
import type { FaultEvent } from './model/fault-event.js';
import type { ObservedCluster } from './metrics/collector.js';
import { Agent, type Attributes } from './model/agent.js';
import { FrameworkRecord } from './model/framework-record.js';
import type { JobSource, JobSpec, TaskSpec } from './model/job.js';
import { Pool, type PoolSpec } from './model/pool.js';
import { AgentReservations } from './model/reservations.js';
import type { Quantities, ResourceSpace } from './model/resources.js';
import { RoleTree, type Quota } from './model/roles.js';
import { isTerminal, Task, type JobRecord, type TaskState } from './model/task.js';
import type { TaskFaultsSpec } from './faults/task-class.js';
import { TaskRuntime } from './faults/task-runtime.js';
import { diagnoseStall, type StallReport } from './framework/stall.js';
import { topLevel } from './allocator/quota.js';

export interface AgentSpec {
  readonly name: string;
  readonly group: string;
  readonly total: Quantities;
  readonly attributes: Attributes;
  /** When it registers with the master; null: when a timeline action registers it. */
  readonly registerAt: SimTime | null;
  /** The resource pool it belongs to, if any. */
  readonly pool?: string | undefined;
  /** Static reservations by role path, part of `total` (milli-units); absent: none. */
  readonly reservations?: ReadonlyMap<string, Quantities>;
}

export interface FrameworkSpec {
  readonly name: string;
  readonly role: string;
  readonly gpuCapable: boolean;
  /** Suppress offers while nothing is queued; false: never suppress. */
  readonly suppressWhenIdle: boolean;
  readonly tasksPerOffer: number;
  readonly lookahead: number;
  readonly perJob: number;
  readonly perTask: number;
  readonly refuseSeconds: number;
  /** Filter on the unused part of an accepted offer; defaults to refuseSeconds. */
  readonly refuseSecondsOnAccept?: number;
  /** Seconds an unusable offer is held before it is declined (absent or 0: declined at once). */
  readonly holdOffers?: number;
  readonly registerAt: SimTime;
  readonly unregisterAt: SimTime | null;
  readonly jobs: JobSource;
  /** The pool its jobs draw from when a job names none. */
  readonly pool?: string | undefined;
  /** Which unsuccessful ends it resubmits tasks after; default DEFAULT_RETRY. */
  readonly retry?: RetryPolicy;
  /** Bidding: the most it may spend over the run (money; default Infinity). */
  readonly budget?: number;
  /** Bidding: the most it pays per unit of the priced resource (default Infinity). */
  readonly maxPrice?: number;
  /** Delay scheduling: seconds a job waits for a node-local offer (absent: tasks' preferences are ignored). */
  readonly localityWait?: number;
  /** Delay scheduling: further seconds it waits for a rack-local one (default 0). */
  readonly rackWait?: number;
  /** The agent attribute that names its rack (default 'rack'). */
  readonly rackAttribute?: string;
  /** How it responds to maintenance (default DEFAULT_MAINTENANCE_RESPONSE). */
  readonly maintenance?: MaintenanceResponse;
}

export type TimelineAction =
  | { readonly kind: 'agent-register'; readonly agent: number }
  | { readonly kind: 'agent-remove'; readonly agent: number }
  | { readonly kind: 'framework-unregister'; readonly framework: number }
  | { readonly kind: 'set-weight'; readonly role: string; readonly weight: number }
  | { readonly kind: 'set-pool-capacity'; readonly pool: string; readonly capacity: Quantities }
  | { readonly kind: 'set-quota'; readonly role: string; readonly quota: Quota | undefined }

  | { readonly kind: 'scale-service'; readonly framework: number; readonly job: string; readonly instances: number };

export interface WorldSpec {
  readonly space: ResourceSpace;
  readonly master: MasterConfig;
  readonly weights: ReadonlyMap<string, number>;
  /** Quota by top-level role path; absent: none. */
  readonly quotas?: ReadonlyMap<string, Quota>;
  /** Resource pools (the seed document's resource groups); may be empty. */
  readonly pools?: readonly PoolSpec[];
  readonly agents: readonly AgentSpec[];
  readonly frameworks: readonly FrameworkSpec[];
  readonly timeline: readonly (TimelineAction & { readonly at: SimTime })[];
  /** A number of seconds, or 'drained': until every task has ended. */
  readonly until: SimTime | 'drained';
  /** With 'drained': stop when nothing could happen but periodic events for this long. */
  readonly stallTimeout: SimTime;
  /** The operator's maintenance schedule (faults/maintenance.ts); absent or empty: none. */
  readonly maintenance?: readonly MaintenanceWindow[];
  /** Task failures and isolation (docs/faults.md); absent: tasks run their duration and finish. */
  readonly taskFaults?: TaskFaultsSpec;
  /** Agent failures and partitions (src/faults/agent-faults.ts); absent: none. */
  readonly agentFaults?: AgentFaultsSpec;
  /** Master failover (faults.master); absent: the master never fails. */
  readonly failover?: MasterFailoverSpec;
}

export type EndReason = 'until' | 'drained' | 'stalled' | 'idle';

export interface RunOptions {
  /** Called every so many events with the simulated time. */
  readonly onProgress?: (now: SimTime) => void;
  /** Verify the master's books every this many events (0: never). */
  readonly verifyEvery?: number;
}

export class World {
  readonly sim: Simulation<SimEvent>;
  /** The clock and the events to come, shared by every component; the simulation runs it. */
  readonly #agenda = new Agenda<SimEvent>();
  readonly master: Master;
  readonly agents: Agent[];
  readonly frameworks: FrameworkRecord[];
  readonly schedulers: FrameworkScheduler[];
  readonly observer: RunObserver;
  readonly network: Network;
  /** Maintenance: the operator's side, and each framework's response to inverse offers; undefined without a schedule. */
  readonly #maintenance: MaintenanceOperator | undefined;
  readonly #responders: InverseOfferResponder[] = [];
  /** Agent failures and partitions, when the scenario has any. */
  readonly #agentFaults: AgentFaults | undefined;
  #liveTasks = 0;
  #activeSources = 0;
  #finiteRunning = 0;
  #pendingTimeline = 0;
  /** Tasks whose retry is decided but not yet resubmitted. */
  #pendingRetries = 0;
  #lastProgress: SimTime = 0;
  /** When and how running tasks stop, with task fault models; undefined without. */
  readonly #runtime: TaskRuntime | undefined;
  readonly #failover: MasterFailover | undefined;

  constructor(
    readonly spec: WorldSpec,
    allocator: Allocator,
    random: RandomSource,
    observer: RunObserver,
  ) {
    const { space } = spec;
    const roles = new RoleTree(space, spec.weights, spec.quotas);
    this.agents = spec.agents.map((a, i) => {
      const reserved = a.reservations === undefined || a.reservations.size === 0 ? undefined : a.reservations;
      const book = reserved && new AgentReservations(space, new Map([...reserved].map(([r, q]) => [roles.ensure(r), q])), roles);
      return new Agent(i, a.name, a.group, a.total, a.attributes, space, a.pool, book);
    });
    this.frameworks = spec.frameworks.map((f, i) => {
      const record = new FrameworkRecord(i, f.name, roles.ensure(f.role), f.gpuCapable, space);
      record.budget = f.budget ?? Infinity;
      record.maxPrice = f.maxPrice ?? Infinity;
      return record;
    });
    this.observer = this.#counting(observer);
    this.network = new Network(spec.master.latency, random.stream('network'), this.#agenda);
    this.master = new Master(
      space,
      spec.master,
      this.agents,
      this.frameworks,
      roles,
      allocator,
      this.#agenda,
      random.stream('master/shuffle'),
      this.observer,
      this.network,
      (spec.pools ?? []).map((p) => new Pool(p, space)),
    );
    const idealised = spec.master.allocationInterval === 0;
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
            requestOnNewWork: allocator.reactsToDemand === true,
            suppressWhenIdle: f.suppressWhenIdle,
            holdOffers: f.holdOffers ?? 0,
            ...(f.localityWait !== undefined ? { locality: this.#locality(f) } : {}),
            avoidUnavailable: (f.maintenance ?? DEFAULT_MAINTENANCE_RESPONSE).avoid,
          },
          this.#agenda,
          (message) => this.network.send(message),
        ),
    );
    this.#runtime = spec.taskFaults === undefined ? undefined : this.#taskRuntime(spec.taskFaults, random);
    this.schedulers.forEach((s, i) => {
      this.frameworks[i]!.requests = (limit) => s.requests(limit);
    });
    this.#maintenance = (spec.maintenance ?? []).length > 0 ? this.#startMaintenance(spec.maintenance!) : undefined;
    this.#agentFaults = spec.agentFaults && this.#agentFaultModel(spec.agentFaults, random);
    const { master, network, schedulers } = this;
    this.#failover = spec.failover && new MasterFailover(spec.failover, { sim: this.#agenda, master, network, schedulers, observer: this.observer, random });
    const table = this.#handlers();
    this.sim = new Simulation(this.#failover === undefined ? table : this.#failover.guard(table), this.#agenda, {
      beforeEach: (now) => this.observer.beforeEvent?.(now),
    });
    this.#schedule();
  }

  /** What running tasks really use, cluster-wide (milli-units), when an isolation mode models usage; else undefined. */
  get used(): Quantities | undefined {
    return this.spec.taskFaults?.isolation === undefined ? undefined : this.#runtime?.used;
  }

  /** Runs to the end the spec asks for; returns the end time and why it stopped. */
  run(options: RunOptions = {}): { end: SimTime; reason: EndReason } {
    const { until, stallTimeout } = this.spec;
    const verifyEvery = options.verifyEvery ?? 0;
    let reason: EndReason = 'idle';
    const stop = (): boolean => {
      const n = this.sim.processed;
      if (verifyEvery > 0 && n % verifyEvery === 0) this.master.verify();
      if (options.onProgress !== undefined && (n & 0xffff) === 0) options.onProgress(this.#agenda.now);
      if (until !== 'drained') return false;
      if (this.#activeSources === 0 && this.#liveTasks === 0 && this.#pendingRetries === 0 && !this.#unreleased()) {
        reason = 'drained';
        return true;
      }
      if (
        this.#activeSources === 0 &&
        this.#finiteRunning === 0 &&
        this.#pendingTimeline === 0 &&
        this.#pendingRetries === 0 &&
        !this.#unreleased() &&
        this.#agentFaults?.busy !== true &&
        this.#agenda.now - this.#lastProgress >= stallTimeout
      ) {
        reason = 'stalled';
        return true;
      }
      return false;
    };
    this.sim.run(until === 'drained' ? Infinity : until, stop);
    if (until !== 'drained' && reason === 'idle') reason = 'until';
    this.#listUnreleased();
    this.#runtime?.closing(this.#agenda.now);
    if (verifyEvery > 0) this.master.verify();
    return { end: this.#agenda.now, reason };
  }

  /** Why the tasks still queued can never start (meant for a run that ended stalled). */
  stallReport(): StallReport {
    const registered = this.agents.filter((a) => a.registered);
    const frameworks = this.schedulers.map((s, i) => ({ queue: s.queue, topRole: topLevel(this.frameworks[i]!.role) }));
    let forever = 0;
    for (const a of this.agents) for (const t of a.tasks) if (t.state === 'running' && !Number.isFinite(t.duration)) forever++;
    return diagnoseStall(this.spec.space, frameworks, registered.map((a) => a.total), this.master.total, forever);
  }

  /** The operator's maintenance, and each framework's responder to inverse offers. */
  #startMaintenance(windows: readonly MaintenanceWindow[]): MaintenanceOperator {
    const report = (event: FaultEvent): void => this.observer.fault?.(event, this.#agenda.now);
    const operator = new MaintenanceOperator(
      windows,
      this.master,
      this.#agenda,
      this.network,
      report,
      (task) => this.#killTask(task, 'killed', this.#agenda.now),
      (agent) => (this.#agentFaults === undefined ? this.master.registerAgent(this.agents[agent]!) : this.#agentFaults.machineUp(agent)),
    );
    this.spec.frameworks.forEach((f, i) => {
      const sched = this.schedulers[i]!;
      this.#responders.push(
        new InverseOfferResponder(f.maintenance ?? DEFAULT_MAINTENANCE_RESPONSE, {
          framework: i,
          refuseSeconds: f.refuseSeconds,
          agents: this.agents,
          gone: () => sched.gone,
          send: (message) => this.network.send(message),
          kill: (task) => sched.kill(task),
          migrating: (task, start) => operator.migrating(task, start),
        }),
      );
    });
    return operator;
  }

  /** A framework's delay scheduling settings, with each agent's rack. */
  #locality(f: FrameworkSpec): LocalityConfig {
    const attribute = f.rackAttribute ?? 'rack';
    return {
      nodeWait: f.localityWait ?? 0,
      rackWait: f.rackWait ?? 0,
      rackOf: this.spec.agents.map((a) => (a.attributes[attribute] === undefined ? undefined : String(a.attributes[attribute]))),
    };
  }

  #taskRuntime(spec: TaskFaultsSpec, random: RandomSource): TaskRuntime {
    return new TaskRuntime(spec, {
      space: this.spec.space,
      agents: this.agents,
      sim: this.#agenda,
      random,
      frameworkName: (i) => this.frameworks[i]!.name,
      fault: (event) => this.observer.fault?.(event, this.#agenda.now),
      side: { end: (task, state) => this.#finishTask(task, this.#agenda.now, state) },
    });
  }

  #agentFaultModel(spec: AgentFaultsSpec, random: RandomSource): AgentFaults {
    const m = this.spec.master;
    return new AgentFaults(spec, {
      sim: this.#agenda,
      master: this.master,
      agents: this.agents,
      network: this.network,
      random,
      health: { pingTimeout: m.agentPingTimeout ?? DEFAULT_PING_TIMEOUT, maxPingTimeouts: m.maxAgentPingTimeouts ?? DEFAULT_MAX_PING_TIMEOUTS },
      report: (event) => this.observer.fault?.(event, this.#agenda.now),
      failed: (agent) => this.#runtime?.agentFailed(agent, this.#agenda.now),
    });
  }

  /** Some job has stages still waiting for their parents. */
  #unreleased(): boolean {
    return this.schedulers.some((s) => s.stages.unreleased > 0);
  }

  /** Scripted events and the first job of every workload. */
  #schedule(): void {
    this.spec.agents.forEach((a, i) => {
      if (a.registerAt !== null) this.#agenda.scheduleAt(a.registerAt, { kind: 'agent-register', agent: i });
    });
    this.spec.frameworks.forEach((f, i) => {
      this.#agenda.scheduleAt(f.registerAt, { kind: 'framework-register', framework: i });
      if (f.unregisterAt !== null) {
        this.#pendingTimeline++;
        this.#agenda.scheduleAt(f.unregisterAt, { kind: 'framework-unregister', framework: i });
      }
      this.#activeSources++;
      this.#pullJob(i);
    });
    for (const { at, ...action } of this.spec.timeline) {
      this.#pendingTimeline++;
      this.#agenda.scheduleAt(at, action as SimEvent);
    }
    if (this.#maintenance !== undefined) this.#pendingTimeline += this.#maintenance.schedule();
    this.master.start();
    this.#agentFaults?.start();
    this.#failover?.start();
  }

  #pullJob(framework: number): void {
    const job = this.spec.frameworks[framework]!.jobs.next();
    if (job === undefined || this.schedulers[framework]!.gone) {
      this.#activeSources--;
      return;
    }
    if (!(job.submit >= this.#agenda.now)) {
      throw new InputError(
        `framework ${this.frameworks[framework]!.name}: job ${job.id} is submitted at ${job.submit}, before the previous job (${this.#agenda.now}); jobs must come in submit order`,
      );
    }
    this.#agenda.scheduleAt(job.submit, { kind: 'job-arrival', framework, job });
  }

  #arrive(framework: number, spec: JobSpec): void {
    const sched = this.schedulers[framework]!;
    this.#pullJob(framework);
    if (sched.gone) return;
    const record: JobRecord = {
      id: `${this.frameworks[framework]!.name}/${spec.id}`,
      framework,
      submit: this.#agenda.now,
      bid: spec.bid ?? 0,
      priority: spec.priority ?? 1,
      pool: spec.pool ?? this.spec.frameworks[framework]!.pool,
      gang: spec.gang,
      estimate: spec.estimate,
      live: spec.tasks.length,
      unsuccessful: 0,
      lastEnd: this.#agenda.now,
      firstStart: -1,
    };
    this.#lastProgress = this.#agenda.now;
    this.#runtime?.arrived(record, spec);
    if (spec.service === true) {
      sched.services.start(record, spec.tasks[0]!, spec.tasks.length);
      for (const task of this.#submit(record, 0, spec.tasks)) this.#launchInstance(sched, task);
      return;
    }
    if (spec.stages === undefined) return sched.enqueue(this.#submit(record, 0, spec.tasks), spec.gang);
    for (const stage of sched.stages.start(record, spec.stages, spec.tasks)) {
      sched.enqueue(this.#submit(record, stage.first, stage.tasks), spec.gang);
    }
  }

  /**
   * At the end: the tasks of stages never released (their parents had not
   * finished) are reported submitted with their job, and stay pending, so that
   * every task of every job that arrived is counted and listed.
   */
  #listUnreleased(): void {
    if (!this.#unreleased()) return;
    for (const sched of this.schedulers) {
      for (const [job, stages] of sched.stages.abandonAll()) for (const stage of stages) this.#submit(job, stage.first, stage.tasks, job.submit);
    }
  }

  /** Tasks `first`, `first + 1`, … of a job reach its framework at `at` (now, unless listed at the end). */
  #submit(record: JobRecord, first: number, specs: readonly TaskSpec[], at = this.#agenda.now): Task[] {
    const now = this.#agenda.now;
    const tasks = specs.map((t, k) => {
      const task = new Task(record, first + k, t.resources, t.duration, 0, at);
      task.prefer = t.prefer;
      return task;
    });
    for (const t of tasks) this.observer.taskSubmitted(t, now);
    return tasks;
  }

  /** A service instance (a first attempt, a replacement or a new slot) is queued. */
  #launchInstance(sched: FrameworkScheduler, task: Task): void {
    sched.services.track(task);
    sched.enqueue([task], false);
  }

  /** A scripted scale of a service: new slots get instances; instances of slots above the target are killed. */
  #scale(framework: number, id: string, instances: number): void {
    const sched = this.schedulers[framework]!;
    const job = sched.services.byId(id);
    if (job === undefined || sched.gone) return;
    const old = sched.services.scale(job, instances);
    const now = this.#agenda.now;
    for (let k = old; k < instances; k++) {
      const current = sched.services.instance(job, k);
      // A live instance (being killed, say) or one whose replacement is pending is replaced as usual.
      if (current !== undefined && (!isTerminal(current.state) || current.retried)) continue;
      const spec = sched.services.spec(job);
      const task = new Task(job, k, spec.resources, spec.duration, current === undefined ? 0 : current.attempt + 1, now);
      task.prefer = spec.prefer;
      job.live++;
      this.observer.taskSubmitted(task, now);
      this.#launchInstance(sched, task);
    }
    for (let k = old - 1; k >= instances; k--) {
      const current = sched.services.instance(job, k);
      if (current === undefined || isTerminal(current.state)) continue; // a pending replacement is cancelled in #retry
      if (sched.kill(current)) this.#end(current, 'killed');
    }
  }

  /** The framework learns that a task ended: it resubmits it, or queues the stages its finish releases. */
  #statusUpdate(framework: number, task: Task, state: TaskState): void {
    const sched = this.schedulers[framework]!;
    if (task.retried) {
      const delay = retryDelay(this.#retryPolicy(framework), task.attempt);
      this.#agenda.schedule(delay, { kind: 'task-retry', framework, task });
    } else if (state === 'finished') {
      for (const stage of sched.stages.finished(task.job, task.index)) {
        sched.enqueue(this.#submit(task.job, stage.first, stage.tasks), task.job.gang);
      }
    } else {
      this.#abandon(task.job, sched.stages.abandon(task.job));
    }
  }

  /** A job's stages given up before they were released: their tasks are submitted and dropped at once. */
  #abandon(job: JobRecord, stages: readonly ReleasedStage[]): void {
    for (const stage of stages) this.#drop(this.#submit(job, stage.first, stage.tasks));
  }

  /** Every event kind's handler. */
  #handlers(): Handlers<SimEvent> {
    const m = this.master;
    const timeline = (): void => void this.#pendingTimeline--;
    const operator = (e: Parameters<MaintenanceOperator['act']>[0]): void => {
      timeline();
      this.#maintenance!.act(e);
    };
    return {
      'agent-register': (e) => {
        if (this.spec.agents[e.agent]!.registerAt === null) this.#pendingTimeline--; // a timeline add_agents
        const agent = this.agents[e.agent]!;
        if (agent.registered) return;
        m.registerAgent(agent);
        this.#agentFaults?.registered(e.agent);
      },
      'agent-remove': (e) => {
        timeline();
        m.removeAgent(this.agents[e.agent]!);
        this.#maintenance?.removed(e.agent);
        this.#agentFaults?.removed(e.agent);
      },
      'framework-register': (e) => this.schedulers[e.framework]!.subscribe(),
      'framework-unregister': (e) => {
        timeline();
        this.#unregister(e.framework);
      },
      'set-weight': (e) => {
        timeline();
        m.setWeight(e.role, e.weight);
      },
      'set-pool-capacity': (e) => {
        timeline();
        m.setPoolCapacity(e.pool, e.capacity);
      },
      'set-quota': (e) => {
        timeline();
        m.setQuota(e.role, e.quota);
      },
      'scale-service': (e) => {
        timeline();
        this.#scale(e.framework, e.job, e.instances);
      },
      'kill-task': (e) => m.killTask(e.task),
      'job-arrival': (e) => this.#arrive(e.framework, e.job),
      'allocation-tick': () => m.allocationTick(),
      'allocation-run': () => m.allocationRun(),
      subscribe: (e) => m.subscribe(this.frameworks[e.framework]!, e.suppressed),
      'offer-answers': (e) => m.answers(this.frameworks[e.framework]!, e.answers),
      suppress: (e) => m.suppress(this.frameworks[e.framework]!),
      revive: (e) => m.revive(this.frameworks[e.framework]!),
      request: (e) => m.request(this.frameworks[e.framework]!),
      'task-status': (e) => {
        m.taskStatus(e.task, e.state);
        this.#maintenance?.statusArrived(e.task);
      },
      'offer-timeout': (e) => m.offerTimedOut(e.offer),
      'offers-received': (e) => this.schedulers[e.framework]!.offersReceived(e.offers),
      'decision-made': (e) => this.schedulers[e.framework]!.decisionMade(e.answers),
      'offer-rescinded': (e) => this.schedulers[e.framework]!.offerRescinded(e.offer),
      'hold-expired': (e) => this.schedulers[e.framework]!.holdExpired(e.offer),
      'launch-failed': (e) => {
        const sched = this.schedulers[e.framework]!;
        for (const t of e.tasks) t.state = 'pending';
        if (sched.gone) return this.#drop(e.tasks);
        // A service instance killed while its launch was on the way is not put back.
        const unwanted = e.tasks.filter((t) => sched.services.isService(t.job) && !sched.services.wanted(t));
        for (const t of unwanted) this.#end(t, 'killed');
        const back = unwanted.length === 0 ? e.tasks : e.tasks.filter((t) => !unwanted.includes(t));
        if (back.length > 0) sched.enqueue(back, false, true);
      },
      'status-update': (e) => this.#statusUpdate(e.framework, e.task, e.state),
      'task-retry': (e) => this.#retry(e.framework, e.task),
      'task-launch': (e, now) => this.#startTask(e.task, now),
      'task-finish': (e, now) => this.#finishTask(e.task, now),
      'task-due': (e, now) => this.#runtime!.due(e.task, e.generation, now),
      'task-kill': (e, now) => this.#killTask(e.task, e.state, now),
      'maintenance-schedule': operator,
      'maintenance-drain': operator,
      'machine-down': operator,
      'machine-up': operator,
      'drain-agent': (e) => this.#maintenance!.atAgent(e),
      'drain-deadline': (e) => this.#maintenance!.atAgent(e),
      'inverse-offers-received': (e, now) => this.#responders[e.framework]!.received(e.inverseOffers, now),
      'inverse-offer-answers': (e) => m.inverseOfferAnswers(e.answers),
      'inverse-offer-timeout': (e) => m.inverseOfferTimedOut(e.inverseOffer),
      'agent-fault': (e) => this.#agentFaults!.handle(e.action),
      'agent-registration': (e) => this.#agentFaults!.registration(e.agent),
      failover: (e) => this.#failover!.handle(e),
      'reregister-agent': (e) => this.#failover!.handle(e),
      'agent-reregistered': (e) => this.#failover!.handle(e),
      subscribed: (e) => this.#failover!.handle(e),
    };
  }

  #retryPolicy(framework: number): RetryPolicy {
    return this.spec.frameworks[framework]!.retry ?? DEFAULT_RETRY;
  }

  /** The framework resubmits an ended task as its next attempt (dropped if the framework has left). */
  #retry(framework: number, ended: Task): void {
    this.#pendingRetries--;
    const services = this.schedulers[framework]!.services;
    if (services.isService(ended.job) && !services.wanted(ended)) {
      ended.job.live--; // scaled down meanwhile: the replacement is not wanted any more
      return;
    }
    const task = new Task(ended.job, ended.index, ended.resources, ended.duration, ended.attempt + 1, this.#agenda.now);
    task.prefer = ended.prefer;
    this.observer.taskSubmitted(task, this.#agenda.now);
    const sched = this.schedulers[framework]!;
    if (sched.gone) return this.#drop([task]);
    if (services.isService(task.job)) return this.#launchInstance(sched, task);
    sched.enqueue([task], false);
  }

  /** Agent side: the master asked for the task to be killed (a preemption). */
  #killTask(task: Task, state: 'preempted' | 'killed', now: SimTime): void {
    if (task.state !== 'staging' && task.state !== 'running') return; // ended meanwhile
    if (this.#agentFaults?.dead(task) === true) return; // no agent process to kill it
    task.state = state;
    task.end = now;
    this.observer.taskEnded(task, now);
    this.network.send({ kind: 'task-status', task, state });
  }

  /** Agent side: the task starts, and its end is scheduled. */
  #startTask(task: Task, now: SimTime): void {
    if (task.state !== 'staging') return; // lost or killed on the way
    if (this.#agentFaults?.dead(task) === true) return; // no agent process to run it: lost when the master notices
    task.state = 'running';
    task.start = now;
    this.observer.taskStarted(task, now);
    if (this.#runtime !== undefined) this.#runtime.started(task, now);
    else if (Number.isFinite(task.duration)) this.#agenda.schedule(task.duration, { kind: 'task-finish', task });
    // No TASK_RUNNING message: nothing at the master or in the framework acts on it, and it
    // would cost two events per task. Terminal updates travel (see docs/mesos-model.md).
  }

  /** Agent side: the task has run its duration (or, with task fault models, failed). */
  #finishTask(task: Task, now: SimTime, state: 'finished' | 'failed' = 'finished'): void {
    if (task.state !== 'running') return;
    if (this.#agentFaults?.dead(task) === true) return; // died with its agent: lost when the master notices
    task.state = state;
    task.end = now;
    this.observer.taskEnded(task, now);
    this.network.send({ kind: 'task-status', task, state });
  }

  #unregister(framework: number): void {
    this.master.unregister(this.frameworks[framework]!);
    const sched = this.schedulers[framework]!;
    this.#drop(sched.leave());
    for (const [job, stages] of sched.stages.abandonAll()) this.#abandon(job, stages);
  }

  /** Tasks never launched whose framework left. */
  #drop(tasks: readonly Task[]): void {
    for (const t of tasks) this.#end(t, 'dropped');
  }

  /** Ends a task that never launched, now. */
  #end(task: Task, state: 'dropped' | 'killed'): void {
    task.state = state;
    task.end = this.#agenda.now;
    this.observer.taskEnded(task, this.#agenda.now);
  }

  /** Wraps the observer to keep the counts that decide when a run is over. */
  #counting(inner: RunObserver): RunObserver {
    return {
      beforeEvent: (now) => inner.beforeEvent?.(now),
      taskSubmitted: (task, now) => {
        this.#liveTasks++;
        inner.taskSubmitted(task, now);
      },
      taskStarted: (task, now) => {
        if (Number.isFinite(task.duration)) this.#finiteRunning++;
        this.#lastProgress = now;
        inner.taskStarted(task, now);
      },
      taskEnded: (task, now) => {
        this.#runtime?.ended(task, now);
        this.#liveTasks--;
        const sched = this.schedulers[task.job.framework]!;
        const cause = this.#maintenance?.taskEnded(task);
        const replace = sched.services.isService(task.job)
          ? sched.services.wanted(task)
          : cause === 'migrated' || shouldRetry(this.#retryPolicy(task.job.framework), cause ?? task.state, task.attempt);
        if (!sched.gone && replace) {
          // Decided now, so the job stays live until the retry: the framework resubmits when it hears.
          task.retried = true;
          task.job.live++;
          this.#pendingRetries++;
        }
        if (task.start >= 0 && Number.isFinite(task.duration)) this.#finiteRunning--;
        this.#lastProgress = now;
        inner.taskEnded(task, now);
      },
      offerMade: (offer) => inner.offerMade(offer),
      offerResolved: (offer, n, now, unused) => inner.offerResolved(offer, n, now, unused),
      allocationRun: (info) => inner.allocationRun(info),
      fault: (event, now) => inner.fault?.(event, now),
    };
  }
}

/**
 * What a metrics collector reads of a world. The collector must exist before
 * the world it observes (the world takes it as its observer), so the world is
 * reached through `world()` once built.
 */
export function observedCluster(spec: WorldSpec, world: () => World): ObservedCluster {
  return {
    get total() {
      return world().master.total;
    },
    get offered() {
      return world().master.offered;
    },
    get allocated() {
      return world().master.allocated;
    },
    frameworkName: (i) => spec.frameworks[i]!.name,
    frameworkRole: (i) => spec.frameworks[i]!.role,
    agentName: (i) => spec.agents[i]!.name,
    agentPool: (i) => spec.agents[i]!.pool,
    poolPrices: () => world().master.poolPrices(),
    get used() {
      return world().used;
    },
    shares: {
      frameworks: spec.frameworks.length,
      frameworkName: (i) => spec.frameworks[i]!.name,
      frameworkAllocation: (i) => world().frameworks[i]!.allocation,
      frameworkWeight: (i) => world().frameworks[i]!.role.weight,
      frameworkRegistered: (i) => world().frameworks[i]!.registered,
      roles: () => world().master.roles.root.children.map((n) => [n.path, n.allocation] as const),
      pools: () => world().master.pools.map((p) => [p.name, p.held] as const),
    },
  };
}
