/**
 * DRF's fairness properties in the task-granular setting of the DRF paper,
 * checked on the simulator itself: one agent of capacity R, users with
 * unbounded identical tasks of demand D_i, one task per offer: progressive
 * filling. The unused part of an accepted offer comes back unfiltered; a user
 * whose next task no longer fits declines with a long filter and so steps
 * aside, as in the paper. With no filter, or a short one, Mesos re-offers the
 * agent to the lowest-share users that cannot use it, every cycle, and starves
 * the rest: the offer starvation Mesos users reported (see the last test). Discrete tasks make some properties hold
 * only up to one task; each bound is derived in a comment.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomSource } from '../../src/core/random.js';
import { HierarchicalAllocator, type ShareFunction } from '../../src/allocator/hierarchical.js';
import { drfSorter } from '../../src/allocator/drf-sorter.js';
import type { Allocator } from '../../src/allocator/types.js';
import { nullObserver } from '../../src/master/observer.js';
import { World } from '../../src/world.js';
import { runs } from '../helpers/property.js';
import { agents, framework, job, masterConfig, space } from '../helpers/world.js';

interface Instance {
  capacity: { cpus: number; mem: number };
  demands: { cpus: number; mem: number }[];
}

/** Tasks each user runs once the cluster can take no more. */
function allocate(inst: Instance, allocator?: Allocator): number[] {
  const random = randomSource(1);
  const fws = inst.demands.map((d, i) =>
    framework(`u${i}`, `u${i}`, [job('j', 0, 200, d)], { tasksPerOffer: 1, refuseSeconds: 1000, refuseSecondsOnAccept: 0 }),
  );
  const world = new World(
    {
      space,
      master: masterConfig(),
      weights: new Map(),
      agents: agents(1, inst.capacity),
      frameworks: fws,
      timeline: [],
      until: 400,
      stallTimeout: 3600,
    },
    allocator ?? new HierarchicalAllocator('drf', drfSorter, drfSorter, true, new Set(), random.stream('a')),
    random,
    nullObserver,
  );
  world.run();
  const count = inst.demands.map(() => 0);
  for (const t of world.agents[0]!.tasks) count[t.job.framework]!++;
  return count;
}

const share = (inst: Instance, d: { cpus: number; mem: number }, k: number) =>
  Math.max((k * d.cpus) / inst.capacity.cpus, (k * d.mem) / inst.capacity.mem);

const instance = fc.record({
  capacity: fc.record({ cpus: fc.integer({ min: 6, max: 40 }), mem: fc.integer({ min: 6, max: 40 }) }),
  demands: fc.array(fc.record({ cpus: fc.integer({ min: 1, max: 5 }), mem: fc.integer({ min: 1, max: 5 }) }), {
    minLength: 2,
    maxLength: 4,
  }),
});

describe('DRF properties on random instances (task-granular)', () => {
  it('Pareto efficiency: when it stops, no user has room for one more task', () => {
    fc.assert(
      fc.property(instance, (inst) => {
        const k = allocate(inst);
        const used = { cpus: 0, mem: 0 };
        inst.demands.forEach((d, i) => {
          used.cpus += k[i]! * d.cpus;
          used.mem += k[i]! * d.mem;
        });
        for (const d of inst.demands) {
          expect(used.cpus + d.cpus > inst.capacity.cpus || used.mem + d.mem > inst.capacity.mem).toBe(true);
        }
      }),
      { numRuns: runs(60, 1000) },
    );
  });

  it('sharing incentive, up to one task: every dominant share is at least 1/n − the largest per-task dominant share', () => {
    // If user i ends below 1/n, the resource that stopped it is more than (n−1)/n used by others, so
    // some j holds more than 1/n of it: s_j > 1/n. DRF granted j's last task when s_j − d_j ≤ s_i,
    // hence s_i ≥ s_j − d_j > 1/n − d_j.
    fc.assert(
      fc.property(instance, (inst) => {
        const k = allocate(inst);
        const n = inst.demands.length;
        const dMax = Math.max(...inst.demands.map((d) => share(inst, d, 1)));
        inst.demands.forEach((d, i) => expect(share(inst, d, k[i]!)).toBeGreaterThanOrEqual(1 / n - dMax - 1e-12));
      }),
      { numRuns: runs(60, 1000) },
    );
  });

  it('envy-freeness up to one task, while the envious user could still grow', () => {
    // When j got its last task, if i's next task still fitted then s_j − d_j ≤ s_i, so i can run
    // at most k_i of its own tasks in j's bundle without j's last task. We check the pairs for
    // which i's next task fitted until j's last grant: i's final bundle plus one task fits
    // beside everything else but j's last task.
    fc.assert(
      fc.property(instance, (inst) => {
        const k = allocate(inst);
        inst.demands.forEach((di, i) => {
          inst.demands.forEach((dj, j) => {
            if (i === j || k[j]! === 0) return;
            const others = { cpus: 0, mem: 0 };
            inst.demands.forEach((d, u) => {
              others.cpus += k[u]! * d.cpus;
              others.mem += k[u]! * d.mem;
            });
            const fittedThen =
              others.cpus - dj.cpus + di.cpus <= inst.capacity.cpus && others.mem - dj.mem + di.mem <= inst.capacity.mem;
            if (!fittedThen) return;
            const inJs = Math.floor(Math.min(((k[j]! - 1) * dj.cpus) / di.cpus, ((k[j]! - 1) * dj.mem) / di.mem));
            expect(inJs).toBeLessThanOrEqual(k[i]!);
          });
        });
      }),
      { numRuns: runs(60, 1000) },
    );
  });

  it('strategy-proofness holds for divisible demands only: with indivisible tasks, a lie can block others', () => {
    // 6 CPUs, 9 MB; u0 needs <1,1>, u1 <1,3>, u2 <1,5>. Truthful progressive filling gives one task
    // each (memory full after 1+3+5). If u0 reports <1,2>, then after u0 and u1 there are 4 MB
    // left, u2's 5 MB task no longer fits and u2 steps aside; u0 then gets two more tasks: three
    // <1,2> bundles, in which it runs three real tasks. The DRF paper's theorem is for divisible
    // demands; this instance (found by fast-check) shows it does not carry over to whole tasks.
    const capacity = { cpus: 6, mem: 9 };
    const others = [{ cpus: 1, mem: 3 }, { cpus: 1, mem: 5 }];
    expect(allocate({ capacity, demands: [{ cpus: 1, mem: 1 }, ...others] })).toEqual([1, 1, 1]);
    expect(allocate({ capacity, demands: [{ cpus: 1, mem: 2 }, ...others] })).toEqual([3, 1, 0]);
  });
});

