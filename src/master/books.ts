/**
 * The master's books: which agents are in them (registered, deactivated,
 * with free resources) and every movement of resources between available,
 * offered and allocated, kept in step on the agent, the cluster-wide sums,
 * the framework, its role's subtree and the pool (all in milli-units).
 *
 * Contract: every resource of a registered agent is available, offered or
 * allocated; `total`, `offered` and `allocated` are the sums over registered
 * agents; a framework's `allocation` is what it holds offered or allocated,
 * and its role tree's sums follow it (verify.ts checks all of it from
 * scratch). Whenever an agent's available resources may have changed, the
 * books re-decide whether it has free resources and tell the listener.
 *
 * @module
 */
import type { Agent } from '../model/agent.js';
import type { FrameworkRecord } from '../model/framework-record.js';
import type { Pool } from '../model/pool.js';
import { addInto, isZero, meetsMinimum, subtractInto, type Quantities, type ResourceSpace } from '../model/resources.js';
import type { RoleTree } from '../model/roles.js';
import type { Task } from '../model/task.js';
import type { AgentChanges } from '../model/view.js';
import { refill } from '../core/refill.js';

/** Who hears that an agent has free resources, or no longer has (allocation-trigger.ts). */
export interface AvailabilityListener {
  /** The agent is registered, active, and meets the minimum allocatable: it may have something to offer. */
  wake(agent: Agent): void;
  /** The agent has nothing to offer (or is out of the books). */
  sleep(agent: Agent): void;
}

export class Books {
  /** Sum of registered agents' totals. */
  readonly total: Quantities;
  /** Sum of resources in outstanding offers. */
  readonly offered: Quantities;
  /** Sum of resources used by staging and running tasks. */
  readonly allocated: Quantities;
  /** Tasks released from their agents so far (observers compare it to see whether any was since they last looked). */
  releases = 0;
  /** Registered, active agents whose available resources meet the minimum allocatable (the allocator's `freeAgents`). */
  readonly #free = new Set<Agent>();
  readonly #pools: ReadonlyMap<string, Pool>;
  /** What each watcher (ClusterView.watchAgents) has not taken yet: agents whose available resources or freeness may have changed. */
  readonly #watches: Set<Agent>[] = [];

  constructor(
    space: ResourceSpace,
    private readonly roles: RoleTree,
    private readonly agents: readonly Agent[],
    private readonly frameworks: readonly FrameworkRecord[],
    pools: readonly Pool[],
    /** Mesos --min_allocatable_resources: what an agent must have available to be offered. */
    private readonly minAllocatable: readonly Quantities[],
    private readonly listener: AvailabilityListener,
  ) {
    this.total = space.zero();
    this.offered = space.zero();
    this.allocated = space.zero();
    this.#pools = new Map(pools.map((p) => [p.name, p]));
  }

  /** The agents with free resources; the same set for the life of the books (the view holds it). */
  get freeAgents(): ReadonlySet<Agent> {
    return this.#free;
  }

  /** Notes, from now on, every agent whose available resources or membership of `freeAgents` may change (ClusterView.watchAgents). */
  watch(): AgentChanges {
    const noted = new Set<Agent>();
    this.#watches.push(noted);
    return {
      take: () => {
        const out = [...noted];
        noted.clear();
        return out;
      },
    };
  }

  isFree(agent: Agent): boolean {
    return this.#free.has(agent);
  }

  pool(name: string): Pool | undefined {
    return this.#pools.get(name);
  }

  // ------------------------------------------------------------ agents

  /** The agent enters the books with all of its resources available. */
  join(agent: Agent): void {
    agent.registered = true;
    addInto(this.total, agent.total);
    this.availableChanged(agent);
  }

  /** The agent leaves the books (its offers and tasks are settled already). */
  leave(agent: Agent): void {
    agent.draining = false;
    subtractInto(this.total, agent.total);
    agent.registered = false;
    this.#free.delete(agent);
    this.#noteChange(agent);
  }

  /** The agent stays registered but is offered nothing more until it leaves (`agent.draining`, Mesos's `activated` false). */
  deactivate(agent: Agent): void {
    agent.draining = true;
    this.#free.delete(agent);
    this.#noteChange(agent);
  }

  isDeactivated(agent: Agent): boolean {
    return agent.draining;
  }

  /** The agent leaves the books with its tasks still on it, running (master failover). */
  forget(agent: Agent): void {
    subtractInto(this.total, agent.total);
    subtractInto(this.allocated, agent.allocated);
    for (const task of agent.tasks) {
      const fw = this.frameworks[task.job.framework]!;
      subtractInto(fw.allocation, task.resources);
      this.roles.unallocate(fw.role, task.resources);
    }
    agent.registered = false;
    this.#free.delete(agent);
    this.#noteChange(agent);
  }

