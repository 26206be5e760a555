/**
 * A binary min-heap of scheduled events, ordered by (time, priority, seq).
 *
 * `seq` is an insertion counter, so entries due at the same time with the same
 * priority come out first-in, first-out. The order is total: two runs that push
 * the same entries in the same order pop them in the same order.
 *
 * @module
 */

/** Simulated seconds since the scenario started. Never wall-clock time. */
export type SimTime = number;

/** Lower runs first among events due at the same time. */
export const Priority = { Urgent: 0, Normal: 1, Late: 2 } as const;
export type Priority = (typeof Priority)[keyof typeof Priority];

export interface Scheduled<E> {
  readonly time: SimTime;
  readonly priority: number;
  /** Insertion counter: FIFO among equal (time, priority). */
  readonly seq: number;
  readonly event: E;
}

/** Negative when `a` runs before `b`. */
export function compareScheduled<E>(a: Scheduled<E>, b: Scheduled<E>): number {
  return a.time - b.time || a.priority - b.priority || a.seq - b.seq;
}

export class EventQueue<E> {
  readonly #heap: Scheduled<E>[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(time: SimTime, priority: number, event: E): Scheduled<E> {
    const entry: Scheduled<E> = { time, priority, seq: this.#seq++, event };
    const heap = this.#heap;
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (compareScheduled(p, entry) <= 0) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
    return entry;
  }

  peek(): Scheduled<E> | undefined {
    return this.#heap[0];
  }

  /** Removes and returns the earliest entry, or undefined when empty. */
  pop(): Scheduled<E> | undefined {
    const heap = this.#heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    const n = heap.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && compareScheduled(heap[r]!, heap[l]!) < 0) c = r;
      if (compareScheduled(heap[c]!, last) >= 0) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
    return top;
  }
}
