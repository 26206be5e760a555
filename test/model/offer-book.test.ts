import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OfferBook } from '../../src/model/offer-book.js';
import type { Offer } from '../../src/model/offer.js';

function offer(id: number): Offer {
  return {
    id,
    framework: id % 3,
    agent: id % 7,
    role: '*',
    pool: undefined,
    resources: new Float64Array([1000]),
    price: undefined,
    value: 0,
    time: 0,
    outcome: undefined,
  };
}

/** Applies the same adds and deletes to an OfferBook and a Map, and checks they agree after each. */
function agreeWithMap(ops: readonly { add: boolean; pick: number }[]): void {
  const book = new OfferBook();
  const map = new Map<number, Offer>();
  let next = 1;
  for (const { add, pick } of ops) {
    if (add || map.size === 0) {
      const o = offer(next++);
      book.add(o);
      map.set(o.id, o);
    } else {
      const ids = [...map.keys()];
      const id = ids[pick % ids.length]!;
      expect(book.delete(id)).toBe(true);
      map.delete(id);
      expect(book.delete(id)).toBe(false);
    }
    expect(book.size).toBe(map.size);
  }
  expect([...book.keys()]).toEqual([...map.keys()]);
  expect([...book.values()]).toEqual([...map.values()]);
  expect([...book]).toEqual([...map]);
  for (let id = 0; id <= next; id++) {
    expect(book.get(id)).toBe(map.get(id));
    expect(book.has(id)).toBe(map.has(id));
  }
}

describe('OfferBook', () => {
  it('holds, finds and lists in id order what a Map would, under any adds and deletes', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ add: fc.boolean(), pick: fc.nat() }), { maxLength: 300 }), (ops) => agreeWithMap(ops)),
      { numRuns: 200 },
    );
  });

  it('keeps old offers outstanding while many newer ones come and go (its array is compacted past them)', () => {
    const book = new OfferBook();
    const old = [offer(1), offer(2)];
    for (const o of old) book.add(o);
    // 100,000 offers made and closed behind the two old ones: the array must not keep a slot for each.
    for (let id = 3; id < 100_003; id++) {
      book.add(offer(id));
      book.delete(id);
    }
    expect(book.slotsHeld).toBeLessThan(2 * 4096 + 10);
    const last = offer(100_003);
    book.add(last);
    expect(book.size).toBe(3);
    expect([...book.values()]).toEqual([...old, last]);
    expect(book.get(1)).toBe(old[0]);
    expect(book.get(50_000)).toBeUndefined();
    expect(book.delete(2)).toBe(true);
    expect([...book.keys()]).toEqual([1, 100_003]);
  });

  it('refuses an id that is not newer than the last one added', () => {
    const book = new OfferBook();
    book.add(offer(5));
    expect(() => book.add(offer(5))).toThrow(/out of order/);
  });
});
