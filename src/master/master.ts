/**
 * The Mesos master: agents and frameworks coming and going, task status
 * updates, scripted changes (weights, quota, pools), maintenance, and the
 * wiring of its parts, each of which owns its state:
 * - books.ts: who is in the books, and every movement of resources;
 * - offers.ts (with grant-check.ts): offers, answers, rescinds, timeouts, filters;
 * - tasks.ts: status updates, kills, and the tasks the master ends itself;
 * - allocation-trigger.ts: when the allocator runs, over which agents;
 *   allocation-run.ts: one run, its decisions applied;
 * - failover.ts: leadership and the recovery pause (master failover);
 * - cluster-view.ts: the allocator's read-only view of the books;
 * - verify.ts: the books checked from scratch.
 *
 * The master talks to frameworks and agents only through messages (network.ts).
 *
 * @module
 */
import type { Scheduler } from '../core/simulation.js';
import type { Random } from '../core/random.js';
import type { Allocator, ClusterView } from '../allocator/types.js';
import type { Agent } from '../model/agent.js';
import type { OfferAnswer, SimEvent } from '../model/events/sim-event.js';
import type { FrameworkRecord } from '../model/framework-record.js';
import type { InverseOffer, InverseOfferAnswer } from '../model/inverse-offer.js';
import type { Offer, Unavailability } from '../model/offer.js';
import type { Pool } from '../model/pool.js';
import { consumedQuota, topLevel } from '../model/quota.js';
import { fits, type Quantities, type ResourceSpace } from '../model/resources.js';
import type { Quota, RoleNode, RoleTree } from '../model/roles.js';
import type { Task, TaskState } from '../model/task.js';
import type { TaskReports } from '../model/task-reports.js';
import { AllocationRun } from './allocation-run.js';
import { AllocationTrigger } from './allocation-trigger.js';
import { Books } from './books.js';
import { clusterView } from './cluster-view.js';
import type { MasterConfig } from './config.js';
import type { MasterContext } from './context.js';
import { Leadership } from './failover.js';
import { MasterMaintenance, type MaintenanceState } from './maintenance.js';
import type { Network } from './network.js';
import { Offers } from './offers.js';
import type { RunObserver } from './observer.js';
import { MasterTasks } from './tasks.js';
import { verifyBooks } from './verify.js';

export class Master {
  /** Sum of registered agents' totals (milli-units; the books' own vector). */
  readonly total: Quantities;
  /** Sum of resources in outstanding offers. */
  readonly offered: Quantities;
  /** Sum of resources used by staging and running tasks. */
  readonly allocated: Quantities;
  /** What the allocator is shown: the live books, read-only. */
  readonly view: ClusterView;
  readonly #books: Books;
  readonly #offers: Offers;
  readonly #trigger: AllocationTrigger;
  readonly #leadership: Leadership;
  readonly #tasks: MasterTasks;
  /** Maintenance: unavailabilities and inverse offers; undefined unless the run schedules maintenance. */
  #maintenance: MasterMaintenance | undefined;

