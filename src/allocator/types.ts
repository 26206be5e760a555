/**
 * The allocator extension point.
 *
 * An allocator is given a read-only view of the cluster and the agents it may
 * offer this run, and returns grants as data. The master validates every grant
 * (the agent has the resources, the framework is active and not filtered) and
 * turns it into an offer. An allocator never mutates the view; given the same
 * view, candidates and random stream state, it returns the same grants.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { Random } from '../core/random.js';
import type { Quantities, ResourceSpace } from '../model/resources.js';
import type { Attributes } from '../model/agent.js';
import type { Quota } from '../model/roles.js';

export interface RoleView {
  /** Full path ('' for the root, '*' for the default role). */
  readonly path: string;
  readonly weight: number;
  /** Offered + allocated over the role's whole subtree (milli-units). */
  readonly allocation: Quantities;
  /** Offered + allocated to frameworks of exactly this role. */
  readonly own: Quantities;
  /** Grants to the subtree so far (DRF tie-break count). */
  readonly grants: number;
  /** Grants to frameworks of exactly this role. */
  readonly ownGrants: number;
  readonly children: readonly RoleView[];
  /** Undefined for the root. */
  readonly parent: RoleView | undefined;
  /** Indices of registered frameworks whose role is exactly this one. */
  readonly frameworks: readonly number[];
  /** Reservations of the subtree's roles on registered agents, neither offered nor allocated. */
  readonly unallocatedReservations: Quantities;
  /** Guarantee and limit of a top-level role (covering its subtree); undefined: none. See quota.ts. */
  readonly quota: Quota | undefined;
}

/** The job a task belongs to, as allocators see it. */
export interface JobView {
  /** Globally unique: `<framework>/<job id>`. */
  readonly id: string;
  readonly framework: number;
  /** When the job was submitted (s). */
  readonly submit: SimTime;
  /** B: money bid per task. */
  readonly bid: number;
  /** P: priority class, 1 the most important. */
  readonly priority: number;
  /** The pool its tasks draw from (the job's, else its framework's), if any. */
  readonly pool: string | undefined;
  /** All of its tasks start together, or none. */
  readonly gang: boolean;
  /** The user's run-time estimate per task (s), when the workload gives one (SWF's requested time). */
  readonly estimate: SimTime | undefined;
}

/** One task a framework wants to run: what Mesos's requestResources call would tell the allocator. */
export interface TaskRequest {
  readonly resources: Quantities;
  /** B: money bid for this request. */
  readonly bid: number;
  /** P: priority class, 1 the most important. */
  readonly priority: number;
  /** The only pool it may run in, if restricted. */
  readonly pool: string | undefined;
  /** When this task (attempt) reached its framework (s). */
  readonly submit: SimTime;
  readonly job: JobView;
  /** Its position within its job, from 0. */
  readonly index: number;
  /** How long it will run once started (s; may be Infinity). Policies that need a runtime estimate read this. */
  readonly duration: SimTime;
  /**
   * 0 for an ordinary task. For a task of a gang job: how many of the job's
   * tasks wait to start, all together or none; they come as consecutive
   * requests (fewer when `requests(limit)` cut the list short).
   */
  readonly gangSize: number;
}

/** A staging or running task, as allocators see it (for preemption and backfilling). */
export interface TaskView {
  readonly job: JobView;
  readonly index: number;
  readonly attempt: number;
  readonly resources: Quantities;
  /** Index of its agent. */
  readonly agent: number;
  /** When it started running; -1 while staging. */
  readonly start: SimTime;
  /** Running time once started (s; may be Infinity). */
  readonly duration: SimTime;
  /** The pool it draws from (its job's, else that of the offer it was launched from). */
  readonly pool: string | undefined;
  /** A preemption of it is under way: its resources will come back. */
  readonly preempting: boolean;
}

