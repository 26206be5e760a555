import { describe, expect, it } from 'vitest';
import type { FrameworkSpec } from '../../src/world.js';
import { agents, buildWorld, framework, job, runToEnd, runningByFramework } from '../helpers/world.js';
import { acceptedBy, amount, offerLog } from './support.js';

/**
 * Most worlds here are one agent with 12 identical slots (12 cpus, 12 GB; tasks of 1 cpu, 1 GB),
 * frameworks with far more long tasks than slots, tasks_per_offer 1 and refuse_seconds 0. Then
 * every run (t = 0 triggered, then every second) offers the whole agent to the first framework in
 * DRF order, which launches exactly one task and declines the rest without a filter: progressive
 * filling one slot per second, so the grant order can be worked out by hand. 12 runs fill it.
 */
const SLOT = { cpus: 1, mem: 1024 };
const slotsAgent = (n = 12) => agents(1, { cpus: n, mem: n * 1024 });
const greedy = (name: string, role: string, overrides: Partial<FrameworkSpec> = {}) =>
  framework(name, role, [job('j', 0, 30, SLOT)], { tasksPerOffer: 1, refuseSeconds: 0, ...overrides });

describe('DRF: role weights', () => {
  it('a weight-2 role ends with twice the tasks (equal weighted shares) of a weight-1 role: 8 vs 4 of 12', () => {
    // Compare a's share n_a/12 with b's weighted share n_b/12/2, i.e. 2·n_a with n_b:
    //  (0,0) tie → grants 0/0 → 'a' < 'b' → a;  (1,0) → b;  (1,1) → b (1/24 < 1/12);
    //  (1,2) tie: 2/12/2 equals 1/12 exactly in doubles (halving is exact) → fewer grants → a; ...
    // so the pattern a, b, b repeats four times: a = 4, b = 8, both at weighted share 1/3.
    const b = buildWorld({
      agents: slotsAgent(),
      frameworks: [greedy('A', 'a'), greedy('B', 'b')],
      weights: new Map([['b', 2]]),
      until: 30,
    });
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ A: 4, B: 8 });
    expect(acceptedBy(b)).toEqual(['A', 'B', 'B', 'A', 'B', 'B', 'A', 'B', 'B', 'A', 'B', 'B']);
    const [A, B] = b.world.frameworks;
    const total = b.world.master.total;
    expect(amount(A!.allocation, 'cpus') / amount(total, 'cpus')).toBeCloseTo(1 / 3, 12);
    expect(amount(B!.allocation, 'cpus') / amount(total, 'cpus') / 2).toBeCloseTo(1 / 3, 12);
  });

  it('without the weight the same world splits 6 / 6', () => {
    const b = buildWorld({ agents: slotsAgent(), frameworks: [greedy('A', 'a'), greedy('B', 'b')], until: 30 });
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ A: 6, B: 6 });
  });
});

describe('DRF: tie-breaks', () => {
  // Tasks of 8 cpus never fit a 4-cpu agent: every offer is declined (refuse 0), so every share
  // stays 0 and only the tie-breaks decide. With 'fw10' < 'fw2' byte-wise, fw10 wins the first
  // tie; after that the one with fewer grants goes first, so the offers alternate. Runs at
  // t = 0..5 give six offers. (Without the grants rule fw10 would get every one; with a numeric
  // name order fw2 would get the first.)
  const never = (name: string, role: string) =>
    framework(name, role, [job('big', 0, 1, { cpus: 8, mem: 1024 })], { refuseSeconds: 0 });

  it('between frameworks of one role: equal shares → fewer grants → name byte-wise (fw10 before fw2)', () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [never('fw2', 'r'), never('fw10', 'r')],
      until: 5,
    });
    runToEnd(b);
    expect(b.offers.records().map((r) => r.framework)).toEqual(['fw10', 'fw2', 'fw10', 'fw2', 'fw10', 'fw2']);
  });

  it('between roles: the same rules on role paths (r10 before r2)', () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [never('x', 'r2'), never('y', 'r10')],
      until: 5,
    });
    runToEnd(b);
    expect(b.offers.records().map((r) => r.framework)).toEqual(['y', 'x', 'y', 'x', 'y', 'x']);
  });

  it('a lower share beats fewer grants', () => {
    // A runs one 1-cpu task from t=0 (share 1/4) and then declines every offer of the other 3 cpus
    // (its 8-cpu task never fits; refuse 0). B subscribes at t=2.5 with only never-fitting work,
    // so its share stays 0. B comes first at every run from 2.5 on, also once its grant count
    // (2.5, 3, 4, 5 → 4 at t=5) exceeds A's (0, 1, 2 → 3): the share is compared before grants.
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [
        framework('A', 'a', [job('small', 0, 1, { cpus: 1, mem: 1024 }), job('big', 0, 1, { cpus: 8, mem: 1024 })], { refuseSeconds: 0 }),
        framework('B', 'b', [job('big', 0, 1, { cpus: 8, mem: 1024 })], { refuseSeconds: 0, registerAt: 2.5 }),
      ],
      until: 10,
    });
    runToEnd(b);
    const log = offerLog(b).map(([t, f]) => [t, f]);
    expect(log).toEqual([[0, 'A'], [1, 'A'], [2, 'A'], [2.5, 'B'], [3, 'B'], [4, 'B'], [5, 'B'], [6, 'B'], [7, 'B'], [8, 'B'], [9, 'B'], [10, 'B']]);
  });
});

