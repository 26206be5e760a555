import { describe, expect, it } from 'vitest';
import { bidRatio, poolCapacity, poolPriority } from '../../src/allocator/bidding/formulas.js';

describe('the seed document\'s bidding quantities (section 4.2)', () => {
  it('pool capacity C = Σ R_i', () => {
    expect(poolCapacity([5, 3])).toBe(8);
    expect(poolCapacity([])).toBe(0);
  });

  it('bid ratio b = R / B: T1 (5 CPUs, bid 10) gives 0.5, T2 (3 CPUs, bid 15) gives 0.2', () => {
    expect(bidRatio(5, 10)).toBe(0.5);
    expect(bidRatio(3, 15)).toBeCloseTo(0.2, 15); // the document prints 0.3 and 0.6: see docs/bidding.md
    expect(bidRatio(3, 0)).toBe(Infinity);
  });

  it('pool priority p_i = P_i / (C − Σ_{j≤i} R_j) grows as the pool fills', () => {
    // T1 alone in a 10-CPU pool: 1 / (10 − 5).
    expect(poolPriority(1, 10, [], 5)).toBeCloseTo(1 / 5, 15);
    // T2 after T1 in the same pool: 2 / (10 − 5 − 3); alone in the other pool: 2 / (10 − 3).
    expect(poolPriority(2, 10, [5], 3)).toBe(1);
    expect(poolPriority(2, 10, [], 3)).toBeCloseTo(2 / 7, 15);
    expect(poolPriority(2, 10, [5], 3)).toBeGreaterThan(poolPriority(2, 10, [], 3));
  });

  it('is Infinity when the request does not fit what the pool has left', () => {
    expect(poolPriority(1, 10, [8], 2)).toBe(Infinity);
    expect(poolPriority(1, 10, [8], 3)).toBe(Infinity);
  });
});
