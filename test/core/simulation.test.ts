import { describe, expect, it } from 'vitest';
import { randomSource, shuffle } from '../../src/core/random.js';
import { Agenda, Priority, Simulation } from '../../src/core/simulation.js';

/** Test events: a name, and the instant each was handled. */
type Ev = { readonly kind: 'tick'; readonly name: string };

/** A simulation whose one kind is handled by `handle`. */
function simulation(handle: (e: Ev, now: number) => void = () => {}): Simulation<Ev> {
  return new Simulation<Ev>({ tick: handle });
}

const tick = (name: string): Ev => ({ kind: 'tick', name });

describe('Simulation', () => {
  it('advances the clock to each event and runs same-time events first-in, first-out', () => {
    const log: string[] = [];
    const sim = simulation((e, now) => {
      log.push(`${now}:${e.name}`);
      if (e.name === 'a') sim.schedule(0, tick('a-child'));
    });
    sim.schedule(5, tick('late'));
    sim.schedule(1, tick('a'));
    sim.schedule(1, tick('b'));
    sim.run();
    expect(log).toEqual(['1:a', '1:b', '1:a-child', '5:late']);
    expect(sim.now).toBe(5);
    expect(sim.processed).toBe(4);
  });

  it('runs a Late event after every Normal event of the same instant', () => {
    const log: string[] = [];
    const sim = simulation((e) => log.push(e.name));
    sim.schedule(0, tick('late'), Priority.Late);
    sim.schedule(0, tick('normal'));
    sim.run();
    expect(log).toEqual(['normal', 'late']);
  });

  it('stops before events later than `until` and sets the clock to it', () => {
    const log: string[] = [];
    const sim = simulation((e) => log.push(e.name));
    sim.schedule(1, tick('1'));
    sim.schedule(10, tick('10'));
    sim.run(5);
    expect(log).toEqual(['1']);
    expect(sim.now).toBe(5);
    expect(sim.pending).toBe(1);
  });

  it('lets the time pass to a finite `until` when the queue runs empty before it, and not to Infinity', () => {
    const sim = simulation();
    sim.schedule(2, tick('x'));
    sim.run(50);
    expect(sim.now).toBe(50);
    const open = simulation();
    open.schedule(2, tick('x'));
    open.run();
    expect(open.now).toBe(2);
  });

  it('stops when the stop predicate says so', () => {
    let n = 0;
    const sim = simulation(() => n++);
    for (let i = 0; i < 10; i++) sim.schedule(i, tick(String(i)));
    sim.run(Infinity, () => n === 3);
    expect(n).toBe(3);
  });

  it('rejects negative, NaN and infinite delays, and times in the past', () => {
    const sim = simulation();
    expect(() => sim.schedule(-1, tick('x'))).toThrow(RangeError);
    expect(() => sim.schedule(Number.NaN, tick('x'))).toThrow(RangeError);
    expect(() => sim.schedule(Infinity, tick('x'))).toThrow(RangeError);
    sim.schedule(2, tick('x'));
    sim.run();
    expect(() => sim.scheduleAt(1, tick('x'))).toThrow(RangeError);
  });

  it('runs an agenda filled before it was made, calling beforeEach with each event\'s time first', () => {
    const agenda = new Agenda<Ev>();
    agenda.schedule(3, tick('b'));
    agenda.schedule(1, tick('a'));
    const log: string[] = [];
    const sim = new Simulation<Ev>({ tick: (e, now) => log.push(`${now}:${e.name}:${agenda.now}`) }, agenda, {
      beforeEach: (now) => log.push(`before ${now}`),
    });
    sim.run();
    expect(log).toEqual(['before 1', '1:a:1', 'before 3', '3:b:3']);
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
