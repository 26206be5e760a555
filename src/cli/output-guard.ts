/**
 * Which output folders a command may write: sim replaces only what sim wrote.
 *
 * Every folder a writing command produces carries a marker file,
 * `.mesos-sim.json`, naming the command and the simulator's version (no
 * timestamp: the marker is the same for the same command and version). An
 * existing target may be replaced only when it carries that marker or is an
 * empty folder. Everything else is refused with one line naming the path and
 * why, before anything is touched:
 *
 * - an empty path; a symbolic link; a file, a device or any other non-folder;
 * - the filesystem root, the working folder or any folder containing it, the
 *   home folder or any folder containing it;
 * - an input of the same command (its scenario, a trace it reads, a results
 *   folder given to report or merge, the sweep file or bench suite), or a
 *   folder containing one;
 * - a folder without the marker that is not empty, unless `--force` is given:
 *   the one refusal that `--force` overrides.
 *
 * `sim sweep` writes into its folder rather than replacing it (a rerun
 * resumes): a folder with the marker of `sim sweep` or `sim merge` is resumed,
 * and any other non-empty folder is refused, unless `--force`.
 *
 * @module
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, parse, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { packageVersion } from './version.js';

/** The marker file at the top of every folder sim writes. */
export const MARKER = '.mesos-sim.json';

export const WRITING_COMMANDS = ['run', 'compare', 'sweep', 'merge', 'bench', 'report'] as const;
export type WritingCommand = (typeof WRITING_COMMANDS)[number];

const MarkerSchema = z.looseObject({ tool: z.literal('mesos-sim'), command: z.enum(WRITING_COMMANDS), version: z.string() });

/** The marker's text for `command`: deterministic (no time, no process id). */
export function markerText(command: WritingCommand): string {
  return JSON.stringify({ tool: 'mesos-sim', command, version: packageVersion() }, null, 2) + '\n';
}

/** The command whose marker `dir` carries (a regular file that parses as sim's marker), or undefined. */
export function markerOf(dir: string): WritingCommand | undefined {
  const file = join(dir, MARKER);
  try {
    if (!lstatSync(file).isFile()) return undefined;
    const parsed = MarkerSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.command : undefined;
  } catch {
    return undefined;
  }
}

export interface OutputRules {
  readonly command: WritingCommand;
  /** What the command reads (files and folders): the target may be none of them and contain none. */
  readonly inputs: readonly string[];
  /** `--force`: a non-empty folder without the marker may be replaced (`sim sweep`: written into). */
  readonly force: boolean;
}

/**
 * What is at an accepted target: nothing yet; an empty folder; a folder sim
 * wrote (or, with --force, any folder), to be replaced; or (`sim sweep` only)
 * a folder to write into.
 */
export type OutputState = 'new' | 'empty' | 'replace' | 'write-into';

/** Commands whose folders `sim sweep` resumes. */
const SWEEP_FOLDERS: readonly WritingCommand[] = ['sweep', 'merge'];

const EXPECTED = 'expected a new path, an empty folder or a folder that sim wrote';

/**
 * Checks that the command may write `given`; returns the absolute target and
 * what is there. Throws an InputError (one line) otherwise; touches nothing.
 */
export function checkOutput(given: string, rules: OutputRules): { target: string; state: OutputState } {
  const refuse = (why: string, expected = EXPECTED): never => {
    throw new InputError(`output folder '${given}': ${why} (${expected}); nothing was written`);
  };
  if (given.trim() === '') refuse('an empty path', 'expected a folder path');
  const target = resolve(given);
  const stat = lstatOrUndefined(target);
  if (stat?.isSymbolicLink() === true) refuse('a symbolic link; sim does not write through links', 'expected a real folder path');
  const real = realPathOf(target);
  const OWN = 'expected a folder of its own, such as results/NAME';
  if (real === parse(real).root) refuse('the filesystem root', OWN);
  const cwd = realPathOf(process.cwd());
  if (within(cwd, real)) refuse(real === cwd ? 'the working folder' : `a folder containing the working folder (${cwd})`, OWN);
  const home = realPathOf(homedir());
  if (home !== parse(home).root && within(home, real)) refuse(real === home ? 'the home folder' : `a folder containing the home folder (${home})`, OWN);
  for (const input of rules.inputs) {
    const r = realPathOf(resolve(input));
    if (within(r, real)) refuse(r === real ? `an input of sim ${rules.command}` : `a folder containing an input of sim ${rules.command} (${input})`, 'expected a folder apart from what the command reads');
  }
  if (stat === undefined) return { target, state: 'new' };
  if (!stat.isDirectory()) refuse(stat.isFile() ? 'a file, not a folder' : 'a device or special file, not a folder');
  let entries: string[];
  try {
    entries = readdirSync(target);
  } catch (e) {
    return refuse(`a folder that cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (entries.length === 0) return { target, state: 'empty' };
  const marker = markerOf(target);
  if (rules.command === 'sweep') {
    if (marker !== undefined && SWEEP_FOLDERS.includes(marker)) return { target, state: 'write-into' };
    if (rules.force) return { target, state: 'write-into' };
    const why = marker === undefined ? `a folder that sim did not write (no ${MARKER} in it) and not empty` : `a folder of sim ${marker}, not of a sweep`;
    return refuse(why, `expected a new path, an empty folder or a folder of sim sweep or sim merge to resume; --force writes the sweep's files into it`);
  }
  if (marker !== undefined || rules.force) return { target, state: 'replace' };
  return refuse(`a folder that sim did not write (no ${MARKER} in it) and not empty`, `${EXPECTED}; --force replaces it`);
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** `path` with every link resolved, for the part of it that exists. */
function realPathOf(path: string): string {
  const rest: string[] = [];
  let at = resolve(path);
  for (;;) {
    try {
      return join(realpathSync(at), ...rest.reverse());
    } catch {
      if (dirname(at) === at) return resolve(path);
      rest.push(basename(at));
      at = dirname(at);
    }
  }
}

/** True when `inner` is `outer` or inside it (both absolute and real). */
export function within(inner: string, outer: string): boolean {
  const r = relative(outer, inner);
  return r === '' || (!isAbsolute(r) && r !== '..' && !r.startsWith(`..${sep}`));
}
