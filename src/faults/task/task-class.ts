/**
 * Task classes: how likely a task's attempts are to fail, and what a task
 * actually uses against what it asked for. A framework has a class; a job
 * may have one of its own, which replaces the framework's key by key
 * (`failures`, `usage`). A trace may give a task's actual usage itself
 * (`TaskSpec.usage`); a class's usage model takes precedence over it.
 *
 * Draws (see docs/faults.md):
 * - usage: once per task, when its first attempt starts, from the stream
 *   `faults/usage/<framework>`; every attempt of the task uses the same;
 * - failures: once per attempt, when it starts, from `faults/tasks/<framework>`.
 *
 * Failure points are in seconds of work: the running time the task needs at
 * full speed. An attempt slowed down (isolation) reaches them later.
 *
 * @module
 */
import type { Random, RandomSource } from '../../core/random.js';
import type { JobSpec, TaskSpec } from '../../model/job.js';
import type { ResourceSpace } from '../../model/resources.js';
import type { JobRecord, Task } from '../../model/task.js';
import type { TaskClass, UsageModel } from '../../model/task-class.js';
import { sampler, type Sampler } from '../../workload/distributions.js';

export type { FailureModel, TaskClass, UsageModel } from '../../model/task-class.js';

/** How agents hold tasks to their requests (docs/faults.md, Isolation). */
export type IsolationMode = 'enforce' | 'none';

/** The task fault models of a world (WorldSpec.taskFaults). */
export interface TaskFaultsSpec {
  /** Absent: usage is not modelled (every task uses what it asked for, at full speed). */
  readonly isolation?: IsolationMode | undefined;
  /** Each framework's class, by framework index (undefined: none). */
  readonly frameworks: readonly (TaskClass | undefined)[];
  /** Some framework or job has a failure model. */
  readonly failures: boolean;
}

export type FailureCause = 'probability' | 'rate';

/** What one attempt will do, drawn when it starts. */
export interface AttemptDraw {
  /** CPUs and memory the task actually uses, milli-units (0 where the space lacks the resource). */
  readonly cpus: number;
  readonly mem: number;
  /** Seconds of work after which the attempt fails (Infinity: it does not fail). */
  readonly failAt: number;
  readonly cause: FailureCause | undefined;
}

/** What a job brought with it: its own class and its tasks' recorded usage. */
interface JobEntry {
  readonly own: TaskClass | undefined;
  readonly specs: readonly TaskSpec[] | undefined;
  /** Usage drawn for its tasks so far, by task index: [cpus, mem]. */
  drawn: Map<number, readonly [number, number]> | undefined;
  /** A service: a scale-up may start tasks of it again after every one ended. */
  readonly service: boolean;
}

const NO_ENTRY: JobEntry = { own: undefined, specs: undefined, drawn: undefined, service: false };

/** A stream or samplers made on first use, in the order made: the failure stream of a framework, or the samplers of a usage model (its own, a job's; else the framework's). */
type Made = { readonly failures: number } | { readonly usage: number; readonly own: UsageModel | undefined };

/** Its state as data (src/checkpoint/snapshot.ts): the jobs that may still start attempts, with their entries, and what was made on first use. */
export interface TaskClassesState {
  readonly jobs: readonly (readonly [JobRecord, JobEntry])[];
  readonly made: readonly Made[];
}

/** True while a task of the job may still start: it has live tasks, or is a service (scaled up again). */
const mayStart = (job: JobRecord, entry: JobEntry): boolean => job.live > 0 || entry.service;

export class TaskClasses {
  /** Entries of jobs, by job; those of jobs that will start nothing more are let go now and then (`#keep`). */
  readonly #jobs = new Map<JobRecord, JobEntry>();
  /** #jobs's size after the last prune. */
  #kept = 0;
  readonly #failureStreams = new Map<number, Random>();
  readonly #usageStreams = new Map<number, Random>();
  /** Samplers of each usage model, made once per model and framework. */
  readonly #samplers = new Map<number, WeakMap<UsageModel, { cpus?: Sampler; mem?: Sampler }>>();
  /** What was made on first use, in order (a restore makes it again in that order: the random streams are matched by order). */
  readonly #made: Made[] = [];
  readonly #cpus: number | undefined;
  readonly #mem: number | undefined;

  constructor(
    private readonly spec: TaskFaultsSpec,
    space: ResourceSpace,
    private readonly random: RandomSource,
    private readonly frameworkName: (index: number) => string,
  ) {
    this.#cpus = space.indexOf('cpus');
    this.#mem = space.indexOf('mem');
  }

  /** A job reached its framework: its class and recorded usage, if any, are kept for its tasks. */
  arrived(job: JobRecord, spec: JobSpec): void {
    const recorded = spec.tasks.some((t) => t.usage !== undefined);
    if (spec.faults === undefined && !recorded) return;
    this.#keep(job, { own: spec.faults, specs: recorded ? spec.tasks : undefined, drawn: undefined, service: spec.service === true });
  }

