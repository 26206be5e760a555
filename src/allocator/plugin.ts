/**
 * Allocators from the user's own modules.
 *
 * A plug-in is an ES module (JavaScript, or TypeScript the user compiled) whose
 * default export, or export named `allocator`, is an {@link AllocatorFactory}
 * (`{ description, create(ctx) }`) or a function `(ctx) => Allocator`. It is
 * named by a path: `./my-allocator.js`, `../x.mjs`, `/abs/path.js`.
 *
 * A policy in another process, `exec:COMMAND` (exec/), is a plug-in too: it
 * runs code, and loads under the same rule.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, PluginError } from '../errors.js';
import { isExecName } from './exec/command.js';
import { execFactory } from './exec/exec-allocator.js';
import type { Allocator, AllocatorContext, AllocatorFactory } from './types.js';

/** True when an allocator name is a module path rather than a built-in name. */
export function isPluginName(name: string): boolean {
  return isExecName(name) || name.startsWith('./') || name.startsWith('../') || isAbsolute(name) || /\.(m?js|cjs)$/.test(name);
}

/** Loads the factory a plug-in module exports; `base` is the folder relative paths start from. */
export async function loadPlugin(name: string, base: string): Promise<AllocatorFactory> {
  if (isExecName(name)) return execFactory(name, base);
  const path = resolve(base, name);
  if (!existsSync(path)) throw new InputError(`master.allocator: plug-in module '${name}' not found (looked for ${path})`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    throw new InputError(`master.allocator: plug-in module '${name}' failed to load: ${(e as Error).message.split('\n')[0]}`);
  }
  const exported = mod.default ?? mod.allocator;
  if (typeof exported === 'function') {
    const create = exported as (ctx: AllocatorContext) => Allocator;
    return { description: `plug-in ${name}`, create: (ctx) => checked(guard(name, 'create', () => create(ctx)), name) };
  }
  if (exported !== null && typeof exported === 'object' && typeof (exported as AllocatorFactory).create === 'function') {
    const factory = exported as AllocatorFactory;
    return { description: factory.description ?? `plug-in ${name}`, create: (ctx) => checked(guard(name, 'create', () => factory.create(ctx)), name) };
  }
  throw new InputError(
    `master.allocator: plug-in module '${name}' exports no allocator (expected a default export, or one named 'allocator': { description, create(ctx) } or a function (ctx) => Allocator)`,
  );
}

/** Plug-in allocators, by the module that made them. */
const modules = new WeakMap<Allocator, string>();

/** The module a plug-in allocator came from; undefined for a built-in. */
export function pluginModule(allocator: Allocator): string | undefined {
  return modules.get(allocator);
}

/**
 * Makes `standIn`, an allocator that passes its calls on to `decider` (a
 * fork's switching allocator), answer pluginModule as `decider` does, so
 * that a plug-in's mistakes stay the plug-in's (exit 2, named by its module)
 * whichever policy decides at the time.
 */
export function decidesAs(standIn: Allocator, decider: Allocator): void {
  const module = modules.get(decider);
  if (module === undefined) modules.delete(standIn);
  else modules.set(standIn, module);
}

/** Runs a call into the plug-in; what it throws is the plug-in's error (exit 2), not the simulator's. */
function guard<T>(name: string, method: string, call: () => T): T {
  try {
    return call();
  } catch (e) {
    if (e instanceof InputError) throw e;
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new PluginError(`allocator ${name}: ${method}() threw ${what.split('\n')[0]!.slice(0, 300)}`);
  }
}

/**
 * The allocator a plug-in made, checked and guarded: each of its methods runs
 * under `guard`, and allocate() and preempt() must return lists.
 */
function checked(allocator: Allocator, name: string): Allocator {
  if (allocator === null || typeof allocator !== 'object' || typeof allocator.allocate !== 'function') {
    throw new InputError(`master.allocator: plug-in '${name}' did not return an allocator (expected an object with allocate(view, candidates))`);
  }
  const guarded = new Proxy(allocator, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      const method = String(key);
      return (...args: unknown[]) => {
        const result = guard(name, method, () => (value as (...a: unknown[]) => unknown).apply(target, args));
        if ((method === 'allocate' || method === 'preempt') && !Array.isArray(result)) {
          throw new PluginError(`allocator ${name}: ${method}() returned ${result === null ? 'null' : typeof result} (expected a list)`);
        }
        return result;
      };
    },
  });
  modules.set(guarded, name);
  return guarded;
}
