/**
 * When the allocator runs, and over which agents.
 *
 * Batch mode (allocation_interval > 0): a periodic run every interval, over
 * the agents awake since the last run; changes in between (an agent added,
 * a framework subscribing or reviving, new work) queue a triggered run at the
 * same instant, after every other event of it, coalesced while queued. The
 * idealised mode (interval 0) has no periodic run: every agent that wakes
 * triggers one.
 *
 * An agent is awake when its state changed since the allocator last looked at
 * it and it has free resources (books.ts). While allocation is held (no
 * leading master, or the recovery pause of a failover), runs happen but
 * allocate nothing, and the awake agents stay awake for the run after.
 *
 * A run's candidates are the awake agents in the order they woke, shuffled
 * (allocation-run.ts). For an allocator that ignores its candidates
 * (`Allocator.ignoresCandidates`: it reads `freeAgents`), only their number
 * matters (the shuffle's draws from the master's stream and the run's
 * record): the awake agents are then kept without order, and "every agent
 * with free resources is awake" is a flag, not a walk of every free agent, so
 * a revive costs O(1) here rather than O(free agents).
 *
 * @module
 */
import { Priority } from '../core/event-queue.js';
import type { Agent } from '../model/agent.js';
import type { DeclineFilters } from '../model/filters.js';
import { quotaFingerprint } from '../model/quota.js';
import { equal } from '../model/resources.js';
import type { ClusterView } from '../model/view.js';
import type { AllocationRun } from './allocation-run.js';
import type { AvailabilityListener, Books } from './books.js';
import { isIdealised } from './config.js';
import type { MasterContext } from './context.js';
import { refill } from '../core/refill.js';

export interface TriggerContext extends MasterContext {
  readonly books: Books;
  /** Decline filters: those expired by a run's start wake their agents. */
  readonly filters: DeclineFilters;
  /** The allocator's view (the quota figures are read from it). */
  readonly view: ClusterView;
  /** One run of the allocator over the candidates it is given. */
  readonly run: AllocationRun;
  /** False while allocation is held (failover.ts). */
  allocating(): boolean;
  /** After each run, over all agents (undefined) or those of a triggered run: maintenance's inverse offers. */
  afterRun(agents: ReadonlySet<Agent> | undefined): void;
}

export class AllocationTrigger implements AvailabilityListener {
  /**
   * Agents whose state changed since the allocator last looked at them (all
   * with free resources). Unordered (see #ordered), every free agent is awake
   * too while `#allFreeAwake` holds, without being in this set.
   */
  readonly #awake = new Set<Agent>();
  /** A triggered (non-periodic) run is queued; which agents it covers. */
  #queuedRun: { all: boolean; agents: Set<Agent> } | undefined;
  /**
   * Every agent with free resources is in `#awake`, and stays in it until the
   * next run (`wake` adds each agent that comes free, `sleep` and `forget`
   * drop only agents that are not free): another wake of all of them adds
   * nothing. Mesos's `allocationCandidates |= slaveIds` is such a union.
   */
  #allFreeAwake = false;
  /** Quota figures after the last run (model/quota.ts), undefined without quota. */
  #quotaMark: Float64Array | undefined;
  readonly #idealised: boolean;
  /** False when the allocator ignores its candidates: only their number is needed (changes with the allocator at a fork's switch). */
  #ordered: boolean;

  constructor(private readonly c: TriggerContext) {
    this.#idealised = isIdealised(c.config);
    this.#ordered = !c.run.ignoresCandidates;
  }

