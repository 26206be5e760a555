/**
 * Writing a run's results atomically: everything goes to a hidden temporary
 * folder beside the target (`.sim-tmp-<name>-<pid>`), which replaces the
 * target only once complete. A failed or interrupted run leaves no folder
 * that looks complete.
 *
 * @module
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export class ResultDir {
  readonly target: string;
  readonly staging: string;
  #done = false;

  constructor(target: string) {
    this.target = resolve(target);
    const parent = dirname(this.target);
    mkdirSync(parent, { recursive: true });
    this.staging = join(parent, `.sim-tmp-${basename(this.target)}-${process.pid}`);
    rmSync(this.staging, { recursive: true, force: true });
    mkdirSync(this.staging);
    // A run that fails removes its staging folder on exit. A run killed by a signal cannot (the
    // simulation is synchronous, so no handler would run before it ends): the next run into
    // the same folder removes what it left.
    process.once('exit', () => this.abandon());
    removeStale(parent, basename(this.target));
  }

  /** Path of a file inside the staging folder. */
  file(name: string): string {
    return join(this.staging, name);
  }

  /** Replaces the target with the staging folder. */
  commit(): void {
    if (existsSync(this.target)) rmSync(this.target, { recursive: true, force: true });
    renameSync(this.staging, this.target);
    this.#done = true;
  }

  /** Removes the staging folder (the target, if any, is left as it was). */
  abandon(): void {
    if (!this.#done) rmSync(this.staging, { recursive: true, force: true });
    this.#done = true;
  }
}

/** Removes staging folders for `name` whose process is gone. */
function removeStale(parent: string, name: string): void {
  const prefix = `.sim-tmp-${name}-`;
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length));
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) {
      rmSync(join(parent, entry), { recursive: true, force: true });
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
