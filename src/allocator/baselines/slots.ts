/**
 * A slot-based fair scheduler (`slots`), like Hadoop's Fair Scheduler as the
 * DRF paper compares against it: every agent is cut into `slots_per_agent`
 * equal slots (a slot is 1/n of each of its resources), and slots, not
 * resources, are what is shared fairly.
 *
 * A task takes max(1, ceil(max over resources of demand / slot size)) slots of
 * the agent it runs on: one slot when it fits a slot, more when it is bigger in
 * any resource. It is granted exactly its own resources, so a small task
 * leaves part of its slot idle (the waste slot schedulers are known for). Free
 * slots go, agent by agent (by index), to the framework whose role holds the
 * fewest slots per unit of role weight, then the framework with the fewest
 * slots, then the smaller name: roles are Hadoop's weighted pools, and the
 * frameworks of a role share its slots equally. Each framework offers its next
 * unit (a task, or a whole gang); one that does not fit the agent passes, and
 * the next framework in order is asked. A gang is placed first on the agent,
 * then on the other open agents by index, all at once or not at all.
 *
 * Slots held count the framework's staging and running tasks, plus this run's
 * grants; resources still in outstanding offers fill slots of their agent but
 * count for no framework.
 *
 * Cost per run: O(candidates + agents with free resources) to find the open
 * agents; recounting the tasks of the candidates and of agents granted on
 * since their offers were last seen whole (all agents when the cluster total
 * changed); then O(open agents × frameworks + grants × (frameworks ×
 * log(frameworks) + tasks per unit × open agents)).
 *
 * @module
 */
import { z } from 'zod';
import { equal, subtractInto, type Quantities } from '../../model/resources.js';
import { record, refill } from '../../core/refill.js';
import { parseOptions } from '../options.js';
import { fieldsOf, isNumber, mapOf, savedState, type SavedState } from '../saved-state.js';
import { compareKeys } from '../sorter.js';
import type { AgentView, Allocator, AllocatorContext, ClusterView, FrameworkView, Grant, RoleView } from '../types.js';
import { runTree } from './agent-tree.js';
import { cursors, filterGpuOption, firstFitPlan, freeAgents, mayGrant, OpenAgents, type Cursor, type Unit } from './common.js';

export const slotsOptions = z
  .object({
    filter_gpu_resources: filterGpuOption,
    /** Slots each agent is cut into (the DRF paper compared with 2 to 6 slots per machine). */
    slots_per_agent: z.number().int().positive().default(4),
  })
  .strict();

export function createSlots(ctx: AllocatorContext): Allocator {
  const o = parseOptions(slotsOptions, ctx.options, 'slots');
  return new SlotsAllocator(o.slots_per_agent, o.filter_gpu_resources);
}

/** Slots a task of `resources` takes on `agent` when each agent has `n`: Infinity if it needs a resource the agent lacks. */
export function slotsFor(resources: Quantities, agent: AgentView, n: number): number {
  let slots = 1;
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i]!;
    if (r <= 0) continue;
    const total = agent.total[i]!;
    if (total <= 0) return Infinity;
    slots = Math.max(slots, Math.ceil((r * n) / total));
  }
  return slots;
}

/**
 * Slots in use, kept across runs: per agent, the slots its tasks take by
 * framework (recounted when the agent may have changed), and their sums per
 * framework.
 */
class SlotBook {
  readonly #byAgent = new Map<number, Map<number, number>>();
  readonly #byFramework = new Map<number, number>();
  /** Slots of each recounted agent in use (its tasks and its outstanding offers). */
  readonly used = new Map<number, number>();
  /** Agents granted on whose offers were still out when last counted. */
  readonly #pending = new Set<number>();
  #total: Quantities | undefined;

  constructor(private readonly n: number) {}

