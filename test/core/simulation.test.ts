import { describe, expect, it } from 'vitest';
import { randomSource, shuffle } from '../../src/core/random.js';
import { Priority, Simulation } from '../../src/core/simulation.js';

describe('Simulation', () => {
  it('advances the clock to each event and runs same-time events first-in, first-out', () => {
    const log: string[] = [];
    const sim = new Simulation<string>((e, now) => {
      log.push(`${now}:${e}`);
      if (e === 'a') sim.schedule(0, 'a-child');
    });
    sim.schedule(5, 'late');
    sim.schedule(1, 'a');
    sim.schedule(1, 'b');
    sim.run();
    expect(log).toEqual(['1:a', '1:b', '1:a-child', '5:late']);
    expect(sim.now).toBe(5);
    expect(sim.processed).toBe(4);
  });

  it('runs a Late event after every Normal event of the same instant', () => {
    const log: string[] = [];
    const sim = new Simulation<string>((e) => log.push(e));
    sim.schedule(0, 'late', Priority.Late);
    sim.schedule(0, 'normal');
    sim.run();
    expect(log).toEqual(['normal', 'late']);
  });

  it('stops before events later than `until` and sets the clock to it', () => {
    const log: number[] = [];
    const sim = new Simulation<number>((e) => log.push(e));
    sim.schedule(1, 1);
    sim.schedule(10, 10);
    sim.run(5);
    expect(log).toEqual([1]);
    expect(sim.now).toBe(5);
    expect(sim.pending).toBe(1);
  });

  it('lets the time pass to a finite `until` when the queue runs empty before it, and not to Infinity', () => {
    const sim = new Simulation<number>(() => undefined);
    sim.schedule(2, 0);
    sim.run(50);
    expect(sim.now).toBe(50);
    const open = new Simulation<number>(() => undefined);
    open.schedule(2, 0);
    open.run();
    expect(open.now).toBe(2);
  });

  it('stops when the stop predicate says so', () => {
    let n = 0;
    const sim = new Simulation<number>(() => n++);
    for (let i = 0; i < 10; i++) sim.schedule(i, i);
    sim.run(Infinity, () => n === 3);
    expect(n).toBe(3);
  });

  it('rejects negative, NaN and infinite delays, and times in the past', () => {
    const sim = new Simulation<number>(() => {});
    expect(() => sim.schedule(-1, 0)).toThrow(RangeError);
    expect(() => sim.schedule(Number.NaN, 0)).toThrow(RangeError);
    expect(() => sim.schedule(Infinity, 0)).toThrow(RangeError);
    sim.schedule(2, 0);
    sim.run();
    expect(() => sim.scheduleAt(1, 0)).toThrow(RangeError);
  });
});

describe('random streams', () => {
  it('give the same numbers for the same seed and name, and different ones for another name', () => {
    const a = randomSource(42).stream('framework/a');
    const a2 = randomSource(42).stream('framework/a');
    const b = randomSource(42).stream('framework/b');
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => a2.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => b.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('are independent: drawing from one stream does not move another', () => {
    const src1 = randomSource(1);
    const src2 = randomSource(1);
    const other = src1.stream('other');
    for (let i = 0; i < 100; i++) other.next();
    expect(src1.stream('mine').next()).toBe(src2.stream('mine').next());
  });

  it('shuffle is a deterministic permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const s1 = shuffle([...items], randomSource(3).stream('s'));
    const s2 = shuffle([...items], randomSource(3).stream('s'));
    expect(s1).toEqual(s2);
    expect([...s1].sort((x, y) => x - y)).toEqual(items);
    expect(s1).not.toEqual(items);
  });
});
