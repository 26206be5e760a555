/**
 * Agent failures, the master's health checks and network partitions
 * (docs/faults.md, "Agent failures and partitions").
 *
 * The agent's reality and the master's view are kept apart:
 * - reality: whether the agent's machine is down (`down`), whether it runs a
 *   process restarted since its failure that has not registered yet
 *   (`fresh`), and how many partitions cut it off from the master (`cuts`);
 * - the master's view: the Agent's `registered` flag, the time the master
 *   registered it (the phase of its pings), and since when it has not heard
 *   from it.
 * A failed agent stays registered, its tasks running and its resources
 * offered, until the health checks conclude (one `detect` event per
 * silence, computed by health-check.ts); the master then removes it: its
 * tasks end lost, their frameworks are told and resubmit by their retry
 * policy, and its resources leave the cluster. When the agent can reach the
 * master again (repaired, or its partition healed), it registers afresh,
 * empty, after Mesos's registration back-off (uniform in [0, 1 s)).
 *
 * Messages between the master and a cut-off agent are held and delivered
 * in order when the partition heals (held-messages.ts); if the master marks
 * the agent unreachable first, those to the agent are dropped and the
 * agent's are delivered then (see docs/mesos-model.md for why).
 *
 * Every step is reported to the observer as a fault event; nothing here
 * counts or measures (see faults/agent/figures.ts).
 *
 * @module
 */
import type { RandomSource, Random } from '../../core/random.js';
import type { HandlersFor, Scheduler, SimTime } from '../../core/simulation.js';
import type { FaultRuntime } from '../../cluster/fault-hooks.js';
import type { SimEvent } from '../../model/events/sim-event.js';
import type { Master } from '../../master/master.js';
import { agentOf, type Message, type Network } from '../../master/network.js';
import type { Agent } from '../../model/agent.js';
import type { Task } from '../../model/task.js';
import type { AgentFaultsSpec } from './spec.js';
import type { AgentFaultAction } from '../../model/events/sim-event.js';
import { FailureClocks } from './failure-clocks.js';
import type { FaultEvent } from '../../model/fault-event.js';
import { detectionTime, type HealthCheckSettings } from './health-check.js';
import { HeldMessages, type Held } from './held-messages.js';
import { num, record, refill } from '../../core/refill.js';
import type { Snapshotting } from '../../checkpoint/snapshotting.js';

/** Seconds of Mesos's first registration back-off (agent --registration_backoff_factor). */
const REGISTRATION_BACKOFF = 1;

export interface AgentFaultsContext {
  readonly sim: Scheduler<SimEvent>;
  readonly master: Master;
  readonly agents: readonly Agent[];
  readonly network: Network;
  readonly random: RandomSource;
  readonly health: HealthCheckSettings;
  /** Reports a fault event now. */
  readonly report: (event: FaultEvent) => void;
  /** The agent's machine has just failed: what ran there stops (task fault models). */
  readonly failed?: (agent: number, now: SimTime) => void;
}

/** Its state as data (src/checkpoint/snapshot.ts): every per-agent array by name, the messages held, the steps pending. */
export interface AgentFaultsState {
  readonly arrays: Readonly<Record<string, Uint8Array | Uint16Array | Uint32Array | Float64Array>>;
  readonly held: ReadonlyMap<number, Held[]>;
  readonly pending: number;
}

export class AgentFaults implements FaultRuntime, Snapshotting<AgentFaultsState> {
  readonly handlers: HandlersFor<SimEvent, 'agent-fault' | 'agent-registration'> = {
    'agent-fault': (e) => this.handle(e.action),
    'agent-registration': (e) => this.registration(e.agent),
  };
  // The agents' reality, by agent index.
  readonly #down: Uint8Array;
  readonly #fresh: Uint8Array;
  readonly #cuts: Uint16Array;
  readonly #failedAt: Float64Array;
  /** The agent process will register when it can reach the master. */
  readonly #mustRegister: Uint8Array;
  /** A registration attempt is scheduled or on its way. */
  readonly #registering: Uint8Array;
  /** Part of the cluster: registered once and not removed by the timeline. */
  readonly #member: Uint8Array;
  // The master's view.
  /** When the master registered it: its pings are at phase + k·pingTimeout. NaN while not registered. */
  readonly #phase: Float64Array;
  /** Since when the master has not heard from it; NaN while it hears it. */
  readonly #silentSince: Float64Array;
  /** Bumped whenever a pending detection stops applying. */
  readonly #epoch: Uint32Array;
  readonly #held: HeldMessages;
  readonly #clocks: FailureClocks;
  readonly #backoff: Random;
  /** Scheduled steps that may still change the cluster (not random failures, which never end). */
  #pending = 0;

