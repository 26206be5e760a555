/**
 * Pieces shared by request-granular allocators (bidding, pools): they grant
 * exactly what a task asks for, so they track what is left on each agent
 * during a run and merge the grants of one framework on one agent.
 *
 * @module
 */
import { InvariantError } from '../errors.js';
import { addInto, fits, subtractInto, type Quantities } from '../model/resources.js';
import type { AgentView, ClusterView, FrameworkView, Grant, JobView, RoleView, TaskRequest } from './types.js';

/** Requests that must be granted together: one task, or all the waiting tasks of a gang job. */
export interface RequestUnit {
  readonly framework: FrameworkView;
  readonly requests: readonly TaskRequest[];
  /** Σ of the requests' resources. */
  readonly total: Quantities;
  /** Its first request's position in the framework's list (queue order). */
  readonly order: number;
  /** False for a gang whose list was cut short by the request limit: it cannot be granted this run. */
  readonly complete: boolean;
}

/** Groups a framework's requests (in its order) into units: consecutive requests of one gang job form one. */
export function requestUnits(framework: FrameworkView, requests: readonly TaskRequest[]): RequestUnit[] {
  const units: RequestUnit[] = [];
  for (let i = 0; i < requests.length; ) {
    const first = requests[i]!;
    let j = i + 1;
    if (first.gangSize > 0) while (j < requests.length && requests[j]!.job === first.job && j - i < first.gangSize) j++;
    const group = requests.slice(i, j);
    const total = new Float64Array(first.resources.length);
    for (const r of group) addInto(total, r.resources);
    units.push({ framework, requests: group, total, order: i, complete: first.gangSize === 0 || group.length === first.gangSize });
    i = j;
  }
  return units;
}

/**
 * What each agent has left during one run: its unreserved available resources
 * less this run's grants. Request-granular allocators grant unreserved
 * resources only, so reservations stay out of their reach (and idle).
 */
export class FreeResources {
  readonly #left = new Map<AgentView, Quantities>();
  /** Tasks counted as ending on each agent (preemptions), with their roles, and the room they free. */
  readonly #released = new Map<AgentView, { tasks: (readonly [RoleView, Quantities])[]; freed: Quantities }>();

  of(agent: AgentView): Quantities {
    return this.#left.get(agent) ?? agent.unreservedAvailable;
  }

  /**
   * What `agent` would have left if `more` (roles and resources) were released
   * too: the unreserved part only (see AgentView.unreservedFreedBy).
   */
  ifReleased(agent: AgentView, more: readonly (readonly [RoleView, Quantities])[]): Quantities {
    const entry = this.#released.get(agent);
    const all = entry === undefined ? more : [...entry.tasks, ...more];
    const left = new Float64Array(this.of(agent));
    addInto(left, agent.unreservedFreedBy(all));
    if (entry !== undefined) subtractInto(left, entry.freed);
    return left;
  }

  /** Counts a task's resources, held by `role`, as coming back to `agent` (a preemption); its unreserved part only. */
  release(agent: AgentView, role: RoleView, q: Quantities): void {
    this.#setReleased(agent, [...(this.#released.get(agent)?.tasks ?? []), [role, q]]);
  }

  /** Undoes `release` (the same vector). */
  unrelease(agent: AgentView, q: Quantities): void {
    const tasks = [...(this.#released.get(agent)?.tasks ?? [])];
    tasks.splice(tasks.findIndex(([, r]) => r === q), 1);
    this.#setReleased(agent, tasks);
  }

  #setReleased(agent: AgentView, tasks: (readonly [RoleView, Quantities])[]): void {
    const old = this.#released.get(agent)?.freed;
    const freed = agent.unreservedFreedBy(tasks);
    const left = new Float64Array(this.of(agent));
    addInto(left, freed);
    if (old !== undefined) subtractInto(left, old);
    this.#left.set(agent, left);
    this.#released.set(agent, { tasks, freed });
  }

  fits(agent: AgentView, q: Quantities): boolean {
    return fits(q, this.of(agent));
  }

  take(agent: AgentView, q: Quantities): void {
    const left = new Float64Array(this.of(agent));
    subtractInto(left, q);
    this.#left.set(agent, left);
  }

  /** Counts `q` as free on `agent` (resources a preemption will return). */
  give(agent: AgentView, q: Quantities): void {
    const left = new Float64Array(this.of(agent));
    addInto(left, q);
    this.#left.set(agent, left);
  }
}

/**
 * Grants merged per (framework, agent, pool, price), in the order first made.
 * A book that names jobs (`namesJobs`) lists, on each grant, the jobs it was
 * added for (Grant.forJobs), each once.
 */
export class GrantBook {
  readonly #grants = new Map<string, Grant & { resources: Quantities; forJobs?: JobView[] }>();

