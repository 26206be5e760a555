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

  it("plans a job whose estimate is below its run time with the run time (the usual SWF convention)", () => {
    // headOfLine, but 'small' runs 9 s while saying 5: planned to end at 2 + 9 = 11 > the shadow time
    // 10, and the head needs every cpu then: it waits for 'big' (11–16), as it would with exact run
    // times. Planning with the short estimate would start it at 2 and delay 'big'.
    const short = () => ({
      ...headOfLine(9),
      frameworks: [headOfLine(9).frameworks[0]!, fw('b', [{ ...job('small', 2, 1, { cpus: 1, mem: 1024 }, 9), estimate: 5 }])],
    });
    expect(run(short(), 'easy').starts).toEqual({ 'a/long': [0], 'a/big': [11], 'b/small': [17] });
  });
});

describe('easy: rule (b) on identical agents is a count', () => {
  const ONE = { cpus: 1, mem: 256 };

  it('a job runs past the shadow time on a processor the head will not need, wherever first fit would put it', () => {
    // Four 1-cpu agents. 'run' holds a-0 and a-1 until 10; the gang 'head' (3 cpus) waits: at the
    // shadow time 10 four cpus are free, it needs three, so one is extra. 'b' (1 cpu, 30 s) runs past
    // 10 but needs no more than the extra: it starts at once. First fit now would put it on a-2, which
    // the head's plan (first fit at 10: a-0, a-1, a-2) takes, so it goes to a-3, the extra one. The
    // head starts when 'run' has ended, at 11, as under fifo.
    const world = () => ({
      agents: agents(4, ONE),
      frameworks: [fw('r', [job('run', 0, 2, ONE, 10, true)]), fw('h', [job('head', 1, 3, ONE, 5, true)]), fw('b', [job('b', 2, 1, ONE, 30)])],
    });
    const e = run(world(), 'easy');
    expect(e.starts).toEqual({ 'r/run': [0, 0], 'h/head': [11, 11, 11], 'b/b': [2] });
    expect(placedOn(e.b)).toMatchObject({ 'b/b': ['a-3'], 'h/head': ['a-0', 'a-1', 'a-2'] });
  });

  it("when the extra processor is busy now, the head's plan moves to it", () => {
    // Five 1-cpu agents. At 0: 'r1' on a-0, 'r2' on a-1 and 'r3' on a-4 until 10, and the gang 's' on
    // a-2 and a-3 for 1 s. The gang 'head' (4 cpus, t=1) waits: at 10 five cpus are free, one extra,
    // but the extra one in its first-fit plan (a-0..a-3) is a-4, busy now. 'b' (1 cpu, 30 s, t=3)
    // fits a-2 now and needs no more than the one extra cpu: it starts, and the head is planned on
    // a-0, a-1, a-3 and a-4, where it starts at 11.
    const world = () => ({
      agents: agents(5, ONE),
      frameworks: [
        fw('r', [job('r1', 0, 1, ONE, 10), job('r2', 0, 1, ONE, 10), job('s', 0, 2, ONE, 1, true), job('r3', 0, 1, ONE, 10)]),
        fw('t', [job('head', 1, 4, ONE, 5, true)]),
        fw('u', [job('b', 3, 1, ONE, 30)]),
      ],
    });
    const e = run(world(), 'easy');
    expect(placedOn(e.b)).toMatchObject({ 'r/r3': ['a-4'], 'r/s': ['a-2', 'a-3'], 'u/b': ['a-2'], 't/head': ['a-0', 'a-1', 'a-3', 'a-4'] });
    expect(e.starts).toMatchObject({ 't/head': [11, 11, 11, 11], 'u/b': [3] });
    expect(run(world(), 'fifo').starts).toMatchObject({ 't/head': [11, 11, 11, 11], 'u/b': [11] });
  });
});

describe('easy with one framework (a trace replay): the scan goes on past a refused job', () => {
  // Four 1-cpu agents, one framework. 'run' holds two until 10; the gang 'head' (4 cpus) waits, and
  // leaves no extra at 10. 'long' (1 cpu, 30 s) fits now but would hold a cpu the head needs: it
  // waits. 'short' (1 cpu, 5 s, t=3) ends at 8 ≤ 10: it starts at once. Its grant names it, so the
  // framework launches it there, not 'long', which comes first in its queue and fits the same cpu.
  const ONE = { cpus: 1, mem: 256 };
  const world = () => ({
    agents: agents(4, ONE),
    frameworks: [fw('f', [job('run', 0, 2, ONE, 10, true), job('head', 1, 4, ONE, 5, true), job('long', 2, 1, ONE, 30), job('short', 3, 1, ONE, 5)])],
  });

  it('starts the later job that ends in time, and the head when fifo would', () => {
    expect(run(world(), 'easy').starts).toEqual({ 'f/run': [0, 0], 'f/head': [11, 11, 11, 11], 'f/long': [17], 'f/short': [3] });
  });

  it('examines at most backfill_depth units behind the head (default: the whole queue)', () => {
    // With depth 1 only 'long' is examined, and 'short' waits with it for the head to end.
    expect(run(world(), 'easy', { backfill_depth: 1 }).starts).toMatchObject({ 'f/long': [17], 'f/short': [17] });
  });
});

