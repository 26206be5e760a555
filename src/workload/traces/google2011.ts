/**
 * Google cluster-data 2011 (clusterdata-2011-2): `task_events` (13 columns),
 * or, without it, `job_events` (8 columns), headerless CSV shards.
 *
 * Time: microseconds; the trace starts at 600 s, written 0 for events before
 * it, and 2^63 − 1 for events after its end. Here trace time t (seconds) =
 * (µs − 600,000,000) / 10^6, and 0 stays 0: the state at the start.
 *
 * A task is submitted at its first SUBMIT, starts at its first SCHEDULE, and
 * runs until its first EVICT, FAIL, FINISH, KILL or LOST after that: its
 * simulated duration. A task submitted again after it ended (evicted,
 * failed, killed) is replayed as a new task, as the trace shows. The tasks of a job first submitted at the same time form one
 * simulated job (`<job id>`; a later batch of the same job is
 * `<job id>.<n>`). A job can be handed out only when all its tasks have
 * ended in the trace, so the reader reads ahead: it holds the jobs from the
 * oldest unfinished one on, which grows with the tasks running at once, not
 * with the trace's length. Tasks still running at the end of the trace (or
 * past `window.end`, where reading stops) run until then. A job handed out
 * is released with its tasks.
 *
 * Rows are read in place through one FieldCursor: no array of fields and no
 * object per row (a task record per SUBMIT, a job record per batch).
 *
 * With `table: job_events`, a job is one task of `task_resources`, from the
 * job's SCHEDULE to its end.
 *
 * @module
 */
import { ShardedLines } from './line-reader.js';
import { shownCell } from '../data-file.js';
import { blank, Counts, loadReaderState, malformed, numberAt, optionalAt, readerState, skipRow, type TraceJob, type TraceReader, type TraceRow } from './common.js';
import { arrayIn, booleanIn, countsIn, mapIn, notOwn, numberIn, objectIn, type Saved } from './saved.js';
import { FieldCursor, LONG, NOT_DIGITS } from './field-cursor.js';

export interface Google2011Options {
  readonly table: 'task_events' | 'job_events';
  /** Resources of a machine of normalized capacity 1.0 (the largest), per resource. */
  readonly machine: Readonly<Record<string, number>>;
  /** job_events: each job's one task. */
  readonly taskResources: Readonly<Record<string, number>>;
  /** Trace seconds past which reading stops (window.end). */
  readonly horizon: number;
}

const AFTER_END = '9223372036854775807';
const ORIGIN_US = 600_000_000;
const SUBMIT = 0;
const SCHEDULE = 1;
const UPDATES = new Set([7, 8]);
/** EVICT, FAIL, FINISH, KILL, LOST. */
const ENDS = new Set([2, 3, 4, 5, 6]);

interface PendingTask {
  readonly job: PendingJob;
  readonly resources: Readonly<Record<string, number>>;
  start: number;
  end: number;
}

interface PendingJob {
  readonly id: string;
  /** The trace's job ID (`id` without the batch suffix). */
  readonly traceId: string;
  readonly submit: number;
  readonly attributes: Record<string, string>;
  readonly tasks: PendingTask[];
  open: number;
}

/** Task keys: job * 2^20 + task index while both fit (exact below 2^53), else the text `job/task`. */
const TASK_SLOTS = 1_048_576;
const MAX_KEYED_JOB = 2 ** 33;

