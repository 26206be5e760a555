/**
 * The Mesos master: it tracks agents and frameworks, runs the allocator,
 * turns grants into offers, applies frameworks' answers, and keeps the books.
 *
 * Every resource of a registered agent is available, offered or allocated;
 * the master keeps cluster-wide sums of each and every framework's and role's
 * share of them in step with the agents (see `verify`).
 *
 * @module
 */
import type { Scheduler } from '../core/simulation.js';
import { Priority } from '../core/event-queue.js';
import { shuffle, type Random } from '../core/random.js';
import { AllocatorError, InvariantError } from '../errors.js';
import type { Allocator, ClusterView, Grant, TaskView } from '../allocator/types.js';
import { meetsMinimum } from '../allocator/hierarchical.js';
import { consumedQuota, quotaFingerprint, topLevel } from '../allocator/quota.js';
import { Agent } from '../model/agent.js';
import { DeclineFilters } from '../model/filters.js';
import { FrameworkRecord } from '../model/framework-record.js';
import type { InverseOffer, InverseOfferAnswer } from '../model/inverse-offer.js';
import type { Offer, Unavailability } from '../model/offer.js';
import type { Pool } from '../model/pool.js';
import {
  addInto,
  cost,
  difference,
  equal,
  fits,
  isNonNegative,
  isZero,
  subtractInto,
  type Quantities,
  type ResourceSpace,
} from '../model/resources.js';
import { auditReservations } from '../model/reservations.js';
import type { Quota, RoleNode, RoleTree } from '../model/roles.js';
import { isTerminal, type Task, type TaskState } from '../model/task.js';
import type { TaskReports } from '../model/task-reports.js';
import { isIdealised, MAX_REFUSE_SECONDS, type MasterConfig } from './config.js';
import type { OfferAnswer, SimEvent } from '../model/events/sim-event.js';
import { MasterMaintenance } from './maintenance.js';
import type { Network } from './network.js';
import type { RunObserver } from './observer.js';

export class Master {
  /** Sum of registered agents' totals. */
  readonly total: Quantities;
  /** Sum of resources in outstanding offers. */
  readonly offered: Quantities;
  /** Sum of resources used by staging and running tasks. */
  readonly allocated: Quantities;
  readonly filters = new DeclineFilters();
  readonly offers = new Map<number, Offer>();
  readonly view: ClusterView;
  #nextOfferId = 1;

  /** Agents whose state changed since the allocator last looked at them. */
  readonly #awake = new Set<Agent>();
  /** Registered agents whose available resources meet the minimum allocatable. */
  readonly #withFree = new Set<Agent>();
  /** A triggered (non-periodic) run is queued; which agents it covers. */
  #queuedRun: { all: boolean; agents: Set<Agent> } | undefined;
  readonly #idealised: boolean;
  readonly #pools: ReadonlyMap<string, Pool>;
  /** Quota figures after the last run (quota.ts), undefined without quota. */
  #quotaMark: Float64Array | undefined;
  /** Maintenance: unavailabilities and inverse offers; undefined unless the run schedules maintenance. */
  #maintenance: MasterMaintenance | undefined;
  /** Deactivated agents (DRAIN_AGENT): registered, but never offered (Mesos's `activated` false). */
  readonly #inactive = new Set<Agent>();
  /** False while no master leads (master failover): agents cannot register and nothing is allocated. */
  leading = true;
  /** The allocator's recovery pause after a failover, with quota (master failover): nothing is allocated. */
  allocationPaused = false;

  constructor(
    readonly space: ResourceSpace,
    readonly config: MasterConfig,
    readonly agents: readonly Agent[],
    readonly frameworks: readonly FrameworkRecord[],
    readonly roles: RoleTree,
    private readonly allocator: Allocator,
    private readonly sim: Scheduler<SimEvent>,
    private readonly random: Random,
    private readonly observer: RunObserver,
    /** Where the tasks it ends are reported (their frameworks, then the observer). */
    private readonly tasks: TaskReports,
    private readonly network: Network,
    readonly pools: readonly Pool[] = [],
  ) {
    this.#pools = new Map(pools.map((p) => [p.name, p]));
    this.total = space.zero();
    this.offered = space.zero();
    this.allocated = space.zero();
    this.#idealised = isIdealised(config);
    const master = this;
    this.view = {
      get now() {
        return master.sim.now;
      },
      space,
      total: this.total,
      get unreservedAvailable() {
        const free = difference(master.total, master.offered);
        subtractInto(free, master.allocated);
        subtractInto(free, roles.root.unallocatedReservations);
        return free;
      },
      roles: roles.root,
      frameworks,
      agents,
      freeAgents: this.#withFree,
      pools,
      minAllocatable: config.minAllocatable,
      isFiltered: (fw, agent, candidate) => this.filters.blocks(fw, agent, candidate, master.sim.now),
      filters: this.filters,
    };
  }

