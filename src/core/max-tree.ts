/**
 * A segment tree of vectors by position, each node holding the entry-wise
 * maximum of the vectors below it: finds the leftmost position whose vector
 * has room for a need (every entry at least the need's), visiting only
 * subtrees whose maxima could hold it. O(log capacity × width) when the
 * maxima lead straight to it; O(capacity × width) at worst (room in each
 * entry but at different positions, or `ok` refusing).
 *
 * An empty position holds −∞ in every entry, so no need fits it (with at
 * least one entry). Positions are 0 … capacity − 1; the capacity is fixed
 * (build a new tree to grow). Domain-free: the allocator's first-fit index
 * over agents (allocator/baselines/agent-tree.ts) and a framework's held
 * offers (framework/held-offers.ts) are both one.
 *
 * @module
 */

export class MaxTree {
  readonly #capacity: number;
  /** Leaves: the smallest power of two at least the capacity. */
  readonly #size: number;
  readonly #width: number;
  /** Node k's maxima are at [k × width, (k + 1) × width); the root is node 1, position i is node size + i. */
  readonly #max: Float64Array;

  constructor(capacity: number, width: number) {
    let size = 1;
    while (size < capacity) size *= 2;
    this.#capacity = capacity;
    this.#size = size;
    this.#width = width;
    this.#max = new Float64Array(2 * size * width).fill(-Infinity);
  }

  /** Entries per vector. */
  get width(): number {
    return this.#width;
  }

  /** How many positions it has. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Entry j of the maximum over all positions (−∞ when all are empty). */
  rootEntry(j: number): number {
    return this.#max[this.#width + j]!;
  }

  /** Position `i` holds `values` (copied), its ancestors not yet updated: call `rebuild` after the last. */
  load(i: number, values: ArrayLike<number>): void {
    this.#max.set(values, (this.#size + i) * this.#width);
  }

  /** Every inner node from its children: O(capacity × width). */
  rebuild(): void {
    for (let k = this.#size - 1; k >= 1; k--) this.#pull(k);
  }

  /** Position `i` now holds `values` (copied; undefined: empty); its ancestors are brought up to date. O(log capacity × width). */
  set(i: number, values: ArrayLike<number> | undefined): void {
    let k = this.#size + i;
    if (values === undefined) this.#max.fill(-Infinity, k * this.#width, (k + 1) * this.#width);
    else this.#max.set(values, k * this.#width);
    for (k >>= 1; k >= 1; k >>= 1) this.#pull(k);
  }

  /** The leftmost position with room for `need` that `ok` accepts; −1 if none. */
  find(need: ArrayLike<number>, ok: (i: number) => boolean): number {
    return this.#find(1, need, ok);
  }

  /** Calls `visit` on each position with room for `need`, left to right, until it returns true. */
  forEachFit(need: ArrayLike<number>, visit: (i: number) => boolean): void {
    this.#find(1, need, visit);
  }

  #find(k: number, need: ArrayLike<number>, ok: (i: number) => boolean): number {
    const w = this.#width;
    const max = this.#max;
    for (let j = 0; j < w; j++) if (need[j]! > max[k * w + j]!) return -1;
    if (k >= this.#size) {
      const i = k - this.#size;
      return i < this.#capacity && ok(i) ? i : -1;
    }
    const left = this.#find(2 * k, need, ok);
    return left >= 0 ? left : this.#find(2 * k + 1, need, ok);
  }

  #pull(k: number): void {
    const w = this.#width;
    const max = this.#max;
    for (let j = 0; j < w; j++) max[k * w + j] = Math.max(max[2 * k * w + j]!, max[(2 * k + 1) * w + j]!);
  }
}
