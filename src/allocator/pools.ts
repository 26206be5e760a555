/**
 * The `pools` allocator: priority resource pools with borrowing and
 * preemption (the seed document, sections 2.1 and 4.1, step 5).
 *
 * Every task draws from a pool (its job's `pool`, else its framework's). A
 * pool P has a capacity C_P, a priority and, optionally, home agents (agents
 * declared with `pool: P`); agents of no pool are shared. U_P is what P holds
 * (its tasks, plus offers granted for it). Each run:
 *
 * 1. **Within capacity.** Pools in priority order (higher first, then name);
 *    within a pool, requests by priority class P ascending, then submit time,
 *    framework name and queue order. A request is granted exactly R while
 *    U_P + R ≤ C_P, on a home agent of P, else a shared agent.
 * 2. **Borrowing.** What is still waiting (requests over their pool's
 *    capacity, requests that found no home or shared room, and requests of no
 *    pool, whose capacity is 0) may use idle resources on any agent, in the
 *    same order, except agents of a pool that still has demand within its
 *    capacity this run. A pool over its capacity, or a task on another pool's
 *    agent, is borrowing.
 * 3. **Reclaiming** (`preempt`, before 1 and 2). For each pool in priority
 *    order, a request within the pool's capacity that fits no agent's free
 *    resources may end borrowers' tasks (those of other pools that are over
 *    their capacity, of no pool, or running on one of P's home agents) on one
 *    of P's home agents or a shared agent (never another pool's home agent,
 *    which that pool could then take back in turn): on each agent, the least important first (priority class
 *    descending, pool priority ascending, latest start first) until R fits
 *    what the agent will have free; among agents, the one whose most
 *    important victim is least important, then the fewest victims, then home
 *    agents before shared ones. Tasks already being preempted
 *    count as freed (and as no longer their pool's), so a run never preempts
 *    twice for the same need; and the same waiting work causes at most one
 *    preemption per `reclaim_cooldown` seconds (work that still does not start
 *    after its room was made, such as a gang its framework cannot fit, would
 *    otherwise preempt the re-borrowed room again and again). A pool never preempts a task of a pool that is
 *    within its capacity on its own or a shared agent: capacity is a
 *    guarantee, and priority orders pools only where they compete for what is
 *    idle.
 *
 * A gang job's waiting tasks are one unit throughout: granted together in one
 * run (so its framework gets them in one batch), and preempted for only when
 * room can be made for all of them. An offer granted for a pool is used by
 * its framework only for that pool's tasks (see framework/placement.ts).
 *
 * Preempted tasks end as `preempted` and go back to their framework, which
 * resubmits them under its retry policy.
 *
 * Reservations and quota: it grants unreserved resources only (reservations
 * stay idle under this policy), and a unit that would take its role past its
 * quota limit waits, and is not preempted for. Guarantees are not served.
 *
 * Cost per run: O(requests × agents with free resources) to place, plus, only
 * for a request that fits nowhere, a scan of the agents' tasks.
 *
 * @module
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import { addInto, fits, subtractInto, type Quantities } from '../model/resources.js';
import { refill } from '../core/refill.js';
import { parseOptions } from './options.js';
import { QuotaRun } from './quota.js';
import { findAgent, FreeResources, GrantBook, overCapacity, placeUnit, requestUnits, withinCapacity, type Placement, type RequestUnit } from './request-grants.js';
import { fieldsOf, isNumber, isObject, isString, listOf, mapOf, savedState, type SavedState } from './saved-state.js';
import { compareKeys } from './sorter.js';
import type { AgentView, Allocator, AllocatorContext, ClusterView, FrameworkView, Grant, PoolView, RoleView, TaskRequest, TaskView } from './types.js';

export const poolsOptions = z
  .object({
    /** Most requests taken from one framework per run. */
    requests_per_framework: z.number().int().positive().default(100),
    /** Let pools use resources that others leave idle. */
    borrowing: z.boolean().default(true),
    /** Let a pool within its capacity take back what borrowers hold, by preemption. */
    preemption: z.boolean().default(true),
    /** Seconds before the same waiting work may cause another preemption. */
    reclaim_cooldown: z.number().min(0).default(30),
  })
  .strict();