  constructor(private readonly namesJobs = false) {}

  /** `job`: what `q` is for; named on the grant when the book names jobs. */
  add(framework: number, agent: number, q: Quantities, pool?: string, price?: Float64Array, job?: JobView): void {
    const key = `${framework}/${agent}/${pool ?? ''}/${price === undefined ? '' : price.join(':')}`;
    let grant = this.#grants.get(key);
    if (grant === undefined) {
      grant = { framework, agent, resources: new Float64Array(q), pool, price, ...(this.namesJobs ? { forJobs: [] } : {}) };
      this.#grants.set(key, grant);
    } else addInto(grant.resources, q);
    if (this.namesJobs) {
      if (job === undefined) throw new InvariantError('a grant book that names jobs was given resources for no job');
      if (!grant.forJobs!.includes(job)) grant.forJobs!.push(job);
    }
  }

  get size(): number {
    return this.#grants.size;
  }

  grants(): Grant[] {
    return [...this.#grants.values()];
  }
}

/** used + request ≤ capacity for every resource (a capacity of Infinity does not limit). */
export function withinCapacity(used: Quantities, request: Quantities, capacity: Quantities): boolean {
  for (let i = 0; i < used.length; i++) if (used[i]! + request[i]! > capacity[i]!) return false;
  return true;
}

/** used > capacity for some resource. */
export function overCapacity(used: Quantities, capacity: Quantities): boolean {
  for (let i = 0; i < used.length; i++) if (used[i]! > capacity[i]!) return true;
  return false;
}

/** Where each request of a unit goes. */
export type Placement = readonly (readonly [TaskRequest, AgentView])[];

/** Places every request of a complete unit on agents that `allowed` admits, taking their room; undefined (nothing taken) if one does not fit. */
export function placeUnit(
  view: ClusterView,
  agents: readonly AgentView[],
  free: FreeResources,
  unit: RequestUnit,
  allowed: (a: AgentView) => boolean,
): Placement | undefined {
  if (!unit.complete) return undefined;
  const placement: [TaskRequest, AgentView][] = [];
  for (const r of unit.requests) {
    const agent = findAgent(view, agents, free, unit.framework, r, allowed);
    if (agent === undefined) {
      for (const [q, a] of placement) free.give(a, q.resources);
      return undefined;
    }
    free.take(agent, r.resources);
    placement.push([r, agent]);
  }
  return placement;
}

/**
 * The agent that `allowed` admits, with room for the request, no decline filter
 * and no GPUs unless the framework is GPU-capable (Mesos's filter_gpu_resources):
 * a home agent of the request's pool if any, else a shared one, else another
 * pool's, the first in `agents` order within each.
 */
export function findAgent(
  view: ClusterView,
  agents: readonly AgentView[],
  free: FreeResources,
  framework: FrameworkView,
  r: TaskRequest,
  allowed: (a: AgentView) => boolean,
): AgentView | undefined {
  const R = r.resources;
  const pool = r.pool;
  let shared: AgentView | undefined;
  let other: AgentView | undefined;
  for (const a of agents) {
    if (!allowed(a) || (a.hasGpus && !framework.gpuCapable)) continue;
    if (!free.fits(a, R) || view.isFiltered(framework.index, a.index, R)) continue;
    if (pool !== undefined && a.pool === pool) return a;
    if (a.pool === undefined) shared ??= a;
    else other ??= a;
  }
  return shared ?? other;
}
