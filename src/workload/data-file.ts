/**
 * Data files a scenario names (traces, an empirical distribution's CSV):
 * how a number is read (plain decimal only, so
 * `0x10` is not 16), and how a cell appears in an error message (a
 * number-like cell as it is, anything else by its length only: an error about
 * a file a scenario names never echoes the file's content, which could be any
 * file the user can read).
 *
 * Which files may be read is readable-file.ts (the only part that touches the
 * file system).
 *
 * @module
 */

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
