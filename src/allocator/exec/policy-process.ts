/**
 * A policy's child process, driven synchronously from the simulation thread.
 *
 * The allocator interface is synchronous and the simulated clock must not move
 * while the policy thinks, yet a child's pipes are asynchronous in Node. A
 * small bridge thread (a worker) owns the child and its pipes; the simulation
 * thread posts each request line to it and blocks in `Atomics.wait` on a
 * shared flag, with the policy's timeout, until the bridge has posted the
 * child's answer on a MessagePort; it then takes the message synchronously
 * (`receiveMessageOnPort`). Node allows `Atomics.wait` on every thread sim runs
 * simulations on: the main thread (tests, `sim bench`), the worker of
 * `sim run` and `sim compare` (cli/run-thread.ts), and piscina's workers
 * (`sim sweep`). No event loop turns on the simulation thread meanwhile, so
 * nothing of the run can move.
 *
 * The bridge's code is a plain script evaluated in the worker (not a module
 * file), so that it runs the same from compiled code and from the sources
 * under test.
 *
 * The child is started by the system shell (`/bin/sh -c COMMAND`, as a
 * Makefile would), in the folder relative paths start from. Its standard
 * error is passed through to sim's, and its last lines are kept for error
 * messages.
 *
 * @module
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** How many of the child's last stderr lines are kept for error messages. */
export const STDERR_LINES = 5;
/** The longest line the child may write (characters): a runaway writer is stopped. */
export const MAX_LINE = 256 * 1024 * 1024;

/** What the bridge reports, in order. */
type BridgeMessage =
  | { readonly kind: 'line'; readonly line: string }
  | { readonly kind: 'stderr'; readonly text: string }
  | { readonly kind: 'too-long' }
  | { readonly kind: 'spawn-error'; readonly message: string }
  | { readonly kind: 'closed'; readonly code: number | null; readonly signal: string | null };

/** What came back for a request. */
export type Answer =
  | { readonly kind: 'line'; readonly line: string }
  | { readonly kind: 'exited'; readonly code: number | null; readonly signal: string | null }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'too-long' }
  | { readonly kind: 'spawn-error'; readonly message: string };

export interface ProcessOptions {
  /** The command line, run by the shell. */
  readonly command: string;
  /** Its working folder. */
  readonly cwd: string;
  /** The longest wait for an answer (ms). */
  readonly timeoutMs: number;
}

/**
 * The bridge thread (a CommonJS script): starts the child, writes each line it
 * is given to the child's stdin, and reports each line of the child's stdout,
 * its stderr, and its end, raising the shared flag after each report.
 */
const BRIDGE = String.raw`
const { workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const { writeSync } = require('node:fs');
const { port, flag, command, cwd, maxLine } = workerData;
const report = (m) => { port.postMessage(m); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
let child;
try {
  const env = { PYTHONHASHSEED: '0', PYTHONUNBUFFERED: '1', ...process.env };
  child = spawn(command, { shell: true, cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
} catch (e) {
  report({ kind: 'spawn-error', message: String(e && e.message || e) });
  port.close();
}
if (child !== undefined) {
  let pending = '';
  let stopped = false;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    if (stopped) return;
    pending += chunk;
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      report({ kind: 'line', line: pending.slice(0, nl) });
      pending = pending.slice(nl + 1);
    }
    if (pending.length > maxLine) { stopped = true; report({ kind: 'too-long' }); }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    try { writeSync(2, text); } catch {}
    report({ kind: 'stderr', text });
  });
  child.stdin.on('error', () => {});
  child.on('error', (e) => report({ kind: 'spawn-error', message: String(e && e.message || e) }));
  child.on('close', (code, signal) => { report({ kind: 'closed', code, signal }); port.close(); });
  // The shell and everything it started: the child leads its own process group.
  const kill = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { try { child.kill('SIGKILL'); } catch {} } };
  port.on('message', (m) => {
    if (m.kind === 'write') child.stdin.write(m.line + '\n');
    else if (m.kind === 'end') child.stdin.end();
    else if (m.kind === 'kill') kill();
  });
}
`;

