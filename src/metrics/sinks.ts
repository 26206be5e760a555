/**
 * Where the run's tables go. The model and the collector only produce rows;
 * the CLI decides whether a table becomes a CSV file, and tests keep them in
 * memory.
 *
 * @module
 */

export type Cell = string | number;

export interface TableSink {
  /** Called once, before any row. */
  header(columns: readonly string[]): void;
  row(cells: readonly Cell[]): void;
  /**
   * A row already made into its CSV text (csv-text.ts), given instead of
   * `row` by the writers of the largest tables when the sink has it (a file):
   * the same bytes, without a cell array per row.
   */
  line?(text: string): void;
  /**
   * Replaces what it holds by a saved run's text of this table (its header
   * and `rows` rows, as chunks of bytes), given by a run continued from a
   * checkpoint (src/checkpoint/state.ts); absent: the sink cannot take it.
   */
  restoreText?(chunks: Iterable<Uint8Array>, rows: number): void;
}

export interface RunSinks {
  readonly tasks: TableSink;
  readonly offers: TableSink;
  readonly utilization: TableSink;
  /** Per-pool prices over time; written only when the allocator sets prices. */
  readonly prices?: TableSink;
  /** Faults and recoveries, one row each (absent: not kept, though still counted). */
  readonly events?: TableSink;
  /** One row per job, when it ends (or at the end of the run, still live). */
  readonly jobs?: TableSink;
  /** Dominant shares of frameworks, roles and pools at each sample. */
  readonly shares?: TableSink;
  /** Jain's index over active frameworks at each sample. */
  readonly fairness?: TableSink;
  /** Each framework's waiting and running tasks at each sample. */
  readonly queues?: TableSink;
  /** Each task attempt's wait by cause (metrics/waits.ts), one row when its wait ends. */
  readonly waits?: TableSink;
}

/** Keeps rows in memory: for tests and small runs. */
export class MemoryTable implements TableSink {
  columns: readonly string[] = [];
  readonly rows: Cell[][] = [];
  header(columns: readonly string[]): void {
    this.columns = columns;
  }
  row(cells: readonly Cell[]): void {
    this.rows.push([...cells]);
  }
  /** Rows as objects keyed by column name. */
  records(): Record<string, Cell>[] {
    return this.rows.map((r) => Object.fromEntries(this.columns.map((c, i) => [c, r[i]!])));
  }
}

/** Discards everything. */
export const nullTable: TableSink = { header() {}, row() {} };
