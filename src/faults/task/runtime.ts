/**
 * The agent side of a running task once task failures or isolation are
 * modelled: when the task stops and how (finished, failed, OOM-killed), and
 * how much its run was stretched. The world hands every task start, task
 * end and `task-due` event here instead of scheduling `task-finish` at start
 * + duration; without task fault models the world does not make one, and
 * nothing here costs anything.
 *
 * A task stops after `min(duration, failure point)` seconds of work. Its
 * speed (work seconds per second) is:
 * - no isolation modelled: 1;
 * - `enforce` (cgroups with a CFS quota): min(1, cpus requested / cpus
 *   used), fixed for its life. A task whose memory usage exceeds its
 *   request is OOM-killed as it starts (usage is constant over its life);
 * - `none`: shared with the other tasks of its agent (shared-agents.ts).
 *
 * `used` is what the running tasks really use, cluster-wide (milli-units):
 * their requests, with cpus and mem replaced by their usage. Under
 * `enforce` a task's cpus are capped at its request (the CFS quota); under
 * `none` each agent's cpus are capped at the agent's (the tasks share it).
 *
 * Reports (docs/faults.md): `task-failed` (value: seconds it ran; detail:
 * the cause), `task-oom-killed` (value: seconds it ran; detail: `limit`
 * or `agent`), and at the end of a stretched run `task-throttled`
 * (enforce) or `task-slowed` (none) with value = seconds added; `closing`
 * reports the runs still going when the run stops.
 *
 * @module
 */
import type { HandlersFor, Scheduler, SimTime } from '../../core/simulation.js';
import type { FaultRuntime } from '../../cluster/fault-hooks.js';
import type { RandomSource } from '../../core/random.js';
import type { SimEvent } from '../../model/events/sim-event.js';
import type { Agent } from '../../model/agent.js';
import type { JobSpec } from '../../model/job.js';
import type { Quantities, ResourceSpace } from '../../model/resources.js';
import type { JobRecord, Task } from '../../model/task.js';
import type { FaultEvent } from '../../model/fault-event.js';
import { record, refill } from '../../core/refill.js';
import type { Snapshotting } from '../../checkpoint/snapshotting.js';
import { SharedAgents, type AgentClock, type SharedRun } from './shared-agents.js';
import { TaskClasses, type FailureCause, type IsolationMode, type TaskClassesState, type TaskFaultsSpec } from './task-class.js';

/** What the runtime asks of the agent the task runs on. */
export interface AgentSide {
  /** Ends the running task now in `state` and sends its status update (the world's agent side). */
  end(task: Task, state: 'finished' | 'failed'): void;
}

export interface TaskRuntimeContext {
  readonly space: ResourceSpace;
  readonly agents: readonly Agent[];
  readonly sim: Scheduler<SimEvent>;
  readonly random: RandomSource;
  readonly frameworkName: (index: number) => string;
  /** Reports a fault now. */
  readonly fault: (event: FaultEvent) => void;
  readonly side: AgentSide;
}

interface Run extends SharedRun {
  readonly cause: FailureCause | undefined;
  /** Dedicated speed (no isolation modelled, or enforce): work seconds per second. */
  speed: number;
  /** Its agent's machine failed under it: the run stopped then, stretched by this many seconds. */
  stopped?: number;
}

/** Below this many seconds, a stretch is rounding, not a slowdown. */
const EPSILON = 1e-9;

/** Its state as data (src/checkpoint/snapshot.ts). */
export interface TaskRuntimeState {
  /** The runs going on (shared with the agents' clocks under `none`). */
  readonly runs: ReadonlyMap<Task, Run>;
  readonly used: Float64Array;
  readonly wanted: ReadonlyMap<number, number>;
  /** Under `none`: the agents' clocks; else undefined. */
  readonly shared: ReadonlyMap<number, AgentClock> | undefined;
  readonly classes: TaskClassesState;
}

