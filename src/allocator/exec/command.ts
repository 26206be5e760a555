/**
 * Allocators named `exec:COMMAND`: a policy in another process, started with
 * COMMAND by the system shell, that speaks the exec protocol
 * (docs/protocol.md). They load under the same rule as plug-in modules
 * (cli/plugins.ts): from the command line always, from a file only with
 * `--allow-plugins`.
 *
 * @module
 */
import { InputError } from '../../errors.js';

export const EXEC_PREFIX = 'exec:';

/** master.policy_timeout's default: the longest wait for a policy's answer (wall-clock s). */
export const DEFAULT_POLICY_TIMEOUT = 60;

/** True when the allocator name is `exec:COMMAND`. */
export function isExecName(name: string): boolean {
  return name.startsWith(EXEC_PREFIX);
}

/** The command of an `exec:` name; an empty one is refused. */
export function execCommand(name: string, where = 'master.allocator'): string {
  const command = name.slice(EXEC_PREFIX.length).trim();
  if (command === '') throw new InputError(`${where}: '${name}' names no command (expected exec:COMMAND, such as exec:"python3 my_policy.py")`);
  return command;
}
