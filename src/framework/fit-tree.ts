/**
 * A segment tree of vectors by position, with the entry-wise maximum of each
 * subtree: finds the leftmost position whose vector has room for a need
 * (every entry at least the need's) in O(log capacity × width) when the
 * maxima lead straight to it, visiting only subtrees whose maxima could hold
 * the need.
 *
 * An empty position holds −∞ in every entry, so no need fits it. Positions
 * are 0 … capacity − 1; the capacity is fixed (rebuild to grow).
 *
 * @module
 */
import type { Quantities } from '../model/resources.js';

export class FitTree {
  readonly #size: number;
  readonly #width: number;
  /** Node k's maxima are at [k × width, (k + 1) × width); the root is node 1, position i is node size + i. */
  readonly #max: Float64Array;

  constructor(capacity: number, width: number) {
    let size = 1;
    while (size < capacity) size *= 2;
    this.#size = size;
    this.#width = width;
    this.#max = new Float64Array(2 * size * width).fill(-Infinity);
  }

  /** Entries per vector. */
  get width(): number {
    return this.#width;
  }

  /** How many positions it has (a power of two, at least the capacity asked for). */
  get capacity(): number {
    return this.#size;
  }

  /** Entry j of the maximum over all positions (−∞ when all are empty). */
  rootEntry(j: number): number {
    return this.#max[this.#width + j]!;
  }

  /** Position `i` now holds `values` (undefined: empty); its ancestors are brought up to date. O(log capacity × width). */
  set(i: number, values: Quantities | undefined): void {
    let k = this.#size + i;
    if (values === undefined) this.#max.fill(-Infinity, k * this.#width, (k + 1) * this.#width);
    else this.#max.set(values, k * this.#width);
    for (k >>= 1; k >= 1; k >>= 1) this.#pull(k);
  }

  /** Sets many positions, then brings every node up to date once: O(capacity × width). */
  setAll(entries: Iterable<readonly [number, Quantities]>): void {
    for (const [i, values] of entries) this.#max.set(values, (this.#size + i) * this.#width);
    for (let k = this.#size - 1; k >= 1; k--) this.#pull(k);
  }

  /** The leftmost position with room for `need` that `ok` accepts; −1 if none. */
  find(need: Quantities, ok: (i: number) => boolean): number {
    return this.#find(1, need, ok);
  }

  /**
   * Calls `visit` on each position with room for `need`, left to right, until
   * it returns true; skips every subtree whose maxima cannot hold the need.
   */
  forEachFit(need: Quantities, visit: (i: number) => boolean): void {
    this.#find(1, need, visit);
  }

  #find(k: number, need: Quantities, ok: (i: number) => boolean): number {
    const w = this.#width;
    const max = this.#max;
    for (let j = 0; j < w; j++) if (need[j]! > max[k * w + j]!) return -1;
    if (k >= this.#size) return ok(k - this.#size) ? k - this.#size : -1;
    const left = this.#find(2 * k, need, ok);
    return left >= 0 ? left : this.#find(2 * k + 1, need, ok);
  }

  #pull(k: number): void {
    const w = this.#width;
    const max = this.#max;
    for (let j = 0; j < w; j++) max[k * w + j] = Math.max(max[2 * k * w + j]!, max[(2 * k + 1) * w + j]!);
  }
}
