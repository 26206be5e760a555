/**
 * The Mesos paper's analytic model (validation/checks/mesos-model.ts): the same
 * check `npm run validate` makes, over the same 100 seeds.
 */
import { describe, expect, it } from 'vitest';
import { elasticExponentialCompletion, expected, harmonic, mesosModelRows } from '../../validation/checks/mesos-model.js';

describe("the Mesos paper's analytic model (Table 2)", () => {
  it('ramp-up, completion time and utilization of elastic and rigid frameworks, constant and exponential durations, agree with the model', { timeout: 30 * 60_000 }, () => {
    const rows = mesosModelRows();
    expect(rows).toHaveLength(12);
    expect(rows.map((r) => [r.check, r.verdict, r.simulator])).toEqual(rows.map((r) => [r.check, 'pass', r.simulator]));
  });

  it("the model's exact expectations, beside Table 2's forms for k = 100", () => {
    expect(harmonic(100)).toBeCloseTo(5.18738, 5); // ln 100 + γ + 1/200 − ...
    // β = 1: C − T(1 − e^(−C/T)) = T gives C ≈ 1.8414 T, below Table 2's bound 2T; for β = 15 the bound is exact.
    expect(elasticExponentialCompletion(1, 1)).toBeCloseTo(1.84141, 5);
    expect(elasticExponentialCompletion(100, 15)).toBeCloseTo(1600, 3); // 1600 − 100·e^(−16)
    const rigid = expected('rigid', 'exponential');
    expect(rigid.utilization.paper).toBeCloseTo(1 / Math.log(100), 12); // β/(ln k − 1 + β), β = 1: papers.md gives 0.217
    expect(rigid.utilization.exact).toBeCloseTo(1 / harmonic(100), 12);
    expect(expected('rigid', 'constant').utilization.paper).toBeCloseTo(2 / 3, 12); // papers.md: 0.667
  });
});
