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
});
