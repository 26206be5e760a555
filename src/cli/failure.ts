/**
 * What the `sim` command prints, and exits with, when a command fails.
 *
 * - An input problem (`InputError`, a plug-in's error included): its lines, exit 2.
 * - A problem of the environment (a file or folder that cannot be read or
 *   written, a full disk): one line naming the path and the reason, exit 2.
 * - Anything else is a bug in the simulator: one line, exit 1; its stack
 *   trace only with `--debug` (or SIM_DEBUG=1).
 *
 * @module
 */
import { InputError } from '../errors.js';

/** Why a system call failed, in words, by error code. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder (expected a file)',
  ENOTDIR: 'a part of the path is not a folder',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EEXIST: 'already exists',
  ENOTEMPTY: 'folder not empty',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'input/output error',
  EBUSY: 'resource busy',
  EXDEV: 'crosses devices',
};

interface SystemError extends Error {
  readonly code: string;
  readonly syscall?: string;
  readonly path?: string;
}

function isSystemError(e: unknown): e is SystemError {
  return e instanceof Error && typeof (e as Partial<SystemError>).code === 'string' && /^E[A-Z]+$/.test((e as SystemError).code) && typeof (e as Partial<SystemError>).syscall === 'string';
}

/** True when SIM_DEBUG=1 or --debug is on the command line. */
export function debugging(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SIM_DEBUG === '1' || argv.includes('--debug');
}

/** The text to print (ending with a newline) and the exit code for error `e`. */
export function failure(e: unknown, debug: boolean): { text: string; code: 1 | 2 } {
  if (e instanceof InputError) return { text: `${e.message}\n`, code: 2 };
  if (isSystemError(e)) {
    const reason = REASONS[e.code] ?? e.message.replace(/^[A-Z]+: /, '').split(',')[0];
    const where = e.path !== undefined ? `${e.path}: ` : '';
    return { text: `sim: ${where}cannot ${e.syscall}: ${reason} (${e.code})\n`, code: 2 };
  }
  const message = e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e);
  if (debug) return { text: `sim: internal error (please report): ${e instanceof Error ? (e.stack ?? message) : message}\n`, code: 1 };
  return { text: `sim: internal error (please report; run with --debug, or SIM_DEBUG=1, for its stack trace): ${message}\n`, code: 1 };
}
