import { describe, expect, it } from 'vitest';
import type { FrameworkSpec, WorldSpec } from '../../src/world.js';
import {
  agents,
  buildWorld,
  framework,
  job,
  masterConfig,
  quota,
  reservedAgents,
  runToEnd,
  runningByFramework,
  space,
  type Built,
} from '../helpers/world.js';
import { acceptedBy } from './support.js';

/**
 * Quota (guarantees and limits) in the hierarchical allocator, worked by hand.
 *
 * As in drf-order.test.ts, a "greedy" framework has far more long 1-cpu, 1 GB tasks than there
 * are slots, launches one task per offer and declines the rest without a filter, so each run
 * (t = 0 triggered, then every second) fills one slot and the grant order can be followed.
 */
const SLOT = { cpus: 1, mem: 1024 };
const greedy = (name: string, role: string, overrides: Partial<FrameworkSpec> = {}) =>
  framework(name, role, [job('j', 0, 30, SLOT)], { tasksPerOffer: 1, refuseSeconds: 0, ...overrides });
/** Many long small tasks, all launched from whatever is offered. */
const hungry = (name: string, role: string, tasks: number, overrides: Partial<FrameworkSpec> = {}) =>
  framework(name, role, [job('j', 0, tasks, { cpus: 1, mem: 512 })], overrides);

/** offers.csv rows of one framework as { time, cpus, mem }. */
const offersTo = (b: Built, fw: string) =>
  b.offers.records().filter((r) => r.framework === fw).map((r) => ({ time: r.time, cpus: r.cpus, mem: r.mem }));

/** The most tasks of `fw` running at once (from tasks.csv start and end times). */
function peakRunning(b: Built, fw: string): number {
  const edges: [number, number][] = [];
  for (const r of b.tasks.records()) {
    if (r.framework !== fw || r.start_time === '' || r.start_time === undefined) continue;
    edges.push([Number(r.start_time), 1]);
    if (r.end_time !== '' && r.end_time !== undefined) edges.push([Number(r.end_time), -1]);
  }
  edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]); // ends before starts at the same instant
  let now = 0;
  let peak = 0;
  for (const [, d] of edges) peak = Math.max(peak, (now += d));
  return peak;
}

describe('quota guarantees are met first (stage 1)', () => {
  // One agent of 4 slots; A (role a) and Q (role q) are greedy. Plain DRF alternates A, Q, A, Q
  // (ties go to 'a' by name). With q guaranteed 2 cpus, stage 1 serves q while its guarantee is
  // unmet: t=0 Q (consumed 0 < 2), t=1 Q (1 < 2); then q is satisfied and DRF resumes: a (share 0)
  // before q (2/4), twice.
  const world = (quotas?: WorldSpec['quotas']) =>
    buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [greedy('A', 'a'), greedy('Q', 'q')],
      ...(quotas !== undefined ? { quotas } : {}),
      until: 10,
    });

  it('control: without quota the slots alternate A, Q, A, Q', () => {
    const b = world();
    runToEnd(b);
    expect(acceptedBy(b)).toEqual(['A', 'Q', 'A', 'Q']);
  });

  it('with a 2-cpu guarantee Q gets the first two slots, then A the next two', () => {
    const b = world(new Map([['q', quota({ cpus: 2 })]]));
    runToEnd(b);
    expect(acceptedBy(b)).toEqual(['Q', 'Q', 'A', 'A']);
    expect(runningByFramework(b)).toEqual({ A: 2, Q: 2 });
  });

  it('a guarantee covers the subroles of the role it is set on', () => {
    // The same world with Q in 'q/sub': q's guarantee serves it in stage 1.
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [greedy('A', 'a'), greedy('Q', 'q/sub')],
      quotas: new Map([['q', quota({ cpus: 2 })]]),
      until: 10,
    });
    runToEnd(b);
    expect(acceptedBy(b)).toEqual(['Q', 'Q', 'A', 'A']);
  });
});