  constructor(
    readonly space: ResourceSpace,
    readonly config: MasterConfig,
    readonly agents: readonly Agent[],
    readonly frameworks: readonly FrameworkRecord[],
    readonly roles: RoleTree,
    private readonly allocator: Allocator,
    private readonly sim: Scheduler<SimEvent>,
    random: Random,
    private readonly observer: RunObserver,
    /** Where the tasks it ends are reported (their frameworks, then the observer). */
    reports: TaskReports,
    private readonly network: Network,
    readonly pools: readonly Pool[] = [],
  ) {
    // The books tell the trigger (made below, before any event) when an agent's free resources change.
    const books = new Books(space, roles, agents, frameworks, pools, config.minAllocatable, {
      wake: (agent) => this.#trigger.wake(agent),
      sleep: (agent) => this.#trigger.sleep(agent),
    });
    const tasks = new MasterTasks(books, agents, sim, network, reports);
    const context: MasterContext = { space, config, agents, frameworks, sim, network, observer };
    const offers = new Offers({ ...context, allocatorName: () => allocator.name, books, unavailability: (a) => this.#maintenance?.unavailability(a) });
    this.view = clusterView({ sim, space, config, roles, agents, frameworks, pools, books, filters: offers.filters });
    const run = new AllocationRun({ ...context, allocator, view: this.view, random, offers });
    const trigger = new AllocationTrigger({
      ...context,
      books,
      filters: offers.filters,
      view: this.view,
      run,
      allocating: () => this.#leadership.allocating,
      afterRun: (agents) => this.#maintenance?.generate(agents),
    });
    this.#books = books;
    this.#offers = offers;
    this.#trigger = trigger;
    this.#tasks = tasks;
    this.#leadership = new Leadership({ books, offers, trigger, agents, frameworks, roles, tasks });
    this.total = books.total;
    this.offered = books.offered;
    this.allocated = books.allocated;
  }

  /** Tasks released from their agents so far. */
  get releases(): number {
    return this.#books.releases;
  }

  /** Outstanding offers by id, oldest first. */
  get offers(): ReadonlyMap<number, Offer> {
    return this.#offers.outstanding;
  }

  /** Starts the periodic allocation loop (batch mode): the first run is one interval in. */
  start(): void {
    this.#trigger.start();
  }

  // ---------------------------------------------------------------- agents

  registerAgent(agent: Agent): void {
    // No master leads (failover), or a DOWN machine's agents (maintenance): it may not register.
    if (agent.registered || !this.#leadership.leading || this.#maintenance?.refusesRegistration(agent.index) === true) return;
    this.#books.join(agent);
    this.#trigger.runSoon(agent);
  }

  /** The agent leaves: its offers are rescinded and its tasks are lost. */
  removeAgent(agent: Agent): void {
    if (!agent.registered) return;
    this.#offers.rescindOn(agent);
    for (const task of [...agent.tasks]) this.#tasks.end(task, 'lost');
    this.#offers.filters.clearAgent(agent.index);
    this.#maintenance?.agentRemoved(agent.index);
    this.#books.leave(agent);
    this.#trigger.forget(agent);
  }

  /** DEACTIVATE_AGENT (and the first step of DRAIN_AGENT): its offers are rescinded and it is offered nothing more until it leaves. */
  deactivateAgent(agent: Agent): void {
    if (!agent.registered) return;
    this.#books.deactivate(agent);
    this.#offers.rescindOn(agent);
    this.#trigger.forget(agent);
  }

  isDeactivated(agent: Agent): boolean {
    return this.#books.isDeactivated(agent);
  }

  // ---------------------------------------------------------- frameworks

  subscribe(fw: FrameworkRecord, suppressed: boolean): void {
    this.#books.list(fw);
    fw.suppressed = suppressed;
    if (!suppressed) this.#trigger.runSoon('all');
  }

  /** The framework leaves: offers rescinded, tasks killed, filters dropped. */
  unregister(fw: FrameworkRecord): void {
    if (!fw.registered) return;
    this.#offers.rescindOf(fw, false);
    for (const agent of this.agents) {
      for (const task of [...agent.tasks]) if (task.job.framework === fw.index) this.#tasks.end(task, 'killed');
    }
    for (const a of this.#offers.filters.clearFramework(fw.index)) this.#trigger.wake(this.agents[a]!);
    this.#maintenance?.frameworkRemoved(fw.index);
    this.#books.unlist(fw);
  }

  suppress(fw: FrameworkRecord): void {
    if (fw.registered) fw.suppressed = true;
  }

  /** Clears the framework's filters, reactivates it and allocates over all agents. */
  revive(fw: FrameworkRecord): void {
    if (!fw.registered) return;
    fw.suppressed = false;
    this.#offers.filters.clearFramework(fw.index);
    this.#maintenance?.clearFilters(fw.index);
    this.#trigger.runSoon('all');
  }

  /** A framework has new work (Mesos's REQUEST call): allocate over every agent with free resources. */
  request(fw: FrameworkRecord): void {
    if (fw.active) this.#trigger.runSoon('all');
  }

  /** A framework's answers to its offers (offers.ts). */
  answers(fw: FrameworkRecord, answers: readonly OfferAnswer[]): void {
    this.#offers.answers(fw, answers);
  }

  offerTimedOut(offer: Offer): void {
    this.#offers.timedOut(offer);
  }

  // ------------------------------------------------------ scripted changes

  /** Mesos rescinds every outstanding offer when a role with registered frameworks gets a new weight. */
  setWeight(role: string, weight: number): void {
    this.roles.setWeight(role, weight);
    const node = this.roles.get(role)!;
    if (hasRegistered(node)) for (const offer of [...this.offers.values()]) this.#offers.rescind(offer);
  }

  /** A scripted resize of a pool (`capacity`: milli-units, Infinity for unlimited); allocates at once. */
  setPoolCapacity(name: string, capacity: Quantities): void {
    this.#books.pool(name)!.capacity.set(capacity);
    this.#trigger.runSoon('all');
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
      if (helps && topLevel(this.frameworks[offer.framework]!.role) === node) this.#offers.rescind(offer);
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
    this.#offers.rescindOn(agent);
    this.#maintenance!.setUnavailability(agent.index, u);
    agent.unavailability = u;
    if (agent.registered) this.#trigger.runSoon(agent);
  }

  /** Frameworks' answers to inverse offers arrive. */
  inverseOfferAnswers(answers: readonly InverseOfferAnswer[]): void {
    this.#maintenance?.answer(answers);
  }

  inverseOfferTimedOut(io: InverseOffer): void {
    this.#maintenance?.timedOut(io);
  }

  // --------------------------------------------------------------- tasks

  /** A status update from an agent (tasks.ts). */
  taskStatus(task: Task, state: TaskState): void {
    this.#tasks.status(task, state);
  }

  /** A framework kills one of its tasks (tasks.ts). */
  killTask(task: Task): void {
    this.#tasks.kill(task);
  }

  // ----------------------------------------------------------- allocation

  /** The periodic batch run (allocation-trigger.ts). */
  allocationTick(): void {
    this.#trigger.tick();
  }

  /** A triggered run, coalesced while queued (allocation-trigger.ts). */
  allocationRun(): void {
    this.#trigger.runQueued();
  }

  // ------------------------------------------------------ master failover

  /** True while a master leads: agents may register and the allocator may run. */
  get leading(): boolean {
    return this.#leadership.leading;
  }

  /** The leading master has failed: the successor starts from scratch (failover.ts). Returns the offers it had out. */
  loseLeadership(): Offer[] {
    return this.#leadership.lose();
  }

  /** A new leader is elected: agents may register (and re-register) again. */
  leaderElected(): void {
    this.#leadership.elected();
  }

  /** The allocator's recovery pause after a failover, with quota: nothing is allocated until resumeAllocation. */
  pauseAllocation(): void {
    this.#leadership.pause();
  }

  /** Every agent with free resources is looked at again at the next run (a fork changed the allocator: src/checkpoint). */
  lookAgain(): void {
    this.#trigger.allocatorChanged();
    this.#trigger.wakeAllFree();
  }

  /** Ends the recovery pause: agents with free resources are looked at again. */
  resumeAllocation(): void {
    this.#leadership.resume();
  }

  /** An agent re-registers with a new leader, with the tasks it holds; a run is triggered for it. */
  reregisterAgent(agent: Agent): void {
    this.#leadership.reregister(agent);
  }

  /** An agent that did not re-register in time (not in the books): its tasks are lost. */
  markUnreachable(agent: Agent): void {
    this.#leadership.markUnreachable(agent);
  }

  // ----------------------------------------------------------- invariants

  /** Checks the books from scratch (verify.ts); throws InvariantError on any gap. */
  verify(): void {
    const { space, agents, frameworks, roles, pools } = this;
    verifyBooks({ now: this.sim.now, space, books: this.#books, agents, frameworks, roles, pools, offers: this.offers });
  }

  /** Its state as data (src/checkpoint/snapshot.ts): its books, offers and filters, allocation trigger, leadership, and maintenance if it has it. */
  saveState(): MasterState {
    const parts = { books: this.#books.saveState(), offers: this.#offers.saveState(), trigger: this.#trigger.saveState(), leadership: this.#leadership.saveState() };
    return { ...parts, maintenance: this.#maintenance?.saveState() };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: MasterState): void {
    if ((s.maintenance === undefined) !== (this.#maintenance === undefined)) throw new RangeError(`master: saved ${s.maintenance === undefined ? 'without' : 'with'} maintenance`);
    this.#books.loadState(s.books);
    this.#offers.loadState(s.offers);
    this.#trigger.loadState(s.trigger);
    this.#leadership.loadState(s.leadership);
    if (s.maintenance !== undefined) this.#maintenance!.loadState(s.maintenance);
  }
}

export interface MasterState {
  readonly books: ReturnType<Books['saveState']>;
  readonly offers: ReturnType<Offers['saveState']>;
  readonly trigger: ReturnType<AllocationTrigger['saveState']>;
  readonly leadership: ReturnType<Leadership['saveState']>;
  readonly maintenance: MaintenanceState | undefined;
}

/** True when the role or a descendant has a registered framework (only those are listed). */
function hasRegistered(node: RoleNode): boolean {
  return node.frameworks.length > 0 || node.children.some(hasRegistered);
}
