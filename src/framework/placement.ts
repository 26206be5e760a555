/**
 * How a framework packs its queued tasks into the offers it holds.
 *
 * Jobs are taken oldest first (at most `lookahead` of them). Each task goes to
 * the first offer with room for it and fewer than `tasksPerOffer` tasks. An
 * ordinary job launches its tasks in order until one does not fit; a gang job
 * launches all of its remaining tasks in this decision, or none.
 *
 * @module
 */
import { fits, subtractInto, addInto, type Quantities } from '../model/resources.js';
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

interface Slot {
  readonly remaining: Quantities;
  readonly tasks: Task[];
}

export function placeTasks(queue: JobQueue, offers: readonly Offer[], limits: PlacementLimits): Placement {
  const slots: Slot[] = offers.map((o) => ({ remaining: new Float64Array(o.resources), tasks: [] }));
  let jobsConsidered = 0;
  let tasksConsidered = 0;
  if (slots.length === 0) return { tasks: [], jobsConsidered, tasksConsidered };
  const taken: [QueuedJob, number][] = [];
  for (const job of queue.waiting(limits.lookahead)) {
    if (!slots.some((s) => s.tasks.length < limits.tasksPerOffer)) break;
    jobsConsidered++;
    const placed: { slot: Slot; task: Task }[] = [];
    for (let k = job.next; k < job.tasks.length; k++) {
      const task = job.tasks[k]!;
      tasksConsidered++;
      const slot = firstFit(slots, task.resources, limits.tasksPerOffer);
      if (slot === undefined) break;
      subtractInto(slot.remaining, task.resources);
      slot.tasks.push(task);
      placed.push({ slot, task });
    }
    if (job.gang && job.next + placed.length < job.tasks.length) {
      // All or nothing: give back what this gang took.
      for (const { slot, task } of placed) {
        addInto(slot.remaining, task.resources);
        slot.tasks.pop();
      }
      continue;
    }
    if (placed.length > 0) taken.push([job, placed.length]);
  }
  for (const [job, count] of taken) queue.launched(job, count);
  return { tasks: slots.map((s) => s.tasks), jobsConsidered, tasksConsidered };
}

function firstFit(slots: readonly Slot[], need: Quantities, perOffer: number): Slot | undefined {
  for (const slot of slots) {
    if (slot.tasks.length < perOffer && fits(need, slot.remaining)) return slot;
  }
  return undefined;
}