describe('quota limits chop offers', () => {
  // One agent of 8 cpus, 8 GB; Q has 6 tasks of 1 cpu, 512 MB lasting 10 s. Limited to 3 cpus, its
  // first offer is chopped to 3 cpus with all the memory (no memory limit), it runs 3 tasks at a
  // time, and the last 3 start once the first 3 have ended.
  const world = (limit: boolean) =>
    buildWorld({
      agents: agents(1, { cpus: 8, mem: 8192 }),
      frameworks: [framework('Q', 'q', [job('j', 0, 6, { cpus: 1, mem: 512 }, 10)], { refuseSeconds: 0 })],
      ...(limit ? { quotas: new Map([['q', quota({}, { cpus: 3 })]]) } : {}),
    });

  it('control: unlimited, the first offer is the whole agent and all 6 tasks run at once', () => {
    const b = world(false);
    runToEnd(b);
    expect(offersTo(b, 'Q')[0]).toEqual({ time: 0, cpus: 8, mem: 8192 });
    expect(peakRunning(b, 'Q')).toBe(6);
  });

  it('with a 3-cpu limit the first offer is 3 cpus (and all the memory), and at most 3 tasks run at once', () => {
    const b = world(true);
    const { metrics } = runToEnd(b);
    const offers = offersTo(b, 'Q');
    expect(offers[0]).toEqual({ time: 0, cpus: 3, mem: 8192 });
    expect(offers.every((o) => Number(o.cpus) <= 3)).toBe(true);
    expect(peakRunning(b, 'Q')).toBe(3);
    expect(metrics.tasks.finished).toBe(6);
  });

  it('a framework of a subrole is held to the top-level role\'s limit', () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 8, mem: 8192 }),
      frameworks: [hungry('S', 'q/sub', 6)],
      quotas: new Map([['q', quota({}, { cpus: 3 })]]),
      until: 20,
    });
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ S: 3 });
  });
});

describe('headroom is held back for unmet guarantees', () => {
  // Two agents of 4 cpus, 4 GB. B (role b, no quota) wants 8 tasks of 1 cpu, 512 MB. Role g is
  // guaranteed 4 cpus. While g consumes nothing, requiredHeadroom is 4 cpus, so unreserved offers
  // beyond guarantees are chopped to availableHeadroom − requiredHeadroom = 8 − 4 = 4 cpus: B's
  // first agent is offered whole, the second only its memory.
  const world = (frameworks: FrameworkSpec[], guarantee: boolean) =>
    buildWorld({
      agents: agents(2, { cpus: 4, mem: 4096 }),
      frameworks,
      ...(guarantee ? { quotas: new Map([['g', quota({ cpus: 4 })]]) } : {}),
      until: 30,
    });

  it('control: without the guarantee B runs all 8 tasks', () => {
    const b = world([hungry('B', 'b', 8)], false);
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ B: 8 });
  });

  it('from a role without quota, even while the guaranteed role has no framework at all', () => {
    const b = world([hungry('B', 'b', 8)], true);
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ B: 4 });
    // Every offer to B has at most 4 cpus, and the two at t=0 hold 4 cpus between them.
    const first = offersTo(b, 'B').filter((o) => o.time === 0);
    expect(first.map((o) => Number(o.cpus)).sort()).toEqual([0, 4]);
    expect(b.world.master.allocated[0]).toBe(4000);
  });

  it('and the held-back resources go to the guaranteed role when its framework arrives', () => {
    const b = world([hungry('B', 'b', 8), hungry('G', 'g', 4, { registerAt: 10.5 })], true);
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ B: 4, G: 4 });
    const g = offersTo(b, 'G');
    expect(g[0]).toEqual({ time: 10.5, cpus: 4, mem: 4096 });
  });

  it('an agent held back is looked at again once the quota figures move, though nothing changed on it', () => {
    // As above, but offers must hold a cpu (min_allocatable cpus 0.01 only), so B's second agent is
    // not offered at all at t=0: nothing happens on it afterwards that would make it a candidate.
    // At t=10 g's guarantee is removed; the run at t=10 looks at every agent with free resources
    // again and offers it to B.
    const b = buildWorld({
      agents: agents(2, { cpus: 4, mem: 4096 }),
      frameworks: [hungry('B', 'b', 8)],
      quotas: new Map([['g', quota({ cpus: 4 })]]),
      master: masterConfig({ minAllocatable: [space.fromRecord({ cpus: 0.01 })] }),
      timeline: [{ at: 10, kind: 'set-quota', role: 'g', quota: undefined }],
      until: 30,
    });
    runToEnd(b);
    expect(offersTo(b, 'B')).toEqual([
      { time: 0, cpus: 4, mem: 4096 },
      { time: 10, cpus: 4, mem: 4096 },
    ]);
    expect(runningByFramework(b)).toEqual({ B: 8 });
  });

  it('a reservation counts toward the guarantee it is made for, so nothing is held back for it', () => {
    // Role g reserves 4 cpus on one of three agents, and is guaranteed 4 cpus: its consumption (the
    // unallocated reservation) already meets the guarantee, so B gets every unreserved cpu (8).
    // Were reservations not counted, 4 more cpus would be held back and B would get 4.
    const b = buildWorld({
      agents: [...agents(2, { cpus: 4, mem: 4096 }), ...reservedAgents(1, { cpus: 4, mem: 4096 }, { g: { cpus: 4, mem: 4096 } })],
      frameworks: [hungry('B', 'b', 12)],
      quotas: new Map([['g', quota({ cpus: 4 })]]),
      until: 30,
    });
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ B: 8 });
  });
});

