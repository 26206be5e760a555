/**
 * A table written to a CSV file as the run goes, in chunks, synchronously:
 * memory stays bounded however many rows a run produces, and the simulation
 * never waits on the event loop.
 *
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { Cell, TableSink } from '../metrics/sinks.js';

const CHUNK_ROWS = 8192;

export class CsvFile implements TableSink {
  readonly #fd: number;
  #rows: Cell[][] = [];
  #rowCount = 0;

  constructor(readonly path: string) {
    this.#fd = openSync(path, 'w');
  }

  get rowCount(): number {
    return this.#rowCount;
  }

  header(columns: readonly string[]): void {
    this.#rows.push([...columns]);
  }

  row(cells: readonly Cell[]): void {
    this.#rows.push(cells as Cell[]);
    this.#rowCount++;
    if (this.#rows.length >= CHUNK_ROWS) this.#flush();
  }

  close(): void {
    this.#flush();
    closeSync(this.#fd);
  }

  #flush(): void {
    if (this.#rows.length === 0) return;
    writeSync(this.#fd, stringify(this.#rows, { cast: { number: formatNumber } }));
    this.#rows = [];
  }
}

/** Numbers as JavaScript prints them (shortest round-trip form): the same on every machine. */
function formatNumber(n: number): string {
  return String(n);
}
