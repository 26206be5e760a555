/**
 * A table written to a CSV file as the run goes, in chunks, synchronously:
 * memory stays bounded however many rows a run produces, and the simulation
 * never waits on the event loop.
 *
 * Rows whose cells are all numbers or plain words are joined directly; any
 * row with a cell that needs quoting goes through csv-stringify. Profiles of
 * million-offer runs showed csv-stringify's per-row work at a fifth of the run
 * time, while almost every row here is plain.
 *
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { Cell, TableSink } from '../metrics/sinks.js';

/**
 * Characters buffered before a write. Small on purpose: rows kept across a
 * garbage collection are copied, then promoted to the old generation. At
 * 8,192 rows a chunk (when each row was a rope of two strings a cell, up to
 * 10 MB), buffered rows were most of what large-synthetic promoted (1.8 GB of
 * 8.2 GB allocated); at 64 K characters they mostly die young, for a few
 * thousand more writes.
 */
const CHUNK_CHARS = 64 * 1024;

export class CsvFile implements TableSink {
  #fd: number | undefined;
  #chunk: string[] = [];
  #chars = 0;
  #rowCount = 0;
  #closed = false;

  /** `lazy`: the file is created only if something is written (a table that may stay empty). */
  constructor(
    readonly path: string,
    lazy = false,
  ) {
    if (!lazy) this.#fd = openSync(path, 'w');
  }

  get rowCount(): number {
    return this.#rowCount;
  }

  header(columns: readonly string[]): void {
    this.#add(csvLine(columns));
  }

  row(cells: readonly Cell[]): void {
    this.#add(csvLine(cells));
    this.#rowCount++;
  }

  line(text: string): void {
    this.#add(text);
    this.#rowCount++;
  }

  #add(line: string): void {
    this.#chunk.push(line);
    this.#chars += line.length;
    if (this.#chars >= CHUNK_CHARS) this.#flush();
  }

  /** Writes what is left and closes the file; closing again does nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#flush();
    if (this.#fd !== undefined) closeSync(this.#fd);
  }

  #flush(): void {
    if (this.#chunk.length === 0) return;
    this.#fd ??= openSync(this.path, 'w');
    writeSync(this.#fd, this.#chunk.join(''));
    this.#chunk = [];
    this.#chars = 0;
  }
}

/** Cells that csv-stringify would write unquoted. */
const PLAIN = /^[^",\r\n]*$/;

/**
 * One CSV line with its newline. Numbers are written as JavaScript prints them
 * (the shortest round-trip form), the same on every machine.
 */
export function csvLine(cells: readonly Cell[]): string {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (typeof c === 'string' && !PLAIN.test(c)) return stringify([cells as Cell[]]);
  }
  // join converts each cell as String() does, into one flat string (not a rope of two strings a cell).
  return cells.join(',') + '\n';
}
