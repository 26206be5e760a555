/**
 * A result folder's record of what ran: the fully resolved scenario (every
 * default filled in, every `--set` applied) as YAML, with copies of the data
 * files it names, so that `sim run` on that file reproduces the run byte for
 * byte, wherever the folder is moved (docs/metrics.md, "How a result was
 * made").
 *
 * - The text is the loaded scenario written back: the schema's output is
 *   valid input for it and loads to the same scenario (checked on every
 *   write, `recordScenario`). Its fields are in the schema's order.
 * - Each data file (any `file` field) is copied to `data/<h>/<name>` beside
 *   the YAML file, where `<h>` is the first 16 hex digits of the file's
 *   sha256 and `<name>` its own name: the name says which bytes it holds, so
 *   copies from many runs share a folder without clashes, and the same data
 *   gives the same text on any machine. A file already under such a name
 *   keeps it.
 * - An empirical distribution read from a file is written with its `file`
 *   (the copy), not the values read from it.
 * - A plug-in allocator is named as it was given; its module is not copied
 *   (provenance.json records its path and sha256).
 *
 * @module
 */
import { constants, copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import type { Summary } from '../run.js';
import { fileFields, mapFileFields } from '../scenario/file-fields.js';
import { loadScenario, parseScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import type { Provenance } from './provenance.js';
import { fileSha256, textSha256 } from './sha256.js';
import { writeWhole } from './sweep-folder.js';
import { packageVersion } from './version.js';

/** The resolved scenario's file in a run's folder. */
export const RESOLVED_FILE = 'scenario.resolved.yaml';

/** The folder of data copies, beside a resolved scenario file. */
export const DATA_FOLDER = 'data';

/** A data file a resolved scenario names. */
export interface DataFile {
  /** Where it was read from (absolute). */
  readonly source: string;
  /** Its name in the resolved scenario: `data/<h>/<name>`, relative to the YAML file. */
  readonly name: string;
  readonly sha256: string;
}

export interface ResolvedScenario {
  readonly text: string;
  /** sha256 of `text`, hex. */
  readonly sha256: string;
  readonly data: readonly DataFile[];
}

/** Hashes of data files, by absolute path, kept for one command (a compare hashes each trace once). */
export class DataHashes {
  readonly #known = new Map<string, string>();
  of(file: string): string {
    let h = this.#known.get(file);
    if (h === undefined) {
      h = fileSha256(file);
      this.#known.set(file, h);
    }
    return h;
  }
  /** Records the hash of a copy just made of a hashed file. */
  same(copy: string, source: string): void {
    this.#known.set(copy, this.of(source));
  }
}

/** `data/<h>/<name>` for a file whose sha256 is `sha` (a copy already so named keeps its name). */
const dataName = (source: string, sha: string): string => `${DATA_FOLDER}/${sha.slice(0, 16)}/${basename(source)}`;

/** The scenario `s` as resolved YAML, with its data files named by their copies. */
export function resolveScenario(s: Scenario, hashes: DataHashes = new DataHashes()): ResolvedScenario {
  const { dir, ...fields } = s;
  const data = new Map<string, DataFile>();
  const named = mapFileFields(stripReadValues(fields), (path) => {
    const source = isAbsolute(path) ? path : resolve(dir ?? '.', path);
    let d = data.get(source);
    if (d === undefined) {
      const sha256 = hashes.of(source);
      d = { source, name: dataName(source, sha256), sha256 };
      data.set(source, d);
    }
    return d.name;
  });
  // Written once more from its own parse: a default that a transform adds (an agent group's
  // name, say) lands where the field stands when written, so the text is the same however
  // the user's file was written, and loading it gives it back (recordScenario checks).
  const { dir: _dir, ...again } = parseScenario(stringify(named), RESOLVED_FILE);
  const text = stringify(stripReadValues(again));
  return { text, sha256: textSha256(text), data: [...data.values()] };
}

/** An empirical distribution read from a file holds both `file` and the `values` read (data-files.ts): only `file` is input. */
function stripReadValues(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripReadValues);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const empiricalFile = o.dist === 'empirical' && typeof o.file === 'string';
  return Object.fromEntries(Object.entries(o).filter(([k]) => !(empiricalFile && k === 'values')).map(([k, x]) => [k, stripReadValues(x)]));
}

/**
 * Places data copies: the first copy of a file in a command's folder is
 * copied from the source (a copy-on-write clone where the file system has
 * them), later ones are hard links to it (a plain copy where links fail).
 */
export class DataCopies {
  readonly #placed = new Map<string, string>();
  constructor(readonly hashes: DataHashes = new DataHashes()) {}

  /** Puts `d` at `folder/d.name` unless a file is there already (its name says its content); whole or not at all (a temporary name, then renamed). */
  place(folder: string, d: DataFile): void {
    const target = join(folder, ...d.name.split('/'));
    if (existsSync(target)) return;
    mkdirSync(dirname(target), { recursive: true });
    const first = this.#placed.get(d.sha256);
    const tmp = `${target}.tmp-${process.pid}`;
    rmSync(tmp, { force: true });
    if (first === undefined || !tryLink(first, tmp)) copyFileSync(d.source, tmp, constants.COPYFILE_FICLONE);
    renameSync(tmp, target);
    this.#placed.set(d.sha256, first ?? target);
    this.hashes.same(target, d.source);
  }
}

function tryLink(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `r` to `file` and its data copies beside it, then loads the file
 * back: the scenario to run, so that what runs is exactly what is recorded.
 * Loading it must give the same text again; anything else is a bug of the
 * resolution (an internal error, never the user's input).
 */
export function recordScenario(file: string, r: ResolvedScenario, copies: DataCopies): Scenario {
  mkdirSync(dirname(file), { recursive: true });
  for (const d of r.data) copies.place(dirname(file), d);
  writeWhole(file, r.text);
  let again: Scenario;
  try {
    again = loadScenario(file);
  } catch (e) {
    throw new Error(`${file}: the resolved scenario does not load (${(e as Error).message.split('\n')[0]})`);
  }
  const check = resolveScenario(again, copies.hashes);
  if (check.text !== r.text) throw new Error(`${file}: the resolved scenario does not load to the same scenario`);
  return again;
}

/**
 * Records `s` as `folder/scenario.resolved.yaml` with its data copies, and
 * its data files in `provenance`; returns the scenario to run (loaded from
 * that file) and the file's sha256.
 */
export function recordRun(folder: string, s: Scenario, copies: DataCopies, provenance: Provenance): { scenario: Scenario; sha256: string; data: readonly DataFile[] } {
  const r = resolveScenario(s, copies.hashes);
  const scenario = recordScenario(join(folder, RESOLVED_FILE), r, copies);
  provenance.data(r.data);
  return { scenario, sha256: r.sha256, data: r.data };
}

/** The folder of resolved scenarios in a sweep's, a bench's or a report's folder, with their data copies in its `data/`. */
export const STORE_FOLDER = 'scenarios';

/** Where a folder of many runs keeps the resolved scenario whose sha256 is `sha`: `scenarios/<first 16 hex digits>.yaml`. */
export const storedName = (sha: string): string => `${STORE_FOLDER}/${sha.slice(0, 16)}.yaml`;

/**
 * Copies the resolved scenario `file` (of another result folder) with the
 * data copies it names into `folder`'s store, as they are (their bytes, so
 * the sha256 its summary records still holds); returns its name there.
 */
export function copyStored(file: string, folder: string): string {
  const text = readFileSync(file, 'utf8');
  const name = storedName(textSha256(text));
  const target = join(folder, name);
  for (const d of fileFields(parseYaml(text))) {
    const from = join(dirname(file), ...d.split('/'));
    const to = join(folder, STORE_FOLDER, ...d.split('/'));
    if (!d.startsWith(`${DATA_FOLDER}/`) || d.split('/').includes('..') || existsSync(to) || !existsSync(from)) continue;
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, `${to}.tmp-${process.pid}`, constants.COPYFILE_FICLONE);
    renameSync(`${to}.tmp-${process.pid}`, to);
  }
  if (!existsSync(target)) {
    mkdirSync(dirname(target), { recursive: true });
    writeWhole(target, text);
  }
  return name;
}

/** The resolved scenario of a cell (with its data copies), when the folder has it (folders of sim 0.1.0 before it had none). */
export function copyCellScenario(from: string, cell: { readonly summary: unknown }, to: string): void {
  const sha = (cell.summary as Partial<StampedSummary>).scenario_sha256;
  if (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha)) return;
  const file = join(from, storedName(sha));
  if (existsSync(file)) copyStored(file, to);
}

/** A summary as sim writes it: with the resolved scenario's sha256 and the simulator that ran it. */
export interface StampedSummary extends Summary {
  /** sha256 of the run's scenario.resolved.yaml. */
  readonly scenario_sha256: string;
  readonly simulator: { readonly name: 'mesos-sim'; readonly version: string };
}

/** `summary` with the resolved scenario's sha256 and the simulator's version, after `seed`. */
export function stampSummary(summary: Summary, scenarioSha256: string): StampedSummary {
  const { scenario, seed, ...rest } = summary;
  return { scenario, seed, scenario_sha256: scenarioSha256, simulator: { name: 'mesos-sim', version: packageVersion() }, ...rest };
}

/**
 * Rewrites an error's message so that a data file's copy in `folder` is named
 * by its source: a bad trace row found during the run points at the user's
 * file, not at a copy in a staging folder that is removed.
 */
export function sourcesNamed<E>(e: E, folder: string, data: readonly DataFile[]): E {
  if (!(e instanceof Error) || data.length === 0) return e;
  let message = e.message;
  for (const d of data) message = message.split(join(resolve(folder), ...d.name.split('/'))).join(d.source);
  if (message !== e.message) e.message = message;
  return e;
}