  /** Keeps the job's entry; when the entries have doubled since the last prune, lets go of those of jobs that will start nothing more. */
  #keep(job: JobRecord, entry: JobEntry): void {
    this.#jobs.set(job, entry);
    if (this.#jobs.size < 2 * this.#kept + 1024) return;
    for (const [j, e] of this.#jobs) if (!mayStart(j, e)) this.#jobs.delete(j);
    this.#kept = this.#jobs.size;
  }

  /** Draws what an attempt that starts now will do. */
  draw(task: Task): AttemptDraw {
    const fw = task.job.framework;
    const entry = this.#jobs.get(task.job) ?? NO_ENTRY;
    const failures = entry.own?.failures ?? this.spec.frameworks[fw]?.failures;
    const [cpus, mem] = this.#usage(task, entry);
    if (failures === undefined) return { cpus, mem, failAt: Infinity, cause: undefined };
    const random = this.#failureStream(fw);
    let failAt = Infinity;
    let cause: FailureCause | undefined;
    if (failures.probability > 0 && Number.isFinite(task.duration) && random.next() < failures.probability) {
      failAt = random.next() * task.duration;
      cause = 'probability';
    }
    if (failures.rate > 0) {
      const at = -Math.log(1 - random.next()) / failures.rate;
      if (at < failAt) (failAt = at), (cause = 'rate');
    }
    return { cpus, mem, failAt, cause };
  }

  /** The task's usage: drawn from its class's model once per task, else recorded by the trace, else its request. */
  #usage(task: Task, entry: JobEntry): readonly [number, number] {
    const fw = task.job.framework;
    const model = entry.own?.usage ?? this.spec.frameworks[fw]?.usage;
    const request = this.#pair(task.resources);
    if (model === undefined) {
      const recorded = entry.specs?.[task.index]?.usage;
      return recorded === undefined ? request : this.#pair(recorded);
    }
    let job = entry;
    if (job === NO_ENTRY) this.#keep(task.job, (job = { own: undefined, specs: undefined, drawn: undefined, service: false }));
    const drawn = (job.drawn ??= new Map());
    const known = drawn.get(task.index);
    if (known !== undefined) return known;
    const s = this.#samplersOf(fw, model, entry.own?.usage !== undefined);
    const ratio = (sm: Sampler | undefined): number => (sm === undefined ? 1 : Math.max(0, sm.sample()));
    const usage = [request[0] * ratio(s.cpus), request[1] * ratio(s.mem)] as const;
    drawn.set(task.index, usage);
    return usage;
  }

  #failureStream(fw: number): Random {
    return stream(this.#failureStreams, fw, () => {
      this.#made.push({ failures: fw });
      return this.random.stream(`faults/tasks/${this.frameworkName(fw)}`);
    });
  }

  /** The samplers of `model` (`own`: a job's own, else its framework's), made on first use. */
  #samplersOf(fw: number, model: UsageModel, own: boolean): { cpus?: Sampler; mem?: Sampler } {
    let byModel = this.#samplers.get(fw);
    if (byModel === undefined) this.#samplers.set(fw, (byModel = new WeakMap()));
    let s = byModel.get(model);
    if (s === undefined) {
      this.#made.push({ usage: fw, own: own ? model : undefined });
      const random = stream(this.#usageStreams, fw, () => this.random.stream(`faults/usage/${this.frameworkName(fw)}`));
      s = {
        ...(model.cpus !== undefined ? { cpus: sampler(model.cpus, random) } : {}),
        ...(model.mem !== undefined ? { mem: sampler(model.mem, random) } : {}),
      };
      byModel.set(model, s);
    }
    return s;
  }

  #pair(q: Float64Array): readonly [number, number] {
    return [this.#cpus === undefined ? 0 : q[this.#cpus]!, this.#mem === undefined ? 0 : q[this.#mem]!];
  }

  /** The task's request of cpus and memory, milli-units. */
  request(task: Task): readonly [number, number] {
    return this.#pair(task.resources);
  }

  saveState(): TaskClassesState {
    return { jobs: [...this.#jobs].filter(([job, entry]) => mayStart(job, entry)), made: [...this.#made] };
  }

  /**
   * Takes a saveState() in place of its own, before any task starts (a
   * restore): the streams and samplers the saved run had made are made
   * again, in the same order, so that each takes its saved state.
   */
  loadState(s: TaskClassesState): void {
    if (this.#made.length > 0 || this.#jobs.size > 0) throw new RangeError('task classes: restored after tasks started');
    if (!Array.isArray(s.jobs) || !Array.isArray(s.made)) throw new TypeError('task classes: jobs and what was made');
    for (const m of s.made) {
      if ('failures' in m) {
        this.#failureStream(m.failures);
        continue;
      }
      const model = m.own ?? this.spec.frameworks[m.usage]?.usage;
      if (model === undefined) throw new RangeError(`task classes: framework ${m.usage} has no usage model`);
      this.#samplersOf(m.usage, model, m.own !== undefined);
    }
    for (const [job, entry] of s.jobs) this.#jobs.set(job, entry);
    this.#kept = this.#jobs.size;
  }
}

/** The stream of framework `fw` in `streams`, made on first use. */
function stream(streams: Map<number, Random>, fw: number, make: () => Random): Random {
  let s = streams.get(fw);
  if (s === undefined) streams.set(fw, (s = make()));
  return s;
}
