/**
 * A framework's wait clocks (waits.ts): the seconds its queued tasks have
 * spent in each cause of waiting so far, the marks attempts take of them when
 * queued, and the balancing that makes an attempt's causes add up to its wait.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import { CAUSE, WAIT_CAUSES } from './wait-causes.js';

export interface Mark {
  readonly clocks: Float64Array;
}

export const CAUSES = WAIT_CAUSES.length;

/** One framework's state and clocks. */
export class FrameworkClock {
  readonly clocks = new Float64Array(CAUSES);
  cause = CAUSE.allocation_interval;
  since: SimTime = 0;
  /** Attempts queued and not yet launched or ended. */
  queued = 0;
  /** Offers outstanding. */
  offers = 0;
  /** The mark of the last queueing, reused while the clocks stand still. */
  mark: Mark | undefined;
  markTime: SimTime = -1;
  /** The record of the last attempt queued, shared with the next one if it is the same (a backlog of a million tasks holds one per instant, not one per task). */
  lastWaiting: Waiting | undefined;

  /** A waiting record with these figures and the clocks now: the last one made, when it is the same. */
  waiting(due: SimTime, now: SimTime): Waiting {
    const mark = this.markAt(now);
    const last = this.lastWaiting;
    if (last !== undefined && last.mark === mark && last.due === due && last.queuedAt === now) return last;
    return (this.lastWaiting = { due, queuedAt: now, mark });
  }

  advance(now: SimTime): void {
    if (now > this.since) {
      this.clocks[this.cause]! += now - this.since;
      this.since = now;
      this.mark = undefined;
    }
  }

  switch(cause: number, now: SimTime): void {
    this.advance(now);
    this.cause = cause;
  }

  markAt(now: SimTime): Mark {
    this.advance(now);
    if (this.mark === undefined || this.markTime !== now) {
      this.mark = { clocks: this.clocks.slice() };
      this.markTime = now;
    }
    return this.mark;
  }
}

/** An attempt in its wait: when it was due, when queued, and the clocks then. Shared by attempts with the same figures: never changed. */
export interface Waiting {
  readonly due: SimTime;
  readonly queuedAt: SimTime;
  readonly mark: Mark;
}

/**
 * Makes the causes add up to `wait` exactly: the rounding of the clocks'
 * differences goes to the largest cause (it is far below a microsecond).
 */
export function balance(seconds: Float64Array, wait: number): void {
  let largest = 0;
  for (let c = 1; c < seconds.length; c++) if (seconds[c]! > seconds[largest]!) largest = c;
  for (let round = 0; round < 2; round++) {
    let others = 0;
    for (let c = 0; c < seconds.length; c++) if (c !== largest) others += seconds[c]!;
    seconds[largest] = Math.max(0, wait - others);
  }
}