  /** Starts the periodic allocation loop (batch mode): the first run is one interval in. */
  start(): void {
    if (!this.#idealised) this.c.sim.schedule(this.c.config.allocationInterval, { kind: 'allocation-tick' });
  }

  /** The periodic batch run over all awake agents; the next one is one interval after it. */
  tick(): void {
    this.#collectExpiredFilters();
    this.#wakeIfQuotaMoved();
    this.#allocateAll();
    this.#quotaMark = quotaFingerprint(this.c.view);
    this.c.afterRun(undefined);
    this.c.observer.allocationPass?.(this.c.sim.now);
    this.c.sim.schedule(this.c.config.allocationInterval, { kind: 'allocation-tick' });
  }

  /** The queued triggered run, if still queued (a failover drops it). */
  runQueued(): void {
    const run = this.#queuedRun;
    this.#queuedRun = undefined;
    if (run === undefined) return;
    this.#collectExpiredFilters();
    this.#wakeIfQuotaMoved();
    if (run.all) this.#allocateAll();
    else this.#allocate([...run.agents].filter((a) => this.#isAwake(a)));
    this.#quotaMark = quotaFingerprint(this.c.view);
    this.c.afterRun(run.all ? undefined : run.agents);
    this.c.observer.allocationPass?.(this.c.sim.now);
  }

  /**
   * Queues a run at this instant over `target` (one agent, or every agent with
   * free resources). Triggers coalesce while the run is queued, as Mesos's
   * do: a second 'all' before the run costs O(1), not a walk of every free agent.
   */
  runSoon(target: Agent | 'all'): void {
    const free = this.c.books;
    if (target === 'all') this.#wakeEveryFree();
    else if (free.isFree(target)) this.#awake.add(target);
    if (this.#queuedRun === undefined) {
      this.#queuedRun = { all: false, agents: new Set() };
      // Late: after every other event of this instant, as Mesos's dispatch queue would run it.
      this.c.sim.schedule(0, { kind: 'allocation-run' }, Priority.Late);
    }
    if (target === 'all') this.#queuedRun.all = true;
    else this.#queuedRun.agents.add(target);
  }

  /** The agent may have something to offer again (if it has free resources). */
  wake(agent: Agent): void {
    if (!this.c.books.isFree(agent)) return;
    this.#awake.add(agent);
    if (this.#idealised) this.runSoon(agent);
  }

  sleep(agent: Agent): void {
    this.#awake.delete(agent);
  }

  /** Every agent with free resources is looked at again. */
  wakeAllFree(): void {
    if (this.#idealised) for (const a of this.c.books.freeAgents) this.wake(a);
    else this.#wakeEveryFree();
  }

  /**
   * Adds every agent with free resources to `#awake` (in the free set's
   * order; unordered, by the flag alone), unless they are all there since the
   * last run.
   */
  #wakeEveryFree(): void {
    if (this.#allFreeAwake) return;
    if (this.#ordered) for (const a of this.c.books.freeAgents) this.#awake.add(a);
    this.#allFreeAwake = true;
  }

  #isAwake(agent: Agent): boolean {
    return this.#awake.has(agent) || (!this.#ordered && this.#allFreeAwake && this.c.books.isFree(agent));
  }

  /** The agent is out of every run to come (it left, or was deactivated). */
  forget(agent: Agent): void {
    this.#awake.delete(agent);
    this.#queuedRun?.agents.delete(agent);
  }

  /** A failover: no agent is awake, no run queued, no quota figures known. */
  reset(): void {
    this.#allFreeAwake = false;
    this.#awake.clear();
    this.#queuedRun = undefined;
    this.#quotaMark = undefined;
  }

  /**
   * With quota, what an agent is offered also depends on consumption and
   * headroom cluster-wide: once those have moved since the last run, an agent
   * the allocator chopped or held back may be offered more, so every agent
   * with free resources is looked at again (as Mesos looks at all of them).
   */
  #wakeIfQuotaMoved(): void {
    const mark = quotaFingerprint(this.c.view);
    const last = this.#quotaMark;
    if (mark === undefined ? last === undefined : last !== undefined && last.length === mark.length && equal(mark, last)) return;
    this.wakeAllFree();
  }

  /** Agents whose filters ran out may have takers again. */
  #collectExpiredFilters(): void {
    for (const f of this.c.filters.expired(this.c.sim.now)) this.wake(this.c.agents[f.agent]!);
  }

  /** A run over every awake agent. */
  #allocateAll(): void {
    if (this.#ordered) return this.#allocate([...this.#awake], true);
    if (!this.c.allocating()) return; // candidates stay awake for the run after
    const free = this.c.books;
    let count = this.#allFreeAwake ? free.freeAgents.size : this.#awake.size;
    if (this.#allFreeAwake) for (const a of this.#awake) if (!free.isFree(a)) count++;
    if (count === 0 && !this.c.run.preempts) return;
    this.#awake.clear();
    this.#allFreeAwake = false;
    this.c.run.runUnordered(count);
  }

  /** A run over `candidates` (all awake; `all`: every awake agent, in the set's order). */
  #allocate(candidates: Agent[], all = false): void {
    if (!this.c.allocating()) return; // candidates stay awake for the run after
    if (candidates.length === 0 && !this.c.run.preempts) return;
    if (!this.#ordered && this.#allFreeAwake) {
      // The free agents that stay awake join the set: the flag covers all of them or none.
      for (const a of this.c.books.freeAgents) this.#awake.add(a);
    }
    if (all) this.#awake.clear();
    else for (const a of candidates) this.#awake.delete(a);
    this.#allFreeAwake = false;
    if (this.#ordered) this.c.run.run(candidates);
    else this.c.run.runUnordered(candidates.length);
  }

  /**
   * Its state as data (src/checkpoint/snapshot.ts): the agents awake, whether
   * every free agent is (unordered, they are not all in `awake` then), the
   * run queued, the quota mark, and whether it keeps the awake agents' order.
   */
  saveState(): { readonly awake: ReadonlySet<Agent>; readonly queuedRun: { all: boolean; agents: Set<Agent> } | undefined; readonly allFreeAwake: boolean; readonly quotaMark: Float64Array | undefined; readonly ordered: boolean } {
    return { awake: this.#awake, queuedRun: this.#queuedRun, allFreeAwake: this.#allFreeAwake, quotaMark: this.#quotaMark, ordered: this.#ordered };
  }

  /** Takes a saveState() in place of its own; throws on one saved in the other mode (for an allocator that reads its candidates or one that ignores them). */
  loadState(s: ReturnType<AllocationTrigger['saveState']>): void {
    if (s.ordered !== this.#ordered) throw new TypeError(`allocation trigger: a state saved ${s.ordered ? 'with' : 'without'} the awake agents' order (expected one ${this.#ordered ? 'with' : 'without'})`);
    refill(this.#awake, s.awake);
    this.#queuedRun = s.queuedRun;
    this.#allFreeAwake = s.allFreeAwake;
    this.#quotaMark = s.quotaMark;
  }

  /**
   * The allocator changed (a fork's switch, src/checkpoint): the awake agents
   * are kept as the new one needs them. Unordered to ordered, the free agents
   * the flag stands for join the awake ones, in the free set's order, as
   * `#wakeEveryFree` adds them; ordered to unordered, the awake set is kept
   * (it counts as many as the flag and the set would).
   */
  allocatorChanged(): void {
    const ordered = !this.c.run.ignoresCandidates;
    if (ordered && !this.#ordered && this.#allFreeAwake) for (const a of this.c.books.freeAgents) this.#awake.add(a);
    this.#ordered = ordered;
  }
}
