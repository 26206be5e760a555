/**
 * The slots allocator (slot-based fair sharing, like Hadoop's Fair Scheduler)
 * on hand-worked worlds.
 */
import { describe, expect, it } from 'vitest';
import { slotsFor } from '../../../src/allocator/baselines/slots.js';
import type { AgentView } from '../../../src/allocator/types.js';
import { agents, framework, job, runningByFramework, space } from '../../helpers/world.js';
import { amount } from '../../behaviour/support.js';
import { run } from './support.js';

const HALF_SLOT = { cpus: 0.5, mem: 512 };
const greedy = (name: string, role: string) => framework(name, role, [job('j', 0, 30, HALF_SLOT)], { refuseSeconds: 0 });

describe('slots', () => {
  it('gives each role slots in proportion to its weight: 4 and 8 of 12', () => {
    // One agent cut into 12 slots of 1 cpu and 1 GB. Each free slot goes to the role with the
    // fewest slots per weight (ties: fewer slots, then name): A, B, B, A, B, B, ... → 4 and 8,
    // both at 4 slots per unit of weight.
    const { b } = run(
      { agents: agents(1, { cpus: 12, mem: 12 * 1024 }), frameworks: [greedy('A', 'a'), greedy('B', 'b')], weights: new Map([['b', 2]]), until: 5 },
      'slots',
      { slots_per_agent: 12 },
    );
    expect(runningByFramework(b)).toEqual({ A: 4, B: 8 });
    // Every slot is taken by a half-slot task: half of the agent stays idle while 18 tasks wait.
    expect(amount(b.world.master.allocated, 'cpus')).toBe(6);
  });

  it('shares a role between its frameworks equally: 3 + 3 against 6', () => {
    const { b } = run(
      { agents: agents(1, { cpus: 12, mem: 12 * 1024 }), frameworks: [greedy('A1', 'a'), greedy('A2', 'a'), greedy('B', 'b')], until: 5 },
      'slots',
      { slots_per_agent: 12 },
    );
    expect(runningByFramework(b)).toEqual({ A1: 3, A2: 3, B: 6 });
  });

  it('counts the slots tasks hold now: a late framework gets its share when slots free up', () => {
    // 6 slots; A and B have thirty 10-s tasks from t=0 and take 3 each. C arrives at t=5 and
    // waits. At t=11 all six slots are free again and every framework holds none: 2 each.
    const many = (name: string, submit: number) =>
      framework(name, name, [job('j', submit, 30, { cpus: 1, mem: 1024 }, 10)], { refuseSeconds: 0 });
    const { starts } = run(
      { agents: agents(1, { cpus: 6, mem: 6144 }), frameworks: [many('A', 0), many('B', 0), many('C', 5)], until: 12 },
      'slots',
      { slots_per_agent: 6 },
    );
    const at = (job: string, t: number) => starts[job]!.filter((s) => s === t).length;
    expect([at('A/j', 0), at('B/j', 0), at('C/j', 0)]).toEqual([3, 3, 0]);
    expect([at('A/j', 11), at('B/j', 11), at('C/j', 11)]).toEqual([2, 2, 2]);
  });

  it('counts a task bigger than a slot as the slots it covers', () => {
    // 4 slots of 2 cpus and 2 GB. A 2.5-cpu task takes ceil(2.5 / 2) = 2 slots: two of them fill
    // the agent's slots with 5 of 8 cpus used, and the third waits for one to end (10, so 11),
    // although 3 cpus are free.
    const { starts } = run(
      { agents: agents(1, { cpus: 8, mem: 8192 }), frameworks: [framework('A', 'a', [job('big', 0, 3, { cpus: 2.5, mem: 512 }, 10)])] },
      'slots',
      { slots_per_agent: 4 },
    );
    expect(starts['A/big']).toEqual([0, 0, 11]);
  });

  it('slotsFor: max(1, ceil(max over resources of demand / slot size))', () => {
    const agent = { total: space.fromRecord({ cpus: 8, mem: 8192 }) } as AgentView;
    const slots = (r: Record<string, number>) => slotsFor(space.fromRecord(r), agent, 4);
    expect(slots({ cpus: 0.5, mem: 512 })).toBe(1);
    expect(slots({ cpus: 2, mem: 2048 })).toBe(1);
    expect(slots({ cpus: 2, mem: 2049 })).toBe(2);
    expect(slots({ cpus: 2.5, mem: 512 })).toBe(2);
    expect(slots({ cpus: 8, mem: 1 })).toBe(4);
    expect(slots({ cpus: 1, gpus: 1 })).toBe(Infinity);
  });
});
