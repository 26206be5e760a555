/**
 * One numeric column of a CSV file, for empirical distributions.
 *
 * The first row names the columns. Empty cells are skipped (a sparse column
 * is common in traces); any other cell that is not a plain decimal number is
 * an error naming the file and line. Every problem is one `InputError` line,
 * and none echoes the file's content (it could be any file the user can
 * read): cells are shown only when they look like numbers (cell.ts).
 *
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.js';
import { decimal, shownCell } from './data-file.js';
import { checkReadableFile } from './readable-file.js';

/** The largest file read whole for one column. */
const MAX_BYTES = 256 << 20;

/** The numbers in column `column` of the CSV file `file`, in file order. */
export function readCsvColumn(file: string, column: string): number[] {
  checkReadableFile(file, 'CSV file');
  if (statSync(file).size > MAX_BYTES) throw new InputError(`${file}: the CSV file is larger than ${MAX_BYTES >> 20} MiB (expected a column of numbers that fits in memory)`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read the CSV file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { info: true, skip_empty_lines: true, relax_column_count: true, bom: true }) as unknown as typeof rows;
  } catch (e) {
    const { code, lines } = e as { code?: string; lines?: number };
    throw new InputError(`${file}${lines !== undefined ? `:${lines}` : ''}: not valid CSV (${code ?? 'a parse error'})`);
  }
  const header = rows[0]?.record.map((h) => h.trim());
  if (header === undefined) throw new InputError(`${file}: empty CSV file (expected a header row naming column '${column}')`);
  const index = header.indexOf(column);
  if (index < 0) throw new InputError(`${file}: no column '${column}' (expected a header row, the file's first, that names it; this one has ${header.length} columns)`);
  const values: number[] = [];
  for (const { record, info } of rows.slice(1)) {
    const cell = (record[index] ?? '').trim();
    if (cell === '') continue;
    const value = decimal(cell);
    if (!Number.isFinite(value)) {
      throw new InputError(`${file}:${info.lines}: column '${column}': not a decimal number (got ${shownCell(cell)})`);
    }
    values.push(value);
  }
  if (values.length === 0) throw new InputError(`${file}: column '${column}' has no values (expected at least one number)`);
  return values;
}
