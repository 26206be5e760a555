/**
 * What an allocator may read: the cluster, its agents, frameworks, roles and
 * pools, as quantities (milli-units of the scenario's ResourceSpace), never a
 * framework's queue beyond the requests it makes. The master shows its own
 * live model objects through these interfaces (Agent, FrameworkRecord,
 * RoleNode, Pool), so a view costs nothing to make and is always current; an
 * allocator must treat every part of it as read-only. Under `--verify` and in
 * the tests, allocator/view-guard.ts checks that it did.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { Attributes } from './attributes.js';
import type { DeclineFilter } from './filters.js';
import type { Unavailability } from './offer.js';
import type { Quantities, ResourceSpace } from './resources.js';
import type { Quota } from './roles.js';
import type { TaskRequest, TaskView } from './work-view.js';

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
  /**
   * DRAINING (Mesos 1.9's DRAIN_AGENT): deactivated, as Mesos's allocator
   * marks it. It is never a candidate nor in `freeAgents`, the master refuses
   * any grant on it, its tasks are killed after the drain's grace period, and
   * its machine goes down at its window's start.
   */
  readonly draining: boolean;
  /**
   * Its machine's posted maintenance unavailability (`start`, `duration`, in
   * seconds), if any. Such an agent is still offered, as Mesos's allocator
   * offers it: its offers carry the unavailability and frameworks decide what
   * to place there. A policy may weigh it (say, keep long work off it).
   */
  readonly unavailability: Unavailability | undefined;
  readonly pool: string | undefined;
  /** Its staging and running tasks. */
  readonly tasks: ReadonlySet<TaskView>;
}

/** A decline filter, as data: what `ClusterView.isFiltered` applies. */
export type FilterView = DeclineFilter;

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
  /**
   * Starts noting changes for a policy that keeps an index of the agents
   * across runs: from this call on, every agent whose `unreservedAvailable`
   * or membership of `freeAgents` may have changed is noted, until taken.
   * Optional: a view without it (a test's, a plug-in's) gives no changes, and
   * such a policy reads every agent at each run.
   */
  watchAgents?(): AgentChanges;
}

/** The agents changed since they were last taken (see ClusterView.watchAgents). */
export interface AgentChanges {
  /** The agents noted since the last call (each once, in the order first noted); notes start again empty. */
  take(): AgentView[];
}