describe('asset fairness fails sharing incentive (DRF paper, section 6.1.1)', () => {
  // <30 CPU, 30 GB>; user 1 needs <1, 3>, user 2 <1, 1>.
  const inst: Instance = { capacity: { cpus: 30, mem: 30 }, demands: [{ cpus: 1, mem: 3 }, { cpus: 1, mem: 1 }] };
  /** Asset fairness: the sum of a client's shares over resources, in place of the largest. */
  const summedShare: ShareFunction = (base, extra, total) => {
    let sum = 0;
    for (let r = 0; r < base.length; r++) if (total[r]! > 0) sum += (base[r]! + (extra?.[r] ?? 0)) / total[r]!;
    return sum;
  };

  it('DRF gives 5 and 15 tasks: both users hold half of their dominant resource', () => {
    expect(allocate(inst)).toEqual([5, 15]);
  });

  it('asset fairness gives 6 and 12: user 2 holds less than half of both resources', () => {
    // Shares summed over resources: user 1 has 4/30 per task, user 2 2/30; equal sums at 6 vs 12
    // (24/30 each), when memory is full (6·3 + 12 = 30).
    const asset = new HierarchicalAllocator('asset', drfSorter, drfSorter, true, new Set(), randomSource(1).stream('a'), summedShare);
    const k = allocate(inst, asset);
    expect(k).toEqual([6, 12]);
    // User 2 holds 12 CPUs and 12 GB: less than half (15) of each, so it would do better with a
    // static half of the cluster. DRF gives it 15 of each.
    expect(k[1]! * inst.demands[1]!.cpus).toBeLessThan(inst.capacity.cpus / 2);
    expect(k[1]! * inst.demands[1]!.mem).toBeLessThan(inst.capacity.mem / 2);
  });
});


describe('offer starvation with a short decline filter (a Mesos complaint, reproduced)', () => {
  it('two users that cannot fit, declining with 1 s filters, starve a third that could run more', () => {
    // 6 CPUs, 6 MB; u0's tasks need 3 MB, u1's and u2's 4. After u0's first task, 3 MB are left:
    // u1 and u2 (share 0) are offered the agent in turn and decline; each one's filter lasts only
    // until the next cycle, so u0 (higher share) never sees it again. With long filters it would.
    const inst: Instance = { capacity: { cpus: 6, mem: 6 }, demands: [{ cpus: 1, mem: 3 }, { cpus: 1, mem: 4 }, { cpus: 1, mem: 4 }] };
    const starved = (refuse: number) => {
      const random = randomSource(1);
      const world = new World(
        {
          space,
          master: masterConfig(),
          weights: new Map(),
          agents: agents(1, inst.capacity),
          frameworks: inst.demands.map((d, i) =>
            framework(`u${i}`, `u${i}`, [job('j', 0, 200, d)], { tasksPerOffer: 1, refuseSeconds: refuse, refuseSecondsOnAccept: 0 }),
          ),
          timeline: [],
          until: 100,
          stallTimeout: 3600,
        },
        new HierarchicalAllocator('drf', drfSorter, drfSorter, true, new Set(), random.stream('a')),
        random,
        nullObserver,
      );
      world.run();
      return [...world.agents[0]!.tasks].filter((t) => t.job.framework === 0).length;
    };
    expect(starved(1)).toBe(1);
    expect(starved(1000)).toBe(2);
  });
});