export class TaskRuntime implements FaultRuntime, Snapshotting<TaskRuntimeState> {
  readonly handlers: HandlersFor<SimEvent, 'task-due'> = {
    'task-due': (e, now) => this.due(e.task, e.generation, now),
  };
  readonly #classes: TaskClasses;
  readonly #runs = new Map<Task, Run>();
  readonly #mode: IsolationMode | undefined;
  readonly #shared: SharedAgents | undefined;
  /** What running tasks use, cluster-wide (milli-units). */
  readonly #used: Float64Array;
  /** Usage is modelled (an isolation mode): `used` is reported. */
  readonly #reportsUsage: boolean;
  readonly #cpus: number | undefined;
  readonly #mem: number | undefined;
  /** Under `none`: cpus the running tasks of each agent want, by agent index (milli-units). */
  readonly #wanted = new Map<number, number>();

  constructor(
    spec: TaskFaultsSpec,
    private readonly context: TaskRuntimeContext,
  ) {
    this.#classes = new TaskClasses(spec, context.space, context.random, context.frameworkName);
    this.#mode = spec.isolation;
    this.#used = context.space.zero();
    this.#reportsUsage = spec.isolation !== undefined;
    this.#cpus = context.space.indexOf('cpus');
    this.#mem = context.space.indexOf('mem');
    if (spec.isolation === 'none') {
      const cpus = context.space.indexOf('cpus');
      const mem = context.space.indexOf('mem');
      const capacity = (agent: number): readonly [number, number] => {
        const total = context.agents[agent]!.total;
        return [cpus === undefined ? 0 : total[cpus]!, mem === undefined ? 0 : total[mem]!];
      };
      this.#shared = new SharedAgents(context.sim, capacity, (task) => this.#oomKill(task, 'agent'));
    }
  }

  /** What running tasks really use, cluster-wide (milli-units), when an isolation mode models usage; else undefined. */
  get used(): Quantities | undefined {
    return this.#reportsUsage ? this.#used : undefined;
  }

  /** A job reached its framework. */
  jobArrived(job: JobRecord, spec: JobSpec): void {
    this.#classes.arrived(job, spec);
  }

  /** The task started running on its agent now: the runtime runs it (true). */
  run(task: Task, now: SimTime): boolean {
    this.#start(task, now);
    return true;
  }

  #start(task: Task, now: SimTime): void {
    const draw = this.#classes.draw(task);
    const run: Run = {
      task,
      cpus: draw.cpus,
      mem: draw.mem,
      stop: Math.min(task.duration, draw.failAt),
      cause: draw.cause,
      v0: 0,
      epoch: 0,
      speed: 1,
    };
    this.#runs.set(task, run);
    this.#count(run, +1);
    if (this.#shared !== undefined) return this.#shared.start(run, now);
    if (this.#mode === 'enforce') {
      const [cpus, mem] = this.#classes.request(task);
      if (run.mem > mem) return this.#oomKill(task, 'limit');
      if (cpus > 0 && run.cpus > cpus) run.speed = cpus / run.cpus;
    }
    if (run.stop !== Infinity) {
      this.context.sim.schedule(run.speed === 1 ? run.stop : run.stop / run.speed, { kind: 'task-due', task, generation: 0 });
    }
  }

  /** The task ended now, whatever ended it: it leaves its agent, and a stretched run is reported. */
  taskEnded(task: Task, now: SimTime): undefined {
    const run = this.#runs.get(task);
    if (run === undefined) return;
    this.#runs.delete(task);
    if (run.stopped === undefined) this.#count(run, -1);
    this.#reportStretch(run, run.stopped ?? this.#leave(run, now));
  }

