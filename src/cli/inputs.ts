/**
 * The files a command reads, which its output may never replace
 * (output-guard.ts).
 *
 * @module
 */
import { resolve } from 'node:path';
import { isExecName } from '../allocator/exec/command.js';
import { fileFields } from '../scenario/file-fields.js';
import type { Scenario } from '../scenario/schema.js';

/**
 * A scenario's inputs: its file, every file it names (any `file` field:
 * traces, trace machines, empirical distributions; relative to the scenario's
 * folder), and its plug-in module, if any.
 */
export function scenarioInputs(scenario: Scenario, file: string, plugin?: { readonly name: string; readonly base: string }): string[] {
  const found = [resolve(file), ...fileFields(scenario).map((f) => resolve(scenario.dir ?? '.', f))];
  if (plugin !== undefined && !isExecName(plugin.name)) found.push(resolve(plugin.base, plugin.name));
  return [...new Set(found)];
}
