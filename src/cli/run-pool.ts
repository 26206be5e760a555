/**
 * Several simulation threads (run-thread.ts) sharing the runs of `sim
 * compare` and `sim bench`: a run waits for a free thread, then runs on it.
 * Which thread runs which run changes nothing in its results (each run is a
 * function of its scenario and seed), so the callers' files are the same
 * bytes for any number of threads.
 *
 * Threads of run-thread.ts rather than a piscina pool (as `sim sweep` has):
 * they bring back the worker's input errors as the same kinds (a FieldError
 * with its field, for the caller to locate in the user's file), and progress
 * on the way.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { InputError } from '../errors.js';
import type { TimedSummary } from '../analysis/summary-metrics.js';
import type { StampedSummary } from './resolved-scenario.js';
import { RunThread, type RunTask, type ThreadProgress, type TimedTask } from './run-thread.js';

/** `--workers`: the number given, checked, or the number of cores. */
export function workerCount(flag: number | undefined): number {
  const workers = flag ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new InputError(`--workers: ${flag} is not a number of workers (expected an integer >= 1)`);
  return workers;
}

export class RunPool {
  readonly #threads: RunThread[];
  readonly #free: RunThread[];
  /** Runs waiting for a thread, first come first served. */
  readonly #waiting: ((thread: RunThread) => void)[] = [];
  #closed: Promise<void> | undefined;

  /** `size` threads (at least 1), started at once. */
  constructor(size: number) {
    this.#threads = Array.from({ length: Math.max(1, size) }, () => new RunThread());
    this.#free = [...this.#threads];
  }

  get size(): number {
    return this.#threads.length;
  }

  /** Runs `task` into its folder once a thread is free (`onStart` then). */
  run(task: RunTask, onProgress: (progress: ThreadProgress) => void, onStart?: () => void): Promise<StampedSummary> {
    return this.#on((thread) => thread.run(task, onProgress), onStart);
  }

  /** Runs a bench run once a thread is free (`onStart` then). */
  timed(task: TimedTask, onProgress: (progress: ThreadProgress) => void, onStart?: () => void): Promise<TimedSummary> {
    return this.#on((thread) => thread.timed(task, onProgress), onStart);
  }

  async #on<T>(work: (thread: RunThread) => Promise<T>, onStart: (() => void) | undefined): Promise<T> {
    const thread = this.#free.pop() ?? (await new Promise<RunThread>((give) => this.#waiting.push(give)));
    try {
      onStart?.();
      return await work(thread);
    } finally {
      const next = this.#waiting.shift();
      if (next !== undefined) next(thread);
      else this.#free.push(thread);
    }
  }

  /** Stops every thread (at once, even mid-run); once. */
  close(): Promise<void> {
    this.#closed ??= Promise.all(this.#threads.map((t) => t.close())).then(() => undefined);
    return this.#closed;
  }
}