  /** Starts the periodic allocation loop (batch mode): the first run is one interval in. */
  start(): void {
    if (!this.#idealised) this.sim.schedule(this.config.allocationInterval, { kind: 'allocation-tick' });
  }

  // ---------------------------------------------------------------- agents

  registerAgent(agent: Agent): void {
    // No master leads (failover), or a DOWN machine's agents (maintenance): it may not register.
    if (agent.registered || !this.leading || this.#maintenance?.refusesRegistration(agent.index) === true) return;
    agent.registered = true;
    addInto(this.total, agent.total);
    this.#availableChanged(agent);
    this.#trigger(agent);
  }

  /** The agent leaves: its offers are rescinded and its tasks are lost. */
  removeAgent(agent: Agent): void {
    if (!agent.registered) return;
    for (const id of [...agent.offers]) this.#rescind(this.offers.get(id)!);
    for (const task of [...agent.tasks]) this.#endTask(task, 'lost');
    this.filters.clearAgent(agent.index);
    this.#maintenance?.agentRemoved(agent.index);
    this.#inactive.delete(agent);
    subtractInto(this.total, agent.total);
    agent.registered = false;
    this.#withFree.delete(agent);
    this.#awake.delete(agent);
    this.#queuedRun?.agents.delete(agent);
  }

  // ---------------------------------------------------------- frameworks

  subscribe(fw: FrameworkRecord, suppressed: boolean): void {
    fw.registered = true;
    fw.suppressed = suppressed;
    fw.role.frameworks.push(fw.index);
    if (!suppressed) this.#trigger('all');
  }

  /** The framework leaves: offers rescinded, tasks killed, filters dropped. */
  unregister(fw: FrameworkRecord): void {
    if (!fw.registered) return;
    for (const id of [...fw.offers]) this.#rescind(this.offers.get(id)!, false);
    for (const agent of this.agents) {
      for (const task of [...agent.tasks]) if (task.job.framework === fw.index) this.#endTask(task, 'killed');
    }
    for (const a of this.filters.clearFramework(fw.index)) this.#wake(this.agents[a]!);
    this.#maintenance?.frameworkRemoved(fw.index);
    fw.registered = false;
    const list = fw.role.frameworks;
    list.splice(list.indexOf(fw.index), 1);
  }

  suppress(fw: FrameworkRecord): void {
    if (fw.registered) fw.suppressed = true;
  }

  /** Clears the framework's filters, reactivates it and allocates over all agents. */
  revive(fw: FrameworkRecord): void {
    if (!fw.registered) return;
    fw.suppressed = false;
    this.filters.clearFramework(fw.index);
    this.#maintenance?.clearFilters(fw.index);
    this.#trigger('all');
  }

  /** Mesos rescinds every outstanding offer when a role with registered frameworks gets a new weight. */
  setWeight(role: string, weight: number): void {
    this.roles.setWeight(role, weight);
    const node = this.roles.get(role)!;
    if (hasRegistered(node)) for (const offer of [...this.offers.values()]) this.#rescind(offer);
  }

  /** A framework has new work (Mesos's REQUEST call): allocate over every agent with free resources. */
  request(fw: FrameworkRecord): void {
    if (fw.active) this.#trigger('all');
  }

  /** A scripted resize of a pool (`capacity`: milli-units, Infinity for unlimited); allocates at once. */
  setPoolCapacity(name: string, capacity: Quantities): void {
    this.#pools.get(name)!.capacity.set(capacity);
    this.#trigger('all');
  }

  /** Each pool's current unit price, if the allocator sets prices. */
  poolPrices(): ReadonlyMap<string, number> | undefined {
    return this.allocator.prices?.(this.view);
  }

  /**
   * Mesos's quota update on a top-level role: the quota is replaced (undefined
   * removes it). While the role consumes more than its limit, outstanding
   * offers of its subtree that hold an exceeded resource are rescinded, oldest
   * first. No allocation is triggered.
   */
  setQuota(role: string, quota: Quota | undefined): void {
    this.roles.setQuota(role, quota);
    if (quota === undefined) return;
    const node = this.roles.get(role)!;
    for (const offer of [...this.offers.values()]) {
      const consumed = consumedQuota(node);
      if (fits(consumed, quota.limit)) return;
      const helps = offer.resources.some((v, i) => v > 0 && consumed[i]! > quota.limit[i]!);
      if (helps && topLevel(this.frameworks[offer.framework]!.role) === node) this.#rescind(offer);
    }
  }

  // ---------------------------------------------------------- maintenance

  /** Turns on maintenance (unavailabilities, inverse offers, machines down); its fault events go to the observer. */
  enableMaintenance(): MasterMaintenance {
    this.#maintenance ??= new MasterMaintenance({
      agents: this.agents,
      frameworks: this.frameworks,
      offers: this.offers,
      sim: this.sim,
      network: this.network,
      offerTimeout: this.config.offerTimeout,
      report: (event) => this.observer.fault?.(event, this.sim.now),
    });
    return this.#maintenance;
  }

