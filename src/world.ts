/**
 * One simulated cluster, wired from a resolved specification: the master,
 * the agents' processes, the frameworks, the timeline and the fault models
 * the scenario has. Each component owns its state and handles its own
 * events; the world merges their handler tables (every event kind handled
 * by exactly one component, checked by the compiler), makes the simulation
 * with them, and runs it until the run is over.
 *
 * @module
 */
import { Agenda, mergeHandlers, Simulation, type Handlers } from './core/simulation.js';
import type { SimTime } from './core/event-queue.js';
import type { RandomSource } from './core/random.js';
import type { Allocator } from './allocator/types.js';
import { topLevel } from './model/quota.js';
import { AgentProcess } from './cluster/agent-process.js';
import type { FaultContext } from './cluster/fault-context.js';
import { FaultHooks } from './cluster/fault-hooks.js';
import { RunEnd } from './cluster/run-end.js';
import { Timeline } from './cluster/timeline.js';
import { faultRuntimes } from './faults/registry.js';
import { Frameworks } from './framework/frameworks.js';
import type { FrameworkScheduler } from './framework/scheduler.js';
import { diagnoseStall, type StallReport } from './framework/stall.js';
import { masterHandlers } from './master/handlers.js';
import { Master } from './master/master.js';
import { Network } from './master/network.js';
import type { RunObserver } from './master/observer.js';
import { Agent } from './model/agent.js';
import type { SimEvent } from './model/events/sim-event.js';
import type { FrameworkRecord } from './model/framework-record.js';
import { Pool } from './model/pool.js';
import type { Quantities } from './model/resources.js';
import { AgentReservations } from './model/reservations.js';
import { RoleTree } from './model/roles.js';
import type { EndReason, RunOptions, WorldSpec } from './world-spec.js';

export type { AgentSpec, EndReason, FrameworkSpec, RunOptions, TimelineAction, WorldSpec } from './world-spec.js';

export class World {
  readonly sim: Simulation<SimEvent>;
  readonly master: Master;
  readonly agents: readonly Agent[];
  /** What the master knows of each framework, by index. */
  readonly frameworks: readonly FrameworkRecord[];
  readonly schedulers: readonly FrameworkScheduler[];
  readonly network: Network;
  readonly #frameworks: Frameworks;
  readonly #faults = new FaultHooks();
  readonly #end: RunEnd;
  /** The actors the world holds besides those above, by name (for a checkpoint's snapshot: src/checkpoint/snapshot-world.ts). */
  readonly #actors: Readonly<Record<string, unknown>>;

  constructor(
    readonly spec: WorldSpec,
    allocator: Allocator,
    random: RandomSource,
    observer: RunObserver,
  ) {
    const { space } = spec;
    const faults = this.#faults;
    const clock = new Agenda<SimEvent>();
    const roles = new RoleTree(space, spec.weights, spec.quotas);
    const agents = spec.agents.map((a, i) => {
      const reserved = a.reservations === undefined || a.reservations.size === 0 ? undefined : a.reservations;
      const book = reserved && new AgentReservations(space, new Map([...reserved].map(([r, q]) => [roles.ensure(r), q])), roles);
      return new Agent(i, a.name, a.group, a.total, a.attributes, space, a.pool, book);
    });
    const network = new Network(spec.master.latency, random.stream('network'), clock);
    const frameworks = new Frameworks(spec, { clock, network, roles, observer, faults, requestOnNewWork: allocator.reactsToDemand === true });
    const pools = (spec.pools ?? []).map((p) => new Pool(p, space));
    const master = new Master(space, spec.master, agents, frameworks.records, roles, allocator, clock, random.stream('master/shuffle'), observer, frameworks, network, pools);
    const agentProcess = new AgentProcess(clock, network, frameworks, faults);
    const report: FaultContext['report'] = (event) => observer.fault?.(event, clock.now);
    const timeline = new Timeline(spec, clock, master, agents, frameworks, faults, report);
    this.agents = agents;
    this.network = network;
    this.master = master;
    this.frameworks = frameworks.records;
    this.schedulers = frameworks.schedulers;
    this.#frameworks = frameworks;

    // The fault models the scenario has (src/faults/registry.ts); their hooks run in the registry's order.
    const ctx: FaultContext = { space, clock, random, master, agents, network, frameworks, agentProcess, hooks: faults, report };
    const handlers: Handlers<SimEvent> = mergeHandlers(
      timeline.handlers,
      masterHandlers(master, (task) => faults.statusArrived(task)),
      agentProcess.handlers,
      frameworks.handlers,
      faultRuntimes(spec, ctx),
    );
    const beforeEach = observer.beforeEvent === undefined ? undefined : (now: SimTime) => observer.beforeEvent!(now);
    this.sim = new Simulation(faults.guard(handlers), clock, beforeEach === undefined ? {} : { beforeEach });
    this.#end = new RunEnd(spec, {
      clock,
      work: frameworks.counts,
      unreleased: () => frameworks.unreleased,
      scripted: () => timeline.pending,
      faults,
    });
    this.#actors = { roles, timeline, agentProcess, faultHooks: faults, end: this.#end, frameworks, pools };
    // Same-instant events run in the order scheduled: the script, the master's first tick, the fault models' clocks.
    timeline.schedule();
    faults.script();
    master.start();
    faults.start();
  }

  /** What running tasks really use, cluster-wide (milli-units), when an isolation mode models usage; else undefined. */
  get used(): Quantities | undefined {
    return this.#faults.used;
  }

  /** Runs to the end the spec asks for; returns the end time and why it stopped. */
  run(options: RunOptions = {}): { end: SimTime; reason: EndReason } {
    const verifyEvery = options.verifyEvery ?? 0;
    const { onProgress } = options;
    let reason: EndReason | undefined;
    const stop = (): boolean => {
      const n = this.sim.processed;
      if (verifyEvery > 0 && n % verifyEvery === 0) this.master.verify();
      if (onProgress !== undefined && (n & 0xffff) === 0) onProgress(this.sim.now);
      reason = this.#end.check();
      return reason !== undefined;
    };
    const { until } = this.spec;
    this.sim.run(until === 'drained' ? Infinity : until, stop);
    reason ??= until === 'drained' ? 'idle' : 'until';
    this.#frameworks.listUnreleased();
    this.#faults.closing(this.sim.now);
    if (verifyEvery > 0) this.master.verify();
    return { end: this.sim.now, reason };
  }

  /**
   * A fork changed the allocator (src/checkpoint/switching-allocator.ts):
   * frameworks tell the master of new work as the new policy wants, and
   * every agent with free resources is shown to it at its first run.
   */
  allocatorChanged(reactsToDemand: boolean): void {
    for (const s of this.schedulers) s.requestOnNewWork(reactsToDemand);
    this.master.lookAgain();
  }

  /** Its actors that the fields above do not show, by name (the role tree, timeline, agent processes, fault hooks, run end, frameworks, pools). */
  actors(): Readonly<Record<string, unknown>> {
    return this.#actors;
  }

  /** Why the tasks still queued can never start (meant for a run that ended stalled). */
  stallReport(): StallReport {
    const registered = this.agents.filter((a) => a.registered);
    const frameworks = this.schedulers.map((s, i) => ({ queue: s.queue, topRole: topLevel(this.frameworks[i]!.role), suppressedByScript: s.suppressedByScript }));
    let forever = 0;
    for (const a of this.agents) for (const t of a.tasks) if (t.state === 'running' && !Number.isFinite(t.duration)) forever++;
    return diagnoseStall(this.spec.space, frameworks, registered.map((a) => a.total), this.master.total, forever);
  }
}
