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
import type { Random } from '../core/random.js';
import type { ResourceSpace } from '../model/resources.js';
import type { Grant } from '../model/grant.js';
import type { AgentView, ClusterView } from '../model/view.js';
import type { TaskView } from '../model/work-view.js';

// The view types live in model/ (the ground floor); they are part of this extension point's contract.
export type { AgentChanges, AgentView, ClusterView, FilterView, FrameworkView, PoolView, RoleView } from '../model/view.js';
export type { JobView, TaskRequest, TaskView } from '../model/work-view.js';
export type { Grant } from '../model/grant.js';

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
  /**
   * True: `allocate` reads `view.freeAgents` and never its candidates (their
   * number and order change nothing it decides). The master then passes an
   * empty list, still calling it when there would have been candidates and
   * drawing its shuffle's numbers, so results are the same; it keeps no order
   * of the awake agents, so a revive costs it O(1), not O(free agents).
   */
  readonly ignoresCandidates?: boolean;
  /** Optional: each pool's current unit price, for the run's prices.csv (sampled with utilization). */
  prices?(view: ClusterView): ReadonlyMap<string, number>;
  /**
   * Optional, with `loadState`: what the allocator keeps from one run to the
   * next, as data, for a checkpoint that holds the run's state
   * (docs/checkpoints.md): plain objects, arrays, Maps, Sets, typed arrays,
   * numbers, strings, and the view's tasks, agents, frameworks, roles and
   * pools by reference. An allocator without both saves no state, and a checkpoint of
   * its run continues by replay from t=0.
   */
  saveState?(): unknown;
  /**
   * Optional, with `saveState`: takes `saved`, a saveState() of an allocator
   * of the same name and options in the same scenario, in place of its own,
   * right after it was created (before any allocate); throws when `saved`
   * cannot be its state. What it keeps of the view (an index kept with
   * `watchAgents`) is not saved: the restored run shows it a new view.
   */
  loadState?(saved: unknown): void;
  /** Optional: why its state cannot be saved after all (a policy in another process), undefined when it can. */
  whyNotSaved?(): string | undefined;
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
