/**
 * When a plug-in allocator (a module path) may load: no code runs from a file
 * without `--allow-plugins`.
 *
 * - A module named on the command line (`sim run --allocator`, `sim compare
 *   --allocators`) is the user's explicit choice: it loads, relative to the
 *   working folder.
 * - A module named only by a file (a scenario's `master.allocator`, a sweep
 *   file's `matrix.allocator`, a bench suite's `allocators`) loads only with
 *   `--allow-plugins`, relative to that file's folder.
 * - `sim validate` never loads code, flag or not: it only checks that the
 *   module file exists.
 *
 * A policy command, `exec:COMMAND` (allocator/exec/), follows the same rule:
 * it runs in the working folder when named on the command line, in the
 * naming file's folder otherwise; `sim validate` never runs it.
 *
 * @module
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { execCommand, isExecName } from '../allocator/exec/command.js';
import { isPluginName, loadPlugin } from '../allocator/plugin.js';
import type { AllocatorFactory } from '../allocator/types.js';
import { InputError } from '../errors.js';

/** Who named a run's allocator: the command line, or a file at a field. */
export type AllocatorNamer =
  | { readonly by: 'command line' }
  | { readonly by: 'file'; readonly file: string; readonly field: string; readonly what: 'scenario file' | 'sweep file' | 'bench suite' | 'checkpoint' };

export interface PluginPolicy {
  /** `--allow-plugins` was given. */
  readonly allowPlugins: boolean;
  /** Load the module; false under `sim validate`, which only checks that it exists. */
  readonly load: boolean;
  /** The command's flag that names a policy on the command line, if it has one (`sim run --allocator`). */
  readonly allocatorFlag?: string;
}

export interface Plugin {
  /** The module path as written. */
  readonly name: string;
  /** The folder a relative path starts from. */
  readonly base: string;
  /** The loaded factory; undefined when not loaded (sim validate). */
  readonly factory?: AllocatorFactory;
}

/** The plug-in `name`, checked against who named it, then loaded (or only found); undefined for a built-in. */
export async function pluginOf(name: string, namer: AllocatorNamer, policy: PluginPolicy): Promise<Plugin | undefined> {
  if (!isPluginName(name)) return undefined;
  const base = namer.by === 'command line' ? process.cwd() : dirname(resolve(namer.file));
  const where = namer.by === 'command line' ? 'master.allocator' : `${namer.file}: ${namer.field}`;
  const exec = isExecName(name);
  if (exec) execCommand(name, where);
  if (!policy.load && exec) return { name, base };
  if (!policy.load) {
    const path = resolve(base, name);
    if (!isFile(path)) throw new InputError(`${where}: plug-in module '${name}' not found (looked for ${path})`);
    return { name, base };
  }
  if (namer.by === 'file' && !policy.allowPlugins) {
    const or = policy.allocatorFlag !== undefined ? `, or name it with ${policy.allocatorFlag}` : '';
    const what = exec ? 'a policy command' : 'a plug-in module';
    throw new InputError(`${where}: '${name}' is ${what}; a ${namer.what} alone never ${exec ? 'runs' : 'loads'} code (expected --allow-plugins to run it${or})`);
  }
  return { name, base, factory: await loadPlugin(name, base) };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