export function createPools(ctx: AllocatorContext): Allocator {
  const o = parseOptions(poolsOptions, ctx.options, 'pools');
  if (ctx.pools.length === 0) {
    throw new InputError(
      "master.allocator: allocator 'pools' needs resource pools (expected a 'pools' mapping of name -> { capacity, priority }, and frameworks or jobs naming a pool)",
    );
  }
  return new PoolsAllocator(o.requests_per_framework, o.borrowing, o.preemption, o.reclaim_cooldown);
}

/** One run's picture: pools in serving order, what each holds, and who waits for what. */
interface RunState {
  readonly pools: readonly PoolView[];
  readonly held: Map<string, Quantities>;
  readonly capacity: ReadonlyMap<string, Quantities>;
  /** Waiting units by pool name ('' for none), in serving order. */
  readonly waiting: Map<string, RequestUnit[]>;
}

export class PoolsAllocator implements Allocator {
  readonly name = 'pools';
  readonly reactsToDemand = true;
  /** Tasks this allocator chose to preempt, until they leave their agent. */
  readonly #underway = new Set<TaskView>();

  constructor(
    private readonly perFramework: number,
    private readonly borrowing: boolean,
    private readonly preemption: boolean,
    private readonly cooldown = 30,
  ) {}

  /** When work (job id/first task index) last caused a preemption (s). */
  readonly #lastReclaim = new Map<string, number>();

