/**
 * Runs simulations on a worker thread (run-worker.ts), one at a time, while
 * the main thread waits: the simulation loop is synchronous, and only a main
 * thread that is free can answer SIGINT and SIGTERM at once (interrupt.ts).
 * A task is a run into a folder (`sim run`, `sim compare`) or a bench run
 * (`TimedTask`, regression/timed-run.ts); run-pool.ts shares tasks among
 * several threads.
 * Results are the same bytes as on the main thread: the worker runs the same
 * code on the same scenario.
 *
 * An error in the worker comes back as the same kind: an InputError (exit
 * 2; a FieldError with its field, for the caller to locate), or an internal
 * error with the worker's stack.
 *
 * @module
 */
import { Worker } from 'node:worker_threads';
import { FieldError, InputError } from '../errors.js';
import type { TimedSummary } from '../analysis/summary-metrics.js';
import type { RunProgress } from '../run.js';
import type { Scenario } from '../scenario/schema.js';
import { onInterrupt } from './interrupt.js';
import type { StampedSummary } from './resolved-scenario.js';
import type { MomentsTask } from './fork-task.js';

export interface RunTask {
  readonly scenario: Scenario;
  /** The folder to write into (created if missing). */
  readonly folder: string;
  /** sha256 of the scenario.resolved.yaml `scenario` was loaded from, for summary.json. */
  readonly scenarioSha256: string;
  /** Every table; false: summary.json only. */
  readonly tables: boolean;
  readonly wallClock: boolean;
  /** Check the master's books every this many events (0: never). */
  readonly verifyEvery: number;
  /** A plug-in allocator, loaded in the worker: its module path and the folder it is relative to. */
  readonly plugin?: { readonly name: string; readonly base: string } | undefined;
  /** Checkpoints to save into the folder and a fork to make (fork-task.ts); absent: none. */
  readonly moments?: MomentsTask | undefined;
}

/** A bench run (regression/timed-run.ts): summary only, with the allocator's time when `timing`. */
export interface TimedTask {
  readonly kind: 'timed';
  readonly scenario: Scenario;
  readonly timing: boolean;
  /** Runs made when timing. */
  readonly repeats: number;
  readonly plugin?: { readonly name: string; readonly base: string } | undefined;
}

/** A run's progress, and which repeat of a timed run it is (1 otherwise). */
export type ThreadProgress = RunProgress & { readonly repeat: number };

/** What the worker needs to load a plug-in (the factory itself cannot cross threads). */
export const workerPlugin = (p: { readonly name: string; readonly base: string } | undefined): RunTask['plugin'] =>
  p === undefined ? undefined : { name: p.name, base: p.base };

export type WorkerReply =
  | { readonly kind: 'progress'; readonly progress: ThreadProgress }
  | { readonly kind: 'done'; readonly summary: StampedSummary | TimedSummary }
  | {
      readonly kind: 'error';
      readonly input: boolean;
      readonly message: string;
      readonly stack: string;
      /** A FieldError's field and problem, so that the main thread can locate it in the scenario's file. */
      readonly field?: (string | number)[];
      readonly problem?: string;
    };

export class RunThread {
  readonly #worker = new Worker(new URL('./run-worker.js', import.meta.url));
  readonly #release: () => void;
  #failed: ((e: Error) => void) | undefined;

  constructor() {
    this.#release = onInterrupt(() => this.close());
    this.#worker.on('error', (e) => this.#failed?.(e));
    this.#worker.on('exit', (code) => this.#failed?.(new Error(`the simulation thread stopped (exit code ${code})`)));
  }

  /** Runs `task` into its folder; `onProgress` hears how far it has got now and then. */
  run(task: RunTask, onProgress: (progress: ThreadProgress) => void): Promise<StampedSummary> {
    return this.#send(task, onProgress) as Promise<StampedSummary>;
  }

  /** Runs a bench run. */
  timed(task: TimedTask, onProgress: (progress: ThreadProgress) => void): Promise<TimedSummary> {
    return this.#send(task, onProgress) as Promise<TimedSummary>;
  }

  #send(task: RunTask | TimedTask, onProgress: (progress: ThreadProgress) => void): Promise<StampedSummary | TimedSummary> {
    return new Promise((done, fail) => {
      const finish = (): void => {
        this.#worker.off('message', onMessage);
        this.#failed = undefined;
      };
      const onMessage = (reply: WorkerReply): void => {
        if (reply.kind === 'progress') return onProgress(reply.progress);
        finish();
        if (reply.kind === 'done') return done(reply.summary);
        if (reply.field !== undefined) return fail(new FieldError(reply.field, reply.problem ?? reply.message));
        if (reply.input) return fail(new InputError(reply.message));
        const e = new Error(reply.message);
        e.stack = reply.stack;
        fail(e);
      };
      this.#failed = (e) => {
        finish();
        fail(e);
      };
      this.#worker.on('message', onMessage);
      this.#worker.postMessage(task);
    });
  }

  /** Stops the worker (at once, even mid-run). */
  async close(): Promise<void> {
    this.#release();
    this.#failed = undefined;
    await this.#worker.terminate();
  }
}
