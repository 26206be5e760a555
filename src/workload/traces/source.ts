/**
 * The pipeline that turns a trace reader's rows into a framework's
 * `JobSource` (the module doc of common.ts): time window, selection,
 * sampling, load scaling, conversion of resources, and the counts of what
 * was left out and why. Its state, with its reader's, can be saved and
 * taken back (`saveState`, `loadState`: a checkpoint that restores the run,
 * docs/checkpoints.md).
 *
 * @module
 */
import type { JobSpec, TaskSpec } from '../../model/job.js';
import type { ResourceSpace } from '../../model/resources.js';
import { MAX_NUMBER, MAX_SECONDS, MAX_TASKS_PER_JOB } from '../../model/limits.js';
import { Counts, type TraceJob, type TraceJobSpec, type TraceReader, type TraceReport, type TraceSelection, type TraceSource } from './common.js';
import { IdSet } from './id-set.js';
import { booleanIn, countIn, countsIn, mapIn, notOwn, numberIn, objectIn, savedOf, arrayIn } from './saved.js';

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
    saveState: () => ({
      kind: `${meta.format} trace of framework ${meta.framework}`,
      reader: reader.saveState(),
      skipped: { ...skipped.byReason },
      leftOut: { ...leftOut },
      ignored: [...ignored],
      recorded,
      ids: ids.saveState(),
      origin,
      lastSubmit,
      counts: { selected, jobs, tasks },
      stopped,
      finished,
    }),
    loadState(saved: unknown): void {
      const s = savedOf(saved, `${meta.format} trace of framework ${meta.framework}`);
      const left = countsIn(s, 'leftOut');
      const counts = countsIn(s, 'counts');
      const waits = mapIn<unknown, unknown>(s, 'recorded');
      if (![...waits].every(([id, wait]) => typeof id === 'string' && typeof wait === 'number')) notOwn('recorded waits other than numbers by job id');
      const names = arrayIn(s, 'ignored');
      if (!names.every((n) => typeof n === 'string')) notOwn('ignored resources other than names');
      if (s.origin !== undefined) numberIn(s, 'origin');
      const flags = { lastSubmit: numberIn(s, 'lastSubmit'), stopped: booleanIn(s, 'stopped'), finished: booleanIn(s, 'finished') };
      const [sel, jobCount, taskCount] = [countIn(counts, 'selected'), countIn(counts, 'jobs'), countIn(counts, 'tasks')];
      reader.loadState(s.reader);
      ids.loadState(objectIn(s, 'ids'));
      skipped.load(countsIn(s, 'skipped'));
      Object.assign(leftOut, { before_window: countIn(left, 'before_window'), not_matched: countIn(left, 'not_matched'), sampled_out: countIn(left, 'sampled_out') });
      ignored.clear();
      for (const n of names as string[]) ignored.add(n);
      recorded.clear();
      for (const [id, wait] of waits as Map<string, number>) recorded.set(id, wait);
      origin = s.origin as number | undefined;
      ({ lastSubmit, stopped, finished } = flags);
      [selected, jobs, tasks] = [sel, jobCount, taskCount];
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

