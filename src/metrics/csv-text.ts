/**
 * CSV text made without a cell array: a cell's text as a CSV writer gives it,
 * for rows that a table writes by the million (tasks.csv, waits.csv). The
 * rules are csv-stringify's defaults, which every other row goes through
 * (cli/csv-file.ts): a text with a comma, a double quote, a carriage return
 * or a newline is quoted, its quotes doubled; any other text, and a number
 * (as JavaScript prints it: the shortest round-trip form), as it is.
 *
 * @module
 */
import { stringify } from 'csv-stringify/sync';
import type { Cell } from './sinks.js';

/** Texts that are written as they are. */
const PLAIN = /^[^",\r\n]*$/;

/** `text` as a CSV cell. */
export function csvCell(text: string): string {
  return PLAIN.test(text) ? text : `"${text.replaceAll('"', '""')}"`;
}

/** A table that also takes rows already made into CSV text. */
export interface TextSink {
  /** One row as CSV text, cells made with csvCell (and numbers as `${n}`), ending with a newline. */
  line(text: string): void;
}

/**
 * One CSV line with its newline. Numbers are written as JavaScript prints them
 * (the shortest round-trip form), the same on every machine. Rows whose cells
 * are all numbers or plain texts are joined directly; any row with a cell
 * that needs quoting goes through csv-stringify (profiles of million-offer
 * runs showed csv-stringify's per-row work at a fifth of the run time, while
 * almost every row here is plain).
 */
export function csvLine(cells: readonly Cell[]): string {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (typeof c === 'string' && !PLAIN.test(c)) return stringify([cells as Cell[]]);
  }
  // join converts each cell as String() does, into one flat string (not a rope of two strings a cell).
  return cells.join(',') + '\n';
}