describe('DRF: hierarchical roles', () => {
  it("role 'z' with children 'z/x' and 'z/y' competes as one node against 'b': z gets 6 (3 + 3), b gets 6", () => {
    // Root level compares z's whole subtree with b: (0,0) tie, grants 0/0 → 'b' < 'z' → b;
    // (0,1) → z; (1,1) tie, and z's grant count is its subtree's (1), equal to b's → 'b'; ...
    // so b, z alternate. Inside z, x and y alternate the same way (x first by path).
    // (Counting only z's own grants, 0, would put z first on every tie: B, X, Y, B, ...)
    const b = buildWorld({
      agents: slotsAgent(),
      frameworks: [greedy('X', 'z/x'), greedy('Y', 'z/y'), greedy('B', 'b')],
      until: 30,
    });
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ X: 3, Y: 3, B: 6 });
    expect(acceptedBy(b)).toEqual(['B', 'X', 'B', 'Y', 'B', 'X', 'B', 'Y', 'B', 'X', 'B', 'Y']);
  });

  it('flat roles instead would split 4 / 4 / 4 (the control)', () => {
    const b = buildWorld({
      agents: slotsAgent(),
      frameworks: [greedy('X', 'zx'), greedy('Y', 'zy'), greedy('B', 'b')],
      until: 30,
    });
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ X: 4, Y: 4, B: 4 });
  });

  it("a role with its own framework and a child competes inside its subtree through the virtual leaf 'a/.'", () => {
    // Inside 'a': leaf 'a/.' (P, weight 1) vs 'a/x' (X); ties go to 'a/.' since '.' < 'x'.
    const b = buildWorld({
      agents: slotsAgent(),
      frameworks: [greedy('X', 'a/x'), greedy('P', 'a'), greedy('B', 'b')],
      until: 30,
    });
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ P: 3, X: 3, B: 6 });
    expect(acceptedBy(b).slice(0, 4)).toEqual(['P', 'B', 'X', 'B']);
  });

  it('a weight on the parent scales the whole subtree: a (weight 2) with a/x, a/y gets 8, b gets 4', () => {
    // Same arithmetic as the flat weight-2 test at the root level; a's 8 split 4 / 4 inside.
    const b = buildWorld({
      agents: slotsAgent(),
      frameworks: [greedy('X', 'a/x'), greedy('Y', 'a/y'), greedy('B', 'b')],
      weights: new Map([['a', 2]]),
      until: 30,
    });
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ X: 4, Y: 4, B: 4 });
  });
});