describe('reservations and quota', () => {
  // r-0 (8 cpus, 8 GB) reserves 4 cpus, 4 GB for role r; a-0 (8 cpus, 8 GB) is unreserved. R
  // wants 8 tasks of 1 cpu, 512 MB; role r is limited to 4 cpus.
  const world = (limit: boolean) =>
    buildWorld({
      agents: [...reservedAgents(1, { cpus: 8, mem: 8192 }, { r: { cpus: 4, mem: 4096 } }), ...agents(1, { cpus: 8, mem: 8192 })],
      frameworks: [hungry('R', 'r', 8, { refuseSeconds: 0 })],
      ...(limit ? { quotas: new Map([['r', quota({}, { cpus: 4 })]]) } : {}),
      until: 20,
    });

  it('control: without the limit R runs all 8 tasks', () => {
    const b = world(false);
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ R: 8 });
  });

  it('unallocated reservations count as consumed: a 4-cpu limit and a 4-cpu reservation leave no unreserved cpu for R', () => {
    // consumed(r) = its 4 reserved cpus, so limit − consumed = 0 unreserved cpus. R still gets the
    // reservation (reservations are never chopped): 4 tasks, all on r-0. Were unallocated
    // reservations not charged, R would also get 4 unreserved cpus and run 8.
    const b = world(true);
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ R: 4 });
    expect(new Set(b.tasks.records().filter((t) => t.state === 'running').map((t) => t.agent))).toEqual(new Set(['r-0']));
  });
});

describe('quota changes on the timeline', () => {
  it('lowering a limit rescinds outstanding offers that keep the role above it', () => {
    // Q holds its offer of the whole agent (8 cpus) for 10 s (decision time). At t=5 its limit
    // drops to 4 cpus: the offer is rescinded, and later offers are chopped to 4 cpus.
    const b = buildWorld({
      agents: agents(1, { cpus: 8, mem: 8192 }),
      frameworks: [hungry('Q', 'q', 8, { perJob: 10 })],
      timeline: [{ at: 5, kind: 'set-quota', role: 'q', quota: quota({}, { cpus: 4 }) }],
      until: 40,
    });
    runToEnd(b);
    const rows = b.offers.records().filter((r) => r.framework === 'Q');
    expect(rows[0]).toMatchObject({ time: 0, outcome: 'rescinded', cpus: 8 });
    expect(rows.slice(1).every((r) => Number(r.cpus) <= 4)).toBe(true);
    expect(runningByFramework(b)).toEqual({ Q: 4 });
  });
});
