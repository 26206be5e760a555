/**
 * No isolation: the tasks running on an agent share its real CPUs and
 * memory (docs/faults.md, Isolation).
 *
 * CPU is processor sharing: while the CPUs the agent's running tasks want
 * add up to more than the agent has, every one of them runs at speed
 * cpus / wanted (a second of running does that many seconds of work).
 * All tasks of an agent share one speed, so each agent keeps one work
 * clock `v` (seconds of full-speed work done by a task running since v = 0)
 * and a task stops when v reaches its start mark plus its stop point. Only
 * the agent's earliest stop is scheduled; a start or end on the agent
 * reschedules it (a new generation makes the event already queued stale).
 * Cost: O(tasks on the agent) per start or end there, nothing elsewhere.
 *
 * Memory: when the memory the running tasks use exceeds the agent's, the
 * kernel's OOM killer kills the task using the most (ties: the latest
 * started) until the rest fit. Usage is constant over a task's life, so this
 * can only happen when a task starts.
 *
 * @module
 */
import type { Scheduler, SimTime } from '../../core/simulation.js';
import { refill } from '../../core/refill.js';
import { InvariantError } from '../../errors.js';
import type { SimEvent } from '../../model/events/sim-event.js';
import type { Task } from '../../model/task.js';

/** A running task as its agent's clock knows it. */
export interface SharedRun {
  readonly task: Task;
  /** CPUs and memory it uses, milli-units. */
  readonly cpus: number;
  readonly mem: number;
  /** Seconds of work at which it stops (Infinity: never). */
  readonly stop: number;
  /** The agent's work clock when it started. */
  v0: number;
  /** The clock's slow-period count when it started at full speed; -1 when it started slowed. */
  epoch: number;
}

export interface AgentClock {
  /** Seconds of full-speed work done since the clock was made, as of `at`. */
  v: number;
  at: SimTime;
  /** Work seconds per second: min(1, cpus / wanted). */
  speed: number;
  /** Incremented each time the speed drops below 1. */
  epoch: number;
  /** CPUs wanted and memory used by its running tasks, milli-units. */
  wanted: number;
  used: number;
  readonly runs: Set<SharedRun>;
  /** The generation of its one scheduled stop event. */
  generation: number;
}

export class SharedAgents {
  readonly #clocks = new Map<number, AgentClock>();

  constructor(
    private readonly sim: Scheduler<SimEvent>,
    /** An agent's CPUs and memory, milli-units (0: not modelled). */
    private readonly capacity: (agent: number) => readonly [number, number],
    /** Kills the task now for using too much memory (it ends, and `leave` is called for it). */
    private readonly oomKill: (task: Task) => void,
  ) {}

  /** The task starts on its agent now. */
  start(run: SharedRun, now: SimTime): void {
    const agent = run.task.agent;
    let clock = this.#clocks.get(agent);
    if (clock === undefined) {
      clock = { v: 0, at: now, speed: 1, epoch: 0, wanted: 0, used: 0, runs: new Set(), generation: 0 };
      this.#clocks.set(agent, clock);
    }
    advance(clock, now);
    run.v0 = clock.v;
    run.epoch = clock.speed === 1 ? clock.epoch : -1;
    clock.runs.add(run);
    clock.wanted += run.cpus;
    clock.used += run.mem;
    const [cpus, mem] = this.capacity(agent);
    this.#respeed(clock, cpus);
    while (mem > 0 && clock.used > mem) {
      const victim = largest(clock.runs);
      this.oomKill(victim.task);
      if (clock.runs.has(victim)) throw new InvariantError(`task ${victim.task.id} was OOM-killed but is still running`);
    }
    if (this.#clocks.get(agent) === clock) this.#reschedule(clock, now);
  }

  /**
   * The task left its agent now (it ended, for whatever reason). Returns
   * the seconds its run was stretched by: running time minus work done.
   */
  leave(run: SharedRun, now: SimTime): number {
    const agent = run.task.agent;
    const clock = this.#clocks.get(agent)!;
    const stretched = this.stretched(run, now);
    clock.runs.delete(run);
    clock.wanted -= run.cpus;
    clock.used -= run.mem;
    if (clock.runs.size === 0) {
      this.#clocks.delete(agent);
    } else {
      this.#respeed(clock, this.capacity(agent)[0]);
      this.#reschedule(clock, now);
    }
    return stretched;
  }

  /** Seconds the run has been stretched by so far: running time minus work done. */
  stretched(run: SharedRun, now: SimTime): number {
    const clock = this.#clocks.get(run.task.agent)!;
    advance(clock, now);
    return run.epoch === clock.epoch && clock.speed === 1 ? 0 : Math.max(0, now - run.task.start - (clock.v - run.v0));
  }

  /** Its state as data (src/checkpoint/snapshot.ts): each busy agent's clock, with its runs (the runtime's own objects). */
  saveState(): ReadonlyMap<number, AgentClock> {
    return this.#clocks;
  }

  /** Takes a saveState() in place of its own. */
  loadState(clocks: ReadonlyMap<number, AgentClock>): void {
    refill(this.#clocks, clocks);
    for (const c of this.#clocks.values()) if (!(c.runs instanceof Set) || typeof c.v !== 'number' || typeof c.generation !== 'number') throw new TypeError('shared agents: a clock of other fields');
  }

  /** True when a stop event of this generation is the agent's current one. */
  current(run: SharedRun, generation: number): boolean {
    return this.#clocks.get(run.task.agent)?.generation === generation;
  }

  #respeed(clock: AgentClock, cpus: number): void {
    const speed = cpus > 0 && clock.wanted > cpus ? cpus / clock.wanted : 1;
    if (speed < 1 && clock.speed === 1) clock.epoch++;
    clock.speed = speed;
  }

  /** Schedules the agent's earliest stop (a new generation). */
  #reschedule(clock: AgentClock, now: SimTime): void {
    clock.generation++;
    let first: SharedRun | undefined;
    let at = Infinity;
    for (const run of clock.runs) {
      const t = this.#stopTime(clock, run, now);
      if (t < at) (at = t), (first = run);
    }
    if (first !== undefined) this.sim.scheduleAt(at, { kind: 'task-due', task: first.task, generation: clock.generation });
  }

  /** When the run reaches its stop at the clock's current speed; exact when it has only ever run at full speed. */
  #stopTime(clock: AgentClock, run: SharedRun, now: SimTime): SimTime {
    if (run.stop === Infinity) return Infinity;
    if (run.epoch === clock.epoch && clock.speed === 1) return Math.max(now, run.task.start + run.stop);
    return now + Math.max(0, run.v0 + run.stop - clock.v) / clock.speed;
  }
}

function advance(clock: AgentClock, now: SimTime): void {
  clock.v += (now - clock.at) * clock.speed;
  clock.at = now;
}

/** The run using the most memory; among equals, the latest started. */
function largest(runs: Set<SharedRun>): SharedRun {
  let best: SharedRun | undefined;
  for (const r of runs) if (best === undefined || r.mem >= best.mem) best = r;
  return best!;
}
