/**
 * An allocator's decision (allocator/types.ts): data that the master checks
 * and turns into an offer.
 *
 * @module
 */
import type { Quantities } from './resources.js';

/**
 * A decision, not an action: the master checks it and makes it an offer. The
 * master takes ownership of `resources`: return a fresh array per grant.
 */
export interface Grant {
  readonly framework: number;
  readonly agent: number;
  readonly resources: Quantities;
  /** The pool the offer is granted for: its resources count toward that pool's `held` while offered. */
  readonly pool?: string | undefined;
  /**
   * Money per unit of each resource (indexed like the resource space; units,
   * not milli-units): a task launched from the offer costs its framework the
   * dot product with its resources. Absent: free.
   */
  readonly price?: Float64Array | undefined;
}
