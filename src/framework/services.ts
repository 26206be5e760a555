/**
 * Long-running services, as Marathon runs them on Mesos: a service keeps
 * `target` instances running. An instance is a task of the service's job,
 * index k for instance slot k; when it ends for any reason while k < target
 * (its agent went away, it failed, it was preempted) the framework launches a
 * replacement, a new attempt of the same index. Scaling (a timeline action)
 * changes the target: new slots get instances, and the instances of slots
 * above the new target are killed through the master.
 *
 * @module
 */
import type { TaskSpec } from '../model/job.js';
import type { JobRecord, Task } from '../model/task.js';
import { refill } from '../core/refill.js';

export interface Service {
  target: number;
  readonly spec: TaskSpec;
  /** The latest attempt of each instance slot. */
  readonly current: Task[];
}

export class ServiceTracker {
  readonly #services = new Map<JobRecord, Service>();
  readonly #byId = new Map<string, JobRecord>();

  start(job: JobRecord, spec: TaskSpec, instances: number): void {
    this.#services.set(job, { target: instances, spec, current: [] });
    this.#byId.set(job.id, job);
  }

  /** The service job with this id (`<framework>/<name>`), if it has arrived. */
  byId(id: string): JobRecord | undefined {
    return this.#byId.get(id);
  }

  isService(job: JobRecord): boolean {
    return this.#services.has(job);
  }

  /** True when an instance that ended (task `task`) is to be replaced: its slot is still wanted. */
  wanted(task: Task): boolean {
    const s = this.#services.get(task.job);
    return s !== undefined && task.index < s.target;
  }

  /** What each instance runs. */
  spec(job: JobRecord): TaskSpec {
    return this.#services.get(job)!.spec;
  }

  /** Records `task` as the latest attempt of its slot. */
  track(task: Task): void {
    this.#services.get(task.job)!.current[task.index] = task;
  }

  /** The latest attempt of slot `k`, if any. */
  instance(job: JobRecord, k: number): Task | undefined {
    return this.#services.get(job)!.current[k];
  }

  /** Sets a new target; returns the old one. */
  scale(job: JobRecord, instances: number): number {
    const s = this.#services.get(job)!;
    const old = s.target;
    s.target = instances;
    return old;
  }

  /** Its state as data (src/checkpoint/snapshot.ts). */
  saveState(): { services: ReadonlyMap<JobRecord, Service>; byId: ReadonlyMap<string, JobRecord> } {
    return { services: this.#services, byId: this.#byId };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<ServiceTracker['saveState']>): void {
    refill(this.#services, s.services);
    refill(this.#byId, s.byId);
  }
}
