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
  /*
   * Each heap position's time, priority and seq, beside the entries: sifting
   * compares numbers in three flat arrays instead of fetching an entry object
   * per comparison (a large run's heap holds a few hundred thousand entries,
   * spread over the old generation, so each fetch was a cache miss). The
   * comparisons are compareScheduled's, on the same numbers.
   */
  #times: Float64Array = new Float64Array(64);
  #priorities: Float64Array = new Float64Array(64);
  #seqs: Float64Array = new Float64Array(64);
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(time: SimTime, priority: number, event: E): Scheduled<E> {
    const seq = this.#seq++;
    const entry: Scheduled<E> = { time, priority, seq, event };
    const heap = this.#heap;
    let i = heap.length;
    heap.push(entry);
    if (i === this.#times.length) this.#grow();
    const times = this.#times;
    const priorities = this.#priorities;
    const seqs = this.#seqs;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((times[parent]! - time || priorities[parent]! - priority || seqs[parent]! - seq) <= 0) break;
      this.#move(parent, i);
      i = parent;
    }
    heap[i] = entry;
    times[i] = time;
    priorities[i] = priority;
    seqs[i] = seq;
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
    const times = this.#times;
    const priorities = this.#priorities;
    const seqs = this.#seqs;
    const time = times[n]!;
    const priority = priorities[n]!;
    const seq = seqs[n]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && (times[r]! - times[l]! || priorities[r]! - priorities[l]! || seqs[r]! - seqs[l]!) < 0) c = r;
      if ((times[c]! - time || priorities[c]! - priority || seqs[c]! - seq) >= 0) break;
      this.#move(c, i);
      i = c;
    }
    heap[i] = last;
    times[i] = time;
    priorities[i] = priority;
    seqs[i] = seq;
    return top;
  }

  /** Copies the entry at heap position `from` to position `to`. */
  #move(from: number, to: number): void {
    this.#heap[to] = this.#heap[from]!;
    this.#times[to] = this.#times[from]!;
    this.#priorities[to] = this.#priorities[from]!;
    this.#seqs[to] = this.#seqs[from]!;
  }

  #grow(): void {
    const grown = (a: Float64Array): Float64Array => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.#times = grown(this.#times);
    this.#priorities = grown(this.#priorities);
    this.#seqs = grown(this.#seqs);
  }
}