  /**
   * The agent comes back with the tasks it holds (Mesos's addSlave with its
   * used resources): they count again for their frameworks and roles, and
   * each framework with tasks here counts one allocation (the DRF tie-break).
   */
  restore(agent: Agent): void {
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
    this.availableChanged(agent);
  }

  /** Re-decides whether the agent has free resources, and tells the listener. */
  availableChanged(agent: Agent): void {
    this.#noteChange(agent);
    if (agent.registered && meetsMinimum(agent.available, this.minAllocatable) && !agent.draining) {
      this.#free.add(agent);
      this.listener.wake(agent);
    } else {
      this.#free.delete(agent);
      this.listener.sleep(agent);
    }
  }

  #noteChange(agent: Agent): void {
    for (const noted of this.#watches) noted.add(agent);
  }

  // -------------------------------------------------------- frameworks

  /** The framework is listed under its role (registered). */
  list(fw: FrameworkRecord): void {
    fw.registered = true;
    fw.role.frameworks.push(fw.index);
  }

  /** The framework leaves its role's list (unregistered). */
  unlist(fw: FrameworkRecord): void {
    fw.registered = false;
    const list = fw.role.frameworks;
    list.splice(list.indexOf(fw.index), 1);
  }

  // --------------------------------------------------------- resources

  /** available → offered: `q` (which the books own from here) is offered to the framework, in `pool` if any; counts one grant. */
  offer(fw: FrameworkRecord, agent: Agent, q: Quantities, pool: string | undefined): void {
    this.#holdFor(pool, q, +1);
    agent.offer(q, fw.role);
    addInto(this.offered, q);
    addInto(fw.allocation, q);
    this.roles.allocate(fw.role, q);
    fw.grants++;
    this.roles.countGrant(fw.role);
    this.availableChanged(agent);
  }

  /** offered → available: `q` is taken off the framework's, its role's and the offer's pool's books. */
  unoffer(fw: FrameworkRecord, agent: Agent, q: Quantities, pool: string | undefined): void {
    if (!isZero(q)) {
      agent.unoffer(q, fw.role);
      subtractInto(this.offered, q);
      subtractInto(fw.allocation, q);
      this.roles.unallocate(fw.role, q);
      this.availableChanged(agent);
    }
    this.#holdFor(pool, q, -1);
  }

  /**
   * offered → allocated: the task takes its resources out of an offer on the
   * agent (of `offerPool`) and is staging there; it counts against its job's
   * pool, else the offer's.
   */
  launch(task: Task, agent: Agent, offerPool: string | undefined): void {
    this.#holdFor(offerPool, task.resources, -1);
    task.pool = task.job.pool ?? offerPool;
    this.#holdFor(task.pool, task.resources, +1);
    agent.allocateFromOffer(task.resources);
    subtractInto(this.offered, task.resources);
    addInto(this.allocated, task.resources);
    task.state = 'staging';
    task.agent = agent.index;
    agent.tasks.add(task);
  }

  /** allocated → available: the task leaves its agent. An agent out of the books (not yet back after a failover) only loses the task. */
  release(task: Task): void {
    const agent = this.agents[task.agent]!;
    const fw = this.frameworks[task.job.framework]!;
    agent.tasks.delete(task);
    this.releases++;
    agent.release(task.resources, fw.role);
    this.#holdFor(task.pool, task.resources, -1);
    if (!agent.registered) return;
    subtractInto(this.allocated, task.resources);
    subtractInto(fw.allocation, task.resources);
    this.roles.unallocate(fw.role, task.resources);
    this.availableChanged(agent);
  }

  /** Adds (`sign` +1) or removes (−1) `q` from a pool's holdings; no pool: nothing. */
  #holdFor(pool: string | undefined, q: Quantities, sign: 1 | -1): void {
    if (pool === undefined) return;
    const p = this.#pools.get(pool);
    if (p === undefined) return;
    if (sign > 0) addInto(p.held, q);
    else subtractInto(p.held, q);
  }

  /** Its state as data (src/checkpoint/snapshot.ts): the cluster's sums and the free agents. */
  saveState(): { readonly total: Quantities; readonly offered: Quantities; readonly allocated: Quantities; readonly free: ReadonlySet<Agent> } {
    return { total: this.total, offered: this.offered, allocated: this.allocated, free: this.#free };
  }

  /** Takes a saveState() in place of its own (its vectors and set refilled: others hold them). */
  loadState(s: ReturnType<Books['saveState']>): void {
    refill(this.total, s.total);
    refill(this.offered, s.offered);
    refill(this.allocated, s.allocated);
    refill(this.#free, s.free);
  }
}
