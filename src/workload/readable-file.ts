/**
 * Which data files a scenario may name (traces, an empirical distribution's
 * CSV): regular files only, since a folder, a device or a pipe could block or
 * never end.
 *
 * @module
 */
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { InputError } from '../errors.js';

/**
 * Checks that `file` is a regular file this process can read (not a folder,
 * a device or a pipe, which could block or never end); else an InputError
 * naming it and saying why. `what` names the file in the message.
 */
export function checkReadableFile(file: string, what: string): void {
  let stats: Stats;
  try {
    stats = statSync(file);
    accessSync(file, constants.R_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'an error');
    throw new InputError(`${file}: cannot read the ${what} (${why})`);
  }
  if (!stats.isFile()) {
    const kind = stats.isDirectory() ? 'a folder' : stats.isFIFO() ? 'a pipe' : stats.isSocket() ? 'a socket' : 'a device';
    throw new InputError(`${file}: cannot read the ${what} (it is ${kind}; expected a regular file)`);
  }
}
