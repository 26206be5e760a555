/**
 * FIFO with EASY backfilling (`easy`; Lifka's EASY scheduler, as analysed by
 * Mu'alem and Feitelson): the queue is served as by `fifo`, and when its head
 * cannot start, later units may start now if they do not delay the head.
 *
 * The head gets a reservation. Its shadow time is the earliest time at which
 * it could be placed (first fit, tasks in order, agents by index) once running
 * tasks have ended at their planned ends (start + planned run time; a staging
 * task as if it started now; a task being preempted now; Infinity: never). Its
 * plan then says how much of each agent it takes. The extra is what the
 * agents it may use have free at the shadow time beyond that. Every later unit
 * that fits now, in queue order, starts if
 *   (a) it would end by the shadow time (now + its longest planned task): it
 *       leaves the extra alone; or
 *   (b) it leaves the head room at the shadow time, and uses up extra: what
 *       it holds of the head's agents must fit the extra counted over the
 *       cluster, and on each agent fit beside the head's plan, where it may be
 *       placed within the extra instead of by first fit, or else the head must
 *       fit anew beside it (see Reservation.place).
 * On identical one-resource agents (a rigid parallel log on its machine) this
 * is EASY's count: a unit of k processors passes (b) iff k ≤ the extra.
 * If the head could not be placed even once every finite task has ended, its
 * shadow time is Infinity and any unit that fits may start. Resources in
 * outstanding offers are taken as never coming back. Decline filters are
 * ignored for the reservation (they expire). Planned run times are the users'
 * estimates where the workload gives them (`runtime_estimates: user`, the
 * default: SWF's requested time), or the real duration when it is longer, as
 * SWF replays take them; else, or with `exact`, the real durations. A task
 * still running past its planned end (slowed by a fault) is taken to end now.
 * Only unreserved resources are granted; what a task gives back is counted as
 * unreserved (the task view does not say whether it held a reservation, so
 * with reservations the estimate may be early).
 *
 * Later units are examined in queue order: all of them, or at most
 * `backfill_depth`. Each grant names the jobs it is for (Grant.forJobs), so
 * a framework, which otherwise fills offers in its own queue order, launches
 * there the unit chosen, never an earlier job that was refused. The
 * later tasks of an ordinary job still wait for its earlier ones (a framework
 * launches them in order), and a framework with a unit held back by its role's
 * quota limit gets nothing more this run, as in fifo.
 *
 * Cost per run: that of fifo, plus, when the head is blocked and some later
 * unit fits now, one reservation, a scan of every agent's tasks: for a
 * one-task head O(agents + running tasks × log(tasks per agent)); for a gang
 * O((agents + running tasks) × log(running tasks) + gang size × agents ×
 * log(running tasks)). Then per unit examined O(frameworks + placing it, as in
 * fifo); for a unit that fits now and ends after the shadow time, O(agents it
 * uses), plus, when it fits the extra counted over the cluster but not beside
 * the head's plan, O(tasks × open agents) to place it within the extra and
 * O(head tasks × agents) to plan the head anew.
 *
 * @module
 */
import { z } from 'zod';
import type { SimTime } from '../../core/event-queue.js';
import { addInto, fits, subtractInto, type Quantities } from '../../model/resources.js';
import { parseOptions } from '../options.js';
import type { AgentView, Allocator, AllocatorContext, TaskView } from '../types.js';
import { filterGpuOption, firstFitPlan, OpenAgents, perAgent, plannedRuntime, unitEnd, type Unit } from './common.js';
import { FifoAllocator, type Backfill, type GlobalQueue, type Started } from './fifo.js';

export const easyOptions = z
  .object({
    filter_gpu_resources: filterGpuOption,
    /** Most units behind the blocked head examined per run; absent: the whole queue (as far as the frameworks' lookahead shows it), as EASY does. */
    backfill_depth: z.number().int().positive().optional(),
    /** Plan with the users' run-time estimates when the workload has them (SWF's requested time), as EASY did; 'exact': real durations. */
    runtime_estimates: z.enum(['user', 'exact']).default('user'),
  })
  .strict();

export function createEasy(ctx: AllocatorContext): Allocator {
  const o = parseOptions(easyOptions, ctx.options, 'easy');
  return new FifoAllocator('easy', o.filter_gpu_resources, new EasyBackfill(o.backfill_depth ?? Infinity, o.filter_gpu_resources, o.runtime_estimates === 'user'));
}

