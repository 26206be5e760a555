/**
 * Runs a hostile case through the compiled `sim` bin and judges the outcome
 * against the error contract (cases.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MAX_SHOWN_PROBLEMS } from '../../src/errors.js';
import { SimBatch } from '../helpers/sim-batch.js';
import { OUT, type HostileCase } from './cases.js';

export const ROOT = join(import.meta.dirname, '..', '..');
/** The bin under test; SIM_BIN may name another build (e.g. an older one, to compare). */
export const BIN = process.env.SIM_BIN ?? join(ROOT, 'dist', 'src', 'cli', 'main.js');

export interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** Entries of the case folder that were not there before (the results folder of a clean run excepted). */
  readonly written: readonly string[];
  /** The files the case's expectation names (expect.files), as the run left them; undefined when absent. */
  readonly contents: Readonly<Record<string, string | undefined>>;
  /** The case left properties on Object.prototype (batch runs only). */
  readonly polluted?: boolean;
  /** The case's own files and the planted one that were changed, moved or removed. */
  readonly touched: readonly string[];
}

/** What went wrong, by class; the classes are those counted by the fuzz report. */
export type Violation = 'hang' | 'crash' | 'oom' | 'stack' | 'unlocated' | 'long' | 'wrote' | 'touched' | 'exit' | 'mentions' | 'echo' | 'files' | 'polluted';

/** A file of the user's planted in every case folder beside the case's own files; no case may change it. */
export const PLANTED = { path: 'notes/mine.txt', content: "the user's own notes, which sim did not write\n" } as const;

/** The default bound on a case's wall-clock time (RunOptions.timeoutMs). */
export const HANG_MS = 300_000;

export interface RunOptions {
  /**
   * Milliseconds before the case counts as hung (and is killed); default HANG_MS. A safety net, not a
   * measure of speed: every case takes well under a second of CPU on a quiet machine, and the bound
   * must hold on a shared CI machine with both cores busy several times over.
   */
  readonly timeoutMs?: number;
  /** The child's heap limit, MB (keeps a runaway case from taking the machine's memory). */
  readonly heapMb?: number;
}

/** A fresh temporary folder holding the case's files and the planted one, and what it holds. */
function prepare(c: HostileCase): { dir: string; before: Set<string> } {
  const dir = mkdtempSync(join(tmpdir(), 'sim-hostile-'));
  for (const [path, content] of Object.entries({ [PLANTED.path]: PLANTED.content, ...c.files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return { dir, before: new Set(readdirSync(dir)) };
}

/** The outcome, with what the command left in the case folder; removes the folder. */
function finish(c: HostileCase, dir: string, before: Set<string>, result: Omit<Outcome, 'written' | 'contents' | 'touched'>): Outcome {
  try {
    const ran = result.code === 0;
    const written = readdirSync(dir).filter((f) => !before.has(f) && !(ran && f === OUT));
    const contents = Object.fromEntries(Object.keys(c.expect.files ?? {}).map((f) => [f, existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : undefined]));
    const touched = Object.entries({ [PLANTED.path]: PLANTED.content, ...c.files })
      .filter(([f, content]) => !sameFile(join(dir, f), content))
      .map(([f]) => f);
    return { ...result, written, contents, touched };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `path` is a regular file (not a link) holding exactly `content`. */
function sameFile(path: string, content: string | Buffer): boolean {
  try {
    return lstatSync(path).isFile() && readFileSync(path).equals(Buffer.from(content));
  } catch {
    return false;
  }
}

const args = (c: HostileCase): string[] => c.args.map((a) => a.replaceAll('{out}', OUT));

/** Runs `c` as a process of its own, in a fresh temporary folder (removed afterwards). */
export async function runCase(c: HostileCase, options: RunOptions = {}): Promise<Outcome> {
  const { dir, before } = prepare(c);
  const result = await spawnBounded(
    [`--max-old-space-size=${options.heapMb ?? 1536}`, BIN, ...args(c)],
    dir,
    { ...process.env, ...c.env },
    options.timeoutMs ?? HANG_MS,
  );
  return finish(c, dir, before, result);
}

/**
 * Runs cases in one long-lived process (helpers/sim-batch.ts), one at a time:
 * the real command line module, evaluated afresh per case, without the cost
 * of starting Node and loading modules each time. A case that does not answer
 * within the bound is a hang; the process is then replaced, as it is when a
 * case kills it (an abort on memory).
 */
class BatchRunner {
  readonly #batch: SimBatch;

  constructor(private readonly options: RunOptions) {
    this.#batch = new SimBatch({ bin: BIN, heapMb: options.heapMb ?? 1536 });
  }

  async run(c: HostileCase): Promise<Outcome> {
    const { dir, before } = prepare(c);
    const r = await this.#batch.runRaw(args(c), { cwd: dir, env: c.env ?? {}, limit: 65_536, timeoutMs: this.options.timeoutMs ?? HANG_MS });
    return finish(c, dir, before, { ...r, signal: r.timedOut ? 'SIGKILL' : null, polluted: r.polluted });
  }

  stop(): Promise<void> {
    return this.#batch.stop();
  }
}

function spawnBounded(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<Omit<Outcome, 'written' | 'contents' | 'touched'>> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    // Keeps at most 64 KB of each stream: enough to judge, bounded whatever the case prints.
    child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString('utf8')).slice(0, 65_536)));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(0, 65_536)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, timedOut });
    });
  });
}

