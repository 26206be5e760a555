/**
 * The one list of built-in fault models, and the three loops over it:
 * build.ts builds each model's settings, the world adds each model's runtime
 * and its handlers, and run.ts wraps the run's observer in each model's
 * figures. A new model is a folder under src/faults/ with a `FaultModel`
 * (model.ts), added here (CONTRIBUTING.md, "Adding a fault model").
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { HandlersFor } from '../core/handlers.js';
import type { FaultContext } from '../cluster/fault-context.js';
import { absentModel } from '../cluster/fault-hooks.js';
import type { RunObserver } from '../master/observer.js';
import type { SimEvent } from '../model/events/sim-event.js';
import type { Snapshotting } from '../checkpoint/snapshotting.js';
import type { Scenario } from '../scenario/schema.js';
import { agentFaultModel } from './agent/model.js';
import { maintenanceModel } from './maintenance/model.js';
import { masterFailoverModel } from './master-failover/model.js';
import type { FaultBuildContext, FaultModel, FaultSpecs } from './model.js';
import { taskFaultModel } from './task/model.js';

/**
 * The built-in models, in the order their runtimes join a world: their hooks
 * are called in this order (the first cause of a task's end wins; same-instant
 * steps they schedule run in this order), so the order is part of the results.
 */
export const faultModels = [taskFaultModel, maintenanceModel, agentFaultModel, masterFailoverModel] as const;

/** The event kinds the fault models handle, each by exactly one model (checked below). */
export type FaultModelKind = KindsOf<(typeof faultModels)[number]>;
type KindsOf<M> = M extends FaultModel<infer _Key, infer K> ? K : never;

/** The models' tables of kinds, one per model: two models naming the same kind make this type `never`, and `DISJOINT` fails to compile. */
type Tables<T extends readonly unknown[]> = { [I in keyof T]: Record<KindsOf<T[I]>, true> };
type Overlap<T extends readonly object[], Seen extends PropertyKey = never> = T extends readonly [infer H extends object, ...infer R extends readonly object[]]
  ? (keyof H & Seen) | Overlap<R, Seen | keyof H>
  : never;
const DISJOINT: [Overlap<Tables<typeof faultModels>>] extends [never] ? true : { 'handled by two fault models': Overlap<Tables<typeof faultModels>> } = true;
void DISJOINT;

/**
 * The order of the models' figures in summary.json `faults`, after `events`
 * and `by_kind` (as they were before the registry; a new model goes last).
 */
const FIGURES_ORDER: readonly FaultModel['name'][] = ['agent', 'task', 'maintenance', 'master failover'];

/** Absent or empty settings: the model is off. */
function has(specs: FaultSpecs, model: FaultModel): boolean {
  const spec = specs[model.key];
  return spec !== undefined && !(Array.isArray(spec) && spec.length === 0);
}

/** Each model's settings from the scenario (keys of models the scenario does not have are left out). */
export function buildFaultSpecs(s: Scenario, ctx: FaultBuildContext): FaultSpecs {
  const specs: Record<string, unknown> = {};
  for (const model of faultModels as readonly FaultModel[]) {
    const spec = model.build(s, ctx);
    if (spec !== undefined) specs[model.key] = spec;
  }
  return specs as FaultSpecs;
}

/**
 * Adds the runtime of every model the world has to `ctx.hooks`, in registry
 * order, and returns the handlers of every fault model's events: a model's
 * own, or those of an absent model (its events are never scheduled, so one
 * arriving is a bug).
 */
export function faultRuntimes(specs: FaultSpecs, ctx: FaultContext): HandlersFor<SimEvent, FaultModelKind> {
  const handlers: Record<string, unknown> = {};
  for (const model of faultModels as readonly FaultModel[]) {
    const table = has(specs, model) ? addRuntime(model, specs, ctx) : absentModel(model.name, model.events);
    Object.assign(handlers, table);
  }
  return handlers as unknown as HandlersFor<SimEvent, FaultModelKind>;
}

function addRuntime(model: FaultModel, specs: FaultSpecs, ctx: FaultContext): object {
  const runtime = model.runtime(specs[model.key] as never, ctx);
  ctx.hooks.add(runtime);
  return runtime.handlers;
}

/**
 * `inner` wrapped in the figures of every model the world has; `report(end)`
 * gives their parts of summary.json `faults`, in FIGURES_ORDER; `state` is
 * their state so far, in registry order (undefined when the world has no
 * fault model).
 */
export function faultFigures(inner: RunObserver, specs: FaultSpecs): { observer: RunObserver; report(end: SimTime): object; state: Snapshotting<unknown> | undefined } {
  let observer = inner;
  const reports = new Map<string, (end: SimTime) => object>();
  const states: Snapshotting<unknown>[] = [];
  for (const model of faultModels as readonly FaultModel[]) {
    if (!has(specs, model)) continue;
    const figures = model.figures(observer, specs[model.key] as never);
    observer = figures.observer;
    reports.set(model.name, (end) => figures.report(end));
    states.push(figures.state);
  }
  const order = [...FIGURES_ORDER, ...faultModels.map((m) => m.name).filter((n) => !FIGURES_ORDER.includes(n))];
  const state: Snapshotting<unknown> = {
    saveState: () => states.map((s) => s.saveState()),
    loadState: (saved) => {
      if (!Array.isArray(saved) || saved.length !== states.length) throw new RangeError(`fault figures: ${states.length} models`);
      states.forEach((s, i) => s.loadState(saved[i]));
    },
  };
  return { observer, report: (end) => Object.assign({}, ...order.map((name) => reports.get(name)?.(end) ?? {})), state: states.length === 0 ? undefined : state };
}
