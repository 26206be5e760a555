/**
 * MaxTree (src/core/max-tree.ts) against a scan: after any sequence of sets,
 * loads and clears, `find` returns the leftmost position with room for the
 * need that `ok` accepts, `forEachFit` visits exactly the positions with room
 * in order, and `rootEntry` is the maximum over all positions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MaxTree } from '../../src/core/max-tree.js';
import { PROPERTY_SEED, runs } from '../helpers/property.js';

const WIDTH = 2;
const fits = (v: readonly number[] | undefined, need: readonly number[]): boolean => v !== undefined && need.every((x, j) => x <= v[j]!);
const vector = fc.array(fc.integer({ min: 0, max: 8 }), { minLength: WIDTH, maxLength: WIDTH });

describe('MaxTree', () => {
  it('finds what a scan finds, after any changes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 37 }),
        fc.array(fc.tuple(fc.nat(), fc.option(vector, { nil: undefined }), fc.boolean())),
        vector,
        fc.nat(),
        (capacity, changes, need, refuse) => {
          const tree = new MaxTree(capacity, WIDTH);
          const held: (number[] | undefined)[] = new Array<number[] | undefined>(capacity).fill(undefined);
          let loaded = false;
          for (const [at, v, bulk] of changes) {
            const i = at % capacity;
            held[i] = v;
            // A load leaves the ancestors stale until rebuild; an undefined vector is set (cleared).
            if (bulk && v !== undefined) {
              tree.load(i, v);
              loaded = true;
            } else {
              if (loaded) tree.rebuild();
              loaded = false;
              tree.set(i, v);
            }
          }
          if (loaded) tree.rebuild();
          const refused = refuse % (capacity + 1); // this position is refused by `ok` (capacity: none)
          const ok = (i: number): boolean => i !== refused;
          const expected = held.findIndex((v, i) => fits(v, need) && ok(i));
          expect(tree.find(need, ok)).toBe(expected);
          const visited: number[] = [];
          tree.forEachFit(need, (i) => (visited.push(i), false));
          expect(visited).toEqual(held.flatMap((v, i) => (fits(v, need) ? [i] : [])));
          for (let j = 0; j < WIDTH; j++) expect(tree.rootEntry(j)).toBe(Math.max(-Infinity, ...held.map((v) => v?.[j] ?? -Infinity)));
        },
      ),
      { seed: PROPERTY_SEED, numRuns: runs(200, 5000) },
    );
  });

  it('finds the leftmost position with room that ok accepts; a cleared position fits nothing, not even a need of nothing', () => {
    const tree = new MaxTree(5, 2);
    tree.set(1, Float64Array.of(2, 2));
    tree.set(3, Float64Array.of(4, 1));
    tree.set(4, Float64Array.of(4, 4));
    expect(tree.find(Float64Array.of(3, 1), () => true)).toBe(3);
    expect(tree.find(Float64Array.of(3, 2), () => true)).toBe(4);
    expect(tree.find(Float64Array.of(0, 0), (i) => i !== 1)).toBe(3);
    tree.set(3, undefined);
    expect(tree.find(Float64Array.of(3, 1), () => true)).toBe(4);
    expect(tree.find(Float64Array.of(5, 0), () => true)).toBe(-1);
  });

  it('never returns a position beyond its capacity, even with no entries (nothing to compare)', () => {
    const tree = new MaxTree(3, 0);
    const seen: number[] = [];
    tree.forEachFit([], (i) => (seen.push(i), false));
    expect(seen).toEqual([0, 1, 2]);
    expect(tree.capacity).toBe(3);
  });
});
