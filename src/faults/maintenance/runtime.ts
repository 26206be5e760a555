/**
 * The maintenance fault model as a world runs it: the operator's schedule
 * (maintenance.ts), each framework's responder to inverse offers
 * (framework/maintenance.ts), and the handlers of their events.
 *
 * @module
 */
import type { HandlersFor, SimTime } from '../../core/simulation.js';
import type { FaultContext } from '../../cluster/fault-context.js';
import type { FaultRuntime } from '../../cluster/fault-hooks.js';
import { DEFAULT_MAINTENANCE_RESPONSE, InverseOfferResponder } from '../../framework/maintenance.js';
import type { EndCause } from '../../framework/retry.js';
import type { MaintenanceStep, SimEvent } from '../../model/events/sim-event.js';
import type { Task } from '../../model/task.js';
import { MaintenanceOperator, type MaintenanceWindow, type OperatorState } from './operator.js';
import { num, record } from '../../core/refill.js';
import type { Snapshotting } from '../../checkpoint/snapshotting.js';

export type MaintenanceKind = MaintenanceStep['kind'] | 'drain-agent' | 'drain-deadline' | 'inverse-offers-received';

/** Its state as data (src/checkpoint/snapshot.ts): the operator's, and its actions still to come (the master's book is the master's). */
export interface MaintenanceFaultsState {
  readonly operator: OperatorState;
  readonly pending: number;
}

export class MaintenanceFaults implements FaultRuntime, Snapshotting<MaintenanceFaultsState> {
  readonly #operator: MaintenanceOperator;
  readonly #responders: readonly InverseOfferResponder[];
  /** The operator's actions still to come (scripted, like the timeline's). */
  #pending = 0;
  readonly handlers: HandlersFor<SimEvent, MaintenanceKind>;

  constructor(windows: readonly MaintenanceWindow[], ctx: FaultContext) {
    const { master, clock, network } = ctx;
    const operator = new MaintenanceOperator(
      windows,
      master,
      clock,
      network,
      ctx.report,
      (task) => ctx.agentProcess.kill(task, 'killed', clock.now),
      (agent) => {
        if (!ctx.hooks.machineUp(agent)) master.registerAgent(ctx.agents[agent]!);
      },
    );
    this.#operator = operator;
    this.#responders = ctx.frameworks.all.map(
      (f) =>
        new InverseOfferResponder(f.spec.maintenance ?? DEFAULT_MAINTENANCE_RESPONSE, {
          framework: f.index,
          refuseSeconds: f.spec.refuseSeconds,
          agents: ctx.agents,
          gone: () => f.gone,
          send: (message) => network.send(message),
          kill: (task) => f.scheduler.kill(task),
          migrating: (task, start) => operator.migrating(task, start),
        }),
    );
    const act = (e: MaintenanceStep): void => {
      this.#pending--;
      operator.act(e);
    };
    this.handlers = {
      'maintenance-schedule': act,
      'maintenance-drain': act,
      'machine-down': act,
      'machine-up': act,
      'drain-agent': (e) => operator.atAgent(e),
      'drain-deadline': (e) => operator.atAgent(e),
      'inverse-offers-received': (e, now) => this.#responders[e.framework]!.received(e.inverseOffers, now),
    };
  }

  /** The operator's schedule, scheduled with the scenario's timeline. */
  script(): void {
    this.#pending += this.#operator.schedule();
  }

  saveState(): MaintenanceFaultsState {
    return { operator: this.#operator.saveState(), pending: this.#pending };
  }

  /** Takes a saveState() in place of its own (the responders keep no state). */
  loadState(s: MaintenanceFaultsState): void {
    record(s, 'maintenance');
    record(s.operator, 'maintenance operator');
    this.#operator.loadState(s.operator);
    this.#pending = num(s.pending, 'maintenance: pending');
  }

  get busy(): boolean {
    return this.#pending > 0;
  }

  agentRemoved(agent: number): void {
    this.#operator.removed(agent);
  }

  statusArrived(task: Task): void {
    this.#operator.statusArrived(task);
  }

  taskEnded(task: Task, _now: SimTime): EndCause | undefined {
    return this.#operator.taskEnded(task);
  }
}
