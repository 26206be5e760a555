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
}

const NO_ENTRY: JobEntry = { own: undefined, specs: undefined, drawn: undefined };

export class TaskClasses {
  readonly #jobs = new WeakMap<JobRecord, JobEntry>();
  readonly #failureStreams = new Map<number, Random>();
  readonly #usageStreams = new Map<number, Random>();
  /** Samplers of each usage model, made once per model and framework. */
  readonly #samplers = new Map<number, WeakMap<UsageModel, { cpus?: Sampler; mem?: Sampler }>>();
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
    this.#jobs.set(job, { own: spec.faults, specs: recorded ? spec.tasks : undefined, drawn: undefined });
  }

  /** Draws what an attempt that starts now will do. */
  draw(task: Task): AttemptDraw {
    const fw = task.job.framework;
    const entry = this.#jobs.get(task.job) ?? NO_ENTRY;
    const failures = entry.own?.failures ?? this.spec.frameworks[fw]?.failures;
    const [cpus, mem] = this.#usage(task, entry);
    if (failures === undefined) return { cpus, mem, failAt: Infinity, cause: undefined };
    const random = stream(this.#failureStreams, fw, () => this.random.stream(`faults/tasks/${this.frameworkName(fw)}`));
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
    if (job === NO_ENTRY) this.#jobs.set(task.job, (job = { own: undefined, specs: undefined, drawn: undefined }));
    const drawn = (job.drawn ??= new Map());
    const known = drawn.get(task.index);
    if (known !== undefined) return known;
    const s = this.#samplersOf(fw, model);
    const ratio = (sm: Sampler | undefined): number => (sm === undefined ? 1 : Math.max(0, sm.sample()));
    const usage = [request[0] * ratio(s.cpus), request[1] * ratio(s.mem)] as const;
    drawn.set(task.index, usage);
    return usage;
  }

  #samplersOf(fw: number, model: UsageModel): { cpus?: Sampler; mem?: Sampler } {
    let byModel = this.#samplers.get(fw);
    if (byModel === undefined) this.#samplers.set(fw, (byModel = new WeakMap()));
    let s = byModel.get(model);
    if (s === undefined) {
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
}

/** The stream of framework `fw` in `streams`, made on first use. */
function stream(streams: Map<number, Random>, fw: number, make: () => Random): Random {
  let s = streams.get(fw);
  if (s === undefined) streams.set(fw, (s = make()));
  return s;
}
