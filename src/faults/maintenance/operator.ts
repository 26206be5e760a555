/**
 * Maintenance as the operator runs it, with Mesos's maintenance primitives
 * and agent draining (docs/faults.md#maintenance):
 *
 * - at `scheduledAt` the schedule is posted: each agent's machine is DRAINING
 *   (the master rescinds its offers, makes new ones carrying the
 *   unavailability, and sends inverse offers after every allocation run);
 * - with a drain, at `drain.at` the operator calls DRAIN_AGENT: the master
 *   deactivates the agent (no more offers) and tells it to drain; the agent
 *   kills the tasks still running `gracePeriod` seconds after it hears
 *   (TASK_KILLED, reason AGENT_DRAINING: state `killed`, end `drained`), and
 *   is DRAINED once the master holds no task on it;
 * - at `start`, /machine/down, after everything else due at that instant (a
 *   drain's kills due then come first): its agent is removed (tasks still
 *   there are lost) and may not register while the machine is down;
 * - at `start + duration`, /machine/up: the machine leaves the schedule and
 *   its agent registers again, empty, if it was registered before (or tried
 *   to register while down).
 *
 * It also keeps the cause of ends it brought about (drained, or migrated by
 * their framework), so that the framework's retry decision can tell them from
 * other kills, and reports them as fault events. No randomness: everything
 * happens at the scheduled times.
 *
 * @module
 */
import type { SimTime } from '../../core/event-queue.js';
import { Priority, type Scheduler } from '../../core/simulation.js';
import type { SimEvent } from '../../model/events/sim-event.js';
import type { Master } from '../../master/master.js';
import type { MasterMaintenance } from '../../master/maintenance.js';
import type { Network } from '../../master/network.js';
import type { Unavailability } from '../../model/offer.js';
import { isTerminal, type Task } from '../../model/task.js';
import { num, refill } from '../../core/refill.js';
import type { FaultEvent } from '../../model/fault-event.js';

/** One window of a maintenance schedule, with agents by index. */
export interface MaintenanceWindow {
  readonly agents: readonly number[];
  /** When the operator posts the schedule (the machines start DRAINING). */
  readonly scheduledAt: SimTime;
  /** /machine/down. */
  readonly start: SimTime;
  /** Seconds until /machine/up. */
  readonly duration: SimTime;
  /** DRAIN_AGENT at `at`; its tasks are killed `gracePeriod` seconds after the agent hears. */
  readonly drain?: { readonly at: SimTime; readonly gracePeriod: SimTime } | undefined;
}

type OperatorEvent = Extract<SimEvent, { kind: 'maintenance-schedule' | 'maintenance-drain' | 'machine-down' | 'machine-up' }>;
type AgentEvent = Extract<SimEvent, { kind: 'drain-agent' | 'drain-deadline' }>;

/** Same-instant order of a window's actions: a machine comes up before another schedule is posted for it, and so on. */
const ORDER: readonly OperatorEvent['kind'][] = ['machine-up', 'maintenance-schedule', 'maintenance-drain', 'machine-down'];

/** The operator's state as data. */
export interface OperatorState {
  readonly unavailability: readonly Unavailability[];
  readonly draining: ReadonlyMap<number, { readonly id: number; readonly since: SimTime }>;
  readonly nextDrain: number;
  readonly drained: ReadonlySet<Task>;
  readonly migrating: ReadonlyMap<Task, SimTime>;
}

/** Why a task ended, when maintenance made it end. */
export type MaintenanceEnd = 'drained' | 'migrated';

export class MaintenanceOperator {
  readonly #book: MasterMaintenance;
  /** Each window's unavailability (one object per window: machine-up lifts only its own, by identity). */
  readonly #unavailability: Unavailability[];
  /** Drains under way, by agent index: which drain, and since when. */
  readonly #draining = new Map<number, { readonly id: number; readonly since: SimTime }>();
  #nextDrain = 1;
  /** Tasks killed by a drain, until their end is reported. */
  readonly #drained = new Set<Task>();
  /** Tasks their framework is moving off an agent, with the unavailability start they would have run into. */
  readonly #migrating = new Map<Task, SimTime>();