describe('DRF: frameworks have no weights', () => {
  it('a weight-2 role with two frameworks gets 8 of 12, split 4 / 4: each framework gets what the weight-1 role gets', () => {
    // Role level as in the weight test (r = 8, s = 4, pattern r, s, r, s, r, r, s, r, r, s, r, r...);
    // inside r, F1 and F2 are compared by unweighted share and alternate: 4 each.
    const b = buildWorld({
      agents: slotsAgent(),
      frameworks: [greedy('F1', 'r'), greedy('F2', 'r'), greedy('G', 's')],
      weights: new Map([['r', 2]]),
      until: 30,
    });
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ F1: 4, F2: 4, G: 4 });
  });

  it('two frameworks in one role split that role like two equal peers, whatever their names', () => {
    // 'r' alone with two frameworks: they alternate, 6 each.
    const b = buildWorld({ agents: slotsAgent(), frameworks: [greedy('F1', 'r'), greedy('F2', 'r')], weights: new Map([['r', 5]]), until: 30 });
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ F1: 6, F2: 6 });
  });
});

describe('DRF: outstanding offers count toward shares', () => {
  // a-0 (4 cpus) from t=0; a-1 (4 cpus) registers at t=3. 'fast' (role b) runs one 1-cpu task
  // at t=0 and declines a-0's other 3 cpus with a 100 s filter. 'slow' (role a) subscribes at 0.5:
  // that run offers it a-0's 3 cpus (fast is filtered), and with per_job 10 it holds the offer
  // until t=10.5. When a-1 registers at t=3 (total 8 cpus): fast's share is 1/8, slow's is 3/8
  // counting the held offer, so fast gets a-1. Were offers not counted, slow (share 0) would.
  const world = (slowPerJob: number) =>
    buildWorld({
      agents: [...agents(1, { cpus: 4, mem: 4096 }), ...agents(1, { cpus: 4, mem: 4096 }, 'late').map((a) => ({ ...a, registerAt: 3 }))],
      frameworks: [
        framework('slow', 'a', [job('j', 0, 2, { cpus: 1, mem: 1024 })], { tasksPerOffer: 1, refuseSeconds: 100, perJob: slowPerJob, registerAt: 0.5 }),
        framework('fast', 'b', [job('j', 0, 2, { cpus: 1, mem: 1024 })], { tasksPerOffer: 1, refuseSeconds: 100 }),
      ],
      until: 20,
    });

  it('a framework holding an offer is behind one with a smaller running allocation', () => {
    const b = world(10);
    runToEnd(b);
    const log = offerLog(b).map(([t, f, a, o]) => [t, f, a, o]);
    expect(log).toContainEqual([0.5, 'slow', 'a-0', 'accepted']);
    expect(log).toContainEqual([3, 'fast', 'late-0', 'accepted']);
    const slowOffer = b.offers.records().find((r) => r.framework === 'slow')!;
    expect(slowOffer.response_time).toBe(10); // held for per_job × 1 job
  });

  it('control: when slow answers at once (share 1/8 each, grants 1 each), the tie goes to role a: slow gets a-1', () => {
    const b = world(0);
    runToEnd(b);
    const late = b.offers.records().filter((r) => r.agent === 'late-0');
    expect(late[0]!.framework).toBe('slow');
    expect(late[0]!.time).toBe(3);
  });
});

describe('DRF: grants count toward shares within the same run', () => {
  it('two free agents in one run go to two different frameworks', () => {
    // One run at t=0 over two 4-cpu agents. Whichever the shuffle puts first goes to A (tie → 'a');
    // A's share is then 4/8 for the second agent, so B (0) gets it. Were grants counted only after
    // the run, A would get both.
    for (let seed = 1; seed <= 4; seed++) {
      const b = buildWorld(
        {
          agents: agents(2, { cpus: 4, mem: 4096 }),
          frameworks: [framework('A', 'a', [job('j', 0, 1, SLOT)]), framework('B', 'b', [job('j', 0, 1, SLOT)])],
          until: 0,
        },
        'drf',
        seed,
      );
      runToEnd(b);
      expect(b.offers.records().map((r) => r.framework).sort()).toEqual(['A', 'B']);
    }
  });
});