  constructor(
    private readonly spec: AgentFaultsSpec,
    private readonly ctx: AgentFaultsContext,
  ) {
    const n = ctx.agents.length;
    this.#down = new Uint8Array(n);
    this.#fresh = new Uint8Array(n);
    this.#cuts = new Uint16Array(n);
    this.#failedAt = new Float64Array(n);
    this.#mustRegister = new Uint8Array(n);
    this.#registering = new Uint8Array(n);
    this.#member = new Uint8Array(n);
    this.#phase = new Float64Array(n).fill(NaN);
    this.#silentSince = new Float64Array(n).fill(NaN);
    this.#epoch = new Uint32Array(n);
    this.#held = new HeldMessages(ctx.sim);
    this.#clocks = new FailureClocks(spec.processes, ctx.random);
    this.#backoff = ctx.random.stream('faults/agents/registration');
    if (spec.partitions.length > 0) ctx.network.setGate((m, arrival) => this.#gate(m, arrival));
  }

  /** The per-agent arrays, by name. */
  #arrays(): Record<string, Uint8Array | Uint16Array | Uint32Array | Float64Array> {
    return {
      ...{ down: this.#down, fresh: this.#fresh, cuts: this.#cuts, failedAt: this.#failedAt, mustRegister: this.#mustRegister },
      ...{ registering: this.#registering, member: this.#member, phase: this.#phase, silentSince: this.#silentSince, epoch: this.#epoch },
    };
  }

  saveState(): AgentFaultsState {
    return { arrays: this.#arrays(), held: this.#held.saveState(), pending: this.#pending };
  }

  /** Takes a saveState() in place of its own (its arrays refilled: of the same kinds and lengths). */
  loadState(s: AgentFaultsState): void {
    const arrays = this.#arrays();
    record(s, 'agent faults');
    const names = Object.keys(arrays);
    if (Object.keys(s.arrays ?? {}).join() !== names.join()) throw new RangeError(`agent faults: arrays ${names.join(', ')}`);
    for (const name of names) refill(arrays[name]!, s.arrays[name]);
    this.#held.loadState(s.held);
    this.#pending = num(s.pending, 'agent faults: pending');
  }

  /** Schedules the scripted failures, the partitions and every unit's first random failure. */
  start(): void {
    this.spec.scripted.forEach((f, index) => this.#at(f.at, { type: 'scripted', index }));
    this.spec.partitions.forEach((p, partition) => this.#at(p.at, { type: 'cut', partition }));
    this.spec.processes.forEach((p, process) =>
      p.units.forEach((_, unit) => this.#schedule(this.#clocks.timeToFailure(process, unit), { type: 'random', process, unit }, false)),
    );
  }

  /** True while a scripted fault, a repair, a detection or a registration is still to come. */
  get busy(): boolean {
    return this.#pending > 0;
  }

  /**
   * Agent side: true when a message for `task` finds no process to act on it
   * (its agent is down, or restarted and not registered again): a launch, a
   * kill or a task's end is then lost.
   */
  dead(task: Task): boolean {
    return this.#down[task.agent] === 1 || this.#fresh[task.agent] === 1;
  }

  /** The master registered the agent (a scripted registration, from the timeline or a trace): pings start now. */
  agentRegistered(agent: number): void {
    this.#member[agent] = 1;
    this.#registeredNow(agent);
  }

  /** The timeline removed the agent (after the master did): it is no longer part of the cluster. */
  agentRemoved(agent: number): void {
    this.#member[agent] = 0;
    this.#mustRegister[agent] = 0;
    this.#forget(agent);
  }

  handle(action: AgentFaultAction): void {
    switch (action.type) {
      case 'scripted':
        return this.#scripted(action.index);
      case 'random':
        return this.#random(action.process, action.unit);
      case 'repair':
        return this.#repairAll(action.agents, action.process, action.unit);
      case 'detect':
        return this.#detect(action.agent, action.epoch);
      case 'register':
        return this.#sendRegistration(action.agent);
      case 'cut':
        return this.#cut(action.partition);
      case 'heal':
        return this.#heal(action.partition);
    }
  }

  /**
   * The operator brought the agent's machine up after maintenance, and its agent is owed a
   * registration (docs/faults.md#maintenance). It registers now if its process runs and can
   * reach the master; a failed agent registers once repaired, a cut-off one once its partition
   * heals (a registration after the back-off, as always). Registering a dead agent would leave
   * the master offering it for good, with nothing to notice. (True: this model registers it.)
   */
  machineUp(agent: number): true {
    if (this.#member[agent] === 0) return true; // removed by the timeline meanwhile
    this.#mustRegister[agent] = 1;
    if (this.#down[agent] === 1 || this.#cuts[agent]! > 0) return true;
    const restarted = this.#fresh[agent] === 1;
    this.ctx.master.registerAgent(this.ctx.agents[agent]!);
    this.#registeredNow(agent);
    if (restarted) this.ctx.report({ kind: 'agent-reregistered', agent, detail: 'restarted' });
    return true;
  }

  /** Master side: an agent's registration arrived. */
  registration(agent: number): void {
    this.#pending--;
    this.#registering[agent] = 0;
    if (this.#mustRegister[agent] === 0) return; // removed by the timeline meanwhile
    const a = this.ctx.agents[agent]!;
    // The master still holds an earlier registration (it has not noticed the failure): Mesos removes
    // it when the same agent registers again.
    const replaced = a.registered;
    if (replaced) this.#remove(agent);
    const detail = this.#fresh[agent] === 1 ? (replaced ? 'restarted (replaced)' : 'restarted') : 'reconnected';
    this.ctx.master.registerAgent(a);
    if (!a.registered) return; // its machine is down for maintenance: it registers when the machine comes up (machineUp)
    this.#registeredNow(agent);
    this.ctx.report({ kind: 'agent-reregistered', agent, detail });
  }

  /**
   * The master has just registered the agent: its process is the registered one, and pings
   * start now. If the machine is down (it failed after sending its registration), the master
   * will notice as usual, and the repaired agent must register again.
   */
  #registeredNow(agent: number): void {
    this.#mustRegister[agent] = this.#down[agent]!;
    this.#fresh[agent] = this.#down[agent]!;
    this.#heardFrom(agent, this.ctx.sim.now);
  }

  // ------------------------------------------------------------ failures

  #scripted(index: number): void {
    this.#pending--;
    const f = this.spec.scripted[index]!;
    const failed = f.agents.filter((a) => this.#fail(a, 'scripted'));
    if (failed.length > 0 && f.repairAfter !== null) this.#schedule(f.repairAfter, { type: 'repair', agents: failed });
  }

  #random(process: number, unit: number): void {
    const u = this.spec.processes[process]!.units[unit]!;
    const detail = u.correlated ? `random ${u.name}` : 'random';
    const failed = u.agents.filter((a) => this.#fail(a, detail));
    if (failed.length === 0) {
      // Nothing of the unit was up and in the cluster: it fails again later.
      this.#schedule(this.#clocks.timeToFailure(process, unit), { type: 'random', process, unit }, false);
      return;
    }
    this.#schedule(this.#clocks.timeToRepair(process, unit), { type: 'repair', agents: failed, process, unit });
  }

  /** The agent's machine fails now, if it is up and part of the cluster; returns whether it did. */
  #fail(agent: number, detail: string): boolean {
    if (this.#member[agent] === 0 || this.#down[agent] === 1) return false;
    this.#down[agent] = 1;
    this.#fresh[agent] = 1;
    this.#mustRegister[agent] = 1;
    this.#failedAt[agent] = this.ctx.sim.now;
    this.ctx.report({ kind: 'agent-failed', agent, detail });
    this.ctx.failed?.(agent, this.ctx.sim.now);
    this.#fallSilent(agent);
    return true;
  }

  #repairAll(agents: readonly number[], process: number | undefined, unit: number | undefined): void {
    this.#pending--;
    const now = this.ctx.sim.now;
    for (const agent of agents) {
      this.#down[agent] = 0;
      this.ctx.report({ kind: 'agent-repaired', agent, value: now - this.#failedAt[agent]! });
      this.#tryRegister(agent);
    }
    if (process !== undefined) this.#schedule(this.#clocks.timeToFailure(process, unit!), { type: 'random', process, unit: unit! }, false);
  }

  // ------------------------------------------------------- health checks

  /** The master stops hearing from the agent now (down or cut off): its health checks will conclude, unless it is heard again. */
  #fallSilent(agent: number): void {
    const a = this.ctx.agents[agent]!;
    if (!a.registered || !Number.isNaN(this.#silentSince[agent]!)) return;
    const now = this.ctx.sim.now;
    this.#silentSince[agent] = now;
    const at = detectionTime(this.#phase[agent]!, now, this.ctx.health);
    this.#schedule(at - now, { type: 'detect', agent, epoch: this.#epoch[agent]! });
  }

  /** The master registered the agent at `phase`, or hears it again: any pending detection lapses. */
  #heardFrom(agent: number, phase: SimTime): void {
    this.#phase[agent] = phase;
    this.#silentSince[agent] = NaN;
    this.#epoch[agent]!++;
    if (this.#down[agent] === 1 || this.#cuts[agent]! > 0) this.#fallSilent(agent);
  }

  #detect(agent: number, epoch: number): void {
    this.#pending--;
    if (epoch !== this.#epoch[agent] || !this.ctx.agents[agent]!.registered) return;
    const silent = this.ctx.sim.now - this.#silentSince[agent]!;
    const cause = this.#down[agent] === 1 ? 'failed' : 'partitioned';
    this.ctx.report({ kind: 'agent-unreachable', agent, value: silent, detail: cause });
    this.#remove(agent);
    this.#mustRegister[agent] = 1;
    this.#tryRegister(agent);
  }

  /** The master removes the agent: its offers are rescinded, its tasks end lost, its resources leave the cluster. */
  #remove(agent: number): void {
    this.ctx.master.removeAgent(this.ctx.agents[agent]!);
    this.#forget(agent);
  }

  /** The master keeps nothing of the agent: no pings, no held messages to it (its own are delivered now). */
  #forget(agent: number): void {
    this.#phase[agent] = NaN;
    this.#silentSince[agent] = NaN;
    this.#epoch[agent]!++;
    this.#held.release(agent, false);
  }

  // -------------------------------------------------------- registration

  /** Schedules the agent's registration after its back-off, if it must register and can reach the master. */
  #tryRegister(agent: number): void {
    if (this.#mustRegister[agent] === 0 || this.#down[agent] === 1 || this.#cuts[agent]! > 0 || this.#registering[agent] === 1) return;
    this.#registering[agent] = 1;
    this.#schedule(REGISTRATION_BACKOFF * this.#backoff.next(), { type: 'register', agent });
  }

  /** The back-off is over: the agent sends its registration, unless it went down or was cut off meanwhile (it retries when it can). */
  #sendRegistration(agent: number): void {
    if (this.#down[agent] === 1 || this.#cuts[agent]! > 0 || this.#mustRegister[agent] === 0) {
      this.#pending--;
      this.#registering[agent] = 0;
      return;
    }
    // Still pending until it arrives (`registration`).
    this.ctx.network.send({ kind: 'agent-registration', agent });
  }

  // ---------------------------------------------------------- partitions

  #cut(index: number): void {
    this.#pending--;
    const p = this.spec.partitions[index]!;
    this.ctx.report({ kind: 'partition-started', value: p.agents.length, detail: `partition ${index}` });
    for (const agent of p.agents) if (this.#cuts[agent]!++ === 0) this.#fallSilent(agent);
    this.#schedule(p.duration, { type: 'heal', partition: index });
  }

  #heal(index: number): void {
    this.#pending--;
    const p = this.spec.partitions[index]!;
    this.ctx.report({ kind: 'partition-healed', value: p.duration, detail: `partition ${index}` });
    for (const agent of p.agents) {
      if (--this.#cuts[agent]! > 0) continue;
      this.#held.release(agent, true);
      if (this.#down[agent] === 1) continue;
      // A registration the master still holds, of this very process, is heard again.
      if (this.#fresh[agent] === 0 && !Number.isNaN(this.#silentSince[agent]!)) this.#heardFrom(agent, this.#phase[agent]!);
      this.#tryRegister(agent);
    }
  }

  /** Network gate: a message on a cut-off agent's link is held until the partition heals. */
  #gate(m: Message, arrival: SimTime): boolean {
    const agent = agentOf(m);
    if (agent < 0 || this.#cuts[agent] === 0) return false;
    this.#held.hold(agent, m, arrival);
    return true;
  }

  // ------------------------------------------------------------- helpers

  #at(time: SimTime, action: AgentFaultAction): void {
    this.#pending++;
    this.ctx.sim.scheduleAt(time, { kind: 'agent-fault', action });
  }

  /** Schedules `action` `delay` seconds from now; `counts`: it keeps the run from counting as stalled. */
  #schedule(delay: SimTime, action: AgentFaultAction, counts = true): void {
    if (counts) this.#pending++;
    this.ctx.sim.schedule(delay, { kind: 'agent-fault', action });
  }
}
