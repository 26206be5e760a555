/**
 * Writing a run's results atomically: everything goes to a hidden temporary
 * folder beside the target, which replaces the target only once complete. A
 * failed or interrupted run leaves no folder that looks complete.
 *
 * @module
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
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
    // An interrupted run must not leave its staging folder behind.
    process.once('exit', () => this.abandon());
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        this.abandon();
        process.exit(signal === 'SIGINT' ? 130 : 143);
      });
    }
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