export interface PoolView {
  readonly name: string;
  /** C: the most the pool's tasks may hold at once, per resource (milli-units); Infinity: unlimited. May change during a run. */
  readonly capacity: Quantities;
  /** Higher is served first where a policy must choose between pools. */
  readonly priority: number;
  /**
   * U: what the pool holds now (milli-units): the resources of staging and
   * running tasks drawing from it, plus outstanding offers granted for it.
   */
  readonly held: Quantities;
}

export interface FrameworkView {
  readonly index: number;
  readonly name: string;
  readonly role: RoleView;
  /** Registered and not suppressed. */
  readonly active: boolean;
  /** Subscribed to the master (it may be suppressed). */
  readonly registered: boolean;
  /** Asked for no offers (Mesos's SUPPRESS) until it revives. */
  readonly suppressed: boolean;
  readonly allocation: Quantities;
  readonly grants: number;
  readonly gpuCapable: boolean;
  /** Money paid so far for its launched tasks (see Grant.price). */
  readonly spent: number;
  /** Money its outstanding priced offers would cost if all used. */
  readonly committed: number;
  /** The most it may spend over the run (Infinity: no budget). */
  readonly budget: number;
  /** The most it pays per unit of a priced resource, whatever it bids (Infinity: no ceiling). */
  readonly maxPrice: number;
  /** Its next unlaunched tasks, oldest first, at most `limit`. */
  requests(limit: number): readonly TaskRequest[];
}

export interface AgentView {
  readonly index: number;
  readonly name: string;
  /** Everything, reserved or not. */
  readonly total: Quantities;
  /** total − offered − allocated, reservations included: not all of it may go to any role. */
  readonly available: Quantities;
  /** available − every unallocated reservation: what frameworks of any role may be offered. */
  readonly unreservedAvailable: Quantities;
  /** Unallocated reservations by role path (only roles with a reservation here; empty when none). */
  readonly unallocatedReservations: ReadonlyMap<string, Quantities>;
  /**
   * What frameworks of `role` may be offered: unreservedAvailable plus the
   * unallocated reservations of the role and its ancestors (Mesos's
   * `allocatableTo`). The master refuses a grant that does not fit it.
   */
  availableTo(role: RoleView): Quantities;
  /**
   * The unreserved room that would come free if frameworks of each role
   * released what is listed (tasks a policy means to preempt): their resources,
   * less what would go back to unallocated reservations (which only their
   * roles may use). Changes nothing.
   */
  unreservedFreedBy(released: readonly (readonly [RoleView, Quantities])[]): Quantities;
  readonly attributes: Attributes;
  readonly hasGpus: boolean;
  readonly registered: boolean;
  readonly pool: string | undefined;
  /** Its staging and running tasks. */
  readonly tasks: ReadonlySet<TaskView>;
}

/** A decline filter, as data: what `ClusterView.isFiltered` applies. */
export interface FilterView {
  /** Unique within the run. */
  readonly id: number;
  readonly framework: number;
  readonly agent: number;
  /** What was declined: the filter blocks offers it contains (milli-units). */
  readonly refused: Quantities;
  /** In force before this time (s; Infinity: until cleared). */
  readonly expires: SimTime;
  /** In force at exactly `expires` as well. */
  readonly blocksAtExpiry: boolean;
}

