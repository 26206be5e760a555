/**
 * One framework as an actor: its scheduler (offers and decisions, see
 * scheduler.ts), the jobs its workload submits, their stages and services,
 * and what it does when it hears that a task ended. It owns its jobs'
 * bookkeeping: when one of its tasks ends it decides at once whether to
 * resubmit it (its retry policy; a service replaces wanted instances), and
 * keeps each job's live and unsuccessful counts, first start and last end.
 *
 * @module
 */
import type { Scheduler, SimTime } from '../core/simulation.js';
import { InputError } from '../errors.js';
import type { FrameworkSpec } from './framework-spec.js';
import type { SimEvent } from '../model/events/sim-event.js';
import type { FrameworkRecord } from '../model/framework-record.js';
import type { JobSpec, TaskSpec } from '../model/job.js';
import { isTerminal, Task, type JobRecord, type TaskState } from '../model/task.js';
import type { TaskReports } from '../model/task-reports.js';
import { DEFAULT_RETRY, retryDelay, shouldRetry, type EndCause, type RetryPolicy } from './retry.js';
import type { FrameworkScheduler } from './scheduler.js';
import type { ReleasedStage } from './stages.js';
import type { WorkCounts } from './work-counts.js';

/** What fault models hear from frameworks (see cluster/fault-hooks.ts, which implements it). */
export interface JobHooks {
  /** A job reached its framework. */
  jobArrived(job: JobRecord, spec: JobSpec): void;
  /** A task ended: how, when a fault model made it end. */
  taskEnded(task: Task, now: SimTime): EndCause | undefined;
}

/** What a framework works with besides its own parts. */
export interface FrameworkContext {
  readonly clock: Scheduler<SimEvent>;
  /** Where its tasks' transitions are reported. */
  readonly tasks: TaskReports;
  /** The work counts it keeps with the other frameworks. */
  readonly counts: WorkCounts;
  readonly faults: JobHooks;
}

export class Framework {
  readonly #retry: RetryPolicy;

  constructor(
    readonly index: number,
    readonly spec: FrameworkSpec,
    readonly record: FrameworkRecord,
    readonly scheduler: FrameworkScheduler,
    private readonly ctx: FrameworkContext,
  ) {
    this.#retry = spec.retry ?? DEFAULT_RETRY;
  }

  get gone(): boolean {
    return this.scheduler.gone;
  }

  /** Its workload starts: the first job's arrival is scheduled. */
  start(): void {
    this.ctx.counts.activeSources++;
    this.#pull();
  }

