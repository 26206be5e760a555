/**
 * The easy allocator (FIFO with EASY backfilling) on hand-worked worlds. As in
 * fifo.test.ts: runs every second and at each arrival; a task ending at t is
 * reported just after the run at t, so its resources are granted at t + 1. The
 * reservation counts a task's end at start + duration (t), a second early:
 * the check is conservative by that second.
 */
import { describe, expect, it } from 'vitest';
import { agents, job } from '../../helpers/world.js';
import { fw, headOfLine, placedOn, run } from './support.js';

describe('easy', () => {
  it('backfills a later job that ends before the shadow time, where fifo blocks it', () => {
    // headOfLine: 'big' (4 cpus) waits for 'long', which ends at 10: the shadow time is 10.
    // 'small' (1 cpu, 5 s) arrives at t=2 and would end at 7 ≤ 10: it starts at once. 'big' still
    // starts at 11, as under fifo.
    expect(run(headOfLine(5), 'easy').starts).toEqual({ 'a/long': [0], 'a/big': [11], 'b/small': [2] });
    expect(run(headOfLine(5), 'fifo').starts).toEqual({ 'a/long': [0], 'a/big': [11], 'b/small': [17] });
  });

  it('does not backfill a job that would run past the shadow time on resources the head needs', () => {
    // The same, but 'small' runs 20 s (to 22 > 10), and at t=10 the head needs all 4 cpus: it waits.
    expect(run(headOfLine(20), 'easy').starts).toEqual({ 'a/long': [0], 'a/big': [11], 'b/small': [17] });
  });

  it("plans with the users' estimates where given, as the real EASY did (runtime_estimates: user)", () => {
    // headOfLine(5), but 'small' says it needs 20 s: planned to end at 22 > the shadow time 10,
    // it is not backfilled, though it would really end at 7. With exact run times it is.
    const padded = () => ({
      ...headOfLine(5),
      frameworks: [headOfLine(5).frameworks[0]!, fw('b', [{ ...job('small', 2, 1, { cpus: 1, mem: 1024 }, 5), estimate: 20 }])],
    });
    expect(run(padded(), 'easy').starts['b/small']).toEqual([17]);
    expect(run(padded(), 'easy', { runtime_estimates: 'exact' }).starts['b/small']).toEqual([2]);
  });

  it("worked example: backfilling by (a) and (b) around a gang head, whose start is fifo's", () => {
    // Two agents of 5 cpus. At t=0 'r' runs a 3-cpu task on each (first fit: a-0, then a-1, as
    // a-0 has 2 left) until t=10. At t=1 the head, gang 'h' of two 4-cpu tasks, cannot start.
    // Its reservation: at t=10 each agent has 5 cpus, the head takes 4 of each, so each agent's
    // extra is 1 cpu. Then, 1 cpu each:
    //   s (t=2,  8 s): ends at 10 ≤ 10                          → (a): starts at 2 on a-0;
    //   l (t=3, 30 s): past 10; a-0 has 1 cpu now, extra 1       → (b): starts at 3 on a-0;
    //   m (t=4, 30 s): past 10; a-0 is full, a-1 has 2, extra 1  → (b): starts at 4 on a-1;
    //   n (t=5, 30 s): past 10; fits a-1 now, but its extra is 0 → waits.
    // (Each run makes the reservation anew: at t=5, l and m hold 1 cpu of each agent past t=10,
    // so the head's plan leaves no extra.) At t=11 each agent has 5 − 1 = 4 cpus: the gang starts,
    // as under fifo. n waits for the gang to end (16): t=17.
    const world = () => ({
      agents: agents(2, { cpus: 5, mem: 4096 }),
      frameworks: [
        fw('r', [job('run', 0, 2, { cpus: 3, mem: 256 }, 10)]),
        fw('h', [job('head', 1, 2, { cpus: 4, mem: 256 }, 5, true)]),
        fw('s', [job('s', 2, 1, { cpus: 1, mem: 256 }, 8)]),
        fw('l', [job('l', 3, 1, { cpus: 1, mem: 256 }, 30)]),
        fw('m', [job('m', 4, 1, { cpus: 1, mem: 256 }, 30)]),
        fw('n', [job('n', 5, 1, { cpus: 1, mem: 256 }, 30)]),
      ],
    });
    const e = run(world(), 'easy');
    const easy = e.starts;
    const fifo = run(world(), 'fifo').starts;
    expect(placedOn(e.b)).toMatchObject({ 's/s': ['a-0'], 'l/l': ['a-0'], 'm/m': ['a-1'] });
    expect(easy).toEqual({ 'r/run': [0, 0], 'h/head': [11, 11], 's/s': [2], 'l/l': [3], 'm/m': [4], 'n/n': [17] });
    expect(fifo['h/head']).toEqual(easy['h/head']);
    // fifo: everything waits behind the gang. At 11 the gang leaves 1 cpu on each agent: s and l.
    // m and n start when the gang has ended.
    expect(fifo).toMatchObject({ 's/s': [11], 'l/l': [11], 'm/m': [17], 'n/n': [17] });
  });

  it('lets anything that fits run when the head could start only after tasks that never end', () => {
    // 'forever' holds 3 of 4 cpus for good; 'big' (4 cpus) fits the agent, so it is waited for, but
    // never starts: its shadow time is Infinity, and a later 1-cpu job may take the free cpu.
    const world = () => ({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [
        fw('a', [job('forever', 0, 1, { cpus: 3, mem: 1024 }), job('big', 1, 1, { cpus: 4, mem: 1024 }, 5)]),
        fw('b', [job('small', 2, 1, { cpus: 1, mem: 1024 })]),
      ],
      until: 30,
    });
    expect(run(world(), 'easy').starts['b/small']).toEqual([2]);
    expect(run(world(), 'fifo').starts['b/small']).toEqual([-1]); // never started
  });
});