export function google2011Reader(files: readonly string[], options: Google2011Options): TraceReader {
  const lines = new ShardedLines(files);
  /** The tasks submitted and not yet ended, by key. */
  const tasks = new Map<number | string, PendingTask>();
  /** Jobs in submit order, from the oldest not yet handed out. */
  const queue: PendingJob[] = [];
  let head = 0;
  /**
   * The current batch of each job ID while its job is not handed out: its
   * submit time, the job, and the number of batches so far. A job handed out
   * leaves only that number (its tasks are released), so that a later batch
   * of the same ID is named `<id>.<n>`.
   */
  const batches = new Map<string, { submit: number; job: PendingJob; count: number } | number>();
  const notes = new Counts();
  const skips: string[] = [];
  let rows = 0;
  let last = 0;
  let done = false;
  const taskEvents = options.table === 'task_events';
  const expected = taskEvents ? 13 : 8;
  const typeColumn = taskEvents ? 5 : 3;
  const userColumn = taskEvents ? 6 : 4;

  // The row being read: one cursor and these fields, reused for every row (no object per row).
  const row = new FieldCursor();
  let time = 0;
  let type = 0;
  let key: number | string = 0;
  let resources: Readonly<Record<string, number>> = options.taskResources;
  /** The last SUBMIT's requests and their resources, shared by the next SUBMIT with the same requests. */
  let lastRequest = { cpu: NaN, mem: NaN, disk: NaN as number | undefined, resources };

  const number = (i: number, column: string): number => numberAt(row, i, column, lines);
  const optional = (i: number, column: string): number | undefined => optionalAt(row, i, column, lines);
  const wholeNumber = (i: number, what: string): number => {
    const value = row.digits(i);
    if (value === NOT_DIGITS) throw malformed(lines.where, `${what} is not a whole number (got ${shownCell(row.text(i))})`);
    return row.leadingZero(i) ? LONG : value;
  };

  /** Reads `text` into the row's fields; returns a reason to skip it, or undefined. */
  const parse = (text: string): string | undefined => {
    const count = row.set(text);
    if (count !== expected) throw malformed(lines.where, `expected ${expected} comma-separated fields (${options.table}), got ${count}`);
    if (row.equals(0, AFTER_END)) return 'time_after_trace_end';
    const us = number(0, 'time');
    time = us === 0 ? 0 : (us - ORIGIN_US) / 1e6;
    const job = wholeNumber(2, 'job ID');
    const task = taskEvents ? wholeNumber(3, 'task index') : 0;
    key = job >= 0 && job < MAX_KEYED_JOB && task >= 0 && task < TASK_SLOTS ? job * TASK_SLOTS + task : `${row.text(2)}/${taskEvents ? row.text(3) : '0'}`;
    type = number(typeColumn, 'event type');
    if (!taskEvents) return undefined;
    number(8, 'priority');
    if (type !== SUBMIT) return undefined;
    const cpu = optional(9, 'CPU request');
    const mem = optional(10, 'memory request');
    const disk = optional(11, 'disk request');
    if (cpu === undefined || mem === undefined) return 'missing_resource_request';
    if (cpu < 0 || mem < 0 || (disk ?? 0) < 0) return 'negative_resource_request';
    if (cpu !== lastRequest.cpu || mem !== lastRequest.mem || disk !== lastRequest.disk) {
      const scaled: Record<string, number> = {};
      const { cpus: cpuSize, mem: memSize, disk: diskSize } = options.machine;
      if (cpuSize !== undefined) scaled.cpus = cpu * cpuSize;
      if (memSize !== undefined) scaled.mem = mem * memSize;
      if (disk !== undefined && diskSize !== undefined) scaled.disk = disk * diskSize;
      lastRequest = { cpu, mem, disk, resources: scaled };
    }
    resources = lastRequest.resources;
    return undefined;
  };

  /** The job's attributes, from the row that submits it. */
  const attributes = (): Record<string, string> => {
    const out: Record<string, string> = {};
    if (!row.isEmpty(userColumn)) out.user = row.text(userColumn);
    if (!row.isEmpty(userColumn + 1)) out.scheduling_class = row.text(userColumn + 1);
    if (taskEvents) out.priority = String(row.decimal(8));
    return out;
  };

  /** The job the last SUBMIT added a task to. */
  let lastJob: PendingJob | undefined;

  /** Adds the task the row submits to `job`. */
  const addTask = (job: PendingJob): void => {
    const task: PendingTask = { job, resources, start: -1, end: -1 };
    job.tasks.push(task);
    job.open++;
    tasks.set(key, task);
    lastJob = job;
  };

  /** Applies the row read by `parse`. */
  const apply = (): void => {
    const known = tasks.get(key);
    if (type === SUBMIT) {
      if (known !== undefined) return notes.add('duplicate_submits_ignored');
      // Most SUBMITs add to the batch the previous one added to (still its ID's current batch while it has open tasks).
      if (lastJob !== undefined && lastJob.open > 0 && lastJob.submit === time && row.equals(2, lastJob.traceId)) return addTask(lastJob);
      const jobId = row.text(2);
      const batch = batches.get(jobId);
      let job = typeof batch === 'object' && batch.submit === time ? batch.job : undefined;
      if (job === undefined || job.open === 0) {
        const count = (typeof batch === 'object' ? batch.count : (batch ?? 0)) + 1;
        job = { id: count === 1 ? jobId : `${jobId}.${count}`, traceId: jobId, submit: time, attributes: attributes(), tasks: [], open: 0 };
        batches.set(jobId, { submit: time, job, count });
        queue.push(job);
      }
      return addTask(job);
    }
    if (known === undefined) return void skips.push(type === SCHEDULE ? 'schedule_without_submit' : 'event_without_submit');
    const task = known;
    if (type === SCHEDULE) {
      if (task.start < 0) task.start = time;
    } else if (ENDS.has(type) && task.end < 0) {
      task.end = time;
      task.job.open--;
      tasks.delete(key); // a later SUBMIT of this task is a new task
    } else if (UPDATES.has(type)) {
      notes.add('updates_ignored');
    } else if (!ENDS.has(type)) {
      throw new Error(`unreachable event type ${type}`);
    }
  };

  /** Ends every open task at `time` (trace end, or the horizon). */
  const closeAll = (time: number): void => {
    for (const task of tasks.values()) {
      if (task.end < 0) {
        task.end = time;
        task.job.open--;
        if (task.start >= 0) notes.add('tasks_running_at_end');
      }
    }
    tasks.clear();
    done = true;
  };

  /** The head job as a row, if complete. */
  const emit = (): TraceRow | undefined => {
    const job = queue[head];
    if (job === undefined || job.open > 0) return undefined;
    queue[head++] = undefined as unknown as PendingJob;
    const batch = batches.get(job.traceId);
    if (typeof batch === 'object' && batch.job === job) batches.set(job.traceId, batch.count); // releases the job and its tasks
    if (head > 1024 && head * 2 > queue.length) queue.splice(0, head), (head = 0);
    const ran = job.tasks.filter((t) => t.start >= 0);
    if (job.tasks.length > ran.length) notes.add('tasks_never_scheduled', job.tasks.length - ran.length);
    if (ran.length === 0) return skipRow('never_scheduled');
    const out: TraceJob = {
      id: job.id,
      submit: job.submit,
      tasks: ran.map((t) => ({ count: 1, resources: t.resources, duration: Math.max(t.end - t.start, 0) })),
      gang: false,
      attributes: job.attributes,
    };
    return { job: out };
  };

  return {
    next(): TraceRow | undefined {
      for (;;) {
        const skip = skips.pop();
        if (skip !== undefined) return skipRow(skip);
        const ready = emit();
        if (ready !== undefined) return ready;
        if (done) return head < queue.length ? emit() : undefined;
        const text = lines.next();
        if (text === undefined) {
          closeAll(last);
          continue;
        }
        if (blank(text)) continue;
        rows++;
        const reason = parse(text);
        if (reason !== undefined) {
          skips.push(reason);
          continue;
        }
        if (time < last) throw malformed(lines.where, `time goes back (${time} s after ${last} s); shards must be given in order`);
        if (time > options.horizon) {
          lines.close();
          closeAll(options.horizon);
          continue;
        }
        last = time;
        apply();
      }
    },
    close: () => lines.close(),
    get rows() {
      return rows;
    },
    info: () => ({ notes: { ...notes.byReason } }),
    // Held between rows: the tasks open, the jobs from the oldest not handed out on, each job ID's batches, and the last request and job (shared by the next SUBMIT).
    saveState: () => readerState(GOOGLE, lines, rows, { tasks, queue: queue.slice(head), batches, notes: { ...notes.byReason }, skips: [...skips], last, done, lastRequest, lastJob }),
    loadState(saved: unknown): void {
      const { rows: n, kept } = loadReaderState(saved, GOOGLE, lines);
      const k = heldJobs(kept);
      notes.load(countsIn(k, 'notes'));
      tasks.clear();
      for (const [id, task] of k.tasks) tasks.set(id, task);
      queue.length = 0;
      for (const job of k.queue) queue.push(job);
      head = 0;
      batches.clear();
      for (const [id, batch] of k.batches) batches.set(id, batch);
      skips.length = 0;
      for (const skip of k.skips) skips.push(skip);
      ({ last, done, lastRequest, lastJob } = k);
      rows = n;
    },
  };
}