  /** Schedules the arrival of its workload's next job; the workload is done when none is left or the framework has left. */
  #pull(): void {
    const job = this.spec.jobs.next();
    const { clock } = this.ctx;
    if (job === undefined || this.scheduler.gone) {
      this.ctx.counts.activeSources--;
      return;
    }
    if (!(job.submit >= clock.now)) {
      throw new InputError(
        `framework ${this.record.name}: job ${job.id} is submitted at ${job.submit}, before the previous job (${clock.now}); jobs must come in submit order`,
      );
    }
    clock.scheduleAt(job.submit, { kind: 'job-arrival', framework: this.index, job });
  }

  /** A job arrives from its workload: its tasks are queued (a service's instances, a staged job's root stages). */
  arrive(spec: JobSpec, now: SimTime): void {
    const sched = this.scheduler;
    this.#pull();
    if (sched.gone) return;
    const record: JobRecord = {
      id: `${this.record.name}/${spec.id}`,
      framework: this.index,
      submit: now,
      bid: spec.bid ?? 0,
      priority: spec.priority ?? 1,
      pool: spec.pool ?? this.spec.pool,
      gang: spec.gang,
      estimate: spec.estimate,
      live: spec.tasks.length,
      unsuccessful: 0,
      lastEnd: now,
      firstStart: -1,
    };
    this.ctx.counts.lastProgress = now;
    this.ctx.faults.jobArrived(record, spec);
    if (spec.service === true) {
      sched.services.start(record, spec.tasks[0]!, spec.tasks.length);
      for (const task of this.#submit(record, 0, spec.tasks)) this.#launchInstance(task);
      return;
    }
    if (spec.stages === undefined) return sched.enqueue(this.#submit(record, 0, spec.tasks), spec.gang);
    for (const stage of sched.stages.start(record, spec.stages, spec.tasks)) {
      sched.enqueue(this.#submit(record, stage.first, stage.tasks), spec.gang);
    }
  }

  /** Tasks `first`, `first + 1`, … of a job reach it at `at` (now, unless listed at the end). */
  #submit(record: JobRecord, first: number, specs: readonly TaskSpec[], at = this.ctx.clock.now): Task[] {
    const tasks = specs.map((t, k) => {
      const task = new Task(record, first + k, t.resources, t.duration, 0, at);
      task.prefer = t.prefer;
      return task;
    });
    for (const t of tasks) this.ctx.tasks.submitted(t);
    return tasks;
  }

  /** A service instance (a first attempt, a replacement or a new slot) is queued. */
  #launchInstance(task: Task): void {
    this.scheduler.services.track(task);
    this.scheduler.enqueue([task], false);
  }

  /** A scripted scale of a service: new slots get instances; instances of slots above the target are killed. */
  scale(id: string, instances: number): void {
    const sched = this.scheduler;
    const job = sched.services.byId(id);
    if (job === undefined || sched.gone) return;
    const old = sched.services.scale(job, instances);
    const now = this.ctx.clock.now;
    for (let k = old; k < instances; k++) {
      const current = sched.services.instance(job, k);
      // A live instance (being killed, say) or one whose replacement is pending is replaced as usual.
      if (current !== undefined && (!isTerminal(current.state) || current.retried)) continue;
      const spec = sched.services.spec(job);
      const task = new Task(job, k, spec.resources, spec.duration, current === undefined ? 0 : current.attempt + 1, now);
      task.prefer = spec.prefer;
      job.live++;
      this.ctx.tasks.submitted(task);
      this.#launchInstance(task);
    }
    for (let k = old - 1; k >= instances; k--) {
      const current = sched.services.instance(job, k);
      if (current === undefined || isTerminal(current.state)) continue; // a pending replacement is cancelled in retry
      if (sched.kill(current)) this.#end(current, 'killed');
    }
  }

  /** It learns that a task ended: it resubmits it, or queues the stages its finish releases. */
  statusUpdate(task: Task, state: TaskState): void {
    const sched = this.scheduler;
    if (task.retried) {
      this.ctx.clock.schedule(retryDelay(this.#retry, task.attempt), { kind: 'task-retry', framework: this.index, task });
    } else if (state === 'finished') {
      for (const stage of sched.stages.finished(task.job, task.index)) {
        sched.enqueue(this.#submit(task.job, stage.first, stage.tasks), task.job.gang);
      }
    } else {
      this.#abandon(task.job, sched.stages.abandon(task.job));
    }
  }

  /** A job's stages given up before they were released: their tasks are submitted and dropped at once. */
  #abandon(job: JobRecord, stages: readonly ReleasedStage[]): void {
    for (const stage of stages) this.#drop(this.#submit(job, stage.first, stage.tasks));
  }

  /** Resubmits an ended task as its next attempt (dropped if it has left). */
  retry(ended: Task): void {
    this.ctx.counts.pendingRetries--;
    const services = this.scheduler.services;
    if (services.isService(ended.job) && !services.wanted(ended)) {
      ended.job.live--; // scaled down meanwhile: the replacement is not wanted any more
      return;
    }
    const task = new Task(ended.job, ended.index, ended.resources, ended.duration, ended.attempt + 1, this.ctx.clock.now);
    task.prefer = ended.prefer;
    this.ctx.tasks.submitted(task);
    if (this.scheduler.gone) return this.#drop([task]);
    if (services.isService(task.job)) return this.#launchInstance(task);
    this.scheduler.enqueue([task], false);
  }

  /** The master could not launch these tasks: they go back to the head of its queue. */
  launchFailed(tasks: readonly Task[]): void {
    const sched = this.scheduler;
    for (const t of tasks) t.state = 'pending';
    if (sched.gone) return this.#drop(tasks);
    // A service instance killed while its launch was on the way is not put back.
    const unwanted = tasks.filter((t) => sched.services.isService(t.job) && !sched.services.wanted(t));
    for (const t of unwanted) this.#end(t, 'killed');
    const back = unwanted.length === 0 ? tasks : tasks.filter((t) => !unwanted.includes(t));
    if (back.length > 0) sched.enqueue(back, false, true);
  }

  /** It leaves (scripted): its tasks never launched are dropped, and its stages not released given up. */
  leave(): void {
    const sched = this.scheduler;
    this.#drop(sched.leave());
    for (const [job, stages] of sched.stages.abandonAll()) this.#abandon(job, stages);
  }

  /**
   * At the end: the tasks of stages never released (their parents had not
   * finished) are reported submitted with their job, and stay pending, so that
   * every task of every job that arrived is counted and listed.
   */
  listUnreleased(): void {
    for (const [job, stages] of this.scheduler.stages.abandonAll()) for (const stage of stages) this.#submit(job, stage.first, stage.tasks, job.submit);
  }

  /** Tasks never launched whose framework left. */
  #drop(tasks: readonly Task[]): void {
    for (const t of tasks) this.#end(t, 'dropped');
  }

  /** Ends a task that never launched, now. */
  #end(task: Task, state: 'dropped' | 'killed'): void {
    task.terminate(state, this.ctx.clock.now);
    this.ctx.tasks.ended(task);
  }

  /** One of its tasks started. */
  taskStarted(task: Task, now: SimTime): void {
    if (task.job.firstStart < 0) task.job.firstStart = now;
  }

  /**
   * One of its tasks ended (`cause`: how, when a fault model made it end):
   * the retry decision, taken now so that the job stays live until the
   * retry, and the job's counts.
   */
  taskEnded(task: Task, cause: EndCause | undefined): void {
    const sched = this.scheduler;
    const job = task.job;
    const replace = sched.services.isService(job)
      ? sched.services.wanted(task)
      : cause === 'migrated' || shouldRetry(this.#retry, cause ?? task.state, task.attempt);
    if (!sched.gone && replace) {
      task.retried = true;
      job.live++;
      this.ctx.counts.pendingRetries++;
    }
    job.live--;
    if (task.state !== 'finished' && !task.retried) job.unsuccessful++;
    if (task.end > job.lastEnd) job.lastEnd = task.end;
  }
}
