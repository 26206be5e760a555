import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexMap } from '../../src/core/index-map.js';

/** The entries of an IndexMap walked with first/after, deleting those `drop` picks as it goes (as a Map's for-of may). */
function walk<V>(m: IndexMap<V>, drop: (k: number) => boolean = () => false): [number, V | undefined][] {
  const out: [number, V | undefined][] = [];
  for (let k = m.first(), next; k >= 0; k = next) {
    next = m.after(k);
    out.push([k, m.get(k)]);
    if (drop(k)) m.delete(k);
  }
  return out;
}

describe('IndexMap', () => {
  it('keeps insertion order: a present key keeps its place, a deleted and set one goes last', () => {
    const m = new IndexMap<string>();
    m.set(5, 'a').set(2, 'b').set(9, 'c').set(5, 'A');
    m.delete(2);
    m.set(2, 'B');
    expect(walk(m)).toEqual([
      [5, 'A'],
      [9, 'c'],
      [2, 'B'],
    ]);
    expect(m.size).toBe(3);
    expect(m.has(9)).toBe(true);
    expect(m.has(7)).toBe(false);
    expect(m.has(100)).toBe(false);
  });

  it('tells a present key whose value is undefined from an absent one', () => {
    const m = new IndexMap<undefined>();
    m.set(3, undefined);
    expect(m.has(3)).toBe(true);
    expect(m.delete(3)).toBe(true);
    expect(m.delete(3)).toBe(false);
    expect(m.size).toBe(0);
    expect(m.first()).toBe(-1);
  });

  it('refuses a key that is not an index', () => {
    const m = new IndexMap<number>();
    expect(() => m.set(-1, 0)).toThrow(RangeError);
    expect(() => m.set(1.5, 0)).toThrow(RangeError);
  });

  it('saves as a Map and loads one back in the same order', () => {
    const m = new IndexMap<string>();
    m.set(4, 'x').set(0, 'y').set(7, 'z');
    const saved = m.toMap();
    expect([...saved]).toEqual([
      [4, 'x'],
      [0, 'y'],
      [7, 'z'],
    ]);
    const n = new IndexMap<string>();
    n.set(1, 'old');
    n.load(saved);
    expect(walk(n)).toEqual([...saved]);
    expect(() => n.load([1, 2])).toThrow(TypeError);
  });

  it('does what a Map does under any sequence of sets, deletes, clears and walks that delete', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.nat(20), value: fc.integer() }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.nat(20) }),
      fc.record({ kind: fc.constant('clear' as const) }),
      fc.record({ kind: fc.constant('walk' as const), mod: fc.integer({ min: 2, max: 4 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const m = new IndexMap<number>();
        const ref = new Map<number, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            m.set(o.key, o.value);
            ref.set(o.key, o.value);
          } else if (o.kind === 'delete') {
            expect(m.delete(o.key)).toBe(ref.delete(o.key));
          } else if (o.kind === 'clear') {
            m.clear();
            ref.clear();
          } else {
            const seen: [number, number | undefined][] = [];
            for (const [k, v] of ref) {
              seen.push([k, v]);
              if (k % o.mod === 0) ref.delete(k);
            }
            expect(walk(m, (k) => k % o.mod === 0)).toEqual(seen);
          }
          expect(m.size).toBe(ref.size);
          expect([...m.toMap()]).toEqual([...ref]);
        }
      }),
    );
  });
});
