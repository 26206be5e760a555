/**
 * How a framework packs its queued tasks into the offers it holds.
 *
 * Jobs are taken oldest first (at most `lookahead` of them). Each task goes to
 * the first offer with room for it and fewer than `tasksPerOffer` tasks; an
 * offer granted for a pool takes only tasks of that pool or of none (which then
 * draw from it). An
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
 * @module
 */
import { addInto, fits, subtractInto, type Quantities } from '../model/resources.js';
import type { Offer } from '../model/offer.js';
import type { Task } from '../model/task.js';
import type { JobQueue, QueuedJob } from './job-queue.js';

export interface PlacementLimits {
  /** Most tasks launched from one offer (Infinity: no limit). */
  readonly tasksPerOffer: number;
  /** Most queued jobs examined per decision. */
  readonly lookahead: number;
}

export interface Placement {
  /** Tasks per offer, in the order of the offers given. */
  readonly tasks: Task[][];
  readonly jobsConsidered: number;
  readonly tasksConsidered: number;
}

class Slot {
  readonly tasks: Task[] = [];
  /** The pool the offer was granted for: only that pool's tasks, or tasks of no pool, may use it. */
  readonly pool: string | undefined;
  /** What is left of the offer; shares the offer's vector until the first task is placed. */
  remaining: Quantities;
  #own = false;

  constructor(offer: Offer) {
    this.remaining = offer.resources;
    this.pool = offer.pool;
  }

  take(task: Task): void {
    if (!this.#own) {
      this.remaining = new Float64Array(this.remaining);
      this.#own = true;
    }
    subtractInto(this.remaining, task.resources);
    this.tasks.push(task);
  }

  giveBack(task: Task): void {
    addInto(this.remaining, task.resources);
    this.tasks.pop();
  }
}

/** The open slots, and an upper bound of what any one of them can still hold. */
class Slots {
  readonly all: Slot[];
  readonly #limit: number;
  #bound: Quantities;
  #open: number;

  constructor(offers: readonly Offer[], limit: number) {
    this.all = offers.map((o) => new Slot(o));
    this.#limit = limit;
    this.#open = limit > 0 ? this.all.length : 0;
    this.#bound = new Float64Array(offers[0]?.resources.length ?? 0);
    this.#refresh();
  }

  get anyOpen(): boolean {
    return this.#open > 0;
  }

  /** False when no task at least as large as `smallest` (entry-wise) can fit any open slot (conservative: true may mean maybe). */
  couldHold(smallest: Quantities): boolean {
    return this.#open > 0 && fits(smallest, this.#bound);
  }

  /**
   * The first open slot with room for `need`, if any. The bound may be stale on
   * the high side (taking never lowers it at once); a scan that finds nothing
   * makes it exact, so repeated misses stay O(resources).
   */
  firstFit(need: Quantities, pool: string | undefined): Slot | undefined {
    if (!fits(need, this.#bound)) return undefined;
    for (const slot of this.all) {
      if (slot.tasks.length < this.#limit && (slot.pool === undefined || pool === undefined || slot.pool === pool) && fits(need, slot.remaining)) {
        return slot;
      }
    }
    this.#refresh();
    return undefined;
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

export function placeTasks(queue: JobQueue, offers: readonly Offer[], limits: PlacementLimits): Placement {
  const slots = new Slots(offers, limits.tasksPerOffer);
  let jobsConsidered = 0;
  let tasksConsidered = 0;
  const taken: [QueuedJob, number][] = [];
  const lower = queue.lowerBound();
  if (lower === undefined || !slots.couldHold(lower)) {
    return { tasks: slots.all.map((s) => s.tasks), jobsConsidered, tasksConsidered };
  }
  queue.forEachWaiting(limits.lookahead, (job) => {
    if (!slots.anyOpen) return false;
    jobsConsidered++;
    const placed: [Slot, Task][] = [];
    for (let k = job.next; k < job.tasks.length; k++) {
      const task = job.tasks[k]!;
      tasksConsidered++;
      const slot = slots.firstFit(task.resources, task.job.pool);
      if (slot === undefined) break;
      slots.take(slot, task);
      placed.push([slot, task]);
    }
    if (job.gang && job.next + placed.length < job.tasks.length) {
      // All or nothing: give back what this gang took, last first.
      for (let i = placed.length - 1; i >= 0; i--) slots.giveBack(placed[i]![0], placed[i]![1]);
      return true;
    }
    if (placed.length > 0) taken.push([job, placed.length]);
    return true;
  });
  for (const [job, count] of taken) queue.launched(job, count);
  // A whole scan for nothing: make the bound exact so the next such batch is rejected at once.
  if (taken.length === 0) queue.tighten(limits.lookahead);
  return { tasks: slots.all.map((s) => s.tasks), jobsConsidered, tasksConsidered };
}
