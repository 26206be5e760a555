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

/** Priorities are integers from 0 to MAX_PRIORITY. */
export const MAX_PRIORITY = 15;

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

/*
 * (priority, seq) as one number, priority × 2^48 + seq: exact below 2^53, so
 * comparing it compares priority, then seq (seq below 2^48, 2.8 × 10^14 pushes).
 */
const SEQ_SPAN = 2 ** 48;

/**
 * An event queue's whole state as data (a checkpoint's, src/checkpoint/):
 * the heap's positions in order, each with its time, rank and event, and
 * the insertion counter. Restoring it gives a queue that pops the same
 * entries in the same order.
 */
export interface QueueState<E> {
  readonly times: Float64Array;
  readonly ranks: Float64Array;
  readonly events: readonly E[];
  readonly seq: number;
}

export class EventQueue<E> {
  /*
   * Each heap position's time, rank ((priority, seq) in one number) and event
   * in three parallel arrays: sifting compares numbers in two flat arrays, and
   * nothing is allocated per entry (a large run pushes millions of events; an
   * entry object each was a sixth of what its garbage collector had to scan).
   */
  #times: Float64Array = new Float64Array(64);
  #ranks: Float64Array = new Float64Array(64);
  readonly #events: E[] = [];
  #seq = 0;
  /** The rank of the entry next() last removed (a checkpoint puts back the event being handled: Agenda.saveState). */
  #lastRank = 0;

  get size(): number {
    return this.#events.length;
  }

  /** Time of the earliest entry; Infinity when empty. */
  get nextTime(): SimTime {
    return this.#events.length === 0 ? Infinity : this.#times[0]!;
  }

  /** Queues `event` at `time`; `priority` an integer from 0 to MAX_PRIORITY. */
  add(time: SimTime, priority: number, event: E): void {
    if (!(priority >= 0 && priority <= MAX_PRIORITY && Number.isInteger(priority))) {
      throw new RangeError(`event priority ${priority}: expected an integer from 0 to ${MAX_PRIORITY}`);
    }
    this.#insert(time, priority * SEQ_SPAN + this.#seq++, event);
  }

  #insert(time: SimTime, rank: number, event: E): void {
    const events = this.#events;
    let i = events.length;
    events.push(event);
    if (i === this.#times.length) this.#grow();
    const times = this.#times;
    const ranks = this.#ranks;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && ranks[parent]! < rank)) break;
      times[i] = pt;
      ranks[i] = ranks[parent]!;
      events[i] = events[parent]!;
      i = parent;
    }
    times[i] = time;
    ranks[i] = rank;
    events[i] = event;
  }

  /** Removes the earliest entry and returns its event (undefined when empty); read `nextTime` first for its time. */
  next(): E | undefined {
    const events = this.#events;
    const n = events.length - 1;
    if (n < 0) return undefined;
    const top = events[0]!;
    this.#lastRank = this.#ranks[0]!;
    const last = events.pop()!;
    if (n === 0) return top;
    const times = this.#times;
    const ranks = this.#ranks;
    const time = times[n]!;
    const rank = ranks[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (times[r]! < times[c]! || (times[r] === times[c] && ranks[r]! < ranks[c]!))) c = r;
      const ct = times[c]!;
      if (ct > time || (ct === time && ranks[c]! > rank)) break;
      times[i] = ct;
      ranks[i] = ranks[c]!;
      events[i] = events[c]!;
      i = c;
    }
    times[i] = time;
    ranks[i] = rank;
    events[i] = last;
    return top;
  }

  push(time: SimTime, priority: number, event: E): Scheduled<E> {
    const seq = this.#seq;
    this.add(time, priority, event);
    return { time, priority, seq, event };
  }

  /** The earliest entry's event (undefined when empty), with nothing allocated; `nextTime` is its time. */
  peekEvent(): E | undefined {
    return this.#events[0];
  }

  peek(): Scheduled<E> | undefined {
    return this.#events.length === 0 ? undefined : this.#entry(0);
  }

  /** Removes and returns the earliest entry, or undefined when empty. */
  pop(): Scheduled<E> | undefined {
    if (this.#events.length === 0) return undefined;
    const top = this.#entry(0);
    this.next();
    return top;
  }

  /**
   * The queue's state now (copies: later pushes do not change it); with
   * `taken`, as it was before next() removed the entry of that event, due at
   * `time` (the event being handled is put back).
   */
  saveState(taken?: { readonly time: SimTime; readonly event: E }): QueueState<E> {
    const n = this.#events.length;
    const state = { times: this.#times.slice(0, n), ranks: this.#ranks.slice(0, n), events: [...this.#events], seq: this.#seq };
    if (taken === undefined) return state;
    const before = new EventQueue<E>();
    before.loadState(state);
    before.#insert(taken.time, this.#lastRank, taken.event);
    return before.saveState();
  }

  /** Takes `state` (a saveState()) in place of everything queued; throws when it is not a heap of valid entries. */
  loadState(state: QueueState<E>): void {
    const { times, ranks, events, seq } = state;
    const n = events.length;
    if (times.length !== n || ranks.length !== n || !Number.isSafeInteger(seq) || seq < 0) throw new RangeError('event queue state: expected as many times and ranks as events, and a counter');
    for (let i = 0; i < n; i++) {
      const rank = ranks[i]!;
      if (!Number.isFinite(times[i]!) || !(rank >= 0 && rank % SEQ_SPAN < seq && rank < (MAX_PRIORITY + 1) * SEQ_SPAN)) throw new RangeError(`event queue state: entry ${i} has no valid time and rank`);
      const parent = (i - 1) >> 1;
      if (i > 0 && (times[parent]! > times[i]! || (times[parent] === times[i] && ranks[parent]! >= rank))) throw new RangeError(`event queue state: entry ${i} is out of heap order`);
    }
    let capacity = 64;
    while (capacity < n) capacity *= 2;
    this.#times = new Float64Array(capacity);
    this.#ranks = new Float64Array(capacity);
    this.#times.set(times);
    this.#ranks.set(ranks);
    this.#events.length = 0;
    for (const event of events) this.#events.push(event); // not push(...events): a spread of a large queue overflows the stack
    this.#seq = seq;
  }

  #entry(i: number): Scheduled<E> {
    const rank = this.#ranks[i]!;
    const priority = Math.floor(rank / SEQ_SPAN);
    return { time: this.#times[i]!, priority, seq: rank - priority * SEQ_SPAN, event: this.#events[i]! };
  }

  #grow(): void {
    const grown = (a: Float64Array): Float64Array => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.#times = grown(this.#times);
    this.#ranks = grown(this.#ranks);
  }
}
