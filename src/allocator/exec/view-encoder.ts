/**
 * The read-only view as data, for a policy in another process
 * (docs/protocol.md, "The view"), sent as deltas: the first call carries every
 * agent and framework; later calls carry only the agents and frameworks whose
 * state changed since the call before, the decline filters added and removed,
 * and, whole, the cluster totals, the role tree and the pools (a few entries
 * each). A policy that applies each delta to what it kept holds the view the
 * built-in allocators see.
 *
 * Resource vectors are lists of integer milli-units in the order of the
 * resource names; an unlimited amount (Infinity) is null, as is an endless
 * duration.
 *
 * Cost per call: O(agents × resources × (1 + reserved roles)) to find the
 * agents that changed (a comparison of a few numbers each), O(frameworks ×
 * requests) for demand, O(filters held) for filters, plus the size of what is
 * sent. An agent is resent when anything of its entry changed: available,
 * registered, free, or any role's unallocated reservation (compared role by
 * role: one role's reservation taken while another's comes free is a change).
 * With tasks asked for, the agents whose tasks changed are told by `touch`.
 *
 * @module
 */
import type { Quantities } from '../../model/resources.js';
import { dominantShareWith } from '../share.js';
import type { AgentView, ClusterView, FilterView, FrameworkView, RoleView, TaskRequest, TaskView } from '../types.js';

/** What the policy asked to see (its hello). */
export interface ViewNeeds {
  /** Pending requests sent per framework (0: none). */
  readonly requests: number;
  /** Each agent's staging and running tasks. */
  readonly tasks: boolean;
}

type Json = unknown;

const NO_EXCLUSIONS: ReadonlySet<number> = new Set();

/** A vector as a JSON list: Infinity (unlimited) as null. */
export function vector(q: Quantities): (number | null)[] {
  const out = new Array<number | null>(q.length);
  for (let i = 0; i < q.length; i++) out[i] = Number.isFinite(q[i]) ? q[i]! : null;
  return out;
}

/** A time or duration: Infinity as null. */
const time = (t: number): number | null => (Number.isFinite(t) ? t : null);

/** A task's id in the protocol: `<job id>/<index>` (the same as tasks.csv's task_id). */
export const taskId = (t: TaskView): string => `${t.job.id}/${t.index}`;

export class ViewEncoder {
  /** Per agent: what was sent last (agentState), or undefined before the first call. */
  readonly #agents: (Float64Array | undefined)[] = [];
  /** Agents whose tasks changed since the last call. */
  readonly #touched = new Set<number>();
  /** Per framework: its scalar state last sent, and its requests. */
  readonly #frameworks: ({ state: Float64Array; requests: readonly TaskRequest[] } | undefined)[] = [];
  /** Ids of the filters the policy holds. */
  #filters = new Set<number>();
  /** Agents that registered or left since the call before, found by the last delta. */
  registrations: { readonly agent: number; readonly registered: boolean }[] = [];

  constructor(private readonly needs: ViewNeeds) {}

  /** The agent's tasks changed (a launch, a start, an end, a preemption): resent when tasks are sent. */
  touch(agent: number): void {
    if (this.needs.tasks) this.#touched.add(agent);
  }

  /** The view's delta since the last call. */
  delta(view: ClusterView): Json {
    return {
      total: vector(view.total),
      unreserved_available: vector(view.unreservedAvailable),
      agents: this.#agentDelta(view),
      frameworks: this.#frameworkDelta(view),
      roles: roleList(view.roles),
      pools: view.pools.map((p) => ({ name: p.name, capacity: vector(p.capacity), priority: p.priority, held: vector(p.held) })),
      filters: this.#filterDelta(view.filters),
      min_allocatable: view.minAllocatable.map(vector),
    };
  }

  #agentDelta(view: ClusterView): Json[] {
    const out: Json[] = [];
    const r = view.space.size;
    this.registrations = [];
    for (const agent of view.agents) {
      const last = this.#agents[agent.index];
      const free = view.freeAgents.has(agent);
      if (last !== undefined && !this.#touched.has(agent.index) && same(last, agent, free)) continue;
      if (last !== undefined && last[r] !== (agent.registered ? 1 : 0)) this.registrations.push({ agent: agent.index, registered: agent.registered });
      this.#agents[agent.index] = agentState(agent, free);
      out.push(this.#agent(agent, free, last === undefined));
    }
    this.#touched.clear();
    return out;
  }

  #agent(agent: AgentView, free: boolean, first: boolean): Json {
    const entry: Record<string, Json> = { index: agent.index };
    if (first) {
      Object.assign(entry, { name: agent.name, total: vector(agent.total), attributes: agent.attributes, pool: agent.pool ?? null, gpus: agent.hasGpus });
    }
    const reservations: Record<string, Json> = {};
    for (const [role, q] of agent.unallocatedReservations) reservations[role] = vector(q);
    Object.assign(entry, {
      registered: agent.registered,
      free,
      available: vector(agent.available),
      unreserved_available: vector(agent.unreservedAvailable),
      reservations,
    });
    if (this.needs.tasks) entry.tasks = [...agent.tasks].map(taskEntry);
    return entry;
  }

