/**
 * One numeric column of a CSV file, for empirical distributions.
 *
 * The first row names the columns. Empty cells are skipped (a sparse column
 * is common in traces); any other cell that is not a finite number is an
 * error naming the file and line. Every problem is one `InputError` line.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.js';

/** The numbers in column `column` of the CSV file `file`, in file order. */
export function readCsvColumn(file: string, column: string): number[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read the CSV file (${(e as Error).message})`);
  }
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { info: true, skip_empty_lines: true, relax_column_count: true, bom: true }) as unknown as typeof rows;
  } catch (e) {
    throw new InputError(`${file}: not valid CSV (${(e as Error).message.replace(/\s+/g, ' ')})`);
  }
  const header = rows[0]?.record.map((h) => h.trim());
  if (header === undefined) throw new InputError(`${file}: empty CSV file (expected a header row naming column '${column}')`);
  const index = header.indexOf(column);
  if (index < 0) throw new InputError(`${file}: no column '${column}' (expected one of: ${header.join(', ')})`);
  const values: number[] = [];
  for (const { record, info } of rows.slice(1)) {
    const cell = (record[index] ?? '').trim();
    if (cell === '') continue;
    const value = Number(cell);
    if (!Number.isFinite(value)) {
      throw new InputError(`${file}:${info.lines}: column '${column}': not a number (got ${JSON.stringify(cell)})`);
    }
    values.push(value);
  }
  if (values.length === 0) throw new InputError(`${file}: column '${column}' has no values (expected at least one number)`);
  return values;
}
