/**
 * Data files a scenario names (traces, an empirical distribution's CSV):
 * which files may be read (regular files only: a folder, a device or a pipe
 * could block or never end), how a number is read (plain decimal only, so
 * `0x10` is not 16), and how a cell appears in an error message (a
 * number-like cell as it is, anything else by its length only: an error about
 * a file a scenario names never echoes the file's content, which could be any
 * file the user can read).
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

/** Decimal, exponent, hexadecimal, octal or binary forms, and the words of non-finite numbers. */
const NUMBER_LIKE = /^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|0[xXoObB][0-9a-fA-F]+|Infinity|NaN|inf|nan)$/;

/** `"12.5"` for a number-like cell, `an empty cell`, else `text of N characters`. */
export function shownCell(text: string | undefined): string {
  if (text === undefined || text.trim() === '') return 'an empty cell';
  const t = text.trim();
  if (t.length <= 24 && NUMBER_LIKE.test(t)) return JSON.stringify(t);
  return `text of ${t.length} character${t.length === 1 ? '' : 's'}`;
}

const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** The value of a plain decimal number (`12`, `-0.5`, `1e3`); NaN for anything else (`0x10`, `Infinity`, text, empty). */
export function decimal(text: string | undefined): number {
  const t = text?.trim() ?? '';
  return DECIMAL.test(t) ? Number(t) : NaN;
}
