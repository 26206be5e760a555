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
    demand(fw: number): QueuedDemand | undefined {
      let demand: QueuedDemand | undefined;
      world.schedulers[fw]!.queue.forEachWaiting(1, (job) => {
        let gang: Float64Array | undefined;
        if (job.gang) {
          gang = space.zero();
          for (let k = job.next; k < job.tasks.length; k++) addInto(gang, job.tasks[k]!.resources);
        }
        demand = { least: job.need!, gang };
        return false;
      });
      return demand;
    },
    staged: (task) => world.schedulers[task.job.framework]!.stages.stageOf(task.job, task.index) !== undefined,
  };
}
