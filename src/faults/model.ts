/**
 * The one shape of a fault model. Each model lives in a folder of its own
 * under src/faults/ (its schema section, its build step, its runtime with
 * its handlers, its figures) and exports one `FaultModel`, listed in
 * registry.ts; build.ts, world.ts and run.ts loop over the registry.
 *
 * A model is off unless the scenario gives its keys: `build` then returns
 * undefined, the world gets no runtime for it (its events have the handlers
 * of an absent model, which fail loudly), and its figures observe nothing.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { HandlersFor } from '../core/handlers.js';
import type { FaultContext } from '../cluster/fault-context.js';
import type { FaultRuntime } from '../cluster/fault-hooks.js';
import type { RunObserver } from '../master/observer.js';
import type { SimEvent, SimEventKind } from '../model/events/sim-event.js';
import type { Snapshotting } from '../checkpoint/snapshotting.js';
import type { EmpiricalFiles } from '../scenario/empirical-files.js';
import type { ExpandedFramework } from '../scenario/frameworks.js';
import type { Scenario } from '../scenario/schema.js';
import type { AgentSpec, WorldSpec } from '../world-spec.js';

/** The world spec's fault settings: one key per model, absent when the scenario does not have it. */
export type FaultSpecs = Pick<WorldSpec, 'taskFaults' | 'maintenance' | 'agentFaults' | 'failover'>;

/** What a model's build step reads besides the scenario: the world spec's agents and frameworks as built so far, and the data files. */
export interface FaultBuildContext {
  readonly agents: readonly AgentSpec[];
  /** Agent names to indices (`<group>-<k>`, or `m<id>` from a trace). */
  readonly agentIndex: ReadonlyMap<string, number>;
  /** The scenario's frameworks, templates expanded, in index order. */
  readonly frameworks: readonly ExpandedFramework[];
  /** Every data file a distribution names, read at load. */
  readonly files: EmpiricalFiles;
}

/** A model's runtime: its hooks into the cluster (fault-hooks.ts), the handlers of its own event kinds `K`, and its state as data (src/checkpoint). */
export type FaultModelRuntime<K extends SimEventKind> = FaultRuntime & Snapshotting<unknown> & { readonly handlers: HandlersFor<SimEvent, K> };

/** A model's figures: an observer that wraps the run's observer, its part of summary.json `faults`, closed at `end`, and their state so far (src/checkpoint). */
export interface FaultFigures {
  readonly observer: RunObserver;
  report(end: SimTime): object;
  readonly state: Snapshotting<unknown>;
}

export interface FaultModel<Key extends keyof FaultSpecs = keyof FaultSpecs, K extends SimEventKind = SimEventKind> {
  /** Its name in messages and docs (e.g. 'maintenance'). */
  readonly name: string;
  /** Where its settings sit in the world spec. */
  readonly key: Key;
  /** Its keys in the scenario (docs/faults.md). */
  readonly scenarioKeys: readonly string[];
  /** The event kinds its runtime handles, and nobody else. */
  readonly events: readonly K[];
  /** Its keys of summary.json `faults` (those its figures report when it runs). */
  readonly figureKeys: readonly string[];
  /** Its settings from the scenario, or undefined when the scenario does not have it. Reads no file (`ctx.files` has them). */
  build(s: Scenario, ctx: FaultBuildContext): NonNullable<FaultSpecs[Key]> | undefined;
  /** Its runtime in a world, from its settings (only when it has them). */
  runtime(spec: NonNullable<FaultSpecs[Key]>, ctx: FaultContext): FaultModelRuntime<K>;
  /** Its figures around `inner` (only when it has settings). */
  figures(inner: RunObserver, spec: NonNullable<FaultSpecs[Key]>): FaultFigures;
}

/** A model whose settings key is `Key` and whose events are `K` (so that the registry keeps each model's kinds). */
export function faultModel<Key extends keyof FaultSpecs, K extends SimEventKind>(model: FaultModel<Key, K>): FaultModel<Key, K> {
  return model;
}
