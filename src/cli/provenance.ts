/**
 * provenance.json: what differs from one machine or one invocation to the
 * next, kept apart from the results so that every other file of a result
 * folder is the same wherever and whenever it is written (with
 * --no-wall-clock): the exact command line, the working folder, the time,
 * Node's version and platform, the simulator's git commit when it runs from
 * a checkout, and where each input was read from, with its sha256.
 *
 * Fields (docs/metrics.md, "provenance.json"):
 * `tool`, `version`, `command` (the arguments after `sim`), `cwd`,
 * `started_at`/`finished_at` (ISO 8601, UTC), `node`, `platform`, `git`
 * (`{ commit, dirty }` or null), `inputs` (`{ path, sha256, copy? }`: the
 * scenario, sweep or suite file, every data file with the name of its copy,
 * plug-in modules), and `earlier`: the records of the invocations whose
 * results the folder also holds (a resumed sweep, the folders merged or
 * reported on), oldest first.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileSha256 } from './sha256.js';
import { writeWhole } from './sweep-folder.js';
import { packageRoot, packageVersion } from './version.js';

export const PROVENANCE_FILE = 'provenance.json';

export interface InputRecord {
  /** Absolute path it was read from. */
  readonly path: string;
  readonly sha256: string;
  /** The name of its copy in the folder, for data files. */
  readonly copy?: string;
}

export interface ProvenanceRecord {
  readonly tool: 'mesos-sim';
  readonly version: string;
  readonly command: readonly string[];
  readonly cwd: string;
  readonly started_at: string;
  /** null in a record written before the command ended (a sweep's, while it runs; an interrupted sweep's). */
  readonly finished_at: string | null;
  readonly node: string;
  readonly platform: string;
  readonly git: { readonly commit: string; readonly dirty: boolean } | null;
  readonly inputs: readonly InputRecord[];
  readonly earlier: readonly unknown[];
}

/** The git commit of the simulator's own checkout, or null when it does not run from one (an installed package, no git). */
export function simulatorCommit(root = packageRoot()): ProvenanceRecord['git'] {
  const git = (...args: string[]): string => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 }).trim();
  try {
    // The package must be the checkout's top: installed in another project's node_modules, git would name that project's commit.
    if (realpathSync(git('rev-parse', '--show-toplevel')) !== realpathSync(root)) return null;
    return { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no') !== '' };
  } catch {
    return null;
  }
}

/** Collects a command's record from its start; `write` puts it in a folder when the results are complete. */
export class Provenance {
  readonly #started = new Date();
  readonly #inputs = new Map<string, InputRecord>();
  readonly #earlier: unknown[] = [];

  /** An input file read by the command (hashed once). */
  input(path: string, copy?: string, sha256?: string): void {
    const abs = resolve(path);
    if (this.#inputs.has(abs) || !existsSync(abs)) return;
    this.#inputs.set(abs, { path: abs, sha256: sha256 ?? fileSha256(abs), ...(copy !== undefined ? { copy } : {}) });
  }

  /** Data files of a resolved scenario (resolved-scenario.ts), with their copies' names. */
  data(files: readonly { readonly source: string; readonly name: string; readonly sha256: string }[]): void {
    for (const d of files) this.input(d.source, d.name, d.sha256);
  }

  /** The provenance.json of a folder whose results this one carries on (resumed or merged), if it has a readable one. */
  earlier(folder: string): void {
    const file = join(folder, PROVENANCE_FILE);
    if (!existsSync(file)) return;
    try {
      // Flattened: the folder's own earlier records first, then its record.
      const { earlier, ...record } = JSON.parse(readFileSync(file, 'utf8')) as { earlier?: unknown };
      if (Array.isArray(earlier)) this.#earlier.push(...(earlier as unknown[]));
      this.#earlier.push(record);
    } catch {
      // Not sim's (or damaged): recorded as such rather than trusted.
      this.#earlier.push({ unreadable: resolve(file) });
    }
  }

  /** The record now; `finished` false for one written before the command's end (finished_at null). */
  record(finished = true): ProvenanceRecord {
    return {
      tool: 'mesos-sim',
      version: packageVersion(),
      command: process.argv.slice(2),
      cwd: process.cwd(),
      started_at: this.#started.toISOString(),
      finished_at: finished ? new Date().toISOString() : null,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      git: simulatorCommit(),
      inputs: [...this.#inputs.values()],
      earlier: this.#earlier,
    };
  }

  /** Writes the record to `folder`/provenance.json, whole (a temporary name, then renamed). */
  write(folder: string, finished = true): void {
    writeWhole(join(folder, PROVENANCE_FILE), JSON.stringify(this.record(finished), null, 2) + '\n');
  }
}
