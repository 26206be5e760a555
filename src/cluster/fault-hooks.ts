/**
 * How fault models join a world. A model's runtime handles its own events
 * (its handler table) and may hook into the cluster's components at the
 * points below, each optional. The components call the hooks through one
 * `FaultHooks`, which fans each call out to the runtimes that have that
 * hook, in the order they were added; with no fault model every hook is a
 * loop over nothing.
 *
 * @module
 */
import type { Handlers, HandlersFor, SimTime } from '../core/simulation.js';
import { InvariantError } from '../errors.js';
import type { EndCause } from '../framework/retry.js';
import type { SimEvent } from '../model/events/sim-event.js';
import type { JobSpec } from '../model/job.js';
import type { Quantities } from '../model/resources.js';
import type { JobRecord, Task } from '../model/task.js';

export interface FaultRuntime {
  /** Steps scripted by the scenario, scheduled with its timeline (before the master's first allocation). */
  script?(): void;
  /** Starts its own clocks (after the master's). */
  start?(): void;
  /** True while steps still to come may change the cluster: the run does not count as stalled. */
  readonly busy?: boolean;
  /** Sees events before their handlers, and may stop them (returns the table with its guards). */
  guard?(table: Handlers<SimEvent>): Handlers<SimEvent>;
  /** A job reached its framework. */
  jobArrived?(job: JobRecord, spec: JobSpec): void;
  /** True when no agent process runs on the task's agent: a launch, a kill or an end there does not happen. */
  dead?(task: Task): boolean;
  /** The task started on its agent: true when the model runs it (decides when and how it stops). */
  run?(task: Task, now: SimTime): boolean;
  /** The task ended: how, when the model made it end (a retry policy tells such ends apart). */
  taskEnded?(task: Task, now: SimTime): EndCause | undefined;
  /** The timeline registered the agent with the master. */
  agentRegistered?(agent: number): void;
  /** The timeline removed the agent (after the master did). */
  agentRemoved?(agent: number): void;
  /** The agent's machine failed now: what runs there stops. */
  agentFailed?(agent: number, now: SimTime): void;
  /** The agent's machine came up after maintenance: true when the model registers its agent (when it can). */
  machineUp?(agent: number): boolean;
  /** A task's status update reached the master. */
  statusArrived?(task: Task): void;
  /** The run stops now. */
  closing?(now: SimTime): void;
  /** What running tasks really use, cluster-wide (milli-units), when the model knows it. */
  readonly used?: Quantities | undefined;
  /** Its state as data (src/checkpoint/snapshot.ts); every fault model's runtime has it (src/faults/model.ts). */
  saveState?(): unknown;
  /** Takes a saveState() of the same runtime in place of its own; throws when it cannot be its state. */
  loadState?(saved: unknown): void;
}

type Member = keyof FaultRuntime;

export class FaultHooks {
  /** By hook: the runtimes that have it, in the order they were added. */
  readonly #with = Object.fromEntries(HOOKS.map((k) => [k, [] as FaultRuntime[]])) as Record<Member, FaultRuntime[]>;
  /** Every runtime, in the order added. */
  readonly #all: FaultRuntime[] = [];

  /** Adds a model's runtime: its hooks are called after those of the runtimes added before it. */
  add(runtime: FaultRuntime): void {
    this.#all.push(runtime);
    for (const key of HOOKS) if (key in runtime) this.#with[key].push(runtime);
  }

  /** Why the runtimes' state cannot be saved (one has no snapshot), or undefined when it can (src/checkpoint/snapshot-world.ts). */
  whyNotSaved(): string | undefined {
    const i = this.#all.findIndex((r) => r.saveState === undefined || r.loadState === undefined);
    return i < 0 ? undefined : `fault runtime ${i} has no snapshot`;
  }

  /** Every runtime's state, in the order added. */
  saveState(): unknown[] {
    return this.#all.map((r) => r.saveState!());
  }

  /** Every runtime takes its state in `saved` (a saveState() of the same runtimes). */
  loadState(saved: unknown): void {
    if (!Array.isArray(saved) || saved.length !== this.#all.length) throw new RangeError(`${this.#all.length} fault runtimes`);
    this.#all.forEach((r, i) => r.loadState!(saved[i]));
  }

  script(): void {
    for (const r of this.#with.script) r.script!();
  }

  start(): void {
    for (const r of this.#with.start) r.start!();
  }

  get busy(): boolean {
    for (const r of this.#with.busy) if (r.busy === true) return true;
    return false;
  }

  guard(table: Handlers<SimEvent>): Handlers<SimEvent> {
    let guarded = table;
    for (const r of this.#with.guard) guarded = r.guard!(guarded);
    return guarded;
  }

  jobArrived(job: JobRecord, spec: JobSpec): void {
    for (const r of this.#with.jobArrived) r.jobArrived!(job, spec);
  }

  dead(task: Task): boolean {
    for (const r of this.#with.dead) if (r.dead!(task)) return true;
    return false;
  }

  run(task: Task, now: SimTime): boolean {
    for (const r of this.#with.run) if (r.run!(task, now)) return true;
    return false;
  }

  /** Every runtime hears of the end; the first cause given is the end's. */
  taskEnded(task: Task, now: SimTime): EndCause | undefined {
    let cause: EndCause | undefined;
    for (const r of this.#with.taskEnded) cause ??= r.taskEnded!(task, now);
    return cause;
  }

  agentRegistered(agent: number): void {
    for (const r of this.#with.agentRegistered) r.agentRegistered!(agent);
  }

  agentRemoved(agent: number): void {
    for (const r of this.#with.agentRemoved) r.agentRemoved!(agent);
  }

  agentFailed(agent: number, now: SimTime): void {
    for (const r of this.#with.agentFailed) r.agentFailed!(agent, now);
  }

  machineUp(agent: number): boolean {
    for (const r of this.#with.machineUp) if (r.machineUp!(agent)) return true;
    return false;
  }

  statusArrived(task: Task): void {
    for (const r of this.#with.statusArrived) r.statusArrived!(task);
  }

  closing(now: SimTime): void {
    for (const r of this.#with.closing) r.closing!(now);
  }

  /** The first runtime's figure of real usage, if any knows it. */
  get used(): Quantities | undefined {
    for (const r of this.#with.used) if (r.used !== undefined) return r.used;
    return undefined;
  }

  /** True when no fault model was added. */
  get empty(): boolean {
    return this.#all.length === 0;
  }
}

const HOOKS: readonly Member[] = [
  'script',
  'start',
  'busy',
  'guard',
  'jobArrived',
  'dead',
  'run',
  'taskEnded',
  'agentRegistered',
  'agentRemoved',
  'agentFailed',
  'machineUp',
  'statusArrived',
  'closing',
  'used',
];

/**
 * The handlers of a fault model a scenario does not have: its events are
 * never scheduled, so one arriving is a bug.
 */
export function absentModel<K extends SimEvent['kind']>(model: string, kinds: readonly K[]): HandlersFor<SimEvent, K> {
  const table: Record<string, () => never> = {};
  for (const kind of kinds) {
    table[kind] = () => {
      throw new InvariantError(`event '${kind}' in a run without the ${model} fault model`);
    };
  }
  return table as unknown as HandlersFor<SimEvent, K>;
}