  /** Its state as data (docs/checkpoints.md): the preemptions under way, in the order chosen, and when work last caused one. */
  saveState(): SavedState<{ underway: TaskView[]; lastReclaim: Map<string, number> }> {
    return savedState(this.name, { underway: [...this.#underway], lastReclaim: this.#lastReclaim });
  }

  /** Takes a saveState() in place of its own; throws on another allocator's state. */
  loadState(saved: unknown): void {
    const s = fieldsOf(saved, this.name);
    const underway = listOf(s['underway'], 'underway', isObject) as TaskView[];
    refill(this.#lastReclaim, mapOf(s['lastReclaim'], 'lastReclaim', isString, isNumber));
    this.#underway.clear();
    for (const t of underway) this.#underway.add(t);
  }

  allocate(view: ClusterView): Grant[] {
    const run = this.#runState(view);
    const free = new FreeResources();
    const book = new GrantBook();
    const quota = QuotaRun.start(view);
    const agents = [...view.freeAgents];
    /** Pools with a unit within capacity that found no home or shared room: others may not borrow their agents. */
    const short = new Set<string>();
    const left: RequestUnit[] = [];
    const grant = (unit: RequestUnit, placement: Placement, pool: string): void => {
      quota?.record(quota.of(unit.framework.role), unit.total);
      for (const [r, agent] of placement) book.add(unit.framework.index, agent.index, r.resources, pool === '' ? undefined : pool);
      const held = run.held.get(pool);
      if (held !== undefined) addInto(held, unit.total);
    };
    for (const pool of run.pools) {
      const held = run.held.get(pool.name)!;
      for (const unit of run.waiting.get(pool.name) ?? []) {
        if (quota !== undefined && !quota.admits(unit.framework.role, unit.total)) continue;
        if (!withinCapacity(held, unit.total, pool.capacity)) {
          left.push(unit);
          continue;
        }
        const placement = placeUnit(view, agents, free, unit, (a) => a.pool === pool.name || a.pool === undefined);
        if (placement === undefined) {
          short.add(pool.name);
          left.push(unit);
        } else {
          grant(unit, placement, pool.name);
        }
      }
    }
    if (this.borrowing) {
      for (const unit of [...left, ...(run.waiting.get('') ?? [])]) {
        if (quota !== undefined && !quota.admits(unit.framework.role, unit.total)) continue;
        const pool = unit.requests[0]!.pool ?? '';
        const placement = placeUnit(view, agents, free, unit, (a) => a.pool === undefined || a.pool === pool || !short.has(a.pool));
        if (placement !== undefined) grant(unit, placement, pool);
      }
    }
    return book.grants();
  }

  preempt(view: ClusterView): TaskView[] {
    if (!this.preemption) return [];
    for (const [key, at] of this.#lastReclaim) if (view.now - at >= this.cooldown) this.#lastReclaim.delete(key);
    const run = this.#runState(view);
    const free = new FreeResources();
    const victims: TaskView[] = [];
    const priorityOf = new Map(run.pools.map((p) => [p.name, p.priority]));
    const heldBy = (t: TaskView): Quantities | undefined => (t.pool === undefined ? undefined : run.held.get(t.pool));
    // Preemptions under way: their resources are as good as free, and no longer their pool's.
    const agents = new Set(view.freeAgents);
    for (const t of this.#underway) {
      const agent = view.agents[t.agent]!;
      if (!agent.tasks.has(t)) {
        this.#underway.delete(t);
        continue;
      }
      // Room on a draining agent is never offered: nothing is placed there.
      if (!agent.draining) {
        free.release(agent, roleOf(view, t), t.resources);
        agents.add(agent);
      }
      const q = heldBy(t);
      if (q !== undefined) subtractInto(q, t.resources);
    }
    const chosen = new Set<TaskView>(this.#underway);
    const placeable = [...agents];
    const quota = QuotaRun.start(view);
    for (const pool of run.pools) {
      const held = run.held.get(pool.name)!;
      const home = (a: AgentView): boolean => a.pool === pool.name || a.pool === undefined;
      for (const unit of run.waiting.get(pool.name) ?? []) {
        if (!withinCapacity(held, unit.total, pool.capacity)) continue;
        if (quota !== undefined && !quota.admits(unit.framework.role, unit.total)) continue;
        // Room at home, or idle room it may borrow: it will be placed without preempting anyone
        // (preempting while idle room exists would only lend the freed room out again).
        const placed =
          placeUnit(view, placeable, free, unit, home) ?? (this.borrowing ? placeUnit(view, placeable, free, unit, () => true) : undefined);
        if (placed !== undefined) {
          addInto(held, unit.total);
          quota?.record(quota.of(unit.framework.role), unit.total);
          continue;
        }
        const key = `${unit.requests[0]!.job.id}/${unit.requests[0]!.index}`;
        if (view.now - (this.#lastReclaim.get(key) ?? -Infinity) < this.cooldown) break; // it waits, and so do those after it
        // Place the unit's requests one by one, preempting where nothing fits; all of it, or undo.
        const taken: [AgentView, Quantities][] = [];
        const found: TaskView[] = [];
        let ok = unit.complete;
        for (const r of ok ? unit.requests : []) {
          let agent = findAgent(view, placeable, free, unit.framework, r, home);
          if (agent === undefined) {
            const reclaim = this.#reclaim(view, run, pool, unit.framework, r, free, chosen, priorityOf);
            if (reclaim === undefined) {
              ok = false;
              break;
            }
            agent = reclaim.agent;
            if (!agents.has(agent)) {
              agents.add(agent);
              placeable.push(agent);
            }
            for (const t of reclaim.victims) {
              chosen.add(t);
              found.push(t);
              free.release(agent, roleOf(view, t), t.resources);
              const q = heldBy(t);
              if (q !== undefined) subtractInto(q, t.resources);
            }
          }
          free.take(agent, r.resources);
          taken.push([agent, r.resources]);
        }
        if (ok) {
          addInto(held, unit.total);
          quota?.record(quota.of(unit.framework.role), unit.total);
          for (const t of found) {
            victims.push(t);
            this.#underway.add(t);
          }
          if (found.length > 0) this.#lastReclaim.set(key, view.now);
          continue;
        }
        // Undo, and let later units of this pool wait: they come after it.
        for (const [agent, q] of taken) free.give(agent, q);
        for (const t of found) {
          chosen.delete(t);
          free.unrelease(view.agents[t.agent]!, t.resources);
          const q = heldBy(t);
          if (q !== undefined) addInto(q, t.resources);
        }
        break;
      }
    }
    return victims;
  }

  /**
   * Where ending borrowers' tasks would make room for `r`, and which tasks: on
   * each agent, the least important preemptible tasks until R fits; among
   * agents (home agents of the pool, then shared ones: never another pool's),
   * the one whose most important victim is least important, then the fewest
   * victims, then that order.
   */
  #reclaim(
    view: ClusterView,
    run: RunState,
    pool: PoolView,
    framework: FrameworkView,
    r: TaskRequest,
    free: FreeResources,
    chosen: ReadonlySet<TaskView>,
    priorityOf: ReadonlyMap<string, number>,
  ): { agent: AgentView; victims: TaskView[] } | undefined {
    const R = r.resources;
    const preemptible = (t: TaskView, agent: AgentView): boolean => {
      const q = t.pool;
      if (q === pool.name || t.preempting || chosen.has(t)) return false;
      if (q === undefined || agent.pool === pool.name) return true;
      const owner = run.held.get(q);
      const capacity = run.capacity.get(q);
      return owner !== undefined && capacity !== undefined && overCapacity(owner, capacity);
    };
    const order = (a: TaskView, b: TaskView): number => victimOrder(a, b, priorityOf);
    let best: { agent: AgentView; victims: TaskView[] } | undefined;
    for (const agent of homeThenShared(view.agents, pool.name)) {
      // A draining agent is offered nothing (Mesos 1.9): preempting there would free room for no one.
      if (!agent.registered || agent.draining || agent.tasks.size === 0) continue;
      if ((agent.hasGpus && !framework.gpuCapable) || view.isFiltered(framework.index, agent.index, R)) continue;
      let room = free.of(agent);
      if (fits(R, room)) return { agent, victims: [] }; // room left by this run's earlier preemptions
      const candidates = [...agent.tasks].filter((t) => preemptible(t, agent)).sort(order);
      const victims: TaskView[] = [];
      const released: (readonly [RoleView, Quantities])[] = [];
      for (const t of candidates) {
        victims.push(t);
        released.push([roleOf(view, t), t.resources]);
        // Only unreserved room counts: what goes back to a victim's reservation stays its role's.
        room = free.ifReleased(agent, released);
        if (fits(R, room)) break;
      }
      if (!fits(R, room)) continue;
      if (best === undefined) {
        best = { agent, victims };
        continue;
      }
      const worse = importance(best.victims.at(-1)!, victims.at(-1)!, priorityOf) || best.victims.length - victims.length;
      if (worse > 0) best = { agent, victims };
    }
    return best;
  }

  #runState(view: ClusterView): RunState {
    const pools = [...view.pools].sort((a, b) => b.priority - a.priority || compareKeys(a.name, b.name));
    const held = new Map(pools.map((p) => [p.name, new Float64Array(p.held)]));
    const waiting = new Map<string, RequestUnit[]>();
    for (const framework of view.frameworks) {
      if (!framework.active) continue;
      for (const unit of requestUnits(framework, framework.requests(this.perFramework))) {
        const key = unit.requests[0]!.pool ?? '';
        let list = waiting.get(key);
        if (list === undefined) waiting.set(key, (list = []));
        list.push(unit);
      }
    }
    for (const list of waiting.values()) list.sort(servingOrder);
    return { pools, held, capacity: new Map(pools.map((p) => [p.name, p.capacity])), waiting };
  }
}

/** The role of the framework a task belongs to. */
function roleOf(view: ClusterView, t: TaskView): RoleView {
  return view.frameworks[t.job.framework]!.role;
}

/** Priority class ascending, then submit time, framework name and queue order. */
function servingOrder(a: RequestUnit, b: RequestUnit): number {
  const ra = a.requests[0]!;
  const rb = b.requests[0]!;
  return ra.priority - rb.priority || ra.submit - rb.submit || compareKeys(a.framework.name, b.framework.name) || a.order - b.order;
}

/** Negative when `a` is less important: priority class descending, pool priority ascending, latest start first. */
function importance(a: TaskView, b: TaskView, priorityOf: ReadonlyMap<string, number>): number {
  const pa = a.pool === undefined ? -Infinity : priorityOf.get(a.pool)!;
  const pb = b.pool === undefined ? -Infinity : priorityOf.get(b.pool)!;
  return b.job.priority - a.job.priority || pa - pb || b.start - a.start;
}

/** Least important first, then job id and index (a total order). */
function victimOrder(a: TaskView, b: TaskView, priorityOf: ReadonlyMap<string, number>): number {
  return importance(a, b, priorityOf) || compareKeys(a.job.id, b.job.id) || a.index - b.index;
}

/** The pool's home agents, then shared agents, each in index order. */
function* homeThenShared(agents: readonly AgentView[], pool: string): Iterable<AgentView> {
  for (const a of agents) if (a.pool === pool) yield a;
  for (const a of agents) if (a.pool === undefined) yield a;
}
