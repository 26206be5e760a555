import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareScheduled, EventQueue, Priority } from '../../src/core/event-queue.js';

describe('EventQueue', () => {
  it('pops by time, then priority, then insertion order', () => {
    const q = new EventQueue<string>();
    q.push(2, Priority.Normal, 'c');
    q.push(1, Priority.Late, 'b-late');
    q.push(1, Priority.Normal, 'a1');
    q.push(1, Priority.Urgent, 'urgent');
    q.push(1, Priority.Normal, 'a2');
    const out: string[] = [];
    for (let e = q.pop(); e !== undefined; e = q.pop()) out.push(e.event);
    expect(out).toEqual(['urgent', 'a1', 'a2', 'b-late', 'c']);
  });

  it('returns undefined when empty', () => {
    const q = new EventQueue<number>();
    expect(q.pop()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it('pops any set of entries in sorted (time, priority, seq) order: FIFO among equals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2 })), { maxLength: 200 }),
        (entries) => {
          const q = new EventQueue<number>();
          const pushed = entries.map(([t, p], i) => q.push(t, p, i));
          const expected = [...pushed].sort(compareScheduled).map((s) => s.event);
          const got: number[] = [];
          for (let e = q.pop(); e !== undefined; e = q.pop()) got.push(e.event);
          expect(got).toEqual(expected);
        },
      ),
    );
  });

  it('next() and nextTime give the same order and times as pop()', () => {
    const a = new EventQueue<number>();
    const b = new EventQueue<number>();
    const entries = [[3, 1], [1, 2], [1, 0], [2, 1], [1, 2], [0.5, 1]] as const;
    entries.forEach(([t, p], i) => {
      a.push(t, p, i);
      b.add(t, p, i);
    });
    const popped: [number, number][] = [];
    for (let e = a.pop(); e !== undefined; e = a.pop()) popped.push([e.time, e.event]);
    const taken: [number, number][] = [];
    while (b.size > 0) {
      const time = b.nextTime;
      taken.push([time, b.next()!]);
    }
    expect(taken).toEqual(popped);
    expect(taken.map(([, e]) => e)).toEqual([5, 2, 1, 4, 3, 0]);
    expect(b.nextTime).toBe(Infinity);
    expect(b.next()).toBeUndefined();
  });

  it('refuses a priority that is not an integer from 0 to 15', () => {
    const q = new EventQueue<number>();
    expect(() => q.push(0, 1.5, 0)).toThrow(RangeError);
    expect(() => q.push(0, 16, 0)).toThrow(RangeError);
    expect(() => q.push(0, -1, 0)).toThrow(RangeError);
    q.push(0, 15, 1);
    // A refused push takes no sequence number.
    expect(q.pop()).toEqual({ time: 0, priority: 15, seq: 0, event: 1 });
  });

  it('restores a snapshot: the same pops from there on, and later pushes after the restored ones', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 })), { maxLength: 200 }), fc.nat(200), (entries, taken) => {
        const fill = (q: EventQueue<number>): void => entries.forEach(([t, p], i) => q.add(t, p, i));
        const a = new EventQueue<number>();
        fill(a);
        for (let i = 0; i < taken; i++) a.pop();
        const b = new EventQueue<number>();
        b.add(99, 0, -1);
        b.loadState(a.saveState());
        a.add(5, 1, 1000);
        b.add(5, 1, 1000);
        const drain = (q: EventQueue<number>): unknown[] => [...(function* () { for (let e = q.pop(); e !== undefined; e = q.pop()) yield e; })()];
        expect(drain(b)).toEqual(drain(a));
      }),
    );
  });

  it('restores a queue of a million entries (more than a call may take as arguments)', () => {
    const a = new EventQueue<number>();
    for (let i = 0; i < 1_000_000; i++) a.add(i % 1000, 0, i);
    const b = new EventQueue<number>();
    b.loadState(a.saveState());
    expect(b.size).toBe(1_000_000);
    expect([b.next(), b.next(), b.next()]).toEqual([0, 1000, 2000]);
  });

  it('refuses a state that is not a heap of valid entries', () => {
    const q = new EventQueue<string>();
    q.add(1, 1, 'a');
    q.add(2, 1, 'b');
    const s = q.saveState();
    expect(() => q.loadState({ ...s, times: Float64Array.from([3, 2]) })).toThrow(/entry 1 is out of heap order/);
    expect(() => q.loadState({ ...s, seq: 1 })).toThrow(/entry 1 has no valid time and rank/);
    expect(() => q.loadState({ ...s, events: ['a'] })).toThrow(/as many times and ranks as events/);
    expect(q.size).toBe(2);
  });
});
