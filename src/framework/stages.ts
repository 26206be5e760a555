/**
 * Dependencies inside a job, kept by its framework: a job is a dependency
 * graph of stages (a MapReduce job is map → reduce; a Spark job any DAG), and
 * a stage's tasks are queued only when all of its parent stages have finished.
 *
 * The framework learns that a task finished from its status update, after the
 * agent → master → framework latencies, as a real framework would; the master
 * and the allocator never see stages, only the tasks queued so far.
 *
 * A task of a stage counts as finished when any attempt of it finishes (a
 * preempted or lost attempt that is resubmitted keeps its stage waiting). If a
 * task ends for good without finishing, the job is abandoned: its stages not
 * yet released are given up (`abandon`).
 *
 * @module
 */
import type { JobRecord } from '../model/task.js';
import type { StageSpec, TaskSpec } from '../model/job.js';
import { refill } from '../core/refill.js';

/** A stage whose tasks are to be queued now: `tasks` are task indices `first`, `first + 1`, … of its job. */
export interface ReleasedStage {
  readonly stage: number;
  readonly first: number;
  readonly tasks: readonly TaskSpec[];
}

export interface StagedJob {
  readonly stages: readonly StageSpec[];
  readonly tasks: readonly TaskSpec[];
  /** Index of each stage's first task in the job. */
  readonly first: readonly number[];
  /** Tasks of each stage not yet finished. */
  readonly unfinished: number[];
  /** Parent stages of each stage not yet finished. */
  readonly waiting: number[];
  readonly children: readonly number[][];
  readonly released: boolean[];
}

/** What a job without stages releases: shared, so that the call made for every finished task allocates nothing. */
const NONE: readonly ReleasedStage[] = [];

export class StageTracker {
  readonly #jobs = new Map<JobRecord, StagedJob>();
  /** Tasks of tracked jobs whose stage is not yet released. */
  unreleased = 0;

  /** Starts tracking a job; returns its root stages, to queue at once. */
  start(job: JobRecord, stages: readonly StageSpec[], tasks: readonly TaskSpec[]): ReleasedStage[] {
    const first: number[] = [];
    let n = 0;
    for (const s of stages) {
      first.push(n);
      n += s.count;
    }
    const children = stages.map(() => [] as number[]);
    stages.forEach((s, i) => {
      for (const p of s.after) children[p]!.push(i);
    });
    const staged: StagedJob = {
      stages,
      tasks,
      first,
      unfinished: stages.map((s) => s.count),
      waiting: stages.map((s) => s.after.length),
      children,
      released: stages.map(() => false),
    };
    this.#jobs.set(job, staged);
    this.unreleased += n;
    return this.#release(staged, stages.flatMap((s, i) => (s.after.length === 0 ? [i] : [])));
  }

  /** The stage of task `index` of `job`, or undefined if the job is not tracked. */
  stageOf(job: JobRecord, index: number): number | undefined {
    const staged = this.#jobs.get(job);
    if (staged === undefined) return undefined;
    let s = 0;
    while (s + 1 < staged.first.length && staged.first[s + 1]! <= index) s++;
    return s;
  }

  /** Task `index` of `job` finished: returns the stages this releases. */
  finished(job: JobRecord, index: number): readonly ReleasedStage[] {
    const staged = this.#jobs.get(job);
    if (staged === undefined) return NONE;
    const s = this.stageOf(job, index)!;
    if (--staged.unfinished[s]! > 0) return [];
    const ready = staged.children[s]!.filter((c) => --staged.waiting[c]! === 0);
    if (staged.unfinished.every((u) => u === 0)) this.#jobs.delete(job);
    return this.#release(staged, ready);
  }

  /** Gives up a job's unreleased stages (a task failed for good, or the framework left). */
  abandon(job: JobRecord): readonly ReleasedStage[] {
    const staged = this.#jobs.get(job);
    if (staged === undefined) return NONE;
    this.#jobs.delete(job);
    return this.#release(staged, staged.stages.flatMap((_, i) => (staged.released[i] ? [] : [i])));
  }

  /** Gives up every tracked job's unreleased stages. */
  abandonAll(): [JobRecord, readonly ReleasedStage[]][] {
    return [...this.#jobs.keys()].map((job) => [job, this.abandon(job)]);
  }

  #release(staged: StagedJob, stages: readonly number[]): ReleasedStage[] {
    return stages.map((stage) => {
      staged.released[stage] = true;
      const first = staged.first[stage]!;
      const count = staged.stages[stage]!.count;
      this.unreleased -= count;
      return { stage, first, tasks: staged.tasks.slice(first, first + count) };
    });
  }

  /** Its state as data (src/checkpoint/snapshot.ts). */
  saveState(): { jobs: ReadonlyMap<JobRecord, StagedJob>; unreleased: number } {
    return { jobs: this.#jobs, unreleased: this.unreleased };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<StageTracker['saveState']>): void {
    refill(this.#jobs, s.jobs);
    this.unreleased = s.unreleased;
  }
}
