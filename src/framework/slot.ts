/**
 * A slot of a placement (placement.ts): the offers of one agent that a
 * framework uses as one (for the same pool, unpriced; or one priced offer, or
 * one granted for named jobs), the tasks placed on them in this decision, and
 * what is left.
 *
 * @module
 */
import type { JobView } from '../allocator/types.js';
import { addInto, isZero, subtractInto, type Quantities } from '../model/resources.js';
import type { Offer } from '../model/offer.js';
import type { Task } from '../model/task.js';

/** The last instant a task placed on a slot whose first offer is `offer` may be expected to end (Infinity: no limit). */
export function offerDeadline(offer: Offer, avoid: boolean): number {
  return avoid && offer.unavailability !== undefined ? offer.unavailability.start : Infinity;
}

/** True when a task may draw from an offer granted for `pool` (undefined: none). */
export function poolAdmits(pool: string | undefined, task: Task): boolean {
  return pool === undefined || task.job.pool === undefined || pool === task.job.pool;
}

/** The tasks of a slot that has none (shared: most offers of a revive storm are declined). */
const NO_TASKS: readonly Task[] = Object.freeze([]);

export class Slot {
  /** The tasks placed here (NO_TASKS until the first). */
  tasks: readonly Task[] = NO_TASKS;
  /** The offers it combines: all of one agent, for the same pool, unpriced (or one priced offer). */
  readonly offers: Offer[];
  /** The pool the offer was granted for: only that pool's tasks, or tasks of no pool, may use it. */
  readonly pool: string | undefined;
  /** The jobs the offer was granted for (Grant.forJobs): only their tasks, and tasks that ask for nothing, may use it. */
  readonly forJobs: readonly JobView[] | undefined;
  readonly agent: number;
  /** Tasks placed here must be expected to end by then (an unavailability's start; Infinity: no limit). */
  readonly deadline: number;
  /** What is left of the offers; shares the first offer's vector until it must change. */
  remaining: Quantities;
  #own = false;

  constructor(offer: Offer, avoid: boolean) {
    this.offers = [offer];
    this.remaining = offer.resources;
    this.pool = offer.pool;
    this.forJobs = offer.forJobs;
    this.agent = offer.agent;
    this.deadline = offerDeadline(offer, avoid);
  }

  /** True when `offer` may be combined with this slot's offers in one accept (an offer granted for named jobs never is). */
  combines(offer: Offer): boolean {
    return (
      offer.agent === this.agent &&
      offer.pool === this.pool &&
      offer.price === undefined &&
      this.offers[0]!.price === undefined &&
      offer.forJobs === undefined &&
      this.forJobs === undefined
    );
  }

  /** Adds another offer of the same agent (see combines). */
  combine(offer: Offer): void {
    this.#ownRemaining();
    addInto(this.remaining, offer.resources);
    this.offers.push(offer);
  }

  #ownRemaining(): void {
    if (!this.#own) {
      this.remaining = new Float64Array(this.remaining);
      this.#own = true;
    }
  }

  /** True when `task` may draw from this offer's pool, and the offer was not granted for other jobs. */
  admits(task: Task): boolean {
    if (this.forJobs !== undefined && !this.forJobs.includes(task.job) && !isZero(task.resources)) return false;
    return poolAdmits(this.pool, task);
  }

  take(task: Task): void {
    this.#ownRemaining();
    subtractInto(this.remaining, task.resources);
    if (this.tasks === NO_TASKS) this.tasks = [];
    (this.tasks as Task[]).push(task);
  }

  giveBack(task: Task): void {
    addInto(this.remaining, task.resources);
    (this.tasks as Task[]).pop();
  }
}

