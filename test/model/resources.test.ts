import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addInto, dominantShare, fits, ResourceSpace, subtractInto, toMilli } from '../../src/model/resources.js';

const space = new ResourceSpace(['cpus', 'mem', 'gpus']);

describe('fixed-point resources', () => {
  it('rounds to thousandths as Mesos does', () => {
    expect(toMilli(0.07)).toBe(70);
    expect(toMilli(0.1 + 0.2)).toBe(300);
    expect(toMilli(0.0004)).toBe(0);
    expect(toMilli(0.0005)).toBe(1);
  });

  it('does not drift: adding 0.1 cpus ten thousand times gives exactly 1000 cpus', () => {
    const total = space.zero();
    const step = space.fromRecord({ cpus: 0.1 });
    for (let i = 0; i < 10_000; i++) addInto(total, step);
    expect(space.toRecord(total)).toEqual({ cpus: 1000 });
    let naive = 0;
    for (let i = 0; i < 10_000; i++) naive += 0.1;
    expect(naive).not.toBe(1000); // what floating point alone would give
  });

  it('adding then subtracting any amounts returns to the start exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (xs) => {
        const q = space.zero();
        const parts = xs.map((x) => space.fromRecord({ cpus: x, mem: x * 3 }));
        for (const p of parts) addInto(q, p);
        for (const p of parts) subtractInto(q, p);
        expect(Array.from(q)).toEqual([0, 0, 0]);
      }),
    );
  });

  it('fits compares every resource', () => {
    const have = space.fromRecord({ cpus: 2, mem: 1024 });
    expect(fits(space.fromRecord({ cpus: 2, mem: 1024 }), have)).toBe(true);
    expect(fits(space.fromRecord({ cpus: 2.001 }), have)).toBe(false);
    expect(fits(space.fromRecord({ gpus: 1 }), have)).toBe(false);
  });

  it('rejects unknown resource names', () => {
    expect(() => space.fromRecord({ disk: 1 })).toThrow(/unknown resource 'disk'/);
  });
});

describe('dominantShare', () => {
  const total = space.fromRecord({ cpus: 9, mem: 18 });
  it('is the largest share over resources, skipping those with no total', () => {
    expect(dominantShare(space.fromRecord({ cpus: 3, mem: 1 }), total)).toBeCloseTo(1 / 3, 15);
    expect(dominantShare(space.fromRecord({ cpus: 1, mem: 4, gpus: 1 }), total)).toBeCloseTo(4 / 18, 15);
  });

  it('skips excluded resources', () => {
    expect(dominantShare(space.fromRecord({ cpus: 3, mem: 1 }), total, new Set([0]))).toBeCloseTo(1 / 18, 15);
  });

  it('computes in the order Mesos does, so 0.15/3 is below 0.1/2 as in C++', () => {
    const t = space.fromRecord({ cpus: 3 });
    const t2 = space.fromRecord({ cpus: 2 });
    expect(dominantShare(space.fromRecord({ cpus: 0.15 }), t)).toBe(0.15 / 3);
    expect(dominantShare(space.fromRecord({ cpus: 0.15 }), t)).toBeLessThan(dominantShare(space.fromRecord({ cpus: 0.1 }), t2));
  });
});
