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
 * past `window.end`, where reading stops) run until then.
 *
 * With `table: job_events`, a job is one task of `task_resources`, from the
 * job's SCHEDULE to its end.
 *
 * @module
 */
import { ShardedLines } from './line-reader.js';
import { shownCell } from '../data-file.js';
import { Counts, csvFields, malformed, numberField, optionalNumber, type TraceJob, type TraceReader, type TraceRow } from './common.js';

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
  readonly resources: Readonly<Record<string, number>>;
  start: number;
  end: number;
}

interface PendingJob {
  readonly id: string;
  readonly submit: number;
  readonly attributes: Record<string, string>;
  readonly tasks: PendingTask[];
  open: number;
}

/** One event of either table, in a common shape. */
interface Event {
  readonly time: number;
  readonly job: string;
  readonly task: string;
  readonly type: number;
  readonly attributes: Record<string, string>;
  readonly resources?: Readonly<Record<string, number>>;
}

export function google2011Reader(files: readonly string[], options: Google2011Options): TraceReader {
  const lines = new ShardedLines(files);
  const tasks = new Map<string, { job: PendingJob; task: PendingTask }>();
  /** Jobs in submit order, from the oldest not yet handed out. */
  const queue: PendingJob[] = [];
  let head = 0;
  /** The current batch of each job id: [submit time, job]. */
  const batches = new Map<string, { submit: number; job: PendingJob; count: number }>();
  const notes = new Counts();
  const skips: string[] = [];
  let rows = 0;
  let last = 0;
  let done = false;
  const taskEvents = options.table === 'task_events';

  const parse = (text: string): Event | string => {
    const where = lines.where;
    const f = csvFields(text);
    const expected = taskEvents ? 13 : 8;
    if (f.length !== expected) throw malformed(where, `expected ${expected} comma-separated fields (${options.table}), got ${f.length}`);
    if (f[0] === AFTER_END) return 'time_after_trace_end';
    const us = numberField(f, 0, 'time', where);
    const time = us === 0 ? 0 : (us - ORIGIN_US) / 1e6;
    const job = f[2]!;
    if (!/^\d+$/.test(job)) throw malformed(where, `job ID is not a whole number (got ${shownCell(job)})`);
    if (taskEvents) {
      const task = f[3]!;
      if (!/^\d+$/.test(task)) throw malformed(where, `task index is not a whole number (got ${shownCell(task)})`);
      const type = numberField(f, 5, 'event type', where);
      const attributes: Record<string, string> = {};
      if (f[6] !== '') attributes.user = f[6]!;
      if (f[7] !== '') attributes.scheduling_class = f[7]!;
      attributes.priority = String(numberField(f, 8, 'priority', where));
      if (type !== SUBMIT) return { time, job, task, type, attributes };
      const cpu = optionalNumber(f, 9, 'CPU request', where);
      const mem = optionalNumber(f, 10, 'memory request', where);
      const disk = optionalNumber(f, 11, 'disk request', where);
      if (cpu === undefined || mem === undefined) return 'missing_resource_request';
      if (cpu < 0 || mem < 0 || (disk ?? 0) < 0) return 'negative_resource_request';
      const normalized: Record<string, number> = { cpus: cpu, mem, ...(disk !== undefined ? { disk } : {}) };
      const resources: Record<string, number> = {};
      for (const [name, value] of Object.entries(normalized)) {
        const size = options.machine[name];
        if (size !== undefined) resources[name] = value * size;
      }
      return { time, job, task, type, attributes, resources };
    }
    const type = numberField(f, 3, 'event type', where);
    const attributes: Record<string, string> = {};
    if (f[4] !== '') attributes.user = f[4]!;
    if (f[5] !== '') attributes.scheduling_class = f[5]!;
    return { time, job, task: '0', type, attributes, resources: options.taskResources };
  };

  const apply = (e: Event): void => {
    const key = `${e.job}/${e.task}`;
    const known = tasks.get(key);
    if (e.type === SUBMIT) {
      if (known !== undefined) return notes.add('duplicate_submits_ignored');
      let batch = batches.get(e.job);
      if (batch === undefined || batch.submit !== e.time || batch.job.open === 0) {
        const count = (batch?.count ?? 0) + 1;
        const job: PendingJob = { id: count === 1 ? e.job : `${e.job}.${count}`, submit: e.time, attributes: e.attributes, tasks: [], open: 0 };
        batch = { submit: e.time, job, count };
        batches.set(e.job, batch);
        queue.push(job);
      }
      const task: PendingTask = { resources: e.resources!, start: -1, end: -1 };
      batch.job.tasks.push(task);
      batch.job.open++;
      tasks.set(key, { job: batch.job, task });
      return;
    }
    if (known === undefined) return void skips.push(e.type === SCHEDULE ? 'schedule_without_submit' : 'event_without_submit');
    const { job, task } = known;
    if (e.type === SCHEDULE) {
      if (task.start < 0) task.start = e.time;
    } else if (ENDS.has(e.type) && task.end < 0) {
      task.end = e.time;
      job.open--;
      tasks.delete(key); // a later SUBMIT of this task is a new task
    } else if (UPDATES.has(e.type)) {
      notes.add('updates_ignored');
    } else if (!ENDS.has(e.type)) {
      throw new Error(`unreachable event type ${e.type}`);
    }
  };

  /** Ends every open task at `time` (trace end, or the horizon). */
  const closeAll = (time: number): void => {
    for (const { job, task } of tasks.values()) {
      if (task.end < 0) {
        task.end = time;
        job.open--;
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
    if (head > 1024 && head * 2 > queue.length) queue.splice(0, head), (head = 0);
    const ran = job.tasks.filter((t) => t.start >= 0);
    if (job.tasks.length > ran.length) notes.add('tasks_never_scheduled', job.tasks.length - ran.length);
    if (ran.length === 0) return { skip: 'never_scheduled' };
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
        if (skip !== undefined) return { skip };
        const ready = emit();
        if (ready !== undefined) return ready;
        if (done) return head < queue.length ? emit() : undefined;
        const text = lines.next();
        if (text === undefined) {
          closeAll(last);
          continue;
        }
        if (text.trim() === '') continue;
        rows++;
        const e = parse(text);
        if (typeof e === 'string') {
          skips.push(e);
          continue;
        }
        if (e.time < last) throw malformed(lines.where, `time goes back (${e.time} s after ${last} s); shards must be given in order`);
        if (e.time > options.horizon) {
          lines.close();
          closeAll(options.horizon);
          continue;
        }
        last = e.time;
        apply(e);
      }
    },
    close: () => lines.close(),
    get rows() {
      return rows;
    },
    info: () => ({ notes: { ...notes.byReason } }),
  };
}