/**
 * The head's reservation: when it can start (the shadow time), its plan then,
 * and the room it leaves for units that run past it.
 */
export class Reservation {
  /**
   * The extra, counted over the cluster: Σ over the agents the head may use of
   * what each has free at the shadow time, less the head's total. A unit
   * admitted by rule (b) uses it up.
   */
  readonly #extra: Quantities;
  /** What is free now on open agents the head may not use: room for (b) that the extra does not count. */
  readonly #elsewhere: Quantities;
  /** What the head's plan at the shadow time takes of each agent. */
  #take: ReadonlyMap<AgentView, Quantities>;
  /** The head's agents that could hold one of its tasks at the shadow time, by index: the only ones a new plan can use. */
  readonly #hosts: readonly AgentView[];

  constructor(
    readonly shadow: SimTime,
    private readonly head: Unit,
    private readonly open: OpenAgents,
    /** The agents the head may use, by index. */
    agents: readonly AgentView[],
    /** What each of them will have free at the shadow time, less what units admitted by (b) hold then. */
    private readonly free: ReadonlyMap<AgentView, Quantities>,
    take: ReadonlyMap<AgentView, Quantities>,
    /** Plan with users' run-time estimates where given. */
    private readonly estimates: boolean,
  ) {
    this.#take = take;
    this.#extra = this.#zero();
    for (const q of free.values()) addInto(this.#extra, q);
    subtractInto(this.#extra, head.total);
    this.#elsewhere = this.#zero();
    for (const a of open.agents) if (!free.has(a)) addInto(this.#elsewhere, open.free.of(a));
    // Units admitted by (b) only take room away, so an agent that cannot hold the head's smallest task now never will.
    const smallest = new Float64Array(head.requests[0]!.resources);
    for (const r of head.requests) for (let i = 0; i < smallest.length; i++) smallest[i] = Math.min(smallest[i]!, r.resources[i]!);
    this.#hosts = agents.filter((a) => free.has(a) && fits(smallest, free.get(a)!));
  }

  /**
   * Where `unit` may start now without moving the head's start, or undefined;
   * `plan` is its first fit now. By (a), if it ends by the shadow time:
   * `plan`. By (b), charging what it holds of the head's agents to the extra,
   * the first of these that exists:
   *   1. `plan`, if on each of the head's agents it fits beside the head's plan;
   *   2. a first fit now within what each of the head's agents has beyond the
   *      head's plan (other agents: what they have);
   *   3. `plan`, if the head can be planned anew beside it (first fit, tasks in
   *      order, agents by index), which becomes the head's plan.
   * Each needs what the unit holds of the head's agents to fit the extra
   * counted over the cluster, checked first. On identical one-resource agents
   * this is the count EASY checks: a unit of k processors passes iff k ≤ extra.
   */
  place(now: SimTime, unit: Unit, plan: readonly AgentView[]): readonly AgentView[] | undefined {
    if (this.shadow === Infinity || unitEnd(now, unit, this.estimates) <= this.shadow) return plan;
    const use = this.#use(unit, plan);
    const total = this.#total(use);
    if (fits(total, this.#extra) && [...use].every(([agent, q]) => fitsBeside(q, this.#take.get(agent), this.free.get(agent)!))) {
      return this.#charge(use, total, plan);
    }
    const room = new Float64Array(this.#extra);
    addInto(room, this.#elsewhere);
    if (fits(unit.total, room)) {
      const rooms = new Map<AgentView, Quantities>();
      const within = this.open.firstFitWithin(unit, (a) => rooms.get(a) ?? rooms.set(a, this.#beyondHead(a)).get(a)!);
      if (within !== undefined) {
        const u = this.#use(unit, within);
        return this.#charge(u, this.#total(u), within);
      }
    }
    if (!fits(total, this.#extra)) return undefined;
    const take = this.#replan(use);
    if (take === undefined) return undefined;
    this.#take = take;
    return this.#charge(use, total, plan);
  }

  #zero(): Quantities {
    return this.open.view.space.zero();
  }

  /** What `unit` placed by `plan` holds of each of the head's agents. */
  #use(unit: Unit, plan: readonly AgentView[]): Map<AgentView, Quantities> {
    const use = perAgent(unit, plan, () => this.#zero());
    for (const agent of use.keys()) if (!this.free.has(agent)) use.delete(agent);
    return use;
  }

  #total(use: ReadonlyMap<AgentView, Quantities>): Quantities {
    const total = this.#zero();
    for (const q of use.values()) addInto(total, q);
    return total;
  }

  #charge(use: ReadonlyMap<AgentView, Quantities>, total: Quantities, plan: readonly AgentView[]): readonly AgentView[] {
    for (const [agent, q] of use) subtractInto(this.free.get(agent)!, q);
    subtractInto(this.#extra, total);
    return plan;
  }

  /** What `agent` has now, and, if the head may use it, beyond the head's plan at the shadow time too (entry-wise minimum). */
  #beyondHead(agent: AgentView): Quantities {
    const now = this.open.free.of(agent);
    const free = this.free.get(agent);
    if (free === undefined) return now;
    const room = new Float64Array(free);
    const take = this.#take.get(agent);
    if (take !== undefined) subtractInto(room, take);
    for (let i = 0; i < room.length; i++) room[i] = Math.min(room[i]!, now[i]!);
    return room;
  }

  /** The head's plan at the shadow time with `use` taken too: first fit, tasks in order, agents by index. */
  #replan(use: ReadonlyMap<AgentView, Quantities>): Map<AgentView, Quantities> | undefined {
    const left = new Map<AgentView, Quantities>();
    for (const [agent, q] of use) {
      const room = new Float64Array(this.free.get(agent)!);
      subtractInto(room, q);
      left.set(agent, room);
    }
    const plan = firstFitPlan(this.head.requests, this.#hosts, (a) => left.get(a) ?? this.free.get(a)!, (r) => r.resources, () => true);
    return plan === undefined ? undefined : perAgent(this.head, plan, () => this.#zero());
  }
}

/** q + taken ≤ free, entry-wise (taken undefined: nothing). */
function fitsBeside(q: Quantities, taken: Quantities | undefined, free: Quantities): boolean {
  for (let i = 0; i < q.length; i++) if (q[i]! + (taken?.[i] ?? 0) > free[i]!) return false;
  return true;
}

interface Release {
  readonly end: SimTime;
  readonly resources: Quantities;
}

/**
 * The reservation of `head`. Agents it may use: registered, not draining (a
 * draining agent is offered nothing until it leaves, so a plan there would
 * never come true), and the GPU rule.
 * What they will have free at time t: what is free now (after this run's
 * grants), plus what their tasks and the units started this run release by t.
 * A one-task head takes the earliest agent-by-agent time (ties: the lower
 * index), with no global sort; a gang takes a binary search over the distinct
 * release times for the first at which first fit places it whole.
 */
export function reserve(open: OpenAgents, head: Unit, started: readonly Started[], filterGpus: boolean, estimates = false): Reservation {
  const { view } = open;
  const now = view.now;
  const fw = head.framework;
  const usable = (a: AgentView): boolean => a.registered && !a.draining && !(filterGpus && a.hasGpus && !fw.gpuCapable);
  const agents = view.agents.filter(usable);
  const startedOn = new Map<AgentView, Release[]>();
  for (const { unit, plan } of started) {
    unit.requests.forEach((r, i) => {
      const runtime = plannedRuntime(r.job, r.duration, estimates);
      if (runtime === Infinity) return;
      let list = startedOn.get(plan[i]!);
      if (list === undefined) startedOn.set(plan[i]!, (list = []));
      list.push({ end: now + runtime, resources: r.resources });
    });
  }
  // A task past its estimate is taken to end now (a real EASY system would have killed it).
  const endOf = (t: TaskView): SimTime =>
    Math.max(t.preempting ? now : (t.start < 0 ? now : t.start) + plannedRuntime(t.job, t.duration, estimates), now);
  /** The finite releases on `agent`, in no order. */
  const releases = (agent: AgentView): Release[] => {
    const out = [...(startedOn.get(agent) ?? [])];
    for (const t of agent.tasks) {
      const end = endOf(t);
      if (end < Infinity) out.push({ end, resources: t.resources });
    }
    return out;
  };
  const freeAt = (agent: AgentView, time: SimTime): Quantities => {
    const free = new Float64Array(open.free.of(agent));
    for (const r of releases(agent)) if (r.end <= time) addInto(free, r.resources);
    return free;
  };
  const at = (shadow: SimTime, take: Map<AgentView, Quantities>) => {
    const free = new Map(shadow === Infinity ? [] : agents.map((a) => [a, freeAt(a, shadow)] as const));
    return new Reservation(shadow, head, open, agents, free, take, estimates);
  };

  if (head.requests.length === 1) {
    const need = head.requests[0]!.resources;
    let shadow = Infinity;
    let best: AgentView | undefined;
    const free = view.space.zero();
    for (const agent of agents) {
      free.set(open.free.of(agent));
      if (fits(need, free)) return at(now, new Map([[agent, need]]));
      // Quick test without allocating: could it fit before the best time so far?
      for (const t of agent.tasks) if (endOf(t) < shadow) addInto(free, t.resources);
      for (const r of startedOn.get(agent) ?? []) if (r.end < shadow) addInto(free, r.resources);
      if (!fits(need, free)) continue;
      // Take back the latest releases while it still fits: the last one taken back is when it first fits.
      const rel = releases(agent).filter((r) => r.end < shadow).sort((a, b) => b.end - a.end);
      let when = rel[0]!.end;
      for (const r of rel) {
        subtractInto(free, r.resources);
        if (!fits(need, free)) {
          when = r.end;
          break;
        }
      }
      shadow = when;
      best = agent;
    }
    return best === undefined ? at(Infinity, new Map()) : at(shadow, new Map([[best, need]]));
  }

  const all = agents.map((agent) => releases(agent).map((r) => ({ ...r, agent })));
  const flat = all.flat().sort((a, b) => a.end - b.end);
  const times = [...new Set(flat.map((r) => r.end))];
  /** Free per agent once every release up to times[k − 1] is in (k = 0: now). */
  const freeAtIndex = (k: number): Map<AgentView, Quantities> => {
    const free = new Map(agents.map((a) => [a, new Float64Array(open.free.of(a))]));
    const until = k === 0 ? -Infinity : times[k - 1]!;
    for (const r of flat) {
      if (r.end > until) break;
      addInto(free.get(r.agent)!, r.resources);
    }
    return free;
  };
  const place = (free: Map<AgentView, Quantities>) => firstFitPlan(head.requests, agents, (a) => free.get(a)!, (t) => t.resources, () => true);
  // The first k in [0, times.length] at which the gang can be placed; placement grows with time.
  let lo = 0;
  let hi = times.length + 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (place(freeAtIndex(mid)) !== undefined) hi = mid;
    else lo = mid + 1;
  }
  if (lo > times.length) return at(Infinity, new Map());
  const plan = place(freeAtIndex(lo))!;
  return at(lo === 0 ? now : times[lo - 1]!, perAgent(head, plan, () => view.space.zero()));
}

export class EasyBackfill implements Backfill {
  /** Its grants name their jobs, so a framework launches from each the unit it was made for. */
  readonly namesJobs = true;

  constructor(
    /** Most units behind the head examined per run; Infinity: the whole queue. */
    private readonly depth: number,
    private readonly filterGpus: boolean,
    private readonly estimates = false,
  ) {}

  fill(open: OpenAgents, queue: GlobalQueue, head: Unit, started: readonly Started[], held: ReadonlySet<number>): void {
    const now = open.view.now;
    let reservation: Reservation | undefined;
    /** Ordinary jobs whose next task did not start: their later tasks wait for it (a framework launches a job's tasks in order). */
    const waiting = new Set<string>([head.requests[0]!.job.id]);
    /** Frameworks with a unit held back by its role's quota limit, as in fifo: they get nothing more this run. */
    const quotaHeld = new Set<number>(held);
    for (let seen = 0; seen < this.depth; seen++) {
      const unit = queue.next();
      if (unit === undefined) return;
      const job = unit.requests[0]!.job.id;
      if (quotaHeld.has(unit.framework.index) || waiting.has(job)) continue;
      if (!open.admits(unit)) {
        quotaHeld.add(unit.framework.index);
        continue;
      }
      const first = open.firstFit(unit);
      reservation ??= first === undefined ? undefined : reserve(open, head, started, this.filterGpus, this.estimates);
      const plan = first === undefined ? undefined : reservation!.place(now, unit, first);
      if (plan !== undefined) open.grant(unit, plan);
      else waiting.add(job);
    }
  }
}
