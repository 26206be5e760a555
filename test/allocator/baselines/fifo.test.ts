/**
 * The fifo allocator on hand-worked worlds. Allocation runs every second from
 * t = 1, and at once when a job arrives (the baselines react to demand). A
 * task that ends at t reports it just after the run at t, so its resources
 * are granted again at t + 1.
 */
import { describe, expect, it } from 'vitest';
import { agents, job } from '../../helpers/world.js';
import { fw, headOfLine, placedOn, run } from './support.js';

describe('fifo', () => {
  it('blocks the head of the line: a big job that cannot start holds back a small later one that would fit', () => {
    // headOfLine (support.ts): 'big' waits for 'long', until t=11. 'small' would fit the free cpu
    // at t=2, but waits behind 'big' until 'big' has ended (16): t=17. drf offers it the cpu at once.
    expect(run(headOfLine(5), 'fifo').starts).toEqual({ 'a/long': [0], 'a/big': [11], 'b/small': [17] });
    expect(run(headOfLine(5), 'drf').starts['b/small']).toEqual([2]);
  });

  /** 'z' holds the only agent until t=10 (free again at 11); then two jobs that each need all of it. */
  const behindHold = (first: [string, number], second: [string, number]) => ({
    agents: agents(1, { cpus: 2, mem: 2048 }),
    frameworks: [
      fw('z', [job('hold', 0, 1, { cpus: 2, mem: 2048 }, 10)]),
      ...[first, second].map(([name, submit]) => fw(name, [job('j', submit, 1, { cpus: 2, mem: 2048 }, 5)])),
    ],
  });

  it('orders jobs across frameworks by submit time, not by name or share', () => {
    // 'b' submits at t=1 and 'a' at t=2: fifo starts b's job first. drf breaks the tie of two zero
    // shares by name: a first.
    expect(run(behindHold(['b', 1], ['a', 2]), 'fifo').starts).toMatchObject({ 'b/j': [11], 'a/j': [17] });
    expect(run(behindHold(['b', 1], ['a', 2]), 'drf').starts).toMatchObject({ 'a/j': [11], 'b/j': [17] });
  });

  it('breaks a tie of submit times by framework name, byte-wise', () => {
    expect(run(behindHold(['fw2', 1], ['fw10', 1]), 'fifo').starts).toMatchObject({ 'fw10/j': [11], 'fw2/j': [17] });
  });

  it('starts a gang job all at once or not at all, and nothing behind it meanwhile', () => {
    // Two agents of 2 cpus; 'x' holds 1 cpu of a-0 until t=10, so 3 cpus are free when the gang of
    // four 1-cpu tasks arrives at t=1: it waits, whole, until t=11, then takes all four cpus. The
    // 1-cpu job at t=2 would fit, but is behind the gang (which ends at 16).
    const world = () => ({
      agents: agents(2, { cpus: 2, mem: 2048 }),
      frameworks: [
        fw('x', [job('hold', 0, 1, { cpus: 1, mem: 256 }, 10)]),
        fw('g', [job('gang', 1, 4, { cpus: 1, mem: 256 }, 5, true)]),
        fw('s', [job('small', 2, 1, { cpus: 1, mem: 256 }, 5)]),
      ],
    });
    const { b, starts } = run(world(), 'fifo');
    expect(starts).toEqual({ 'x/hold': [0], 'g/gang': [11, 11, 11, 11], 's/small': [17] });
    expect(placedOn(b)['g/gang']!.sort()).toEqual(['a-0', 'a-0', 'a-1', 'a-1']);
    // No offer to the gang's framework before it could take all four.
    const toGang = b.offers.records().filter((r) => r.framework === 'g');
    expect(toGang.map((r) => [r.time, r.tasks_launched])).toEqual([[11, 2], [11, 2]]);
  });

  it.each([
    ['a task larger than every agent', job('huge', 0, 1, { cpus: 8, mem: 1024 }, 5)],
    ['a gang the agents could not hold, though the cluster total could', job('huge', 0, 2, { cpus: 3, mem: 1024 }, 5, true)],
  ])('passes over a job that could never start (%s), so it does not block the queue for good', (_what, huge) => {
    // Agents of 4, 2 and 2 cpus (8 in all). 'next' starts at once.
    const world = {
      agents: [...agents(1, { cpus: 4, mem: 4096 }), ...agents(2, { cpus: 2, mem: 4096 }, 'b')],
      frameworks: [fw('a', [huge]), fw('b', [job('next', 1, 1, { cpus: 1, mem: 1024 }, 5)])],
      until: 20,
    };
    expect(run(world, 'fifo').starts).toEqual({ 'a/huge': huge.tasks.map(() => -1), 'b/next': [1] });
  });
});
