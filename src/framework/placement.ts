/**
 * How a framework packs its queued tasks into the offers it holds.
 *
 * Offers of one agent (for the same pool, unpriced) are used as one, as a
 * Mesos framework may accept several offers of an agent in one call: a
 * framework that holds offers can then launch a task larger than any one of
 * them.
 *
 * Jobs are taken oldest first (at most `lookahead` of them). Each task goes to
 * the first offer with room for it and fewer than `tasksPerOffer` tasks; an
 * offer granted for a pool takes only tasks of that pool or of none (which then
 * draw from it); an offer granted for named jobs (Grant.forJobs) takes only
 * their tasks, and tasks that ask for nothing. An
 * ordinary job launches its tasks in order until one does not fit; a gang job
 * launches all of its remaining tasks in this decision, or none.
 *
 * Cost: a task that fits no offer is rejected in O(resources) against the
 * entry-wise maximum of what the open offers have left; a batch of offers too
 * small for every queued job is rejected at once against the entry-wise
 * minimum of the queue's next tasks (a lower bound kept as the queue changes,
 * made exact after any scan that placed nothing).
 *
 * Decision time counts only jobs and tasks actually examined, so a batch
 * rejected at once takes per_job × 0 + per_task × 0 seconds.
 *
 * With `avoidUnavailable`, an offer carrying an unavailability (its agent is
 * scheduled for maintenance) takes only tasks expected to end by the
 * unavailability's start (see maintenance.ts).
 *
 * @module
 */
import { fits, type Quantities } from '../model/resources.js';
import type { Offer } from '../model/offer.js';
import type { Task } from '../model/task.js';
import type { JobQueue, LocalityState, QueuedJob } from './job-queue.js';
import { AgentMarks } from './agent-marks.js';
import { Slot } from './slot.js';
import { expectedRuntime } from './maintenance.js';

export interface PlacementLimits {
  /** Most tasks launched from one offer (Infinity: no limit). */
  readonly tasksPerOffer: number;
  /** Most queued jobs examined per decision. */
  readonly lookahead: number;
  /** Delay scheduling, for jobs whose tasks have preferred agents. */
  readonly locality?: LocalityConfig;
  /** Place on an offer with an unavailability only tasks expected to end by its start. */
  readonly avoidUnavailable?: boolean;
}

/**
 * Delay scheduling (Zaharia et al., EuroSys 2010, with their two locality
 * levels): a job with a task that could run but only off its preferred agents
 * is skipped, and the offer is left to other jobs, until it has waited
 * `nodeWait` seconds; it may then launch rack-local tasks, and after
 * `rackWait` more seconds, tasks anywhere. The wait counts from the first
 * skip since the job last launched a task; a node-local launch brings the
 * job back to the node level.
 */
export interface LocalityConfig {
  readonly nodeWait: number;
  readonly rackWait: number;
  /** Each agent's rack (its rack attribute), by agent index; undefined: none. */
  readonly rackOf: readonly (string | undefined)[];
}

/** Locality levels, best first. */
export const LOCALITY_LEVELS = ['node', 'rack', 'any'] as const;

/** How local `agent` is for `task`: 0 one of its preferred agents, 1 in the rack of one, 2 elsewhere (0 without preferences). */
export function localityLevel(task: Task, agent: number, rackOf: readonly (string | undefined)[]): number {
  const prefer = task.prefer;
  if (prefer === undefined || prefer.includes(agent)) return 0;
  const rack = rackOf[agent];
  return rack !== undefined && prefer.some((a) => rackOf[a] === rack) ? 1 : 2;
}

/** The worst level a job may launch at, at `now`. */
function allowedLevel(state: LocalityState, now: number, config: LocalityConfig): number {
  let level = state.level;
  let waited = now - (state.waitSince ?? now);
  if (level === 0 && waited >= config.nodeWait) {
    level = 1;
    waited -= config.nodeWait;
  }
  if (level === 1 && waited >= config.rackWait) level = 2;
  return level;
}

export interface Placement {
  /**
   * The offers as the framework uses them: the offers of one agent (for the
   * same pool, unpriced) combined into one, as Mesos lets a framework accept
   * several offers of one agent in one call; in the order of each group's
   * first offer. Each has the tasks placed on it (none: unused).
   */
  readonly slots: readonly { readonly offers: readonly Offer[]; readonly tasks: readonly Task[] }[];
  readonly jobsConsidered: number;
  readonly tasksConsidered: number;
}

/** Agents seen in the batch being placed (one table for every batch; placement runs one batch at a time). */
const seenInBatch = new AgentMarks();

/** The slots of each agent, in order. */
function slotsByAgent(slots: readonly Slot[]): Map<number, Slot[]> {
  const out = new Map<number, Slot[]>();
  for (const slot of slots) {
    const same = out.get(slot.agent);
    if (same === undefined) out.set(slot.agent, [slot]);
    else same.push(slot);
  }
  return out;
}

