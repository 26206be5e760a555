/**
 * The world as the wait attribution reads it (metrics/waits.ts): the
 * master's view and sums, each framework's queue and stages, read-only.
 *
 * @module
 */
import type { QueuedDemand } from './metrics/wait-causes.js';
import type { WaitSource } from './metrics/waits.js';
import { addInto } from './model/resources.js';
import type { World } from './world.js';

/** What the wait attribution reads of a built world. */
export function observedWaits(world: World): WaitSource {
  const master = world.master;
  const space = world.spec.space;
  return {
    view: master.view,
    total: master.total,
    offered: master.offered,
    allocated: master.allocated,
    releases: () => master.releases,
    demand(fw: number): QueuedDemand | undefined {
      // The oldest job with tasks left to launch (a walk without allocation: it runs often).
      const queue = world.schedulers[fw]!.queue;
      const jobs = queue.entries;
      for (let i = queue.head; i < jobs.length; i++) {
        const job = jobs[i]!;
        if (job.next >= job.tasks.length) continue;
        let gang: Float64Array | undefined;
        if (job.gang) {
          gang = space.zero();
          for (let k = job.next; k < job.tasks.length; k++) addInto(gang, job.tasks[k]!.resources);
        }
        return { least: job.need!, gang };
      }
      return undefined;
    },
    staged: (task) => world.schedulers[task.job.framework]!.stages.stageOf(task.job, task.index) !== undefined,
  };
}
