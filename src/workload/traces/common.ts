/**
 * What every trace reader shares: the job a reader produces, and the pipeline
 * that turns a reader's rows into a framework's `JobSource`: time window,
 * selection of the framework's jobs (`match`, `exclude`), sampling one job
 * in k, load scaling, conversion of resources, and the counts of rows left
 * out, by reason, for summary.json.
 *
 * Everything is streamed: the pipeline holds one job at a time, plus the
 * recorded waits of jobs handed out but not yet started (for the
 * replay-against-reality comparison, see metrics/trace-replay.ts).
 *
 * @module
 */
import { InputError } from '../../errors.js';
import type { JobSource, JobSpec, TaskSpec } from '../../model/job.js';
import type { ResourceSpace } from '../../model/resources.js';
import { IdSet } from './id-set.js';
import type { ShardedLines } from './line-reader.js';
import { MAX_NUMBER, MAX_SECONDS, MAX_TASKS_PER_JOB } from '../../model/limits.js';
import { shownCell } from '../data-file.js';
import type { FieldCursor } from './field-cursor.js';

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
}

/**
 * The framework's jobs from `reader`, with `selection` applied; simulated
 * time 0 is `window.start`, or the first usable job's submit time when no
 * start is given. Jobs are ids as the reader gives them.
 */
export function traceJobSource(
  reader: TraceReader,
  selection: TraceSelection,
  space: ResourceSpace,
  meta: { framework: string; format: string; files: readonly string[] },
): TraceSource {
  const skipped = new Counts();
  const leftOut = { before_window: 0, not_matched: 0, sampled_out: 0 };
  const start = selection.window?.start;
  const end = selection.window?.end ?? Infinity;
  const { load, sample } = selection;
  const matchEntries = Object.entries(selection.match);
  const excludeEntries = Object.entries(selection.exclude);
  const ignored = new Set<string>();
  const recorded = new Map<string, number>();
  /** Ids of the jobs handed out: a later job with one of them is skipped (it would give tasks the same ids). */
  const ids = new IdSet();
  let origin: number | undefined = start;
  let lastSubmit = -Infinity;
  let selected = 0;
  let jobs = 0;
  let tasks = 0;
  let stopped = false;
  let finished = false;

  const selectedJob = (job: TraceJob): boolean => {
    for (const [key, values] of matchEntries) {
      const v = job.attributes[key];
      if (v === undefined || !values.includes(v)) return false;
    }
    for (const [key, values] of excludeEntries) {
      const v = job.attributes[key];
      if (v !== undefined && values.includes(v)) return false;
    }
    return true;
  };

  /** One TaskSpec per group, shared by its tasks. */
  const taskSpecs = (job: TraceJob, submit: number): TaskSpec[] => {
    const out: TaskSpec[] = [];
    const knownOf = (record: Readonly<Record<string, number>>, into: Record<string, number>): Record<string, number> => {
      for (const [name, value] of Object.entries(record)) {
        if (space.indexOf(name) === undefined) ignored.add(name);
        else into[name] = value;
      }
      return into;
    };
    for (const g of job.tasks) {
      const known = knownOf(g.resources, {});
      // A resource without a usage figure is used as requested.
      const usage = g.usage === undefined ? {} : { usage: space.fromRecord(knownOf(g.usage, { ...known })) };
      const spec: TaskSpec = Object.freeze({ resources: space.fromRecord(known), duration: g.duration, ...usage });
      for (let i = 0; i < g.count; i++) out.push(spec);
    }
    if (out.length === 0) throw new Error(`trace job ${job.id} at ${submit} has no tasks`);
    return out;
  };

  const finish = (): undefined => {
    if (!finished) reader.close();
    finished = true;
    return undefined;
  };

  return {
    framework: meta.framework,
    next(): TraceJobSpec | undefined {
      if (finished) return undefined;
      for (let row = reader.next(); row !== undefined; row = reader.next()) {
        if ('skip' in row) {
          skipped.add(row.skip);
          continue;
        }
        const job = row.job;
        if (job.submit < lastSubmit) {
          skipped.add('out_of_order');
          continue;
        }
        if (start !== undefined && job.submit < start) {
          leftOut.before_window++;
          continue;
        }
        if (job.submit > end) {
          stopped = true;
          return finish();
        }
        origin ??= job.submit;
        if (!selectedJob(job)) {
          leftOut.not_matched++;
          continue;
        }
        if (selected++ % sample !== 0) {
          leftOut.sampled_out++;
          continue;
        }
        const submit = (job.submit - origin) / load;
        const invalid = unusable(job, submit);
        if (invalid !== undefined) {
          skipped.add(invalid);
          continue;
        }
        if (!ids.add(job.id)) {
          skipped.add('duplicate_id');
          continue;
        }
        lastSubmit = job.submit;
        const spec: TraceJobSpec = {
          id: job.id,
          submit,
          tasks: taskSpecs(job, submit),
          gang: job.gang,
          attributes: job.attributes,
          ...(job.stages !== undefined ? { stages: job.stages.map((st, i) => ({ ...st, count: job.tasks[i]!.count })) } : {}),
          ...(job.estimate !== undefined ? { estimate: job.estimate } : {}),
          ...(job.recordedWait !== undefined ? { recordedWait: job.recordedWait } : {}),
        };
        if (job.recordedWait !== undefined) recorded.set(job.id, job.recordedWait);
        jobs++;
        tasks += spec.tasks.length;
        return spec;
      }
      return finish();
    },
    takeRecordedWait(jobId: string): number | undefined {
      const wait = recorded.get(jobId);
      if (wait !== undefined) recorded.delete(jobId);
      return wait;
    },
    pendingRecordedWaits: () => recorded.size,
    report(): TraceReport {
      return {
        format: meta.format,
        files: meta.files,
        rows: reader.rows,
        jobs,
        tasks,
        skipped: { ...skipped.byReason },
        left_out: { ...leftOut },
        stopped_at_window_end: stopped,
        origin: origin ?? null,
        load,
        ignored_resources: [...ignored],
        ...(reader.info?.() ?? {}),
      };
    },
  };
}

