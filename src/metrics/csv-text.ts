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