/** The kind of state of a Google 2011 reader. */
const GOOGLE = 'google2011 reader';

/** What a Google 2011 reader holds between rows, checked: every open task's job is one not yet handed out. */
function heldJobs(kept: unknown) {
  if (typeof kept !== 'object' || kept === null) notOwn(`${GOOGLE}: no jobs held`);
  const k = { kind: GOOGLE, ...kept } as Saved;
  const queue = arrayIn(k, 'queue') as PendingJob[];
  const jobs = new Set<unknown>(queue);
  const isJob = (j: unknown): boolean => typeof j === 'object' && j !== null && typeof (j as PendingJob).id === 'string' && Array.isArray((j as PendingJob).tasks) && typeof (j as PendingJob).open === 'number';
  if (!queue.every(isJob)) notOwn(`${GOOGLE}: queued jobs other than jobs`);
  const tasks = mapIn<number | string, PendingTask>(k, 'tasks');
  for (const t of tasks.values()) if (!jobs.has(t?.job) || typeof t.start !== 'number' || typeof t.end !== 'number') notOwn(`${GOOGLE}: an open task of no queued job`);
  const batches = mapIn<string, { submit: number; job: PendingJob; count: number } | number>(k, 'batches');
  for (const b of batches.values()) if (typeof b !== 'number' && !(typeof b === 'object' && b !== null && isJob(b.job) && typeof b.count === 'number')) notOwn(`${GOOGLE}: a batch other than a count or a job`);
  const skips = arrayIn(k, 'skips');
  if (!skips.every((r) => typeof r === 'string')) notOwn(`${GOOGLE}: skips other than reasons`);
  const lastRequest = objectIn(k, 'lastRequest') as { cpu: number; mem: number; disk: number | undefined; resources: Readonly<Record<string, number>> };
  if (k.lastJob !== undefined && !isJob(k.lastJob)) notOwn(`${GOOGLE}: a last job other than a job`);
  return { ...k, queue, tasks, batches, skips: skips as string[], last: numberIn(k, 'last'), done: booleanIn(k, 'done'), lastRequest, lastJob: k.lastJob as PendingJob | undefined };
}
