import { describe, expect, it } from 'vitest';
import { agents, buildWorld, framework, job, masterConfig, runToEnd, runningByFramework, space } from '../helpers/world.js';
import { drfPaperRows } from '../../validation/checks/drf-paper.js';

describe('DRF paper example (Ghodsi et al. 2011, section 4)', () => {
  // 9 CPUs and 18 GB; A's tasks need <1 CPU, 4 GB>, B's <3 CPUs, 1 GB>; one task per offer.
  const build = () =>
    buildWorld({
      agents: agents(1, { cpus: 9, mem: 18 * 1024 }),
      frameworks: [
        framework('A', 'a', [job('a', 0, 10, { cpus: 1, mem: 4 * 1024 })], { tasksPerOffer: 1, refuseSeconds: 0 }),
        framework('B', 'b', [job('b', 0, 10, { cpus: 3, mem: 1024 })], { tasksPerOffer: 1, refuseSeconds: 0 }),
      ],
      until: 30,
    });

  it('gives A three tasks and B two, as progressive filling does', () => {
    const b = build();
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ A: 3, B: 2 });
  });

  it('ends with equal dominant shares of 2/3 and all CPUs in use', () => {
    const b = build();
    runToEnd(b);
    const m = b.world.master;
    const [A, B] = b.world.frameworks;
    // A's dominant resource is memory (12 of 18 GB), B's is CPU (6 of 9).
    expect(m.allocated[space.indexOf('cpus')!]).toBe(9000);
    expect(A!.allocation[space.indexOf('mem')!]! / m.total[space.indexOf('mem')!]!).toBeCloseTo(2 / 3, 12);
    expect(B!.allocation[space.indexOf('cpus')!]! / m.total[space.indexOf('cpus')!]!).toBeCloseTo(2 / 3, 12);
  });

  it('launches in the order progressive filling predicts: A, B, A, B, A', () => {
    const b = build();
    runToEnd(b);
    const accepted = b.offers.records().filter((r) => r.outcome === 'accepted').map((r) => r.framework);
    expect(accepted).toEqual(['A', 'B', 'A', 'B', 'A']);
  });

  it('holds the same result with a 5 s decline filter, only later', () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 9, mem: 18 * 1024 }),
      frameworks: [
        framework('A', 'a', [job('a', 0, 10, { cpus: 1, mem: 4 * 1024 })], { tasksPerOffer: 1, refuseSeconds: 5 }),
        framework('B', 'b', [job('b', 0, 10, { cpus: 3, mem: 1024 })], { tasksPerOffer: 1, refuseSeconds: 5 }),
      ],
      master: masterConfig(),
      until: 100,
    });
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ A: 3, B: 2 });
  });
});

describe('the DRF paper example in the idealised mode (allocation_interval 0)', () => {
  const build = () =>
    buildWorld({
      agents: agents(1, { cpus: 9, mem: 18 * 1024 }),
      frameworks: [
        framework('A', 'a', [job('a', 0, 10, { cpus: 1, mem: 4 * 1024 })], { tasksPerOffer: 1, refuseSeconds: 0 }),
        framework('B', 'b', [job('b', 0, 10, { cpus: 3, mem: 1024 })], { tasksPerOffer: 1, refuseSeconds: 0 }),
      ],
      master: masterConfig({ allocationInterval: 0 }),
      until: 100,
    });

  it('gives A three tasks and B two, all at t = 0, in progressive filling order', () => {
    const b = build();
    const { end, reason, metrics } = runToEnd(b);
    expect(runningByFramework(b)).toEqual({ A: 3, B: 2 });
    const accepted = b.offers.records().filter((r) => r.outcome === 'accepted');
    expect(accepted.map((r) => r.framework)).toEqual(['A', 'B', 'A', 'B', 'A']);
    expect(accepted.every((r) => r.time === 0)).toBe(true);
    // Nothing happens after t = 0, yet the run lasts until 100: all 9 cpus are in use throughout.
    expect(end).toBe(100);
    expect(reason).toBe('until');
    expect(metrics.utilization.cpus!.allocated_mean).toBe(1);
    expect(metrics.utilization.mem!.allocated_mean).toBeCloseTo(14 / 18, 12);
    const times = [...new Set(b.utilization.records().map((r) => r.time))];
    expect(times).toEqual([0, 60, 100]);
  });
});

describe('the idealised mode re-offers what an accepted offer left unused', () => {
  it('starts four 1-cpu tasks on a 4-cpu agent at once, one per offer', () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', 'r', [job('j', 0, 4, { cpus: 1, mem: 100 }, 10)], { tasksPerOffer: 1 })],
      master: masterConfig({ allocationInterval: 0 }),
    });
    const { end } = runToEnd(b);
    expect(b.tasks.records().map((r) => [r.start_time, r.end_time])).toEqual([
      [0, 10],
      [0, 10],
      [0, 10],
      [0, 10],
    ]);
    expect(end).toBe(10);
  });
});

describe('the validation check of the example (validation/checks/drf-paper.ts, scenarios/validation/drf-paper.yaml)', () => {
  it('passes every row at interval 1 and in the idealised mode: 3 and 2 tasks, shares 2/3, all cpus and 14/18 of mem in use', () => {
    const rows = drfPaperRows();
    expect(rows).toHaveLength(10);
    expect(rows.map((r) => [r.check, r.verdict, r.simulator])).toEqual(rows.map((r) => [r.check, 'pass', r.simulator]));
  });
});
