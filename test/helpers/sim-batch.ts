/**
 * `sim` command lines run in one long-lived Node process per test file
 * (batch-child.mjs), instead of a process each: the real command line module
 * (dist/src/cli/main.js), evaluated afresh for each command line, in the
 * given folder and environment, its exit code, stdout and stderr captured.
 * Starting Node and loading sim's modules costs most of a second of CPU; a
 * command line in the batch costs only its own work.
 *
 * What it does not test, and the tests that spawn the bin (helpers/cli.ts)
 * keep: the bin's start (its `#!` line, its modules' loading), the exit of the
 * process itself, signals. Use `sim` from cli.ts for those.
 *
 * The process is stopped after the file's tests, which wait for its end (and
 * it is killed if the worker exits first). The hostile suite (hostile/run-case.ts)
 * runs its cases through `runRaw`, with a hang bound and a heap limit.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { root } from './cli.js';

const BIN = join(root, 'dist', 'src', 'cli', 'main.js');
const CHILD = join(import.meta.dirname, 'batch-child.mjs');

export interface SimResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SimOptions {
  /** The working folder (default: the repository). */
  readonly cwd?: string;
  /** Environment variables set for this command line only. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface BatchOptions {
  /** The command line module run (default: this build's dist/src/cli/main.js). */
  readonly bin?: string;
  /** The process's heap limit, MB (Node's --max-old-space-size); default: Node's. */
  readonly heapMb?: number;
}

export interface RawOptions extends SimOptions {
  /** Milliseconds before the command line counts as hung: the process is killed and replaced. Default: no bound. */
  readonly timeoutMs?: number;
  /** Characters of stdout and of stderr kept (default: all). */
  readonly limit?: number;
}

/** A command line's outcome as it came, for callers that judge the process's behaviour themselves. */
export interface RawResult extends SimResult {
  /** It left properties on Object.prototype (the process then ends itself). */
  readonly polluted: boolean;
  /** It did not answer within `timeoutMs`, and the process was killed. */
  readonly timedOut: boolean;
}

const running = new Set<ChildProcessWithoutNullStreams>();
process.on('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

/** One batch process, started on first use; command lines run one at a time, in the order asked. */
export class SimBatch {
  #child: ChildProcessWithoutNullStreams | undefined;
  #stderr = '';
  #buffer = '';
  #waiting: ((line: string | undefined) => void) | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #n = 0;

  constructor(private readonly options: BatchOptions = {}) {}

  /** Runs `sim ...args`; resolves when it has ended; fails if it polluted Object.prototype. */
  async run(args: readonly string[], options: SimOptions = {}): Promise<SimResult> {
    const r = await this.runRaw(args, options);
    if (r.polluted) throw new Error(`sim ${args.join(' ')} left properties on Object.prototype`);
    return { code: r.code, stdout: r.stdout, stderr: r.stderr };
  }

  /** Runs `sim ...args` and resolves with its outcome, whatever it was (a death or a hang is code null). */
  runRaw(args: readonly string[], options: RawOptions = {}): Promise<RawResult> {
    const result = this.#queue.then(() => this.#runNow(args, options));
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Ends the process (it exits once its input is closed); resolves when it has exited. */
  stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined) return Promise.resolve();
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
    child.stdin.end();
    return closed;
  }

  #start(): ChildProcessWithoutNullStreams {
    const heap = this.options.heapMb === undefined ? [] : [`--max-old-space-size=${this.options.heapMb}`];
    const child = spawn(process.execPath, [...heap, CHILD, this.options.bin ?? BIN], { stdio: ['pipe', 'pipe', 'pipe'] });
    running.add(child);
    this.#buffer = '';
    this.#stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      this.#buffer += d;
      for (let nl = this.#buffer.indexOf('\n'); nl >= 0; nl = this.#buffer.indexOf('\n')) {
        const line = this.#buffer.slice(0, nl);
        this.#buffer = this.#buffer.slice(nl + 1);
        this.#deliver(line);
      }
    });
    child.stderr.on('data', (d: Buffer) => (this.#stderr = (this.#stderr + d.toString('utf8')).slice(-65_536)));
    child.on('close', () => {
      running.delete(child);
      if (this.#child !== child) return;
      this.#child = undefined;
      this.#deliver(undefined);
    });
    this.#child = child;
    return child;
  }

  #deliver(line: string | undefined): void {
    const w = this.#waiting;
    this.#waiting = undefined;
    // A command line is sent only when the one before has answered, so every line has a waiter.
    w?.(line);
  }

  async #runNow(args: readonly string[], options: RawOptions): Promise<RawResult> {
    const child = this.#child ?? this.#start();
    const answer = new Promise<string | undefined>((resolve) => (this.#waiting = resolve));
    const id = ++this.#n;
    child.stdin.write(`${JSON.stringify({ id, dir: options.cwd ?? root, args, env: options.env ?? {}, limit: options.limit })}\n`);
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    const line = await answer;
    clearTimeout(timer);
    // The process ended (killed for a hang, or dead: an abort on memory prints to its stderr); it is started again for the next command line.
    if (line === undefined) return { code: null, stdout: '', stderr: this.#stderr, polluted: false, timedOut };
    const r = JSON.parse(line) as { id: number; code: number; stdout: string; stderr: string; polluted: boolean };
    if (r.id !== id) throw new Error(`sim-batch: answer ${r.id} to command line ${id}`);
    if (r.polluted) this.#child = undefined; // it ends itself
    return { code: r.code, stdout: r.stdout, stderr: r.stderr, polluted: r.polluted, timedOut: false };
  }
}

/**
 * A batch for this test file, stopped after its tests: `sim(...args)` runs in
 * the repository; `sim.in(cwd, env, ...args)` elsewhere.
 */
export function simBatch(): ((...args: string[]) => Promise<SimResult>) & { in: (cwd: string, env: Readonly<Record<string, string>>, ...args: string[]) => Promise<SimResult> } {
  const batch = new SimBatch();
  afterAll(() => batch.stop());
  return Object.assign((...args: string[]) => batch.run(args), { in: (cwd: string, env: Readonly<Record<string, string>>, ...args: string[]) => batch.run(args, { cwd, env }) });
}
