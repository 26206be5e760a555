/**
 * What the baseline allocators (fifo, easy, slots, tetris) share: the agents
 * they may grant on, the frameworks' waiting work cut into units, first-fit
 * placement of a unit, quota limits, and the test for work that could never
 * start. They build on the request-granular pieces of request-grants.ts.
 *
 * All four grant exactly the resources of the tasks they choose, from
 * unreserved resources only (reservations stay out of their reach), merged
 * into one offer per framework and agent per run; a unit that would take its
 * role past its quota limit waits. They react to demand: a framework tells the
 * master when work arrives, and the master runs them at once.
 *
 * @module
 */
import { z } from 'zod';
import { addInto, equal, fits, isZero, subtractInto, type Quantities } from '../../model/resources.js';
import { record } from '../../core/refill.js';
import { QuotaRun } from '../quota.js';
import { listOf } from '../saved-state.js';
import { FreeResources, GrantBook, type RequestUnit } from '../request-grants.js';
import { compareKeys } from '../sorter.js';
import type { AgentView, ClusterView, FrameworkView, TaskRequest, JobView } from '../types.js';
import { sortedFreeAgents, type AgentPositions } from './agent-tree.js';

/** Mesos --filter_gpu_resources: frameworks without the GPU capability are never granted on GPU agents. */
export const filterGpuOption = z.boolean().default(true);

/** May `fw` be granted `resources` on `agent`: the GPU rule, and no decline filter of its containing them. */
export function mayGrant(view: ClusterView, filterGpus: boolean, fw: FrameworkView, agent: AgentView, resources: Quantities): boolean {
  if (agent.hasGpus && filterGpus && !fw.gpuCapable) return false;
  return !view.isFiltered(fw.index, agent.index, resources);
}

/**
 * The agents with free resources this run, by index: the master's
 * `freeAgents`, not only this run's candidates. A policy that serves a global
 * queue may have a use for an unchanged agent once the queue has moved on.
 * Cost O(free agents × log).
 */
export function freeAgents(view: ClusterView): AgentView[] {
  return sortedFreeAgents(view);
}

/** What is started as one: one task of an ordinary job, or every waiting task of a gang job (always complete). */
export interface Unit extends RequestUnit {
  /** The latest job submit time among its framework's units up to this one (so merging by it keeps each framework's order). */
  readonly key: number;
}

/** Unit order across frameworks: key (job submit time), then framework name (byte-wise), then queue order. */
export function compareUnits(a: Unit, b: Unit): number {
  return a.key - b.key || compareKeys(a.framework.name, b.framework.name) || a.order - b.order;
}

/**
 * The run time a policy plans with: with `estimates`, the user's estimate, or
 * the real duration when the workload gives none or a smaller one (the usual
 * convention of SWF replays); else the real duration.
 */
export function plannedRuntime(job: JobView, duration: number, estimates: boolean): number {
  return estimates && job.estimate !== undefined ? Math.max(job.estimate, duration) : duration;
}

/** When the unit ends if started now (the longest of its tasks' planned run times; Infinity for tasks that never end). */
export function unitEnd(now: number, unit: Unit, estimates = false): number {
  let d = 0;
  for (const r of unit.requests) d = Math.max(d, plannedRuntime(r.job, r.duration, estimates));
  return now + d;
}

/**
 * A framework's waiting work, read unit by unit in its own queue order. The
 * requests are fetched lazily, doubling the number asked for each time more
 * are needed (a gang is always read whole), so reading n tasks costs O(n)
 * amortised.
 */
export class Cursor {
  #list: readonly TaskRequest[] = [];
  #asked = 0;
  #pos = 0;
  #key = -Infinity;
  #unit: Unit | undefined | null = null;

  constructor(
    readonly framework: FrameworkView,
    private readonly first = 8,
  ) {}