/** The slots placeOn uses (Slots; HeldSlots in held-offers.ts), with Slots's contracts: couldHold exact before the first take, firstFit and bestFit the first in order. */
export type OpenSlots = Pick<Slots, 'timed' | 'anyOpen' | 'couldHold' | 'couldHoldRow' | 'firstFit' | 'bestFit' | 'take' | 'giveBack'>;

/** The open slots, and an upper bound of what any one of them can still hold. */
export class Slots {
  readonly all: Slot[];
  readonly #limit: number;
  #bound: Quantities;
  #open: number;
  /** Some slot has a deadline: tasks' expected ends must be checked. */
  readonly timed: boolean;

  constructor(offers: readonly Offer[], limit: number, avoid = false) {
    let timed = false;
    this.all = [];
    // A batch holds at most one offer per agent unless the framework holds offers (hold_offers):
    // the search for a slot to combine with runs only for an agent seen before in this batch
    // (marked in a table shared by all batches, so that a batch allocates nothing for it).
    seenInBatch.nextBatch();
    let byAgent: Map<number, Slot[]> | undefined; // built at the first agent seen twice
    for (const o of offers) {
      let same: Slot[] | undefined;
      if (seenInBatch.mark(o.agent)) {
        byAgent ??= slotsByAgent(this.all);
        same = byAgent.get(o.agent)!;
        const into = same.find((slot) => slot.combines(o));
        if (into !== undefined) {
          into.combine(o);
          continue;
        }
      }
      const slot = new Slot(o, avoid);
      if (slot.deadline !== Infinity) timed = true;
      this.all.push(slot);
      if (same !== undefined) same.push(slot);
      else byAgent?.set(o.agent, [slot]);
    }
    this.timed = timed;
    this.#limit = limit;
    this.#open = limit > 0 ? this.all.length : 0;
    this.#bound = new Float64Array(offers[0]?.resources.length ?? 0);
    this.#refresh();
  }

  get anyOpen(): boolean {
    return this.#open > 0;
  }

  /** An upper bound of what any open slot can still hold (exact when just built; zeros when none is open). */
  get bound(): Quantities {
    return this.#bound;
  }

  /** False when no task at least as large as `smallest` (entry-wise) can fit any open slot (conservative: true may mean maybe). */
  couldHold(smallest: Quantities): boolean {
    return this.#open > 0 && fits(smallest, this.#bound);
  }

