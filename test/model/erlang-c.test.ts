/**
 * The idealised mode (allocation_interval 0) is an M/M/c queue: the check of
 * validation/checks/queueing.ts, which `npm run validate` runs with 5 seeds of
 * 200,000 jobs; here 3 seeds of 50,000, the same verdict rule (Erlang C inside
 * the 95 % confidence interval of the seeds' mean, and within 3 %).
 */
import { describe, expect, it } from 'vitest';
import { QUEUE_CASES, mmcMeanWait, queueingRows } from '../../validation/checks/queueing.js';

describe('idealised mode (allocation_interval 0) is an M/M/c queue', () => {
  it('mean waits of M/M/10 (load 0.8) and M/M/1 (loads 0.5, 0.8) agree with Erlang C over 3 seeds', { timeout: 30 * 60_000 }, () => {
    const rows = queueingRows({ seeds: [1, 2, 3], jobs: 50_000 });
    expect(rows).toHaveLength(QUEUE_CASES.length);
    expect(rows.map((r) => [r.check, r.verdict, r.simulator])).toEqual(rows.map((r) => [r.check, 'pass', r.simulator]));
  });

  it('the formula itself: M/M/1 reduces to ρ/(μ−λ), and c=2, a=1.4 gives 0.9608', () => {
    expect(mmcMeanWait(1, 0.5, 1)).toBeCloseTo(0.5 / (1 - 0.5), 12);
    expect(mmcMeanWait(1, 0.8, 1)).toBeCloseTo(0.8 / (1 - 0.8), 12);
    expect(mmcMeanWait(2, 1.4, 1)).toBeCloseTo(0.96078, 4);
    expect(mmcMeanWait(10, 8, 1)).toBeCloseTo(0.20459, 4);
  });
});
