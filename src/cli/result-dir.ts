/**
 * Writing a command's results atomically: everything goes to a hidden
 * staging folder beside the target (`.sim-tmp-<name>-<pid>`), which replaces
 * the target only once complete. A failed or interrupted command leaves no
 * folder that looks complete.
 *
 * The target is checked by output-guard.ts when the folder is opened (before
 * any work) and again just before it is replaced. The staging folder carries
 * the marker from the start, so the marker moves into place with the results.
 * A command that fails removes its staging folder; one stopped by SIGINT or
 * SIGTERM removes it before exiting (interrupt.ts). Staging folders of killed
 * processes are removed by the next command writing beside them, but only
 * those that carry the marker and whose process is gone.
 *
 * @module
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { onInterrupt } from './interrupt.js';
import { checkOutput, MARKER, markerOf, markerText, type OutputRules } from './output-guard.js';

export class ResultDir {
  readonly target: string;
  readonly staging: string;
  readonly #rules: OutputRules;
  readonly #given: string;
  readonly #release: () => void;
  #done = false;
  /** The staging folder was made by this run (only then may abandon remove it). */
  #created = false;

  /** Checks `given` against `rules` (output-guard.ts), then creates the staging folder with the marker. */
  constructor(given: string, rules: OutputRules) {
    this.#given = given;
    this.#rules = rules;
    this.target = checkOutput(given, rules).target;
    const parent = dirname(this.target);
    this.staging = join(parent, `.sim-tmp-${basename(this.target)}-${process.pid}`);
    // The signal handlers are in place before the staging folder exists.
    const abandon = (): void => this.abandon();
    process.once('exit', abandon);
    const release = onInterrupt(abandon);
    this.#release = () => {
      release();
      process.off('exit', abandon);
    };
    try {
      mkdirSync(parent, { recursive: true });
      removeStale(parent, basename(this.target));
      // A folder of this name left by an earlier process with our pid is sim's only if it carries the marker;
      // anything else stays, and mkdirSync below refuses it.
      if (existsSync(this.staging) && lstatSync(this.staging).isDirectory() && markerOf(this.staging) !== undefined) rmSync(this.staging, { recursive: true, force: true });
      mkdirSync(this.staging);
      this.#created = true;
      writeFileSync(join(this.staging, MARKER), markerText(rules.command));
    } catch (e) {
      this.abandon();
      throw new InputError(`output folder '${given}': cannot create it (${(e as Error).message})`);
    }
  }

  /** Path of a file inside the staging folder. */
  file(name: string): string {
    return join(this.staging, name);
  }

  /** Replaces the target with the staging folder, after checking the target again (it may have changed meanwhile). */
  commit(): void {
    const { state } = checkOutput(this.#given, this.#rules);
    if (state !== 'new') rmSync(this.target, { recursive: true, force: true });
    renameSync(this.staging, this.target);
    this.#done = true;
    this.#release();
  }

  /** Removes the staging folder if this run made it (the target, if any, is left as it was). */
  abandon(): void {
    if (!this.#done && this.#created) rmSync(this.staging, { recursive: true, force: true });
    this.#done = true;
    this.#release();
  }
}

/** Removes staging folders for `name` that carry sim's marker and whose process is gone. */
function removeStale(parent: string, name: string): void {
  const prefix = `.sim-tmp-${name}-`;
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const rest = entry.slice(prefix.length);
    const pid = Number(rest);
    const path = join(parent, entry);
    if (/^\d+$/.test(rest) && pid !== process.pid && !isAlive(pid) && lstatSync(path).isDirectory() && markerOf(path) !== undefined) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
