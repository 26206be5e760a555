/**
 * An agent as the master accounts for it.
 *
 * Every resource of a registered agent is in exactly one of three states:
 * offered (in an outstanding offer), allocated (used by a staging or running
 * task) or available. The invariant offered + allocated + available = total,
 * with none of them negative, is checked at every change and fails loudly.
 *
 * @module
 */
import { InvariantError } from '../errors.js';
import { addInto, fits, subtractInto, type Quantities, type ResourceSpace } from './resources.js';
import type { Task } from './task.js';

export type Attributes = Readonly<Record<string, string | number>>;

export class Agent {
  registered = false;
  readonly offered: Quantities;
  readonly allocated: Quantities;
  readonly available: Quantities;
  /** Staging and running tasks on this agent. */
  readonly tasks = new Set<Task>();
  /** Ids of outstanding offers of this agent's resources. */
  readonly offers = new Set<number>();
  /** True when the agent has GPUs (frameworks without the GPU capability skip it). */
  readonly hasGpus: boolean;

  constructor(
    readonly index: number,
    readonly name: string,
    readonly group: string,
    readonly total: Quantities,
    readonly attributes: Attributes,
    private readonly space: ResourceSpace,
    /** The resource pool it belongs to, if any. */
    readonly pool: string | undefined = undefined,
  ) {
    this.offered = space.zero();
    this.allocated = space.zero();
    this.available = new Float64Array(total);
    const g = space.indexOf('gpus');
    this.hasGpus = g !== undefined && total[g]! > 0;
  }

  /** available → offered. */
  offer(q: Quantities): void {
    this.#move(q, this.available, 'available', this.offered, 'offer');
  }

  /** offered → available (declined, rescinded or the unused part of an accepted offer). */
  unoffer(q: Quantities): void {
    this.#move(q, this.offered, 'offered', this.available, 'return');
  }

  /** offered → allocated (a task launched from an offer). */
  allocateFromOffer(q: Quantities): void {
    this.#move(q, this.offered, 'offered', this.allocated, 'launch');
  }

  /** allocated → available (a task ended). */
  release(q: Quantities): void {
    this.#move(q, this.allocated, 'allocated', this.available, 'release');
  }

  /** Moves `q` from one pool to another; throws if `from` does not hold it. */
  #move(q: Quantities, from: Quantities, fromName: string, to: Quantities, what: string): void {
    this.#require(fits(q, from), what, q, fromName, from);
    subtractInto(from, q);
    addInto(to, q);
    this.#check();
  }

  #require(ok: boolean, what: string, q: Quantities, pool: string, has: Quantities): void {
    if (!ok) {
      throw new InvariantError(
        `agent ${this.name}: cannot ${what} ${this.space.format(q)}: only ${this.space.format(has)} ${pool}`,
      );
    }
  }

  /** offered + allocated + available = total, none negative. */
  #check(): void {
    for (let i = 0; i < this.total.length; i++) {
      const o = this.offered[i]!;
      const a = this.allocated[i]!;
      const v = this.available[i]!;
      if (o < 0 || a < 0 || v < 0 || o + a + v !== this.total[i]) {
        throw new InvariantError(
          `agent ${this.name}: ${this.space.names[i]} not conserved: offered ${o} + allocated ${a} + available ${v} != total ${this.total[i]} (milli-units)`,
        );
      }
    }
  }
}
