/**
 * A workload given job by job in the scenario file.
 *
 * @module
 */
import type { JobSource, JobSpec, TaskSpec } from '../model/job.js';
import type { ResourceSpace } from '../model/resources.js';
import type { TaskClass } from '../model/task-class.js';

/** A task duration in seconds, or 'forever' (a task that never finishes). */
export type ExplicitDuration = number | 'forever';

export interface ExplicitJobSpec {
  /** Seconds. */
  submit: number;
  /** The job id; defaults to `${idPrefix}-${index + 1}`. */
  name?: string | undefined;
  /** Number of identical tasks (default 1); ignored when `taskList` is given. */
  tasks?: number | undefined;
  /** Per task, in each resource's unit; ignored when `taskList` is given. */
  resources?: Record<string, number> | undefined;
  /** Per task; required unless `taskList` is given, where it is ignored. */
  duration?: ExplicitDuration | undefined;
  gang: boolean;
  bid?: number | undefined;
  priority?: number | undefined;
  pool?: string | undefined;
  /** A long-running service (see framework/services.ts). */
  service?: boolean | undefined;
  /** Individually described tasks; takes precedence over tasks/resources/duration. */
  taskList?: { resources: Record<string, number>; duration: ExplicitDuration }[] | undefined;
  /** A dependency graph of stages; takes precedence over taskList and tasks/resources/duration. */
  stages?: ExplicitStageSpec[] | undefined;
  /** Called once per task of the job (of a stage without its own): the agents it would rather run on. */
  prefer?: (() => readonly number[]) | undefined;
  /** The job's own task fault models (docs/faults.md). */
  faults?: TaskClass | undefined;
}

/** A stage: `tasks` identical tasks, runnable once the stages `after` (indices of earlier stages) finished. */
export interface ExplicitStageSpec {
  name: string;
  tasks: number;
  resources: Record<string, number>;
  duration: ExplicitDuration;
  after: number[];
  prefer?: (() => readonly number[]) | undefined;
}

/**
 * The jobs of `jobs`, sorted by submit time (stable: equal submit times keep
 * list order). Ids are `name` if given, else `${idPrefix ?? 'job'}-${index + 1}`
 * with `index` the position in the original list.
 *
 * All jobs are converted and checked up front, so errors (unknown resource,
 * negative values, duplicate ids, missing duration) throw here. The identical
 * tasks of a `tasks: n` job share one TaskSpec and one Quantities instance.
 */
export function explicitJobs(jobs: readonly ExplicitJobSpec[], space: ResourceSpace, idPrefix?: string): JobSource {
  const prefix = idPrefix ?? 'job';
  const converted = jobs.map((job, index) => convert(job, job.name ?? `${prefix}-${index + 1}`, space));
  const seen = new Set<string>();
  for (const job of converted) {
    if (seen.has(job.id)) throw new Error(`duplicate job id '${job.id}'`);
    seen.add(job.id);
  }
  // Array.prototype.sort is stable; slots are cleared once yielded so consumed jobs can be collected.
  const queue: (JobSpec | undefined)[] = converted.sort((a, b) => a.submit - b.submit);
  let next = 0;
  return {
    saveState: () => next,
    loadState(saved: unknown): void {
      if (typeof saved !== 'number' || !Number.isInteger(saved) || saved < 0 || saved > queue.length) throw new RangeError(`an explicit workload: a position up to ${queue.length}`);
      for (let i = next; i < saved; i++) queue[i] = undefined;
      next = saved;
    },
    next(): JobSpec | undefined {
      if (next >= queue.length) return undefined;
      const job = queue[next];
      queue[next++] = undefined;
      return job;
    },
  };
}

function convert(job: ExplicitJobSpec, id: string, space: ResourceSpace): JobSpec {
  const where = `job '${id}'`;
  if (!Number.isFinite(job.submit) || job.submit < 0) throw new Error(`${where}: submit must be a finite number >= 0, got ${job.submit}`);
  let tasks: TaskSpec[];
  if (job.stages !== undefined) {
    tasks = job.stages.flatMap((st) => {
      const shared = task(st.resources, st.duration, space, `${where} stage '${st.name}'`);
      return withPreferences(new Array<TaskSpec>(st.tasks).fill(shared), st.prefer ?? job.prefer);
    });
    const stages = job.stages.map((st) => ({ name: st.name, count: st.tasks, after: st.after }));
    return { ...convertFields(job, id), tasks, stages };
  } else if (job.taskList !== undefined) {
    tasks = job.taskList.map((t, i) => task(t.resources, t.duration, space, `${where} task ${i + 1}`));
  } else {
    const n = job.tasks ?? 1;
    if (!Number.isInteger(n) || n < 1) throw new Error(`${where}: tasks must be an integer >= 1, got ${n}`);
    if (job.duration === undefined) throw new Error(`${where}: duration is required unless taskList is given`);
    const shared = task(job.resources ?? {}, job.duration, space, where);
    tasks = new Array<TaskSpec>(n).fill(shared);
  }
  if (tasks.length === 0) throw new Error(`${where}: taskList must not be empty`);
  return { ...convertFields(job, id), tasks: withPreferences(tasks, job.prefer) };
}

/** The fields of a job other than its tasks. */
function convertFields(job: ExplicitJobSpec, id: string): Omit<JobSpec, 'tasks'> {
  return {
    id,
    submit: job.submit,
    gang: job.gang,
    ...(job.bid !== undefined ? { bid: job.bid } : {}),
    ...(job.priority !== undefined ? { priority: job.priority } : {}),
    ...(job.pool !== undefined ? { pool: job.pool } : {}),
    ...(job.service === true ? { service: true } : {}),
    ...(job.faults !== undefined ? { faults: job.faults } : {}),
  };
}

/** Each task with the agents `prefer` gives it (a call per task); the tasks unchanged without. */
function withPreferences(tasks: TaskSpec[], prefer: (() => readonly number[]) | undefined): TaskSpec[] {
  return prefer === undefined ? tasks : tasks.map((t) => Object.freeze({ ...t, prefer: prefer() }));
}

function task(resources: Record<string, number>, duration: ExplicitDuration, space: ResourceSpace, where: string): TaskSpec {
  for (const [name, value] of Object.entries(resources)) {
    if (!Number.isFinite(value) || value < 0) throw new Error(`${where}: resource '${name}' must be a finite number >= 0, got ${value}`);
  }
  const seconds = duration === 'forever' ? Infinity : duration;
  if (!(seconds >= 0)) throw new Error(`${where}: duration must be >= 0 or 'forever', got ${duration}`);
  try {
    return Object.freeze({ resources: space.fromRecord(resources), duration: seconds });
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}`);
  }
}