  /**
   * Mesos's updateUnavailability (a maintenance schedule posted or lifted for
   * the agent's machine): its outstanding offers are rescinded, to be made
   * again carrying the unavailability, and a run is triggered for it (which
   * sends the inverse offers). Needs enableMaintenance.
   */
  updateUnavailability(agent: Agent, u: Unavailability | undefined): void {
    for (const id of [...agent.offers]) this.#rescind(this.offers.get(id)!);
    this.#maintenance!.setUnavailability(agent.index, u);
    if (agent.registered) this.#trigger(agent);
  }

  /** Frameworks' answers to inverse offers arrive. */
  inverseOfferAnswers(answers: readonly InverseOfferAnswer[]): void {
    this.#maintenance?.answer(answers);
  }

  inverseOfferTimedOut(io: InverseOffer): void {
    this.#maintenance?.timedOut(io);
  }

  /** DEACTIVATE_AGENT (and the first step of DRAIN_AGENT): its offers are rescinded and it is offered nothing more until it leaves. */
  deactivateAgent(agent: Agent): void {
    if (!agent.registered) return;
    this.#inactive.add(agent);
    for (const id of [...agent.offers]) this.#rescind(this.offers.get(id)!);
    this.#withFree.delete(agent);
    this.#awake.delete(agent);
    this.#queuedRun?.agents.delete(agent);
  }

  isDeactivated(agent: Agent): boolean {
    return this.#inactive.has(agent);
  }

  // -------------------------------------------------------------- offers

  /** A framework's answers: launch the tasks, return the rest, filtered for refuse_seconds. */
  answers(fw: FrameworkRecord, answers: readonly OfferAnswer[]): void {
    const failed: Task[] = [];
    for (const { offer, also, tasks, refuseSeconds } of answers) {
      if (offer.outcome !== undefined || !fw.registered || (also !== undefined && also.some((o) => o.outcome !== undefined))) {
        failed.push(...tasks);
        // An accept naming an offer no longer outstanding fails whole; Mesos recovers its other offers unfiltered.
        if (also !== undefined && fw.registered) for (const o of [offer, ...also]) if (o.outcome === undefined) this.#recover(o, 'declined');
        continue;
      }
      const agent = this.agents[offer.agent]!;
      // Offers are never changed once made, so a declined offer's vector can stand for its unused part.
      const unused = tasks.length === 0 ? offer.resources : new Float64Array(offer.resources);
      if (also !== undefined) for (const o of also) addInto(unused, o.resources);
      for (const task of tasks) subtractInto(unused, task.resources);
      if (!isNonNegative(unused)) {
        throw new InvariantError(`framework ${fw.name} launched more than offer ${offer.id} holds on ${agent.name}`);
      }
      this.#closeOffer(offer, tasks.length > 0 ? 'accepted' : 'declined');
      if (also !== undefined) for (const o of also) this.#closeOffer(o, 'accepted');
      for (const task of tasks) {
        if (offer.price !== undefined) {
          task.paid = cost(offer.price, task.resources);
          fw.spent += task.paid;
        }
        this.#holdFor(offer.pool, task.resources, -1);
        task.pool = task.job.pool ?? offer.pool;
        this.#holdFor(task.pool, task.resources, +1);
        agent.allocateFromOffer(task.resources);
        subtractInto(this.offered, task.resources);
        addInto(this.allocated, task.resources);
        task.state = 'staging';
        task.agent = agent.index;
        agent.tasks.add(task);
        this.network.send({ kind: 'task-launch', task });
      }
      this.#returnOffered(fw, agent, unused);
      this.#holdFor(offer.pool, unused, -1);
      if (also === undefined) this.observer.offerResolved(offer, tasks.length, this.sim.now, unused);
      else this.#resolvedTogether([offer, ...also], tasks.length, unused);
      if (!isZero(unused)) this.#installFilter(fw, agent, unused, refuseSeconds, tasks.length > 0);
    }
    if (failed.length > 0) {
      this.network.send({
        kind: 'launch-failed',
        framework: fw.index,
        tasks: failed,
      });
    }
  }