  #frameworkDelta(view: ClusterView): Json[] {
    const out: Json[] = [];
    for (const fw of view.frameworks) {
      const last = this.#frameworks[fw.index];
      const state = frameworkState(fw);
      const requests = this.needs.requests > 0 ? fw.requests(this.needs.requests + 1) : [];
      const demandChanged = last === undefined || !sameRequests(last.requests, requests);
      if (last !== undefined && !demandChanged && equalVectors(last.state, state)) continue;
      this.#frameworks[fw.index] = { state, requests };
      const entry: Record<string, Json> = {
        index: fw.index,
        name: fw.name,
        role: fw.role.path,
        active: fw.active,
        registered: fw.registered,
        suppressed: fw.suppressed,
        allocation: vector(fw.allocation),
        share: dominantShareWith(fw.allocation, undefined, view.total, NO_EXCLUSIONS),
        grants: fw.grants,
        gpu_capable: fw.gpuCapable,
        spent: fw.spent,
        committed: fw.committed,
        budget: time(fw.budget),
        max_price: time(fw.maxPrice),
      };
      if (this.needs.requests > 0 && demandChanged) Object.assign(entry, requestList(requests, this.needs.requests));
      out.push(entry);
    }
    return out;
  }

  #filterDelta(filters: Iterable<FilterView>): Json {
    const added: Json[] = [];
    const held = new Set<number>();
    for (const f of filters) {
      held.add(f.id);
      if (this.#filters.has(f.id)) continue;
      added.push({ id: f.id, framework: f.framework, agent: f.agent, refused: vector(f.refused), expires: time(f.expires), at_expiry: f.blocksAtExpiry });
    }
    const removed: number[] = [];
    for (const id of this.#filters) if (!held.has(id)) removed.push(id);
    this.#filters = held;
    return { added, removed };
  }
}

/**
 * What an agent's entry (tasks apart) is made of: available, registered,
 * free, then each role's unallocated reservation in the agent's order (its
 * reserved roles are fixed at load).
 */
function agentState(agent: AgentView, free: boolean): Float64Array {
  const r = agent.available.length;
  const state = new Float64Array(r + 2 + r * agent.unallocatedReservations.size);
  state.set(agent.available, 0);
  state[r] = agent.registered ? 1 : 0;
  state[r + 1] = free ? 1 : 0;
  let at = r + 2;
  for (const q of agent.unallocatedReservations.values()) {
    state.set(q, at);
    at += r;
  }
  return state;
}

/** True when `last` (agentState's) still describes the agent. */
function same(last: Float64Array, agent: AgentView, free: boolean): boolean {
  const r = agent.available.length;
  if (last.length !== r + 2 + r * agent.unallocatedReservations.size) return false;
  for (let i = 0; i < r; i++) if (last[i] !== agent.available[i]) return false;
  if (last[r] !== (agent.registered ? 1 : 0) || last[r + 1] !== (free ? 1 : 0)) return false;
  let at = r + 2;
  for (const q of agent.unallocatedReservations.values()) {
    for (let i = 0; i < r; i++) if (last[at + i] !== q[i]) return false;
    at += r;
  }
  return true;
}

function frameworkState(fw: FrameworkView): Float64Array {
  const r = fw.allocation.length;
  const s = new Float64Array(r + 6);
  s.set(fw.allocation, 0);
  s[r] = fw.active ? 1 : 0;
  s[r + 1] = fw.registered ? 1 : 0;
  s[r + 2] = fw.suppressed ? 1 : 0;
  s[r + 3] = fw.grants;
  s[r + 4] = fw.spent;
  s[r + 5] = fw.committed;
  return s;
}

function equalVectors(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The same tasks in the same order (a retry is another task: its submit time differs). */
function sameRequests(a: readonly TaskRequest[], b: readonly TaskRequest[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.job !== y.job || x.index !== y.index || x.submit !== y.submit || x.gangSize !== y.gangSize || x.resources !== y.resources) return false;
  }
  return true;
}

/**
 * The first `limit` of `requests` (which holds up to limit + 1 of a
 * framework's pending requests), and whether there are more.
 */
export function requestList(requests: readonly TaskRequest[], limit: number): { requests: Json[]; more_requests: boolean } {
  return { requests: requests.slice(0, limit).map(requestEntry), more_requests: requests.length > limit };
}

function requestEntry(r: TaskRequest): Json {
  return {
    job: r.job.id,
    index: r.index,
    resources: vector(r.resources),
    submit: r.submit,
    duration: time(r.duration),
    gang_size: r.gangSize,
    bid: r.bid,
    priority: r.priority,
    pool: r.pool ?? null,
    job_submit: r.job.submit,
    estimate: r.job.estimate === undefined ? null : time(r.job.estimate),
  };
}

function taskEntry(t: TaskView): Json {
  return {
    id: taskId(t),
    job: t.job.id,
    attempt: t.attempt,
    framework: t.job.framework,
    resources: vector(t.resources),
    start: t.start,
    duration: time(t.duration),
    pool: t.pool ?? null,
    preempting: t.preempting,
  };
}

/** The role tree as a list, parents before children (depth first, children in the tree's order). */
function roleList(root: RoleView): Json[] {
  const out: Json[] = [];
  const walk = (n: RoleView): void => {
    out.push({
      path: n.path,
      parent: n.parent === undefined ? null : n.parent.path,
      weight: n.weight,
      allocation: vector(n.allocation),
      own: vector(n.own),
      grants: n.grants,
      own_grants: n.ownGrants,
      unallocated_reservations: vector(n.unallocatedReservations),
      quota: n.quota === undefined ? null : { guarantee: vector(n.quota.guarantee), limit: vector(n.quota.limit) },
      frameworks: n.frameworks,
    });
    for (const c of n.children) walk(c);
  };
  walk(root);
  return out;
}