  /**
   * The agent's machine failed now: its tasks stop running (and using resources). They stay in
   * the master's books, and end lost when it notices; their failure points and stops are never
   * reached, and their stretch is the one so far, reported when they end.
   */
  agentFailed(agent: number, now: SimTime): void {
    for (const run of this.#runs.values()) {
      if (run.task.agent !== agent || run.stopped !== undefined) continue;
      this.#count(run, -1);
      run.stopped = this.#leave(run, now);
    }
  }

  /** The run stops now: the stretch so far of every task still running is reported (detail `running`). */
  closing(now: SimTime): void {
    for (const run of this.#runs.values()) this.#reportStretch(run, run.stopped ?? this.#stretched(run, now), 'running');
  }

  /** The run leaves its agent now (shared: its clock); returns its stretch. */
  #leave(run: Run, now: SimTime): number {
    return this.#shared !== undefined ? this.#shared.leave(run, now) : this.#stretched(run, now);
  }

  /** Adds (`sign` +1) or removes (-1) a run's usage to `used`. */
  #count(run: Run, sign: 1 | -1): void {
    const { task } = run;
    const r = task.resources;
    for (let i = 0; i < r.length; i++) {
      if (i === this.#mem) this.#used[i]! += sign * run.mem;
      else if (i !== this.#cpus) this.#used[i]! += sign * r[i]!;
    }
    if (this.#cpus === undefined) return;
    const c = this.#cpus;
    if (this.#shared === undefined) {
      this.#used[c]! += sign * (this.#mode === 'enforce' ? Math.min(run.cpus, r[c]!) : run.cpus);
      return;
    }
    const capacity = this.context.agents[task.agent]!.total[c]!;
    const before = this.#wanted.get(task.agent) ?? 0;
    const after = before + sign * run.cpus;
    this.#wanted.set(task.agent, after);
    this.#used[c]! += Math.min(after, capacity) - Math.min(before, capacity);
  }

  #stretched(run: Run, now: SimTime): number {
    return this.#shared !== undefined ? this.#shared.stretched(run, now) : (now - run.task.start) * (1 - run.speed);
  }

  #reportStretch(run: Run, seconds: number, detail?: string): void {
    if (seconds > EPSILON) this.#report(this.#shared !== undefined ? 'task-slowed' : 'task-throttled', run.task, seconds, detail);
  }

  /** A `task-due` event: the task reached its stop point, unless the event is stale. */
  due(task: Task, generation: number, now: SimTime): void {
    const run = this.#runs.get(task);
    if (run === undefined || run.stopped !== undefined || (this.#shared !== undefined && !this.#shared.current(run, generation))) return;
    if (run.cause !== undefined && run.stop < task.duration) {
      this.#report('task-failed', task, now - task.start, run.cause);
      this.context.side.end(task, 'failed');
    } else {
      this.context.side.end(task, 'finished');
    }
  }

  /** The task is killed for using too much memory: over its own limit, or the agent's. */
  #oomKill(task: Task, cause: 'limit' | 'agent'): void {
    this.#report('task-oom-killed', task, this.context.sim.now - task.start, cause);
    this.context.side.end(task, 'failed');
  }

  #report(kind: FaultEvent['kind'], task: Task, value: number, detail?: string): void {
    this.context.fault({ kind, agent: task.agent, framework: task.job.framework, task, value, ...(detail !== undefined ? { detail } : {}) });
  }

  saveState(): TaskRuntimeState {
    return { runs: this.#runs, used: this.#used, wanted: this.#wanted, shared: this.#shared?.saveState(), classes: this.#classes.saveState() };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: TaskRuntimeState): void {
    record(s, 'task runtime');
    if ((s.shared === undefined) !== (this.#shared === undefined)) throw new RangeError(`task runtime: saved ${s.shared === undefined ? 'without' : 'with'} shared agents (isolation none)`);
    refill(this.#runs, s.runs);
    refill(this.#used, s.used);
    refill(this.#wanted, s.wanted);
    if (s.shared !== undefined) this.#shared!.loadState(s.shared);
    this.#classes.loadState(s.classes);
  }
}
