/**
 * FIFO with EASY backfilling (`easy`; Lifka's EASY scheduler, as analysed by
 * Mu'alem and Feitelson): the queue is served as by `fifo`, and when its head
 * cannot start, later units may start now if they do not delay the head.
 *
 * The head gets a reservation. Its shadow time is the earliest time at which
 * it could be placed (first fit, tasks in order, agents by index) once running
 * tasks have ended at their expected ends (start + duration; a staging task as
 * if it started now; a task being preempted now; Infinity: never). The plan at
 * the shadow time says how much of each agent the head takes; what is left on
 * each agent then is its "extra". A later unit that fits now starts if
 *   (a) it would end by the shadow time (now + its longest task), or
 *   (b) on every agent it uses, it takes no more than that agent's extra (which
 *       it then uses up): a conservative check per agent and per resource.
 * If the head could not be placed even once every finite task has ended, its
 * shadow time is Infinity and any unit that fits may start. Resources in
 * outstanding offers are taken as never coming back. Decline filters are
 * ignored for the reservation (they expire). Run times are the users'
 * estimates where the workload gives them (`runtime_estimates: user`, the
 * default: SWF's requested time), as the real EASY used; else, or with
 * `exact`, the tasks' real durations. A task still running past its estimate
 * is taken to end now.
 * Only unreserved resources are granted; what a task gives back is counted as
 * unreserved (the task view does not say whether it held a reservation, so
 * with reservations the estimate may be early).
 *
 * Later units are examined in queue order, at most `backfill_depth` of them
 * per run. Two rules keep frameworks, which fill offers in their own queue
 * order, from using a backfill grant for something else: the later tasks of an
 * ordinary job wait for its earlier ones, and once a framework's unit fits now
 * but is refused, that framework gets nothing more this run.
 *
 * Cost per run: that of fifo, plus, when the head is blocked and some later
 * unit fits now, one reservation, a scan of every agent's tasks: for a
 * one-task head O(agents + running tasks × log(tasks per agent)); for a gang
 * O((agents + running tasks) × log(running tasks) + gang size × agents ×
 * log(running tasks)). Then O(backfill_depth × (frameworks + placing a unit,
 * as in fifo)), plus O(tasks on it) the first time a backfill is checked against
 * an agent's extra.
 *
 * @module
 */
import { z } from 'zod';
import type { SimTime } from '../../core/event-queue.js';
import { addInto, fits, subtractInto, type Quantities } from '../../model/resources.js';
import { parseOptions } from '../options.js';
import type { AgentView, Allocator, AllocatorContext, ClusterView, TaskView } from '../types.js';
import { filterGpuOption, firstFitPlan, OpenAgents, perAgent, plannedRuntime, unitEnd, type Unit } from './common.js';
import { FifoAllocator, type Backfill, type GlobalQueue, type Started } from './fifo.js';

export const easyOptions = z
  .object({
    filter_gpu_resources: filterGpuOption,
    /** Most units behind the blocked head examined per run. */
    backfill_depth: z.number().int().positive().default(100),
    /** Plan with the users' run-time estimates when the workload has them (SWF's requested time), as EASY did; 'exact': real durations. */
    runtime_estimates: z.enum(['user', 'exact']).default('user'),
  })
  .strict();

export function createEasy(ctx: AllocatorContext): Allocator {
  const o = parseOptions(easyOptions, ctx.options, 'easy');
  return new FifoAllocator('easy', o.filter_gpu_resources, new EasyBackfill(o.backfill_depth, o.filter_gpu_resources, o.runtime_estimates === 'user'));
}

/** The head's reservation: when it can start, and what each agent has beyond the head's needs then. */
export class Reservation {
  /** Extra per agent, worked out when first asked for, then charged by admitted units. */
  readonly #extra = new Map<AgentView, Quantities | undefined>();

  constructor(
    readonly shadow: SimTime,
    /** What the agent will have free at the shadow time; undefined for an agent the head may not use. */
    private readonly freeAtShadow: (agent: AgentView) => Quantities | undefined,
    /** What the head's plan takes of each agent at the shadow time. */
    private readonly reserved: ReadonlyMap<AgentView, Quantities>,
    /** Plan with users' run-time estimates where given. */
    private readonly estimates = false,
  ) {}

  /** What `agent` has beyond the head's needs at the shadow time; undefined: the head does not need it. */
  extra(agent: AgentView): Quantities | undefined {
    if (!this.#extra.has(agent)) {
      const free = this.freeAtShadow(agent);
      const reserved = this.reserved.get(agent);
      if (free !== undefined && reserved !== undefined) subtractInto(free, reserved);
      this.#extra.set(agent, free);
    }
    return this.#extra.get(agent);
  }

  /** Whether `unit`, placed now by `plan`, leaves the head's start alone; if so, it is charged to the extra. */
  admits(now: SimTime, unit: Unit, plan: readonly AgentView[], zero: () => Quantities): boolean {
    if (this.shadow === Infinity || unitEnd(now, unit, this.estimates) <= this.shadow) return true;
    const use = perAgent(unit, plan, zero);
    for (const [agent, q] of use) {
      const extra = this.extra(agent);
      if (extra !== undefined && !fits(q, extra)) return false;
    }
    for (const [agent, q] of use) {
      const extra = this.extra(agent);
      if (extra !== undefined) subtractInto(extra, q);
    }
    return true;
  }
}

interface Release {
  readonly end: SimTime;
  readonly resources: Quantities;
}

/**
 * The reservation of `head`. Agents it may use: registered, and the GPU rule.
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
  const usable = (a: AgentView): boolean => a.registered && !(filterGpus && a.hasGpus && !fw.gpuCapable);
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
  const at = (shadow: SimTime, reserved: Map<AgentView, Quantities>) =>
    new Reservation(shadow, (a) => (usable(a) ? freeAt(a, shadow) : undefined), reserved, estimates);

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
  constructor(
    private readonly depth: number,
    private readonly filterGpus: boolean,
    private readonly estimates = false,
  ) {}

  fill(open: OpenAgents, queue: GlobalQueue, head: Unit, started: readonly Started[], held: ReadonlySet<number>): void {
    const view: ClusterView = open.view;
    const zero = () => view.space.zero();
    let reservation: Reservation | undefined;
    /** Ordinary jobs whose next task did not start: their later tasks wait for it. */
    const waiting = new Set<string>([head.requests[0]!.job.id]);
    /** Frameworks with a unit that fit but was refused (or held by quota): they would fill a later grant with it. */
    const refused = new Set<number>(held);
    for (let seen = 0; seen < this.depth; seen++) {
      const unit = queue.next();
      if (unit === undefined) return;
      const job = unit.requests[0]!.job.id;
      if (refused.has(unit.framework.index) || waiting.has(job)) continue;
      if (!open.admits(unit)) {
        refused.add(unit.framework.index);
        continue;
      }
      const plan = open.firstFit(unit);
      if (plan === undefined) {
        waiting.add(job);
        continue;
      }
      reservation ??= reserve(open, head, started, this.filterGpus, this.estimates);
      if (reservation.admits(view.now, unit, plan, zero)) open.grant(unit, plan);
      else refused.add(unit.framework.index);
    }
  }
}