  /**
   * Reports offers accepted together: the tasks count on the first, and what is
   * left unused is the last offers' part, as if the tasks used the offers in
   * order (a split for the offer metrics only; the books hold the sum).
   */
  #resolvedTogether(offers: readonly Offer[], launched: number, unused: Quantities): void {
    const left = new Float64Array(unused);
    const parts = offers.map(() => this.space.zero());
    for (let k = offers.length - 1; k >= 0; k--) {
      const r = offers[k]!.resources;
      for (let i = 0; i < left.length; i++) {
        const take = Math.min(r[i]!, left[i]!);
        parts[k]![i] = take;
        left[i]! -= take;
      }
    }
    offers.forEach((o, k) => this.observer.offerResolved(o, k === 0 ? launched : 0, this.sim.now, parts[k]!));
  }

  offerTimedOut(offer: Offer): void {
    if (offer.outcome === undefined) this.#rescind(offer);
  }

  // --------------------------------------------------------------- tasks

  /** A status update from an agent; terminal ones return the task's resources. */
  taskStatus(task: Task, state: TaskState): void {
    if (isTerminal(state) && task.agent >= 0 && this.agents[task.agent]!.tasks.has(task)) {
      this.#freeTask(task);
    }
    this.network.send({
      kind: 'status-update',
      framework: task.job.framework,
      task,
      state,
    });
  }

  /**
   * Ends a task at the master's initiative (agent lost, framework gone). A task
   * that already ended on its agent, whose status update is still on its way,
   * keeps its real end: only the master's books are settled.
   */
  #endTask(task: Task, state: 'lost' | 'killed'): void {
    this.#freeTask(task);
    if (isTerminal(task.state)) return;
    task.terminate(state, this.sim.now);
    this.tasks.ended(task);
    if (state === 'lost') {
      this.network.send({
        kind: 'status-update',
        framework: task.job.framework,
        task,
        state,
      });
    }
  }

  #freeTask(task: Task): void {
    const agent = this.agents[task.agent]!;
    const fw = this.frameworks[task.job.framework]!;
    agent.tasks.delete(task);
    agent.release(task.resources, fw.role);
    this.#holdFor(task.pool, task.resources, -1);
    if (!agent.registered) return; // not in the books: an agent not yet back after a master failover
    subtractInto(this.allocated, task.resources);
    subtractInto(fw.allocation, task.resources);
    this.roles.unallocate(fw.role, task.resources);
    this.#availableChanged(agent);
  }

  // ----------------------------------------------------------- allocation

  /** The periodic batch run over all agents; the next one is one interval after it ends. */
  allocationTick(): void {
    this.#collectExpiredFilters();
    this.#wakeIfQuotaMoved();
    this.#allocate([...this.#awake]);
    this.#quotaMark = quotaFingerprint(this.view);
    this.#maintenance?.generate(undefined);
    this.sim.schedule(this.config.allocationInterval, { kind: 'allocation-tick' });
  }

  /** A triggered run (framework added or revived, agent added), coalesced while queued. */
  allocationRun(): void {
    const run = this.#queuedRun;
    this.#queuedRun = undefined;
    if (run === undefined) return;
    this.#collectExpiredFilters();
    this.#wakeIfQuotaMoved();
    const candidates = run.all ? [...this.#awake] : [...run.agents].filter((a) => this.#awake.has(a));
    this.#allocate(candidates);
    this.#quotaMark = quotaFingerprint(this.view);
    this.#maintenance?.generate(run.all ? undefined : run.agents);
  }

  /**
   * With quota, what an agent is offered also depends on consumption and
   * headroom cluster-wide: once those have moved since the last run, an agent
   * the allocator chopped or held back may be offered more, so every agent
   * with free resources is looked at again (as Mesos looks at all of them).
   */
  #wakeIfQuotaMoved(): void {
    const mark = quotaFingerprint(this.view);
    const last = this.#quotaMark;
    if (mark === undefined ? last === undefined : last !== undefined && last.length === mark.length && equal(mark, last)) return;
    for (const a of this.#withFree) this.#wake(a);
  }

  /** Agents whose filters ran out may have takers again. */
  #collectExpiredFilters(): void {
    for (const f of this.filters.expired(this.sim.now)) this.#wake(this.agents[f.agent]!);
  }

  #trigger(target: Agent | 'all'): void {
    if (target === 'all') for (const a of this.#withFree) this.#awake.add(a);
    else if (this.#withFree.has(target)) this.#awake.add(target);
    if (this.#queuedRun === undefined) {
      this.#queuedRun = { all: false, agents: new Set() };
      // Late: after every other event of this instant, as Mesos's dispatch queue would run it.
      this.sim.schedule(0, { kind: 'allocation-run' }, Priority.Late);
    }
    if (target === 'all') this.#queuedRun.all = true;
    else this.#queuedRun.agents.add(target);
  }

  /** The agent may have something to offer again. */
  #wake(agent: Agent): void {
    if (!this.#withFree.has(agent)) return;
    this.#awake.add(agent);
    if (this.#idealised) this.#trigger(agent);
  }

  #availableChanged(agent: Agent): void {
    if (agent.registered && meetsMinimum(agent.available, this.config.minAllocatable) && (this.#inactive.size === 0 || !this.#inactive.has(agent))) {
      this.#withFree.add(agent);
      this.#wake(agent);
    } else {
      this.#withFree.delete(agent);
      this.#awake.delete(agent);
    }
  }

  #allocate(candidates: Agent[]): void {
    if (!this.leading || this.allocationPaused) return; // candidates stay awake for the run after
    const preempts = this.allocator.preempt !== undefined;
    if (candidates.length === 0 && !preempts) return;
    for (const a of candidates) this.#awake.delete(a);
    shuffle(candidates, this.random);
    const started = performance.now();
    const victims = preempts ? this.allocator.preempt!(this.view) : [];
    const grants = candidates.length > 0 ? this.allocator.allocate(this.view, candidates) : [];
    const wallSeconds = (performance.now() - started) / 1000;
    for (const victim of victims) this.#preempt(victim);
    const batches = new Map<FrameworkRecord, Offer[]>();
    for (const grant of grants) {
      const offer = this.#makeOffer(grant);
      const fw = this.frameworks[grant.framework]!;
      let batch = batches.get(fw);
      if (batch === undefined) batches.set(fw, (batch = []));
      batch.push(offer);
    }
    for (const [fw, offers] of batches) {
      this.network.send({
        kind: 'offers-received',
        framework: fw.index,
        offers,
      });
    }
    this.observer.allocationRun({
      time: this.sim.now,
      candidates: candidates.length,
      grants: grants.length,
      wallSeconds,
    });
  }

  /** Checks a grant and makes it an offer: an invalid grant is a bug in the allocator. */
  #makeOffer(grant: Grant): Offer {
    const fw = this.frameworks[grant.framework];
    const agent = this.agents[grant.agent];
    const bad = (why: string): never => {
      throw new AllocatorError(this.allocator.name, `made an invalid grant: ${why}`);
    };
    if (!Number.isInteger(grant.framework) || !Number.isInteger(grant.agent) || fw === undefined || agent === undefined) {
      return bad(`unknown framework ${String(grant.framework)} or agent ${String(grant.agent)}`);
    }
    if (!isResourceVector(grant.resources, this.space.size)) bad(`resources to ${fw.name} on ${agent.name} are not a resource vector (expected ${this.space.size} finite numbers >= 0, in milli-units)`);
    if (!fw.active) bad(`framework ${fw.name} is not active`);
    if (!agent.registered) bad(`agent ${agent.name} is not registered`);
    if (this.#inactive.has(agent)) bad(`agent ${agent.name} is deactivated (draining)`);
    if (isZero(grant.resources)) bad(`empty grant to ${fw.name} on ${agent.name}`);
    if (!fits(grant.resources, agent.available)) {
      bad(
        `${this.space.format(grant.resources)} to ${fw.name} on ${agent.name}, which has only ${this.space.format(agent.available)} available`,
      );
    }
    const allowed = agent.availableTo(fw.role);
    if (!fits(grant.resources, allowed)) {
      bad(
        `${this.space.format(grant.resources)} to ${fw.name} on ${agent.name} takes another role's reservation (role ${fw.role.path} may have only ${this.space.format(allowed)})`,
      );
    }
    if (this.filters.blocks(fw.index, agent.index, grant.resources, this.sim.now)) bad(`${fw.name} filtered ${agent.name}`);
    if (grant.pool !== undefined && !this.#pools.has(grant.pool)) bad(`unknown pool '${grant.pool}'`);
    const resources = grant.resources; // owned by the master from here (Grant's contract)
    this.#holdFor(grant.pool, resources, +1);
    agent.offer(resources, fw.role);
    addInto(this.offered, resources);
    addInto(fw.allocation, resources);
    this.roles.allocate(fw.role, resources);
    fw.grants++;
    this.roles.countGrant(fw.role);
    const offer: Offer = {
      id: this.#nextOfferId++,
      framework: fw.index,
      agent: agent.index,
      role: fw.role.path,
      pool: grant.pool,
      resources,
      price: grant.price,
      value: grant.price === undefined ? 0 : cost(grant.price, resources),
      time: this.sim.now,
      outcome: undefined,
      unavailability: this.#maintenance?.unavailability(agent.index),
      forJobs: grant.forJobs,
    };
    this.offers.set(offer.id, offer);
    fw.committed += offer.value;
    fw.offers.add(offer.id);
    agent.offers.add(offer.id);
    this.#availableChanged(agent);
    this.observer.offerMade(offer);
    if (this.config.offerTimeout !== null) {
      this.sim.schedule(this.config.offerTimeout, { kind: 'offer-timeout', offer });
    }
    return offer;
  }

  /** A framework kills one of its tasks (Mesos's KILL call): the agent is asked to, unless it is ending already. */
  killTask(task: Task): void {
    const agent = this.agents[task.agent];
    if (agent === undefined || !agent.tasks.has(task) || task.preempting) return;
    task.preempting = true;
    this.network.send({ kind: 'task-kill', task, state: 'killed' });
  }

  /** Checks a preemption decision and asks the task's agent to kill it: an invalid one is a bug in the allocator. */
  #preempt(victim: TaskView): void {
    const task = victim as Task;
    const agent = this.agents[task.agent];
    if (agent === undefined || !agent.tasks.has(task)) {
      throw new AllocatorError(this.allocator.name, `preempted a task that is not staging or running: ${task.job?.id}`);
    }
    if (task.preempting) {
      throw new AllocatorError(this.allocator.name, `preempted task ${task.id} twice`);
    }
    task.preempting = true;
    this.network.send({ kind: 'task-kill', task, state: 'preempted' });
  }

  /** Adds (`sign` +1) or removes (−1) `q` from a pool's holdings; no pool: nothing. */
  #holdFor(pool: string | undefined, q: Quantities, sign: 1 | -1): void {
    if (pool === undefined) return;
    const p = this.#pools.get(pool);
    if (p === undefined) return;
    if (sign > 0) addInto(p.held, q);
    else subtractInto(p.held, q);
  }

  /** Closes the offer with `outcome` and returns its resources unfiltered. */
  #recover(offer: Offer, outcome: 'declined' | 'rescinded'): void {
    this.#closeOffer(offer, outcome);
    this.#returnOffered(this.frameworks[offer.framework]!, this.agents[offer.agent]!, offer.resources);
    this.#holdFor(offer.pool, offer.resources, -1);
    this.observer.offerResolved(offer, 0, this.sim.now, offer.resources);
  }

  /** Takes the offer back: its resources return unfiltered, and the framework is told. */
  #rescind(offer: Offer, notify = true): void {
    const fw = this.frameworks[offer.framework]!;
    this.#recover(offer, 'rescinded');
    if (notify) {
      this.network.send({
        kind: 'offer-rescinded',
        framework: fw.index,
        offer,
      });
    }
  }

  #closeOffer(offer: Offer, outcome: NonNullable<Offer['outcome']>): void {
    offer.outcome = outcome;
    this.frameworks[offer.framework]!.committed -= offer.value;
    this.offers.delete(offer.id);
    this.frameworks[offer.framework]!.offers.delete(offer.id);
    this.agents[offer.agent]!.offers.delete(offer.id);
  }

  /** offered → available on `agent`, taken off the framework's and its role's books. */
  #returnOffered(fw: FrameworkRecord, agent: Agent, q: Quantities): void {
    if (isZero(q)) return;
    agent.unoffer(q, fw.role);
    subtractInto(this.offered, q);
    subtractInto(fw.allocation, q);
    this.roles.unallocate(fw.role, q);
    this.#availableChanged(agent);
  }

  /**
   * Mesos: a filter lasts max(allocation_interval, refuse_seconds); 0 means none. Keeps `refused`.
   *
   * In the idealised mode what an accepted offer left unused is not filtered: it comes back at
   * once and is offered again at the same instant (an ideal scheduler wastes no time on it). A
   * decline (nothing launched) holds until something changes: the agent has more to offer (the
   * containment rule lifts the filter) or the framework gets new work (it revives, which clears
   * its filters). Without that, a declined agent would be re-offered at the same instant forever.
   */
  #installFilter(fw: FrameworkRecord, agent: Agent, refused: Quantities, refuseSeconds: number, accepted: boolean): void {
    if (this.#idealised) {
      if (!accepted) this.filters.add(fw.index, agent.index, refused, Infinity, true);
      return;
    }
    if (!(refuseSeconds > 0)) return;
    const interval = this.config.allocationInterval;
    const duration = Math.max(interval, Math.min(refuseSeconds, MAX_REFUSE_SECONDS));
    this.filters.add(fw.index, agent.index, refused, this.sim.now + duration, duration <= interval);
  }

  // ------------------------------------------------------ master failover

  /**
   * The leading master has failed (faults/master-failover.ts). What only it
   * knew is gone, so its successor starts from scratch: outstanding offers are
   * rescinded without a message (they are returned, for the frameworks to drop
   * when they notice), decline filters and allocation counts are dropped, and
   * every agent and framework leaves the books while its tasks keep running,
   * until it re-registers (reregisterAgent) or re-subscribes (subscribe).
   * Nothing is allocated and no agent registers until `leading` is set again.
   */
  loseLeadership(): Offer[] {
    const lost = [...this.offers.values()];
    for (const offer of lost) this.#rescind(offer, false);
    for (const agent of this.agents) if (agent.registered) this.#forget(agent);
    for (const fw of this.frameworks) {
      this.filters.clearFramework(fw.index);
      fw.grants = 0;
      if (!fw.registered) continue;
      fw.registered = false;
      const list = fw.role.frameworks;
      list.splice(list.indexOf(fw.index), 1);
    }
    forgetGrants(this.roles.root);
    this.#awake.clear();
    this.#queuedRun = undefined;
    this.#quotaMark = undefined;
    this.leading = false;
    this.allocationPaused = false;
    return lost;
  }

  /** The agent leaves the books; its tasks stay on it, running. */
  #forget(agent: Agent): void {
    subtractInto(this.total, agent.total);
    subtractInto(this.allocated, agent.allocated);
    for (const task of agent.tasks) {
      const fw = this.frameworks[task.job.framework]!;
      subtractInto(fw.allocation, task.resources);
      this.roles.unallocate(fw.role, task.resources);
    }
    agent.registered = false;
    this.#withFree.delete(agent);
  }

  /**
   * An agent re-registers with a new leader, with the tasks it holds (Mesos's
   * addSlave with its used resources): they count again for their frameworks
   * and roles, and each framework with tasks here counts one allocation (the
   * DRF tie-break). An allocation is triggered for the agent.
   */
  reregisterAgent(agent: Agent): void {
    if (agent.registered || !this.leading) return;
    agent.registered = true;
    addInto(this.total, agent.total);
    addInto(this.allocated, agent.allocated);
    const counted = new Set<FrameworkRecord>();
    for (const task of agent.tasks) {
      const fw = this.frameworks[task.job.framework]!;
      addInto(fw.allocation, task.resources);
      this.roles.allocate(fw.role, task.resources);
      if (counted.has(fw)) continue;
      counted.add(fw);
      fw.grants++;
      this.roles.countGrant(fw.role);
    }
    this.#availableChanged(agent);
    this.#trigger(agent);
  }

  /** An agent that did not re-register in time (not in the books): its tasks are lost. */
  markUnreachable(agent: Agent): void {
    if (agent.registered) throw new InvariantError(`agent ${agent.name} is registered: it cannot be unreachable`);
    for (const task of [...agent.tasks]) this.#endTask(task, 'lost');
    this.filters.clearAgent(agent.index);
  }

  /** Ends the recovery pause: agents with free resources are looked at again. */
  resumeAllocation(): void {
    this.allocationPaused = false;
    for (const a of this.#withFree) this.#wake(a);
  }

  // ----------------------------------------------------------- invariants

  /**
   * Checks the books from scratch (O(agents + frameworks)): cluster sums equal
   * the agents' sums, framework allocations add up to offered + allocated, and
   * role subtree sums match their frameworks. Throws InvariantError on any gap.
   */
  verify(): void {
    const total = this.space.zero();
    const offered = this.space.zero();
    const allocated = this.space.zero();
    for (const a of this.agents) {
      if (!a.registered) continue;
      addInto(total, a.total);
      addInto(offered, a.offered);
      addInto(allocated, a.allocated);
    }
    const byFrameworks = this.space.zero();
    for (const fw of this.frameworks) addInto(byFrameworks, fw.allocation);
    const check = (ok: boolean, what: string): void => {
      if (!ok) throw new InvariantError(`books out of balance at t=${this.sim.now}: ${what}`);
    };
    for (const a of this.agents) {
      const used = this.space.zero();
      for (const t of a.tasks) addInto(used, t.resources);
      check(equal(used, a.allocated), `agent ${a.name} has ${this.space.format(a.allocated)} allocated, its tasks ${this.space.format(used)}`);
    }
    check(equal(total, this.total), `cluster total ${this.space.format(this.total)} != agents' ${this.space.format(total)}`);
    check(equal(offered, this.offered), `offered ${this.space.format(this.offered)} != agents' ${this.space.format(offered)}`);
    check(
      equal(allocated, this.allocated),
      `allocated ${this.space.format(this.allocated)} != agents' ${this.space.format(allocated)}`,
    );
    const held = difference(byFrameworks, offered);
    check(equal(held, allocated), `frameworks hold ${this.space.format(byFrameworks)}, agents ${this.space.format(offered)} offered + ${this.space.format(allocated)} allocated`);
    check(equal(this.roles.root.allocation, byFrameworks), `role tree holds ${this.space.format(this.roles.root.allocation)}`);
    if (this.pools.length > 0) {
      const held = new Map(this.pools.map((p) => [p.name, this.space.zero()]));
      for (const a of this.agents) for (const t of a.tasks) if (t.pool !== undefined) addInto(held.get(t.pool)!, t.resources);
      for (const o of this.offers.values()) if (o.pool !== undefined) addInto(held.get(o.pool)!, o.resources);
      for (const p of this.pools) {
        check(equal(held.get(p.name)!, p.held), `pool ${p.name} holds ${this.space.format(p.held)}, its tasks and offers ${this.space.format(held.get(p.name)!)}`);
      }
    }
    const reservations = auditReservations(this.agents, this.offers.values(), this.frameworks, this.roles);
    check(reservations === undefined, reservations!);
  }
}

/** Sets the allocation counts of the role and its subtree to 0. */
function forgetGrants(node: RoleNode): void {
  node.grants = 0;
  node.ownGrants = 0;
  for (const c of node.children) forgetGrants(c);
}

/** True when the role or a descendant has a registered framework (only those are listed). */
function hasRegistered(node: RoleNode): boolean {
  return node.frameworks.length > 0 || node.children.some(hasRegistered);
}

/** True for a vector of `size` finite amounts >= 0 (what an allocator must grant). */
function isResourceVector(r: unknown, size: number): boolean {
  if (!(r instanceof Float64Array) || r.length !== size) return false;
  for (const v of r) if (!(v >= 0) || v === Infinity) return false;
  return true;
}