  /** couldHold for the vector at `table[at]`, `table[at + 1]`, … (a row of the queue's needs). */
  couldHoldRow(table: Float64Array, at: number): boolean {
    if (this.#open === 0) return false;
    const bound = this.#bound;
    for (let i = 0; i < bound.length; i++) if (table[at + i]! > bound[i]!) return false;
    return true;
  }

  /**
   * The first open slot with room for `need`, if any. The bound may be stale on
   * the high side (taking never lowers it at once); a scan that finds nothing
   * makes it exact, so repeated misses stay O(resources).
   */
  firstFit(need: Quantities, task: Task, end = 0): Slot | undefined {
    if (!fits(need, this.#bound)) return undefined;
    for (const slot of this.all) {
      // The pool last: it reads the task and its job, objects a walk that turns the task away never fetches.
      if (slot.tasks.length < this.#limit && fits(need, slot.remaining) && end <= slot.deadline && slot.admits(task)) return slot;
    }
    this.#refresh();
    return undefined;
  }

  /** The open slot with room for `task` on the most local agent for it (the first of those), and that level. */
  bestFit(task: Task, rackOf: readonly (string | undefined)[], end = 0): [Slot, number] | undefined {
    if (!fits(task.resources, this.#bound)) return undefined;
    let best: [Slot, number] | undefined;
    for (const slot of this.all) {
      if (slot.tasks.length < this.#limit && slot.admits(task) && end <= slot.deadline && fits(task.resources, slot.remaining)) {
        const level = localityLevel(task, slot.agent, rackOf);
        if (best === undefined || level < best[1]) best = [slot, level];
        if (level === 0) break;
      }
    }
    return best;
  }

  take(slot: Slot, task: Task): void {
    slot.take(task);
    if (slot.tasks.length === this.#limit) this.#open--;
  }

  giveBack(slot: Slot, task: Task): void {
    if (slot.tasks.length === this.#limit) this.#open++;
    slot.giveBack(task);
    const bound = this.#bound;
    for (let i = 0; i < bound.length; i++) if (slot.remaining[i]! > bound[i]!) bound[i] = slot.remaining[i]!;
  }

  #refresh(): void {
    const bound = this.#bound.fill(0);
    for (const slot of this.all) {
      if (slot.tasks.length >= this.#limit) continue;
      const r = slot.remaining;
      for (let i = 0; i < bound.length; i++) if (r[i]! > bound[i]!) bound[i] = r[i]!;
    }
  }
}

/**
 * Places a job with preferred agents, under delay scheduling: each of its
 * remaining tasks goes to its most local open slot if that level is allowed
 * yet, else is skipped (later tasks may still be local). Launched tasks are
 * moved to the front of the job's unlaunched ones. Returns how many were
 * placed and how many examined.
 */
function placeLocal(job: QueuedJob, slots: OpenSlots, config: LocalityConfig, now: number): [number, number] {
  const state = job.locality!;
  const allowed = allowedLevel(state, now, config);
  const tasks = job.tasks as Task[];
  let placed = 0;
  let skipped = false;
  let best = Infinity;
  let k = job.next;
  for (; k < tasks.length && slots.anyOpen; k++) {
    const task = tasks[k]!;
    const fit = slots.bestFit(task, config.rackOf, slots.timed ? now + expectedRuntime(task) : 0);
    if (fit === undefined) continue;
    const [slot, level] = fit;
    if (level > allowed) {
      skipped = true;
      continue;
    }
    slots.take(slot, task);
    task.locality = task.prefer === undefined ? -1 : level;
    best = Math.min(best, level);
    tasks[k] = tasks[job.next + placed]!;
    tasks[job.next + placed] = task;
    placed++;
  }
  if (placed > 0) {
    state.level = best;
    state.waitSince = skipped ? now : undefined;
  } else if (skipped) {
    state.waitSince ??= now;
  }
  return [placed, k - job.next];
}

export function placeTasks(queue: JobQueue, offers: readonly Offer[], limits: PlacementLimits, now = 0): Placement {
  const slots = new Slots(offers, limits.tasksPerOffer, limits.avoidUnavailable === true);
  return { slots: slots.all, ...placeOn(queue, slots, limits, now) };
}

/** Places the queue's tasks on `slots` (see placeTasks); returns what the decision examined. */
export function placeOn(queue: JobQueue, slots: OpenSlots, limits: PlacementLimits, now: number): Omit<Placement, 'slots'> {
  let jobsConsidered = 0;
  let tasksConsidered = 0;
  const lower = queue.lowerBound();
  if (lower === undefined || !slots.couldHold(lower)) return { jobsConsidered, tasksConsidered };
  const locality = limits.locality;
  const takenJobs: QueuedJob[] = [];
  const takenCounts: number[] = [];
  // The hot loop of a large run (millions of jobs examined): a plain loop over
  // the queue's entries, with nothing allocated per job but a gang's record.
  const jobs = queue.entries;
  const needs = queue.needs;
  const width = queue.width;
  for (let i = queue.head, seen = 0; i < jobs.length && seen < limits.lookahead; i++) {
    const job = jobs[i]!;
    const need = job.need;
    if (need === undefined) continue;
    seen++;
    if (!slots.anyOpen) break;
    jobsConsidered++;
    const tasks = job.tasks;
    let count = 0;
    if (locality !== undefined && job.locality !== undefined && !job.gang) {
      const [placed, examined] = placeLocal(job, slots, locality, now);
      tasksConsidered += examined;
      count = placed;
    } else if (!slots.couldHoldRow(needs, job.row * width)) {
      // Its next task fits no open slot: the loop below would stop there, after one task.
      tasksConsidered++;
    } else {
      // A gang remembers where its tasks went, to give them back if it cannot start whole.
      const gang: Slot[] | undefined = job.gang ? [] : undefined;
      for (let k = job.next; k < tasks.length; k++) {
        const task = tasks[k]!;
        tasksConsidered++;
        // The first task's resources are the entry's `need`, already fetched.
        const slot = slots.firstFit(k === job.next ? need : task.resources, task, slots.timed ? now + expectedRuntime(task) : 0);
        if (slot === undefined) break;
        slots.take(slot, task);
        gang?.push(slot);
        count++;
      }
      if (gang !== undefined && job.next + count < tasks.length) {
        // All or nothing: give back what this gang took, last first.
        for (let j = count - 1; j >= 0; j--) slots.giveBack(gang[j]!, tasks[job.next + j]!);
        count = 0;
      }
    }
    if (count > 0) {
      takenJobs.push(job);
      takenCounts.push(count);
    }
  }
  for (let j = 0; j < takenJobs.length; j++) queue.launched(takenJobs[j]!, takenCounts[j]!);
  // A whole scan for nothing: make the bound exact so the next such batch is rejected at once.
  if (takenJobs.length === 0) queue.tighten(limits.lookahead);
  return { jobsConsidered, tasksConsidered };
}