export class PolicyProcess {
  readonly #port: MessagePort;
  readonly #flag = new Int32Array(new SharedArrayBuffer(4));
  readonly #timeoutMs: number;
  /** The child's last stderr lines (the last one possibly unfinished). */
  #stderr: string[] = [];
  #closed: { code: number | null; signal: string | null } | undefined;
  #spawnError: string | undefined;
  /** Lines the child wrote that no request has taken yet. */
  readonly #lines: string[] = [];
  #tooLong = false;

  constructor(options: ProcessOptions) {
    this.#timeoutMs = options.timeoutMs;
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    const bridge = new Worker(BRIDGE, {
      eval: true,
      workerData: { port: port2, flag: this.#flag, command: options.command, cwd: options.cwd, maxLine: MAX_LINE },
      transferList: [port2],
      stdout: false,
      stderr: false,
    });
    bridge.unref();
    this.#port.unref();
  }

  /** Writes `line` to the child's stdin. */
  write(line: string): void {
    this.#port.postMessage({ kind: 'write', line });
  }

  /** Waits for the child's next line (or its end, or the timeout). */
  read(): Answer {
    const deadline = performance.now() + this.#timeoutMs;
    for (;;) {
      this.#drain();
      const line = this.#lines.shift();
      if (line !== undefined) return { kind: 'line', line };
      if (this.#tooLong) return { kind: 'too-long' };
      if (this.#spawnError !== undefined) return { kind: 'spawn-error', message: this.#spawnError };
      if (this.#closed !== undefined) return { kind: 'exited', ...this.#closed };
      const left = deadline - performance.now();
      if (left <= 0 || Atomics.wait(this.#flag, 0, 0, left) === 'timed-out') {
        this.#drain();
        if (this.#lines.length === 0 && this.#closed === undefined && !this.#tooLong) return { kind: 'timeout' };
      }
    }
  }

  /** Lines the child wrote that nobody asked for (a protocol error), without waiting. */
  unasked(): string | undefined {
    this.#drain();
    return this.#lines[0];
  }

  /** Closes the child's stdin and waits (within the timeout) for it to end, or to write a line. */
  finish(): Answer {
    this.#port.postMessage({ kind: 'end' });
    return this.read();
  }

  /** The child's last lines of stderr, without empty ones. */
  stderrTail(): string[] {
    this.#drain();
    return this.#stderr.filter((l) => l.trim() !== '').slice(-STDERR_LINES);
  }

  /**
   * Kills the child (and whatever it started) if it is still running. The
   * bridge ends by itself once the child's pipes have closed. Safe to call twice.
   */
  stop(): void {
    this.#drain();
    if (this.#closed === undefined && this.#spawnError === undefined) this.#port.postMessage({ kind: 'kill' });
  }

  /** Takes every message the bridge posted so far. */
  #drain(): void {
    Atomics.store(this.#flag, 0, 0);
    for (let m = receiveMessageOnPort(this.#port); m !== undefined; m = receiveMessageOnPort(this.#port)) {
      const msg = m.message as BridgeMessage;
      if (msg.kind === 'line') this.#lines.push(msg.line);
      else if (msg.kind === 'stderr') this.#addStderr(msg.text);
      else if (msg.kind === 'too-long') this.#tooLong = true;
      else if (msg.kind === 'spawn-error') this.#spawnError = msg.message;
      else this.#closed = { code: msg.code, signal: msg.signal };
    }
  }

  #addStderr(text: string): void {
    const parts = text.split('\n');
    if (this.#stderr.length > 0) this.#stderr[this.#stderr.length - 1] += parts.shift()!;
    this.#stderr.push(...parts);
    if (this.#stderr.length > 4 * STDERR_LINES) this.#stderr = this.#stderr.slice(-2 * STDERR_LINES);
  }
}