  /** The next unit, or undefined when none is left. */
  peek(): Unit | undefined {
    if (this.#unit !== null) return this.#unit;
    const head = this.#at(this.#pos);
    if (head === undefined) return (this.#unit = undefined);
    const requests = [head];
    for (let r = this.#at(this.#pos + 1); requests.length < head.gangSize && r?.job === head.job; r = this.#at(this.#pos + requests.length)) {
      requests.push(r);
    }
    const total = new Float64Array(head.resources);
    for (let i = 1; i < requests.length; i++) addInto(total, requests[i]!.resources);
    const key = Math.max(this.#key, head.job.submit);
    return (this.#unit = { framework: this.framework, requests, total, order: this.#pos, complete: true, key });
  }

  /** Moves past the current unit. */
  advance(): void {
    const unit = this.peek();
    if (unit === undefined) return;
    this.#pos += unit.requests.length;
    this.#key = unit.key;
    this.#unit = null;
  }

  #at(i: number): TaskRequest | undefined {
    // A list shorter than asked for is the whole queue (within the framework's lookahead).
    while (i >= this.#list.length && this.#list.length === this.#asked) {
      this.#asked = Math.max(this.#asked * 2, this.first);
      this.#list = this.framework.requests(this.#asked);
    }
    return this.#list[i];
  }
}

/** Cursors over every active framework that has waiting work; `first`: requests asked for at first. */
export function cursors(view: ClusterView, first?: number): Cursor[] {
  const out: Cursor[] = [];
  for (const fw of view.frameworks) {
    if (!fw.active) continue;
    const c = new Cursor(fw, first);
    if (c.peek() !== undefined) out.push(c);
  }
  return out;
}

/**
 * The free agents of one run, what is granted on them so far and the run's
 * quota books, indexed for first fit by a max tree over the agents by index
 * (agent-tree.ts): a search costs O(resources × log agents) when the maximum
 * does not mislead, O(resources × agents) at worst (room in each resource but
 * on different agents, or decline filters); a grant costs
 * O(resources × log agents) per agent it touches. The tree is built for the
 * run (runTree) or kept across runs (FreeAgentIndex).
 */
export class OpenAgents {
  readonly free = new FreeResources();
  readonly book: GrantBook;
  /** Undefined when no role has quota. */
  readonly quota: QuotaRun | undefined;
  readonly #at: AgentPositions;

  constructor(
    readonly view: ClusterView,
    agents: AgentPositions,
    private readonly filterGpus: boolean,
    /** Name on each grant the jobs it is for (Grant.forJobs). */
    namesJobs = false,
  ) {
    this.book = new GrantBook(namesJobs);
    this.quota = QuotaRun.start(view);
    this.#at = agents;
  }

  /** The agents with free resources this run, by index. */
  get agents(): readonly AgentView[] {
    return this.#at.agents;
  }

  /** May `fw` be granted `resources` on `agent` now (fits what is left, GPU rule, no filter). */
  fitsOn(fw: FrameworkView, agent: AgentView, resources: Quantities): boolean {
    return this.free.fits(agent, resources) && mayGrant(this.view, this.filterGpus, fw, agent, resources);
  }

  /** Whether the unit's role may consume all of it within its quota limit (always without quota). */
  admits(unit: Unit): boolean {
    return this.quota === undefined || this.quota.admits(unit.framework.role, unit.total);
  }

  /**
   * Where each task of `unit` would go, first fit over `agents` (default: all
   * open agents, by index) with what is left; undefined when one fits nowhere.
   * Records nothing.
   */
  firstFit(unit: Unit, agents?: readonly AgentView[]): AgentView[] | undefined {
    const may = (a: AgentView, r: TaskRequest) => mayGrant(this.view, this.filterGpus, unit.framework, a, r.resources);
    if (agents !== undefined) return firstFitPlan(unit.requests, agents, (a) => this.free.of(a), (r) => r.resources, may);
    const plan: AgentView[] = [];
    const local = new Map<AgentView, Quantities>();
    for (const r of unit.requests) {
      const i = this.#at.find(r.resources, (a) => may(a, r));
      if (i < 0) break;
      const agent = this.#at.at(i);
      plan.push(agent);
      if (unit.requests.length === 1) break;
      // Later tasks of the unit see what this one leaves.
      let left = local.get(agent);
      if (left === undefined) local.set(agent, (left = new Float64Array(this.free.of(agent))));
      subtractInto(left, r.resources);
      this.#at.set(i, left);
    }
    for (const agent of local.keys()) this.#at.set(this.#at.positionOf(agent)!, this.free.of(agent));
    return plan.length === unit.requests.length ? plan : undefined;
  }

  /**
   * Where each task of `unit` would go, first fit over the open agents by
   * index, with `room(agent)` as what each may give it (at most what it has
   * left); undefined when one fits nowhere. Records nothing. Cost
   * O(tasks × open agents) calls of `room`.
   */
  firstFitWithin(unit: Unit, room: (agent: AgentView) => Quantities): AgentView[] | undefined {
    const may = (a: AgentView, r: TaskRequest) => mayGrant(this.view, this.filterGpus, unit.framework, a, r.resources);
    return firstFitPlan(unit.requests, this.agents, room, (r) => r.resources, may);
  }

  /**
   * Grants each task of `unit` on the agent `plan` gives it, and books it
   * against its role's quota. A task that asks for nothing gets no grant (an
   * offer cannot be empty): it fits any offer its framework gets.
   */
  grant(unit: Unit, plan: readonly AgentView[]): void {
    unit.requests.forEach((r, i) => {
      if (isZero(r.resources)) return;
      this.free.take(plan[i]!, r.resources);
      this.book.add(unit.framework.index, plan[i]!.index, r.resources, undefined, undefined, r.job);
    });
    this.quota?.record(this.quota.of(unit.framework.role), unit.total);
    for (const agent of new Set(plan)) {
      const at = this.#at.positionOf(agent);
      if (at !== undefined) this.#at.set(at, this.free.of(agent));
    }
  }
}

/**
 * First fit: each task in order goes to the first of `agents` (in their order)
 * with room for what it needs there and that `may` take it; undefined when one
 * fits nowhere. `room(agent)` is what the agent has left (not changed: tasks
 * placed here are taken from copies). Cost O(tasks × agents).
 */
export function firstFitPlan(
  requests: readonly TaskRequest[],
  agents: readonly AgentView[],
  room: (agent: AgentView) => Quantities,
  need: (request: TaskRequest, agent: AgentView) => Quantities,
  may: (agent: AgentView, request: TaskRequest) => boolean,
): AgentView[] | undefined {
  const plan: AgentView[] = [];
  const local = new Map<AgentView, Quantities>();
  for (const r of requests) {
    const agent = agents.find((a) => fits(need(r, a), local.get(a) ?? room(a)) && may(a, r));
    if (agent === undefined) return undefined;
    if (requests.length > 1) {
      let left = local.get(agent);
      if (left === undefined) local.set(agent, (left = new Float64Array(room(agent))));
      subtractInto(left, need(r, agent));
    }
    plan.push(agent);
  }
  return plan;
}

/** The resources each agent of `plan` gets from `unit`. */
export function perAgent(unit: Unit, plan: readonly AgentView[], zero: () => Quantities): Map<AgentView, Quantities> {
  const out = new Map<AgentView, Quantities>();
  unit.requests.forEach((r, i) => {
    const a = plan[i]!;
    let q = out.get(a);
    if (q === undefined) out.set(a, (q = zero()));
    addInto(q, r.resources);
  });
  return out;
}

/**
 * Whether a unit could start on the cluster as registered, were it empty:
 * first fit of its tasks over empty agents it may use (the GPU rule). A unit
 * that could not is never waited for (it would hold up a queue forever). The
 * agents are kept as distinct shapes with counts until the cluster total
 * changes, so a check costs O(tasks × (shapes + agents it opens)).
 */
export class Shapes {
  #total: Quantities | undefined;
  #shapes: { total: Quantities; hasGpus: boolean; count: number }[] = [];

  constructor(private readonly filterGpus: boolean) {}

  /** Its state as data (docs/checkpoints.md): the shapes, and the cluster total they were counted at (undefined: not yet). */
  saveState(): { total: Quantities | undefined; shapes: { total: Quantities; hasGpus: boolean; count: number }[] } {
    return { total: this.#total, shapes: this.#shapes };
  }

  /** Takes a saveState() in place of its own; throws on a state of another kind. */
  loadState(saved: unknown): void {
    const s = record(saved, 'shapes');
    const total = s['total'];
    if (total !== undefined && !(total instanceof Float64Array)) throw new TypeError('shapes: a cluster total');
    const shapes = listOf(s['shapes'], 'shapes', (x): x is { total: Quantities; hasGpus: boolean; count: number } => {
      const shape = record(x, 'shape');
      return shape['total'] instanceof Float64Array && typeof shape['hasGpus'] === 'boolean' && typeof shape['count'] === 'number';
    });
    this.#total = total;
    this.#shapes = shapes;
  }

  couldEverStart(view: ClusterView, unit: Unit): boolean {
    this.#refresh(view);
    const noGpus = this.filterGpus && !unit.framework.gpuCapable;
    const shapes = this.#shapes.filter((s) => !(noGpus && s.hasGpus));
    /** What is left on the agents opened so far, and how many of each shape are opened. */
    const opened: Quantities[] = [];
    const used = shapes.map(() => 0);
    for (const r of unit.requests) {
      let left = opened.find((q) => fits(r.resources, q));
      if (left === undefined) {
        const k = shapes.findIndex((s, i) => used[i]! < s.count && fits(r.resources, s.total));
        if (k < 0) return false;
        used[k]!++;
        opened.push((left = new Float64Array(shapes[k]!.total)));
      }
      subtractInto(left, r.resources);
    }
    return true;
  }

  #refresh(view: ClusterView): void {
    if (this.#total !== undefined && equal(this.#total, view.total)) return;
    this.#total = new Float64Array(view.total);
    const shapes = new Map<string, { total: Quantities; hasGpus: boolean; count: number }>();
    for (const a of view.agents) {
      if (!a.registered) continue;
      const key = `${a.hasGpus}:${a.total.join(',')}`;
      const shape = shapes.get(key);
      if (shape === undefined) shapes.set(key, { total: a.total, hasGpus: a.hasGpus, count: 1 });
      else shape.count++;
    }
    this.#shapes = [...shapes.values()];
  }
}