  constructor(
    private readonly windows: readonly MaintenanceWindow[],
    private readonly master: Master,
    private readonly sim: Scheduler<SimEvent>,
    private readonly network: Network,
    private readonly report: (event: FaultEvent) => void,
    /** Agent side: kills a staging or running task now (state killed). */
    private readonly killOnAgent: (task: Task) => void,
    /** The agent of a machine brought up registers (default: at once; with agent faults, once its process runs and reaches the master). */
    private readonly registerAgent: (agent: number) => void = (a) => master.registerAgent(master.agents[a]!),
  ) {
    this.#book = master.enableMaintenance();
    this.#unavailability = windows.map((w) => ({ start: w.start, duration: w.duration }));
  }

  /**
   * Its state as data (src/checkpoint/snapshot.ts). The windows'
   * unavailabilities are saved by reference: the master's book and the agents
   * hold the same objects, and a restore must keep them the same.
   */
  saveState(): OperatorState {
    return { unavailability: this.#unavailability, draining: this.#draining, nextDrain: this.#nextDrain, drained: this.#drained, migrating: this.#migrating };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: OperatorState): void {
    if (!Array.isArray(s.unavailability) || s.unavailability.length !== this.windows.length) throw new RangeError(`maintenance operator: ${this.windows.length} windows`);
    refill(this.#unavailability, s.unavailability);
    refill(this.#draining, s.draining);
    this.#nextDrain = num(s.nextDrain, 'maintenance operator: next drain');
    refill(this.#drained, s.drained);
    refill(this.#migrating, s.migrating);
  }

  /** Schedules the operator's actions; returns how many events that is (they are scripted, like the timeline's). */
  schedule(): number {
    const actions: { time: SimTime; event: OperatorEvent }[] = [];
    this.windows.forEach((w, window) => {
      actions.push({ time: w.scheduledAt, event: { kind: 'maintenance-schedule', window } });
      if (w.drain !== undefined) actions.push({ time: w.drain.at, event: { kind: 'maintenance-drain', window } });
      actions.push({ time: w.start, event: { kind: 'machine-down', window } });
      actions.push({ time: w.start + w.duration, event: { kind: 'machine-up', window } });
    });
    const rank = (e: OperatorEvent): number => ORDER.indexOf(e.kind);
    actions.sort((a, b) => a.time - b.time || rank(a.event) - rank(b.event) || a.event.window - b.event.window);
    for (const { time, event } of actions) this.sim.scheduleAt(time, event, event.kind === 'machine-down' ? Priority.Late : Priority.Normal);
    return actions.length;
  }

  /** One of the operator's scheduled actions. */
  act(e: OperatorEvent): void {
    const w = this.windows[e.window]!;
    for (const a of w.agents) {
      switch (e.kind) {
        case 'maintenance-schedule':
          this.#post(a, e.window);
          break;
        case 'maintenance-drain':
          this.#drain(a, w.drain!.gracePeriod);
          break;
        case 'machine-down':
          this.#down(a);
          break;
        case 'machine-up':
          this.#up(a, e.window);
          break;
      }
    }
  }

  /** Agent side of a drain: DRAIN_AGENT arrives (the kill timer starts), or the grace period is over. */
  atAgent(e: AgentEvent): void {
    if (this.#drainOn(e.agent)?.id !== e.drain) return; // the agent left since, or drained
    if (e.kind === 'drain-agent') {
      this.sim.schedule(e.gracePeriod, { kind: 'drain-deadline', agent: e.agent, drain: e.drain });
      return;
    }
    for (const task of [...this.master.agents[e.agent]!.tasks]) {
      if (task.state !== 'staging' && task.state !== 'running') continue;
      this.#drained.add(task);
      this.killOnAgent(task);
      // Not killed (its agent has failed: nothing runs there to kill it): it ends lost when the master notices, not drained.
      this.#drained.delete(task);
    }
  }

  /** A task's status reached the master: a draining agent with no task left is DRAINED. */
  statusArrived(task: Task): void {
    if (this.#draining.size > 0 && task.agent >= 0) this.#checkDrained(task.agent);
  }

  /** The timeline removed the agent (after the master did): if its machine is down, it does not come back with it. */
  removed(a: number): void {
    this.#book.forget(a);
  }

  /** Its framework kills `task` to move it off an agent whose unavailability starts at `start`. */
  migrating(task: Task, start: SimTime): void {
    this.#migrating.set(task, start);
  }

  /** A task ended: the maintenance cause of its end (reported as a fault), or undefined when maintenance had no part. */
  taskEnded(task: Task): MaintenanceEnd | undefined {
    const drained = this.#drained.delete(task);
    const start = this.#migrating.get(task);
    if (start !== undefined) this.#migrating.delete(task);
    const base = { agent: task.agent, framework: task.job.framework, task };
    if (drained) {
      this.report({ ...base, kind: 'task-drained', value: task.start >= 0 ? this.sim.now - task.start : 0 });
      return 'drained';
    }
    if (start === undefined || task.state !== 'killed') return undefined;
    this.report({ ...base, kind: 'task-migrated', value: start - this.sim.now });
    return 'migrated';
  }

  #post(a: number, window: number): void {
    const u = this.#unavailability[window]!;
    this.report({ kind: 'maintenance-scheduled', agent: a, value: u.start });
    this.master.updateUnavailability(this.master.agents[a]!, u);
  }

  #drain(a: number, gracePeriod: SimTime): void {
    const agent = this.master.agents[a]!;
    if (!agent.registered || this.master.isDeactivated(agent)) return;
    this.master.deactivateAgent(agent);
    const id = this.#nextDrain++;
    this.#draining.set(a, { id, since: this.sim.now });
    this.report({ kind: 'agent-draining', agent: a, value: gracePeriod });
    this.network.send({ kind: 'drain-agent', agent: a, drain: id, gracePeriod });
    this.#checkDrained(a);
  }

  /**
   * The drain under way on the agent, if any. A drain ends when the master removes the agent
   * (health checks, a failed agent's registration replacing it): the agent registers again active,
   * and a timer left from the drain (of a process that died, say) kills nothing.
   */
  #drainOn(a: number): { readonly id: number; readonly since: SimTime } | undefined {
    const drain = this.#draining.get(a);
    if (drain === undefined || this.master.isDeactivated(this.master.agents[a]!)) return drain;
    this.#draining.delete(a);
    return undefined;
  }

  #checkDrained(a: number): void {
    const drain = this.#drainOn(a);
    if (drain === undefined || this.master.agents[a]!.tasks.size > 0) return;
    this.#draining.delete(a);
    this.report({ kind: 'agent-drained', agent: a, value: this.sim.now - drain.since });
  }

  /** /machine/down: value = the tasks still on the agent, lost now. */
  #down(a: number): void {
    const agent = this.master.agents[a]!;
    let live = 0;
    for (const t of agent.tasks) if (!isTerminal(t.state)) live++;
    this.report({ kind: 'maintenance-started', agent: a, value: live });
    this.#draining.delete(a);
    this.#book.down(a, agent.registered);
    this.master.removeAgent(agent);
  }

  /** /machine/up: value = seconds the machine was down. */
  #up(a: number, window: number): void {
    const agent = this.master.agents[a]!;
    const comesBack = this.#book.up(a);
    if (this.#book.unavailability(a) === this.#unavailability[window]) this.master.updateUnavailability(agent, undefined);
    this.report({ kind: 'maintenance-ended', agent: a, value: this.windows[window]!.duration });
    if (comesBack) this.registerAgent(a);
  }
}