describe('easy on unlike agents: rule (b) per agent, with the extra counted over the cluster first', () => {
  it("places a job within the extra when first fit would take the head's agent", () => {
    // Two 4-cpu agents. 'x' (3 cpus) holds a-0 until 10, 'y' (3 cpus) holds a-1 until 100. The head
    // (4 cpus, t=1) is planned on a-0 at 10: a-0 has no extra, a-1 has 1 cpu. 'b' (1 cpu, 30 s) would
    // go first fit to a-0; it goes to a-1, within the extra, and starts at once.
    const AGENT = { cpus: 4, mem: 4096 };
    const world = () => ({
      agents: agents(2, AGENT),
      frameworks: [
        fw('a', [job('x', 0, 1, { cpus: 3, mem: 256 }, 10), job('y', 0, 1, { cpus: 3, mem: 256 }, 100)]),
        fw('h', [job('head', 1, 1, { cpus: 4, mem: 256 }, 5)]),
        fw('b', [job('b', 2, 1, { cpus: 1, mem: 256 }, 30)]),
      ],
    });
    const e = run(world(), 'easy');
    expect(placedOn(e.b)).toMatchObject({ 'a/x': ['a-0'], 'a/y': ['a-1'], 'b/b': ['a-1'], 'h/head': ['a-0'] });
    expect(e.starts).toMatchObject({ 'h/head': [11], 'b/b': [2] });
  });

  it('holds back a job that fits the extra counted over the cluster, but would leave the head no agent', () => {
    // Two agents of 4 cpus and 4 GB. 'y' (1 cpu, 3 GB) holds a-0 until 100; 'x' (3 cpus, 2 GB) a-1
    // until 10. The head (4 cpus, 1 GB) is planned on a-1 at 10. Extra then, over the cluster: 3 cpus
    // and 4 GB. 'b' (1 cpu, 2 GB, 30 s) fits that, and fits a-1 now; but on a-1 the head would lack a
    // cpu, and a-0 (3 cpus free at 10) cannot hold the head, nor 'b' within its extra (1 GB). So 'b'
    // waits for the head to end (16): t=17. Counting the extra over the cluster alone would start it
    // at 2 and delay the head until 'b' ended at 32.
    const world = () => ({
      agents: agents(2, { cpus: 4, mem: 4096 }),
      frameworks: [
        fw('a', [job('y', 0, 1, { cpus: 1, mem: 3072 }, 100), job('x', 0, 1, { cpus: 3, mem: 2048 }, 10)]),
        fw('h', [job('head', 1, 1, { cpus: 4, mem: 1024 }, 5)]),
        fw('b', [job('b', 2, 1, { cpus: 1, mem: 2048 }, 30)]),
      ],
    });
    const e = run(world(), 'easy');
    expect(placedOn(e.b)).toMatchObject({ 'a/y': ['a-0'], 'a/x': ['a-1'], 'h/head': ['a-1'] });
    expect(e.starts).toMatchObject({ 'h/head': [11], 'b/b': [17] });
  });
});

describe('easy: a draining agent is left out of the reservation', () => {
  it('the head is planned where it can start, so a job that ends before then backfills', () => {
    // Four 1-cpu agents. 'x' runs on a-0 until 5, 'y' (a gang of 2) on a-1 and a-2 until 20; a-0
    // drains from 1 (DRAIN_AGENT: offered nothing more). The gang 'head' (2 cpus, t=2) waits. The
    // only agent it could be planned on at 5 with a-3 is a-0, which will never be offered: its
    // shadow time is 20, on a-1 and a-2. 'b' (1 cpu, 10 s, t=3) ends by 20, so it starts at once on
    // a-3. Were a-0 planned on, the shadow time would be 5 with no extra cpu, and 'b' would wait.
    const ONE = { cpus: 1, mem: 256 };
    const e = run(
      {
        agents: agents(4, ONE),
        frameworks: [fw('r', [job('x', 0, 1, ONE, 5), job('y', 0, 2, ONE, 20, true)]), fw('h', [job('head', 2, 2, ONE, 5, true)]), fw('b', [job('b', 3, 1, ONE, 10)])],
        maintenance: [{ agents: [0], scheduledAt: 0.5, start: 100, duration: 10, drain: { at: 1, gracePeriod: 50 } }],
        until: 60,
      },
      'easy',
    );
    expect(placedOn(e.b)).toMatchObject({ 'r/x': ['a-0'], 'r/y': ['a-1', 'a-2'], 'b/b': ['a-3'] });
    expect(e.starts).toMatchObject({ 'r/x': [0], 'b/b': [3], 'h/head': [21, 21] });
  });
});
