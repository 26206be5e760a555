/**
 * What every trace reader shares: the job a reader produces, the reader's
 * interface (rows, and its state for a checkpoint), the helpers that read a
 * row's fields, and the types of the pipeline (source.ts) that turns a
 * reader's rows into a framework's `JobSource`: time window, selection of
 * the framework's jobs (`match`, `exclude`), sampling one job in k, load
 * scaling, conversion of resources, and the counts of rows left out, by
 * reason, for summary.json.
 *
 * Everything is streamed: the pipeline holds one job at a time, plus the
 * recorded waits of jobs handed out but not yet started (for the
 * replay-against-reality comparison, see metrics/trace-replay.ts).
 *
 * @module
 */
import { InputError } from '../../errors.js';
import type { JobSource, JobSpec } from '../../model/job.js';
import type { ShardedLines } from './line-reader.js';
import { shownCell } from '../data-file.js';
import type { FieldCursor } from './field-cursor.js';
import { countIn, savedOf, type Saved } from './saved.js';

export { decimal } from '../data-file.js';

/** Identical tasks of a job. */
export interface TraceTaskGroup {
  readonly count: number;
  /** Per task, in the resources' units (cores, MB); names the cluster lacks are ignored. */
  readonly resources: Readonly<Record<string, number>>;
  /** Seconds (Infinity: runs to the end of the run). */
  readonly duration: number;
  /** What each task actually uses, where the trace records it (same units); used only with isolation (docs/faults.md). */
  readonly usage?: Readonly<Record<string, number>>;
}

/** One job as a reader read it, in the trace's own time (seconds). */
export interface TraceJob {
  readonly id: string;
  /** Seconds on the trace's clock. */
  readonly submit: number;
  readonly tasks: readonly TraceTaskGroup[];
  readonly gang: boolean;
  /** What `match`/`exclude` select on: user, group, queue, priority... as strings. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Seconds from submit to start on the real system, when the trace records it. */
  readonly recordedWait?: number;
  /** The user's run-time estimate, seconds (SWF requested time). */
  readonly estimate?: number;
  /**
   * A job that is a graph of stages: one per entry of `tasks`, in order, each
   * runnable once the stages at the indices `after` (all earlier) have finished.
   */
  readonly stages?: readonly { readonly name: string; readonly after: readonly number[] }[];
}

/** A reader's answer for one row (or group of rows): a job, or a reason the row is unusable. */
export type TraceRow = { readonly job: TraceJob } | { readonly skip: string };

/** A trace reader: a stream of rows in non-decreasing submit order. */
export interface TraceReader {
  next(): TraceRow | undefined;
  /** Stops early; the rest of the files is never read. */
  close(): void;
  /** Rows (lines with data) read so far. */
  readonly rows: number;
  /** Format-specific facts for the summary (SWF header fields, ...). */
  info?(): Record<string, unknown>;
  /** Where it is, as data: its files' position and what it holds read ahead (a checkpoint's, src/checkpoint/snapshot.ts). */
  saveState(): Saved;
  /** Goes on from a saveState() of the same reader, opening its file again there; throws when `saved` cannot be its state. */
  loadState(saved: unknown): void;
}

/** A JobSpec with what the trace says about it (extra fields: the model ignores them). */
export interface TraceJobSpec extends JobSpec {
  readonly attributes: Readonly<Record<string, string>>;
  /** The user's run-time estimate in simulated seconds (for backfilling policies). */
  readonly estimate?: number;
  /** The wait recorded by the trace, seconds. */
  readonly recordedWait?: number;
}

/** The options every reader takes (scenario `workload.trace`). */
export interface TraceSelection {
  /** Seconds on the trace's clock; jobs submitted outside [start, end] are left out. */
  readonly window?: { readonly start?: number | undefined; readonly end?: number | undefined } | undefined;
  /** Keep one job in `sample` (the 1st, the (k+1)th, ...) of those in the window and selected. */
  readonly sample: number;
  /** Load factor: inter-arrival times are divided by it (2: twice the arrival rate). */
  readonly load: number;
  /** attribute -> values: a job is kept when, for every attribute listed, its value is one of these. */
  readonly match: Readonly<Record<string, readonly string[]>>;
  /** attribute -> values: a job is left out when any attribute listed has one of these values. */
  readonly exclude: Readonly<Record<string, readonly string[]>>;
}

/** What a trace source reports in summary.json. */
export interface TraceReport {
  readonly format: string;
  readonly files: readonly string[];
  /** Data rows read (comment and header lines excepted). */
  readonly rows: number;
  /** Jobs handed to the framework, and their tasks. */
  readonly jobs: number;
  readonly tasks: number;
  /** Rows that cannot be used, by reason. */
  readonly skipped: Record<string, number>;
  /** Usable jobs left out by the scenario's choices. */
  readonly left_out: { before_window: number; not_matched: number; sampled_out: number };
  /** True when reading stopped at the first job past window.end. */
  readonly stopped_at_window_end: boolean;
  /** Trace second that simulated time 0 stands for. */
  readonly origin: number | null;
  readonly load: number;
  /** Resources the trace gives that the cluster does not have (ignored). */
  readonly ignored_resources: readonly string[];
  readonly [more: string]: unknown;
}