describe('GPU agents', () => {
  const gpuAgent = () => agents(1, { cpus: 4, mem: 4096, gpus: 1 }, 'g');
  const cpuAgent = () => agents(1, { cpus: 4, mem: 4096 }, 'c');
  const one = (name: string, role: string, gpuCapable: boolean) =>
    framework(name, role, [job('j', 0, 1, { cpus: 1, mem: 1024 })], { gpuCapable });

  it('are never offered to a framework without the GPU capability', () => {
    const b = buildWorld({ agents: gpuAgent(), frameworks: [one('P', 'a', false)], until: 10 });
    const { metrics } = runToEnd(b);
    expect(b.offers.records()).toEqual([]);
    expect(metrics.tasks.pending).toBe(1);
  });

  it('are offered to a GPU-capable framework', () => {
    const b = buildWorld({ agents: gpuAgent(), frameworks: [one('G', 'a', true)], until: 10 });
    runToEnd(b);
    expect(b.offers.records().map((r) => [r.time, r.framework, r.agent, r.outcome])).toEqual([[0, 'G', 'g-0', 'accepted']]);
  });

  it('with both kinds: the GPU agent goes to the capable framework even when the other is first in DRF order', () => {
    // P (role 'a') is first on any tie; whichever agent the shuffle puts first, g-0 skips P.
    for (let seed = 1; seed <= 6; seed++) {
      const b = buildWorld({ agents: [...gpuAgent(), ...cpuAgent()], frameworks: [one('P', 'a', false), one('G', 'b', true)], until: 10 }, 'drf', seed);
      runToEnd(b);
      const byAgent = Object.fromEntries(b.offers.records().map((r) => [r.agent, r.framework]));
      expect(byAgent).toEqual({ 'g-0': 'G', 'c-0': 'P' });
    }
  });

  it('filter_gpu_resources: false lets any framework have them', () => {
    const b = buildWorld({ agents: gpuAgent(), frameworks: [one('P', 'a', false)], until: 10 }, 'drf', 1, { filter_gpu_resources: false });
    runToEnd(b);
    expect(b.tasks.records().map((r) => [r.agent, r.state])).toEqual([['g-0', 'running']]);
  });
});

describe('the random allocator', () => {
  // One agent, two roles of weight 3 and 1. Mesos's weighted random sorter gives each client the
  // key u^(1/w) and puts the highest first, so the first offer goes to 'heavy' with probability
  // 3 / (3 + 1) = 3/4.
  const weighted = (seed: number, until: number, refuseSeconds = 5) =>
    buildWorld(
      {
        agents: agents(1, { cpus: 4, mem: 4096 }),
        frameworks: [
          framework('H', 'heavy', [job('big', 0, 1, { cpus: 8, mem: 1024 })], { refuseSeconds }),
          framework('L', 'light', [job('big', 0, 1, { cpus: 8, mem: 1024 })], { refuseSeconds }),
        ],
        weights: new Map([['heavy', 3]]),
        until,
      },
      'random',
      seed,
    );

  it('gives the weight-3 role about 3/4 of first offers over 400 seeds', () => {
    // Count ~ Binomial(400, 3/4): mean 300, sd √(400·3/16) ≈ 8.66. The window 300 ± 35 (±4 sd)
    // holds with probability > 0.9999 for a correct sorter, and excludes a sorter ignoring weights
    // (mean 200) or one that always picks the heavier role (400). The seeds are fixed, so the
    // outcome is reproducible.
    let heavy = 0;
    const N = 400;
    for (let seed = 1; seed <= N; seed++) {
      const b = weighted(seed, 0);
      runToEnd(b);
      const first = b.offers.records()[0]!;
      expect(first.time).toBe(0);
      if (first.framework === 'H') heavy++;
    }
    expect(heavy).toBeGreaterThanOrEqual(265);
    expect(heavy).toBeLessThanOrEqual(335);
  });

  it('draws afresh for every run: over 400 runs of one seed the heavy role gets about 3/4 of the offers', () => {
    // refuse 0: the agent is re-offered every second (t = 0..399), one independent draw each;
    // the same ±4 sd window as above.
    const b = weighted(7, 399, 0);
    runToEnd(b);
    const rows = b.offers.records();
    expect(rows).toHaveLength(400);
    const heavy = rows.filter((r) => r.framework === 'H').length;
    expect(heavy).toBeGreaterThanOrEqual(265);
    expect(heavy).toBeLessThanOrEqual(335);
  });

  it('is deterministic for one seed', () => {
    const a = weighted(42, 200, 0);
    const c = weighted(42, 200, 0);
    runToEnd(a);
    runToEnd(c);
    expect(c.offers.rows).toEqual(a.offers.rows);
    expect(a.offers.rows.length).toBe(201);
  });
});