  /** Its state as data (docs/checkpoints.md): the slots counted by agent and framework, the agents to recount, and the cluster total counted at. */
  saveState() {
    return { byAgent: this.#byAgent, byFramework: this.#byFramework, used: this.used, pending: this.#pending, total: this.#total };
  }

  /** Takes a saveState() in place of its own; throws on a state of another kind. */
  loadState(saved: unknown): void {
    const s = record(saved, 'slot book');
    const isCounts = (v: unknown): v is Map<number, number> => mapOf(v, 'byAgent', isNumber, isNumber) !== undefined;
    const total = s['total'];
    if (total !== undefined && !(total instanceof Float64Array)) throw new TypeError('slot book: a cluster total');
    if (!(s['pending'] instanceof Set) || ![...s['pending']].every(isNumber)) throw new TypeError('slot book: pending agents');
    refill(this.#byAgent, mapOf(s['byAgent'], 'byAgent', isNumber, isCounts));
    refill(this.#byFramework, mapOf(s['byFramework'], 'byFramework', isNumber, isNumber));
    refill(this.used, mapOf(s['used'], 'used', isNumber, isNumber));
    refill(this.#pending, s['pending']);
    this.#total = total;
  }

  /**
   * Recounts the agents that may have changed: this run's candidates (tasks
   * ended, offers came back), those with offers out when last counted (tasks
   * launched), and every known agent when the cluster changed (one left).
   */
  recount(view: ClusterView, candidates: readonly AgentView[]): void {
    const agents = new Set<AgentView>(candidates);
    for (const i of this.#pending) agents.add(view.agents[i]!);
    if (this.#total === undefined || !equal(view.total, this.#total)) {
      this.#total = new Float64Array(view.total);
      for (const i of this.#byAgent.keys()) agents.add(view.agents[i]!);
    }
    for (const a of agents) this.#count(a);
  }

  slotsOf(framework: number): number {
    return this.#byFramework.get(framework) ?? 0;
  }

  /** Records a grant of `slots` to `framework` on `agent`, to be recounted from its tasks later. */
  take(framework: number, agent: AgentView, slots: number): void {
    let byFramework = this.#byAgent.get(agent.index);
    if (byFramework === undefined) this.#byAgent.set(agent.index, (byFramework = new Map()));
    byFramework.set(framework, (byFramework.get(framework) ?? 0) + slots);
    this.#byFramework.set(framework, this.slotsOf(framework) + slots);
    this.used.set(agent.index, (this.used.get(agent.index) ?? 0) + slots);
    this.#pending.add(agent.index);
  }

  #count(agent: AgentView): void {
    const old = this.#byAgent.get(agent.index);
    if (old !== undefined) for (const [fw, s] of old) this.#byFramework.set(fw, this.slotsOf(fw) - s);
    if (!agent.registered) {
      this.#byAgent.delete(agent.index);
      this.used.delete(agent.index);
      this.#pending.delete(agent.index);
      return;
    }
    const now = new Map<number, number>();
    const offered = new Float64Array(agent.total);
    subtractInto(offered, agent.available);
    let used = 0;
    for (const t of agent.tasks) {
      const s = slotsFor(t.resources, agent, this.n);
      now.set(t.job.framework, (now.get(t.job.framework) ?? 0) + s);
      used += s;
      subtractInto(offered, t.resources);
    }
    for (const [fw, s] of now) this.#byFramework.set(fw, this.slotsOf(fw) + s);
    this.#byAgent.set(agent.index, now);
    if (offered.some((q) => q > 0)) {
      used += slotsFor(offered, agent, this.n);
      this.#pending.add(agent.index);
    } else {
      this.#pending.delete(agent.index);
    }
    this.used.set(agent.index, used);
  }
}

export class SlotsAllocator implements Allocator {
  readonly name = 'slots';
  readonly reactsToDemand = true;
  readonly #book: SlotBook;

  constructor(
    private readonly n: number,
    private readonly filterGpus: boolean,
  ) {
    this.#book = new SlotBook(n);
  }

  /** Its state as data (docs/checkpoints.md): its book of slots in use. */
  saveState(): SavedState<{ book: ReturnType<SlotBook['saveState']> }> {
    return savedState(this.name, { book: this.#book.saveState() });
  }

  /** Takes a saveState() in place of its own; throws on another allocator's state. */
  loadState(saved: unknown): void {
    this.#book.loadState(fieldsOf(saved, this.name)['book']);
  }

  allocate(view: ClusterView, candidates: readonly AgentView[]): Grant[] {
    const agents = freeAgents(view);
    this.#book.recount(view, candidates);
    const open = new OpenAgents(view, runTree(view, agents), this.filterGpus);
    const book = this.#book;
    const freeSlots = (a: AgentView): number => this.n - (book.used.get(a.index) ?? 0);
    const roleSlots = new Map<RoleView, number>();
    for (const fw of view.frameworks) roleSlots.set(fw.role, (roleSlots.get(fw.role) ?? 0) + book.slotsOf(fw.index));
    const key = (fw: FrameworkView) => (roleSlots.get(fw.role) ?? 0) / fw.role.weight;
    const before = (a: Cursor, b: Cursor): number =>
      key(a.framework) - key(b.framework) ||
      book.slotsOf(a.framework.index) - book.slotsOf(b.framework.index) ||
      compareKeys(a.framework.name, b.framework.name);
    const order = cursors(view).sort(before);
    /** Frameworks whose next unit is a gang that fits nowhere, or is held back by its role's quota limit, this run. */
    const stuck = new Set<Cursor>();

    for (const agent of agents) {
      const passed = new Set<Cursor>();
      while (freeSlots(agent) >= 1) {
        const c = order.find((c) => !passed.has(c) && !stuck.has(c));
        if (c === undefined) break;
        const unit = c.peek()!;
        if (!open.admits(unit)) {
          stuck.add(c);
          continue;
        }
        const plan = this.#place(open, unit, agent, freeSlots);
        if (plan === undefined) {
          (unit.requests.length > 1 ? stuck : passed).add(c);
          continue;
        }
        open.grant(unit, plan);
        unit.requests.forEach((t, i) => {
          const slots = slotsFor(t.resources, plan[i]!, this.n);
          book.take(unit.framework.index, plan[i]!, slots);
          roleSlots.set(unit.framework.role, (roleSlots.get(unit.framework.role) ?? 0) + slots);
        });
        c.advance();
        if (c.peek() === undefined) order.splice(order.indexOf(c), 1);
        // The role's count moved, so every framework of the role moves with it.
        order.sort(before);
      }
    }
    return open.book.grants();
  }

  /** Where `unit` goes: a task on `agent`; a gang on `agent` first, then the other open agents. */
  #place(open: OpenAgents, unit: Unit, agent: AgentView, freeSlots: (a: AgentView) => number): AgentView[] | undefined {
    const fw = unit.framework;
    const withSlots = (a: AgentView, q: Quantities): Quantities => Float64Array.of(...q, freeSlots(a));
    const agents = unit.requests.length === 1 ? [agent] : [agent, ...open.agents.filter((a) => a !== agent)];
    return firstFitPlan(
      unit.requests,
      agents,
      (a) => withSlots(a, open.free.of(a)),
      (t, a) => Float64Array.of(...t.resources, slotsFor(t.resources, a, this.n)),
      (a, t) => mayGrant(open.view, this.filterGpus, fw, a, t.resources),
    );
  }
}
