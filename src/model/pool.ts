/**
 * A resource pool (the seed document's 资源组): a capacity C per resource, a
 * priority, and what the pool holds now. The master keeps `held` in step with
 * the tasks and offers attributed to the pool; a scripted resize changes
 * `capacity` in place.
 *
 * @module
 */
import type { PoolView } from './view.js';
import type { Quantities, ResourceSpace } from './resources.js';

/** A pool as the scenario declares it. */
export interface PoolSpec {
  readonly name: string;
  /** Milli-units per resource; Infinity for a resource the pool does not limit. */
  readonly capacity: Quantities;
  /** Higher is served first. */
  readonly priority: number;
}

export class Pool implements PoolView {
  readonly capacity: Quantities;
  /** Staging and running tasks drawing from the pool, plus outstanding offers granted for it (milli-units). */
  readonly held: Quantities;
  readonly name: string;
  readonly priority: number;

  constructor(spec: PoolSpec, space: ResourceSpace) {
    this.name = spec.name;
    this.priority = spec.priority;
    this.capacity = new Float64Array(spec.capacity);
    this.held = space.zero();
  }
}
