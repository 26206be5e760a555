/**
 * A table written to a CSV file as the run goes, in chunks, synchronously:
 * memory stays bounded however many rows a run produces, and the simulation
 * never waits on the event loop.
 *
 * Each row as csvLine makes it (metrics/csv-text.ts).
 *
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { csvLine } from '../metrics/csv-text.js';
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

  /** Replaces everything written so far by `chunks` (a saved run's text of this table: its header and `rows` rows). */
  restoreText(chunks: Iterable<Uint8Array>, rows: number): void {
    this.#chunk = [];
    this.#chars = 0;
    // Opened afresh: empty, and written from its start.
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = openSync(this.path, 'w');
    for (const c of chunks) writeSync(this.#fd, c);
    this.#rowCount = rows;
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
