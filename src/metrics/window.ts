/**
 * The measurement window: the span of simulated time, [from, to] in seconds,
 * that the summary figures cover (a run's `metrics.window`; the whole run by
 * default). Rows are written for the whole run whatever the window.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';

export class MeasurementWindow {
  readonly from: SimTime;
  readonly to: SimTime;

  constructor(window?: { readonly from: SimTime; readonly to: SimTime }) {
    this.from = window?.from ?? 0;
    this.to = window?.to ?? Infinity;
  }

  /** Seconds of [a, b] inside the window (negative or 0 when they do not overlap). */
  overlap(a: SimTime, b: SimTime): number {
    return Math.min(b, this.to) - Math.max(a, this.from);
  }

  contains(t: SimTime): boolean {
    return t >= this.from && t <= this.to;
  }
}
