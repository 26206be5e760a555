/**
 * The files a command reads, which its output may never replace
 * (output-guard.ts).
 *
 * @module
 */
import { resolve } from 'node:path';
import { isExecName } from '../allocator/exec/command.js';
import type { Scenario } from '../scenario/schema.js';

/**
 * A scenario's inputs: its file, every file it names (any `file` field:
 * traces, trace machines, empirical distributions; relative to the scenario's
 * folder), and its plug-in module, if any.
 */
export function scenarioInputs(scenario: Scenario, file: string, plugin?: { readonly name: string; readonly base: string }): string[] {
  const found = [resolve(file)];
  const named = (f: unknown): void => {
    if (typeof f === 'string') found.push(resolve(scenario.dir ?? '.', f));
  };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k !== 'file') walk(x);
        else if (Array.isArray(x)) x.forEach(named);
        else named(x);
      }
    }
  };
  walk(scenario);
  if (plugin !== undefined && !isExecName(plugin.name)) found.push(resolve(plugin.base, plugin.name));
  return [...new Set(found)];
}
