import { describe, expect, it } from 'vitest';
import type { FrameworkSpec } from '../../src/world.js';
import { agents, buildWorld, framework, job, reservedAgents, runToEnd, runningByFramework, type Built } from '../helpers/world.js';
import { acceptedBy } from './support.js';

/**
 * Static reservations, worked by hand. Most worlds have one agent of 8 cpus, 8 GB with 4 cpus,
 * 4 GB reserved for role eng/ml, and frameworks wanting many long tasks of 1 cpu, 512 MB that
 * launch all they can from each offer and decline the rest without a filter.
 */
const agent = () => reservedAgents(1, { cpus: 8, mem: 8192 }, { 'eng/ml': { cpus: 4, mem: 4096 } });
const hungry = (name: string, role: string, overrides: Partial<FrameworkSpec> = {}) =>
  framework(name, role, [job('j', 0, 12, { cpus: 1, mem: 512 })], { refuseSeconds: 0, ...overrides });

/** offers.csv rows of one framework as [time, cpus, mem]. */
const offersTo = (b: Built, fw: string) =>
  b.offers.records().filter((r) => r.framework === fw).map((r) => [r.time, r.cpus, r.mem]);

describe('reservations are offered only to their role and its descendants', () => {
  it('a framework of the reserving role gets the whole agent in one offer', () => {
    const b = buildWorld({ agents: agent(), frameworks: [hungry('M', 'eng/ml')], until: 10 });
    runToEnd(b);
    expect(offersTo(b, 'M')[0]).toEqual([0, 8, 8192]);
    expect(runningByFramework(b)).toEqual({ M: 8 });
  });

  it('so does a framework of a descendant role', () => {
    const b = buildWorld({ agents: agent(), frameworks: [hungry('D', 'eng/ml/deep')], until: 10 });
    runToEnd(b);
    expect(offersTo(b, 'D')[0]).toEqual([0, 8, 8192]);
    expect(runningByFramework(b)).toEqual({ D: 8 });
  });

  it('a framework of the parent role, of a sibling or of another role gets only the unreserved half', () => {
    for (const role of ['eng', 'eng/ops', 'eng/mlx', 'ads', '*']) {
      const b = buildWorld({ agents: agent(), frameworks: [hungry('X', role)], until: 10 });
      runToEnd(b);
      const offers = offersTo(b, 'X');
      expect(offers[0], role).toEqual([0, 4, 4096]);
      expect(offers.every(([, cpus, mem]) => Number(cpus) <= 4 && Number(mem) <= 4096), role).toBe(true);
      expect(runningByFramework(b), role).toEqual({ X: 4 });
    }
  });

  it('with both kinds in one run, the reservation goes with the unreserved rest to whoever comes first', () => {
    // M (eng/ml) and O (eng/ops) tie at share 0 and 'eng/ml' < 'eng/ops', so M comes first and
    // gets all 8 cpus. With O in role 'a' instead, 'a' < 'eng' puts O first: it gets the 4
    // unreserved cpus, and in the same run M gets the reservation: two offers of one agent at t=0.
    const first = buildWorld({ agents: agent(), frameworks: [hungry('M', 'eng/ml'), hungry('O', 'eng/ops')], until: 0 });
    runToEnd(first);
    expect(offersTo(first, 'M')).toEqual([[0, 8, 8192]]);
    expect(offersTo(first, 'O')).toEqual([]);

    const split = buildWorld({ agents: agent(), frameworks: [hungry('M', 'eng/ml'), hungry('O', 'a')], until: 0 });
    runToEnd(split);
    expect(offersTo(split, 'O')).toEqual([[0, 4, 4096]]);
    expect(offersTo(split, 'M')).toEqual([[0, 4, 4096]]);
  });

  it('reservations of a role with no framework are never offered', () => {
    // z-0 is wholly reserved for 'idle', which has no framework: only a-0 is ever offered.
    const b = buildWorld({
      agents: [...reservedAgents(1, { cpus: 4, mem: 4096 }, { idle: { cpus: 4, mem: 4096 } }, 'z'), ...agents(1, { cpus: 4, mem: 4096 })],
      frameworks: [hungry('B', 'b')],
      until: 10,
    });
    runToEnd(b);
    expect(new Set(b.offers.records().map((r) => r.agent))).toEqual(new Set(['a-0']));
  });
});

describe('unallocated reservations do not count in DRF shares', () => {
  // z-0 (4 cpus, 4 GB) is wholly reserved for 'r/idle' (no framework); a-0 has 4 free slots. A
  // (role a) and R (role r) are greedy, one 1-cpu, 1 GB task per offer, refuse 0. Shares are of
  // the whole cluster (8 cpus): a and r tie at 0, A first by name, then they alternate. Were r's
  // unallocated reservation (4 of 8 cpus) counted in its share, r would stand at 1/2 and A would
  // get all four slots.
  it('a role whose subtree holds an idle reservation still alternates with its peer: A, R, A, R', () => {
    const slot = { cpus: 1, mem: 1024 };
    const greedy = (name: string, role: string) => framework(name, role, [job('j', 0, 30, slot)], { tasksPerOffer: 1, refuseSeconds: 0 });
    const b = buildWorld({
      agents: [...reservedAgents(1, { cpus: 4, mem: 4096 }, { 'r/idle': { cpus: 4, mem: 4096 } }, 'z'), ...agents(1, { cpus: 4, mem: 4096 })],
      frameworks: [greedy('A', 'a'), greedy('R', 'r')],
      until: 10,
    });
    runToEnd(b);
    expect(acceptedBy(b)).toEqual(['A', 'R', 'A', 'R']);
    expect(b.offers.records().every((r) => r.agent === 'a-0')).toBe(true);
  });
});

describe('every built-in allocator keeps other roles off a reservation', () => {
  // The bidding allocator grants unreserved resources only; the random allocator uses the same
  // loop as drf. With only a framework of another role, 4 of the 8 cpus stay idle under each.
  it.each(['drf', 'random'])('%s', (allocator) => {
    const b = buildWorld({ agents: agent(), frameworks: [hungry('X', 'other')], until: 10 }, allocator);
    runToEnd(b);
    expect(runningByFramework(b)).toEqual({ X: 4 });
  });

  it('bidding', () => {
    const pools = [{ name: 'P', capacity: Float64Array.from([Infinity, Infinity, Infinity, Infinity]), priority: 0 }];
    const b = buildWorld(
      {
        agents: agent().map((a) => ({ ...a, pool: 'P' })),
        frameworks: [hungry('X', 'other'), hungry('M', 'eng/ml', { registerAt: 5 })],
        pools,
        until: 10,
      },
      'bidding',
    );
    runToEnd(b);
    // X gets the 4 unreserved cpus; M, arriving later, gets nothing: bidding leaves reservations idle.
    expect(runningByFramework(b)).toEqual({ X: 4 });
  });
});