/** A JobSource reading a trace, which can report on what it read. */
export interface TraceSource extends JobSource {
  readonly framework: string;
  report(): TraceReport;
  /** The recorded wait of a job handed out and not yet started; forgets it. */
  takeRecordedWait(jobId: string): number | undefined;
  /** Recorded waits of jobs handed out and not yet started. */
  pendingRecordedWaits(): number;
}

export function isTraceSource(source: JobSource): source is TraceSource {
  return typeof (source as Partial<TraceSource>).report === 'function';
}

/** The one-line error for a malformed row: `file:line: what (expected ..., got ...)`. */
export function malformed(where: string, what: string): InputError {
  return new InputError(`${where}: malformed row: ${what}`);
}

/** Counts by reason, in first-seen order. */
export class Counts {
  readonly byReason: Record<string, number> = {};
  add(reason: string, n = 1): void {
    this.byReason[reason] = (this.byReason[reason] ?? 0) + n;
  }
  /** Takes `saved` (a copy of byReason) in place of its counts, in its order. */
  load(saved: Readonly<Record<string, number>>): void {
    for (const reason of Object.keys(this.byReason)) delete this.byReason[reason];
    Object.assign(this.byReason, saved);
  }
}

/** True when `text` is empty or only white space (as `text.trim() === ''`), without making a trimmed copy in the common case. */
export function blank(text: string): boolean {
  const n = text.length;
  if (n === 0) return true;
  if (text.charCodeAt(0) > 32 && text.charCodeAt(n - 1) > 32) return false;
  return text.trim() === '';
}

/** Where a reader is in its files: `file:line` of the line last read (computed when asked: only errors ask). */
export interface Place {
  readonly where: string;
}

/** Field `i` of `row` as a decimal number, or a malformed-row error naming the column. */
export function numberAt(row: FieldCursor, i: number, column: string, place: Place): number {
  const value = row.decimal(i);
  if (!Number.isFinite(value)) throw malformed(place.where, `${column} is not a decimal number (got ${shownCell(row.text(i))})`);
  return value;
}

/** Field `i` of `row` as a decimal number, or undefined when it is empty or only white space. */
export function optionalAt(row: FieldCursor, i: number, column: string, place: Place): number | undefined {
  return row.isBlank(i) ? undefined : numberAt(row, i, column, place);
}

/** One shared row per reason, so that a skipped row allocates nothing (reasons past the first 1,000 get their own). */
const SKIP_ROWS = new Map<string, TraceRow>();

/** The row that skips for `reason`. */
export function skipRow(reason: string): TraceRow {
  const shared = SKIP_ROWS.get(reason);
  if (shared !== undefined) return shared;
  const row = Object.freeze({ skip: reason });
  if (SKIP_ROWS.size < 1000) SKIP_ROWS.set(reason, row);
  return row;
}

/** What a reader keeps besides its files' position and its rows count (a header, ...), as data: `load` throws when `saved` cannot be its own. */
export interface KeptState {
  save(): unknown;
  load(saved: unknown): void;
}

/** The state of a reader of `kind` reading `lines`, `rows` rows read so far, keeping `kept`. */
export const readerState = (kind: string, lines: ShardedLines, rows: number, kept?: unknown): Saved => ({ kind, rows, lines: lines.saveState(), kept });

/** Takes `saved` (a readerState of `kind`) into `lines`; returns its `rows` and `kept` for the reader to take. */
export function loadReaderState(saved: unknown, kind: string, lines: ShardedLines): { rows: number; kept: unknown } {
  const s = savedOf(saved, kind);
  const rows = countIn(s, 'rows');
  lines.loadState(s.lines);
  return { rows, kept: s.kept };
}

/**
 * A reader giving one row per data line of `lines`. `parse` gets each
 * non-blank line and the number the row would have among data rows, and
 * returns the row, or undefined for a line that is not data (a comment, a
 * header). `kind` names its state; `kept`, what it holds besides.
 */
export function lineRows(
  lines: ShardedLines,
  parse: (text: string, row: number) => TraceRow | undefined,
  options: { readonly kind: string; readonly info?: () => Record<string, unknown>; readonly kept?: KeptState },
): TraceReader {
  let rows = 0;
  const { kind, info, kept } = options;
  return {
    next(): TraceRow | undefined {
      for (let text = lines.next(); text !== undefined; text = lines.next()) {
        if (blank(text)) continue;
        const row = parse(text, rows + 1);
        if (row === undefined) continue;
        rows++;
        return row;
      }
      return undefined;
    },
    close: () => lines.close(),
    get rows() {
      return rows;
    },
    ...(info !== undefined ? { info } : {}),
    saveState: () => readerState(kind, lines, rows, kept?.save()),
    loadState(saved: unknown): void {
      const s = loadReaderState(saved, kind, lines);
      kept?.load(s.kept);
      rows = s.rows;
    },
  };
}
