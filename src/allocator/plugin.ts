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
import { InputError } from '../errors.js';
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
    return { description: `plug-in ${name}`, create: (ctx) => checked(create(ctx), name) };
  }
  if (exported !== null && typeof exported === 'object' && typeof (exported as AllocatorFactory).create === 'function') {
    const factory = exported as AllocatorFactory;
    return { description: factory.description ?? `plug-in ${name}`, create: (ctx) => checked(factory.create(ctx), name) };
  }
  throw new InputError(
    `master.allocator: plug-in module '${name}' exports no allocator (expected a default export, or one named 'allocator': { description, create(ctx) } or a function (ctx) => Allocator)`,
  );
}

function checked(allocator: Allocator, name: string): Allocator {
  if (allocator === null || typeof allocator !== 'object' || typeof allocator.allocate !== 'function') {
    throw new InputError(`master.allocator: plug-in '${name}' did not return an allocator (expected an object with allocate(view, candidates))`);
  }
  return allocator;
}