export interface ClusterView {
  readonly now: SimTime;
  readonly space: ResourceSpace;
  /** Sum of the totals of registered agents: the denominator of every share. */
  readonly total: Quantities;
  /** Σ over registered agents of unreservedAvailable (Mesos's available quota headroom). A fresh vector. */
  readonly unreservedAvailable: Quantities;
  readonly roles: RoleView;
  /** Every framework the scenario declares, by index; check `active`. */
  readonly frameworks: readonly FrameworkView[];
  /** Every agent the scenario defines, by index; check `registered`. */
  readonly agents: readonly AgentView[];
  /**
   * Registered agents whose available resources meet the minimum allocatable,
   * kept up to date by the master (iteration order is deterministic). Policies
   * that place requests anywhere read this instead of scanning every agent.
   */
  readonly freeAgents: ReadonlySet<AgentView>;
  /** The scenario's resource pools (empty when it declares none). */
  readonly pools: readonly PoolView[];
  /** An offer must contain at least one of these sets (Mesos ORs them); empty: any non-empty offer. */
  readonly minAllocatable: readonly Quantities[];
  /** True when a live decline filter of `framework` on `agent` contains `candidate`. */
  isFiltered(framework: number, agent: number, candidate: Quantities): boolean;
  /**
   * Every decline filter the master holds, in a deterministic order: those in
   * force and those run out but not yet collected (`isFiltered` tells them
   * apart). For policies that see filters as data (the exec protocol).
   */
  readonly filters: Iterable<FilterView>;
}

/**
 * A decision, not an action: the master checks it and makes it an offer. The
 * master takes ownership of `resources`: return a fresh array per grant.
 */
export interface Grant {
  readonly framework: number;
  readonly agent: number;
  readonly resources: Quantities;
  /** The pool the offer is granted for: its resources count toward that pool's `held` while offered. */
  readonly pool?: string | undefined;
  /**
   * Money per unit of each resource (indexed like the resource space; units,
   * not milli-units): a task launched from the offer costs its framework the
   * dot product with its resources. Absent: free.
   */
  readonly price?: Float64Array | undefined;
}

export interface Allocator {
  readonly name: string;
  /**
   * Decides who is offered what among `candidates` (already shuffled by the
   * master). Must terminate, must not grant more than an agent has available
   * to the framework's role (`availableTo`), and must not grant to inactive or
   * filtered frameworks. Quota is the allocator's to enforce (quota.ts).
   */
  allocate(view: ClusterView, candidates: readonly AgentView[]): Grant[];
  /**
   * Optional: running tasks to end so that their resources go to someone
   * else. Called at every allocation run, before `allocate`, whether or not
   * any agent is a candidate. The master checks each task (staging or
   * running, not already being preempted) and asks its agent to kill it; the
   * task ends as `preempted` and its resources return when the agent reports
   * it, so `allocate` must not count on them in the same run.
   */
  preempt?(view: ClusterView): readonly TaskView[];
  /**
   * True: frameworks tell the master when new work arrives (Mesos's REQUEST
   * call), and the master runs the allocator over the agents with free
   * resources at once. Policies that allocate per request want this.
   */
  readonly reactsToDemand?: boolean;
  /** Optional: each pool's current unit price, for the run's prices.csv (sampled with utilization). */
  prices?(view: ClusterView): ReadonlyMap<string, number>;
  /**
   * Optional: the run is over (or failed): release what the allocator holds,
   * such as a policy's child process. Called once, after the last `allocate`;
   * `ok` is false when the run failed, and nothing more may be asked of the
   * allocator. May throw an InputError when the allocator's own ending failed.
   */
  close?(ok: boolean): void;
}

export interface AllocatorContext {
  /** The allocator's own random stream. */
  readonly random: Random;
  /** `master.allocator_options` from the scenario, unvalidated: the factory checks it. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly space: ResourceSpace;
  /** Names of the scenario's pools (empty when it declares none), so a factory can refuse early. */
  readonly pools: readonly string[];
  /** True when some job of the scenario bids (B > 0), so a policy that needs bids can refuse early. */
  readonly bids: boolean;
  /**
   * The run, for a policy that wants to know it (an exec policy's hello): the
   * scenario's name and seed, and `master.policy_timeout` (s). Absent in
   * contexts built by hand.
   */
  readonly run?: { readonly scenario: string; readonly seed: number; readonly policyTimeout: number };
}

export interface AllocatorFactory {
  /** One line on what it does and what it needs, for `sim allocators`. */
  readonly description: string;
  /** Throws InputError on bad options. */
  create(ctx: AllocatorContext): Allocator;
}