/**
 * Why a job the reader made cannot be run, whatever its format: a resource
 * amount that is negative or not finite (`invalid_resources`), or a submit
 * time or duration past the simulated clock's limit, MAX_SECONDS
 * (`beyond_time_limit`; a duration of Infinity, "forever", is allowed), or
 * more than MAX_TASKS_PER_JOB tasks (`too_many_tasks`).
 */
function unusable(job: TraceJob, submit: number): string | undefined {
  if (!(submit >= 0 && submit <= MAX_SECONDS)) return 'beyond_time_limit';
  let count = 0;
  for (const g of job.tasks) count += g.count;
  if (count > MAX_TASKS_PER_JOB) return 'too_many_tasks';
  for (const g of job.tasks) {
    if (!(g.duration >= 0) || (g.duration > MAX_SECONDS && g.duration !== Infinity)) return 'beyond_time_limit';
    if (!validAmounts(g.resources) || (g.usage !== undefined && !validAmounts(g.usage))) return 'invalid_resources';
  }
  return undefined;
}

/** True when every amount is in [0, MAX_NUMBER]. */
function validAmounts(amounts: Readonly<Record<string, number>>): boolean {
  for (const name in amounts) {
    const v = amounts[name]!;
    if (!(v >= 0 && v <= MAX_NUMBER)) return false;
  }
  return true;
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

/**
 * A reader giving one row per data line of `lines`. `parse` gets each
 * non-blank line and the number the row would have among data rows, and
 * returns the row, or undefined for a line that is not data (a comment, a
 * header).
 */
export function lineRows(
  lines: ShardedLines,
  parse: (text: string, row: number) => TraceRow | undefined,
  info?: () => Record<string, unknown>,
): TraceReader {
  let rows = 0;
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
  };
}
