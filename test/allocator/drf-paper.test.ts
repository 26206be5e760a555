import { describe, expect, it } from 'vitest';
import { agents, buildWorld, framework, job, masterConfig, runToEnd, runningByFramework, space } from '../helpers/world.js';

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