const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;
/** A line that points at a place: `file:line[:col]: `, `--set PATH: `, the flag at fault (`--shard: `), or `sim: ` for a command-line problem. */
const LOCATED = /^(?:[^\n:]+:\d+(?::\d+)?: |--set |--[a-z][a-z-]*[: ]|sim: )/;
const OOM = /heap out of memory|Allocation failed|FATAL ERROR/;

/** The contract violations of outcome `o` of case `c`; empty when it kept the contract. */
export function violations(c: HostileCase, o: Outcome): Violation[] {
  const out: Violation[] = [];
  const e = c.expect;
  if (o.timedOut) return ['hang'];
  if (o.polluted === true) out.push('polluted');
  if (OOM.test(o.stderr)) return ['oom'];
  if (o.code === null || o.code === 1 || o.code > 2) out.push('crash');
  if (STACK_LINE.test(o.stderr) || /internal error/.test(o.stderr)) out.push('stack');
  if (o.written.length > 0 && o.code !== 0) out.push('wrote');
  if (o.touched.length > 0) out.push('touched');
  const lines = o.stderr.split('\n').filter((l) => l.trim() !== '');
  if (o.code === 2) {
    // At most MAX_SHOWN_PROBLEMS lines and one counting the rest, unless the case says fewer.
    if (lines.length > (e.maxLines ?? MAX_SHOWN_PROBLEMS + 1) || lines.length === 0) out.push('long');
    if ((e.located ?? true) && lines.some((l) => !LOCATED.test(l))) out.push('unlocated');
  }
  if (e.exit === 'input' && o.code !== 2 && !out.includes('crash')) out.push('exit');
  if (e.exit === 0 && o.code !== 0 && !out.includes('crash')) out.push('exit');
  if (e.exit === 'either' && o.code !== 0 && o.code !== 2 && !out.includes('crash')) out.push('exit');
  if ((e.mentions ?? []).some((m) => !o.stderr.includes(m))) out.push('mentions');
  if ((e.never ?? []).some((m) => o.stderr.includes(m) || o.stdout.includes(m))) out.push('echo');
  if (o.code === 0 && Object.entries(e.files ?? {}).some(([f, pattern]) => !pattern.test(o.contents[f] ?? ''))) out.push('files');
  return out;
}

/** One line describing a failed case, for test messages and the fuzz report. */
export function describe(c: HostileCase, o: Outcome, v: readonly Violation[]): string {
  const first = o.stderr.split('\n').slice(0, 3).join(' | ').slice(0, 300);
  return `${c.id} [${v.join(',')}] exit ${o.code ?? o.signal}${o.timedOut ? ' (timed out)' : ''}: ${first}`;
}

/**
 * Runs `cases` on `parallel` batch processes (cases with `spawn` in a process
 * of their own); returns each outcome with its violations, in order.
 */
export async function runAll(
  cases: readonly HostileCase[],
  options: RunOptions & { readonly parallel?: number } = {},
): Promise<{ c: HostileCase; o: Outcome; v: Violation[] }[]> {
  const results: { c: HostileCase; o: Outcome; v: Violation[] }[] = new Array(cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    const batch = new BatchRunner(options);
    try {
      for (let i = next++; i < cases.length; i = next++) {
        const c = cases[i]!;
        const o = c.spawn === true ? await runCase(c, options) : await batch.run(c);
        results[i] = { c, o, v: violations(c, o) };
      }
    } finally {
      await batch.stop();
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 2 }, worker));
  return results;
}
