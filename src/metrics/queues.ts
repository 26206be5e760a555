/**
 * Each framework's queue over time: tasks waiting (submitted, not started)
 * and tasks running (started, not ended), counted from the observer's calls
 * and sampled with the utilization samples into queues.csv.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { TableSink } from './sinks.js';
import { refill } from '../core/refill.js';

export interface QueueFigures {
  /** Mean over the window's samples, by framework name. */
  readonly mean_pending: Record<string, number>;
  readonly max_pending: Record<string, number>;
  readonly mean_running: Record<string, number>;
}

export class QueueCounter {
  readonly pending: Int32Array;
  readonly running: Int32Array;
  #samples = 0;
  readonly #pendingSum: Float64Array;
  readonly #runningSum: Float64Array;
  readonly #pendingMax: Int32Array;

  constructor(
    private readonly names: readonly string[],
    private readonly sink: TableSink | undefined,
  ) {
    const n = names.length;
    this.pending = new Int32Array(n);
    this.running = new Int32Array(n);
    this.#pendingSum = new Float64Array(n);
    this.#runningSum = new Float64Array(n);
    this.#pendingMax = new Int32Array(n);
    sink?.header(['time', 'framework', 'pending', 'running']);
  }

  submitted(fw: number): void {
    this.pending[fw]!++;
  }

  started(fw: number): void {
    this.pending[fw]!--;
    this.running[fw]!++;
  }

  /** A task ended; `started`: it had started (else it ended waiting). */
  ended(fw: number, started: boolean): void {
    if (started) this.running[fw]!--;
    else this.pending[fw]!--;
  }

  sample(time: SimTime, counted: boolean): void {
    for (let i = 0; i < this.names.length; i++) {
      this.sink?.row([time, this.names[i]!, this.pending[i]!, this.running[i]!]);
      if (!counted) continue;
      this.#pendingSum[i]! += this.pending[i]!;
      this.#runningSum[i]! += this.running[i]!;
      if (this.pending[i]! > this.#pendingMax[i]!) this.#pendingMax[i] = this.pending[i]!;
    }
    if (counted) this.#samples++;
  }

  figures(): QueueFigures {
    const by = (f: (i: number) => number) => Object.fromEntries(this.names.map((n, i) => [n, f(i)]));
    const n = Math.max(1, this.#samples);
    return {
      mean_pending: by((i) => this.#pendingSum[i]! / n),
      max_pending: by((i) => this.#pendingMax[i]!),
      mean_running: by((i) => this.#runningSum[i]! / n),
    };
  }

  /** Its state as data (src/checkpoint/snapshot.ts). */
  saveState() {
    return { pending: this.pending, running: this.running, samples: this.#samples, pendingSum: this.#pendingSum, runningSum: this.#runningSum, pendingMax: this.#pendingMax };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<QueueCounter['saveState']>): void {
    refill(this.pending, s.pending);
    refill(this.running, s.running);
    this.#samples = s.samples;
    refill(this.#pendingSum, s.pendingSum);
    refill(this.#runningSum, s.runningSum);
    refill(this.#pendingMax, s.pendingMax);
  }
}
