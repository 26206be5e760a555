/**
 * The tetris allocator (multi-resource packing by alignment) on hand-worked
 * worlds, and against drf on complementary tasks.
 */
import { describe, expect, it } from 'vitest';
import { alignment } from '../../../src/allocator/baselines/tetris.js';
import { agents, framework, job, runningByFramework, space } from '../../helpers/world.js';
import { fw, placedOn, run } from './support.js';

describe('tetris', () => {
  it('alignment: Σ (demand / total) × (free / total) over the resources the agent has', () => {
    const total = space.fromRecord({ cpus: 4, mem: 4096 });
    const free = space.fromRecord({ cpus: 2, mem: 1024 });
    // (2/4)(2/4) + (1024/4096)(1024/4096) = 0.25 + 0.0625; disk and gpus (total 0) do not count.
    expect(alignment(space.fromRecord({ cpus: 2, mem: 1024, disk: 5 }), free, total)).toBeCloseTo(0.3125, 12);
  });

  it('fills an agent with the best-aligned task first, not the oldest', () => {
    // One empty agent of 4 cpus and 4 GB; three one-task jobs at t=0 (fifo order a, b, c):
    //   a ⟨3 cpus, 1 GB⟩: 0.75 + 0.25 = 1.0;  b ⟨2, 1 GB⟩: 0.5 + 0.25 = 0.75;  c ⟨2, 3 GB⟩: 0.5 + 0.75 = 1.25.
    // c goes first. ⟨2, 1 GB⟩ is left: a no longer fits, b fits exactly (0.25 + 0.0625): the
    // agent is full. fifo takes a, and then b (2 cpus) does not fit the 1 cpu left: it blocks.
    const world = () => ({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [
        fw('a', [job('j', 0, 1, { cpus: 3, mem: 1024 }, 10)]),
        fw('b', [job('j', 0, 1, { cpus: 2, mem: 1024 }, 10)]),
        fw('c', [job('j', 0, 1, { cpus: 2, mem: 3072 }, 10)]),
      ],
    });
    expect(run(world(), 'tetris').starts).toEqual({ 'c/j': [0], 'b/j': [0], 'a/j': [11] });
    expect(run(world(), 'fifo').starts).toEqual({ 'a/j': [0], 'b/j': [11], 'c/j': [11] });
  });

  it('packs complementary tasks better than drf: shorter makespan, higher utilization', () => {
    // Four agents of ⟨4 cpus, 4 GB⟩; 'cpu' has 20 tasks of ⟨3, 1 GB⟩, 'mem' 20 of ⟨1, 3 GB⟩, 10 s
    // each. One of each fills an agent exactly, so the best is 5 waves of 8 tasks. tetris packs
    // one of each on every agent in the same run: waves at 0, 11, 22, 33, 44, done at 54. drf
    // offers each agent whole to one framework, which fits one task; the rest goes to the other
    // framework only at the next run, a second later, once per wave on each agent.
    const world = () => ({
      agents: agents(4, { cpus: 4, mem: 4096 }),
      frameworks: [
        framework('cpu', 'a', [job('c', 0, 20, { cpus: 3, mem: 1024 }, 10)]),
        framework('mem', 'b', [job('m', 0, 20, { cpus: 1, mem: 3072 }, 10)]),
      ],
    });
    const tetris = run(world(), 'tetris');
    const drf = run(world(), 'drf');
    expect(placedOn(tetris.b)['cpu/c']!.slice(0, 4).sort()).toEqual(['a-0', 'a-1', 'a-2', 'a-3']);
    expect(tetris.starts['cpu/c']!.filter((t) => t === 0)).toHaveLength(4);
    expect(tetris.starts['mem/m']!.filter((t) => t === 0)).toHaveLength(4);
    expect(tetris.end).toBe(54);
    expect(drf.end).toBeGreaterThan(tetris.end);
    const util = (r: typeof drf) => r.metrics.utilization.cpus!.allocated_mean!;
    expect(util(tetris)).toBeGreaterThan(util(drf) + 0.05);
  });

  it('fairness knob: with f near 1 only the framework furthest below its share competes', () => {
    // One agent of ⟨4, 4 GB⟩. A's tasks ⟨1, 1 GB⟩ are better aligned than B's ⟨1, 0.5 GB⟩
    // (0.5 against 0.375), so pure packing (f = 0) gives A all four cpus. With f = 0.99 only
    // ceil(0.01 × 2) = 1 framework competes, the one with the lower dominant share: A (tie at 0,
    // name), B (0 < 0.25), A (0.25 = 0.25, name), B: two each.
    const world = () => ({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [
        framework('A', 'a', [job('j', 0, 8, { cpus: 1, mem: 1024 })]),
        framework('B', 'b', [job('j', 0, 8, { cpus: 1, mem: 512 })]),
      ],
      until: 5,
    });
    expect(runningByFramework(run(world(), 'tetris').b)).toEqual({ A: 4 });
    expect(runningByFramework(run(world(), 'tetris', { fairness: 0.99 }).b)).toEqual({ A: 2, B: 2 });
  });
});
