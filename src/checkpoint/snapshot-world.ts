/**
 * The actors of one run, in the order they are restored (snapshot-run.ts):
 * the role tree first (restoring it makes the roles the run named), the
 * books every actor shares (agents, frameworks' records, pools), the
 * master, network, allocator, frameworks with their workloads, the script,
 * the kernel, the random streams' users, and the metrics.
 *
 * What has no snapshot yet is listed with the reason, so that a checkpoint
 * of such a run is format 1 (replay) and says why: a policy in another
 * process (`exec:`) and a plug-in without saveState and loadState;
 * docs/checkpoints.md lists them.
 *
 * @module
 */
import { pluginModule } from '../allocator/plugin.js';
import type { Allocator } from '../allocator/types.js';
import { InvariantError, PluginError } from '../errors.js';
import type { Frameworks } from '../framework/frameworks.js';
import type { Timeline } from '../cluster/timeline.js';
import type { FaultHooks } from '../cluster/fault-hooks.js';
import type { Pool } from '../model/pool.js';
import type { RoleTree } from '../model/roles.js';
import type { World } from '../world.js';
import { record } from '../core/refill.js';
import { agentsSnapshot, frameworkRecordsSnapshot, modelKinds, poolsSnapshot, rolesSnapshot } from './snapshot-model.js';
import type { RunActors, RunParts } from './snapshot-run.js';
import type { RecordingRandom } from './state.js';
import { encodeSnapshot, type BuiltKind } from './snapshot.js';
import type { Snapshotting } from './snapshotting.js';

/** The run's metrics besides the world (run.ts): each an actor, or undefined when the run has none of it. */
export interface MetricsActors {
  readonly collector: Snapshotting<unknown>;
  readonly groups: Snapshotting<unknown>;
  readonly waits: Snapshotting<unknown> | undefined;
  /** The replay figures of the run's trace workloads (metrics/trace-replay.ts), or undefined when it reads no trace. */
  readonly traces: Snapshotting<unknown> | undefined;
  /** The fault models' figures (src/faults/registry.ts), or undefined when the run has no fault model. */
  readonly faults: Snapshotting<unknown> | undefined;
}

/** An actor that has no snapshot, and why. */
const none = (why: string): { whyNotSaved(): string } => ({ whyNotSaved: () => why });

/** The actors of the run of `world`, by name, and the objects built with it. */
export function runParts(world: World, allocator: Allocator, random: RecordingRandom, metrics: MetricsActors): RunParts {
  const actors = world.actors() as { roles: RoleTree; timeline: Timeline; faultHooks: FaultHooks; frameworks: Frameworks; pools: readonly Pool[] };
  const built = modelKinds(world.agents, world.frameworks, actors.roles, actors.pools);
  const list: RunActors = {
    roles: rolesSnapshot(actors.roles),
    agents: agentsSnapshot(world.agents),
    frameworkRecords: frameworkRecordsSnapshot(world.frameworks),
    pools: poolsSnapshot(actors.pools),
    master: world.master,
    network: world.network,
    allocator: allocatorSnapshot(allocator, built),
    frameworks: frameworksSnapshot(actors.frameworks),
    timeline: actors.timeline,
    faults: faultsSnapshot(actors.faultHooks, metrics.faults),
    kernel: world.sim,
    draws: random.draws,
    collector: metrics.collector,
    groups: metrics.groups,
    waits: metrics.waits,
    traces: metrics.traces,
  };
  return { actors: list, built };
}

/**
 * The allocator's snapshot: its own saveState and loadState (every built-in
 * has them but `exec:`, which says why not; a plug-in may have them), else
 * none, with the reason. A plug-in's saved state is checked to be data as it
 * is saved: one that is not is the plug-in's mistake (exit 2, naming it).
 */
function allocatorSnapshot(allocator: Allocator, built: readonly BuiltKind[]): Snapshotting<unknown> | { whyNotSaved(): string | undefined } {
  const module = pluginModule(allocator);
  const { saveState, loadState } = allocator;
  if (saveState === undefined || loadState === undefined) {
    const why = allocator.whyNotSaved?.();
    return none(why ?? (module === undefined ? `the allocator ${allocator.name}` : `the plug-in ${module}, which has no saveState and loadState`));
  }
  if (module === undefined) return allocator as Snapshotting<unknown>;
  return {
    whyNotSaved: () => allocator.whyNotSaved?.(),
    saveState: () => {
      const state = saveState.call(allocator);
      try {
        encodeSnapshot(state, { built });
      } catch (e) {
        if (e instanceof InvariantError) {
          const what = e.message.replace(/^snapshot: /, '').replace(/ \(expected .*\)$/, '');
          throw new PluginError(`allocator ${module}: saveState() returned what is not data: ${what} (expected plain objects, arrays, Maps, Sets, typed arrays, numbers and strings, and the view's tasks, agents, frameworks, roles and pools)`);
        }
        throw e;
      }
      return state;
    },
    loadState: (saved) => loadState.call(allocator, saved),
  };
}

/** The fault models: each one's runtime (in the world) and figures (in the metrics); undefined when the run has none. */
function faultsSnapshot(hooks: FaultHooks, figures: Snapshotting<unknown> | undefined): Snapshotting<unknown> | undefined {
  if (hooks.empty && figures === undefined) return undefined;
  return {
    whyNotSaved: () => hooks.whyNotSaved(),
    saveState: () => ({ runtimes: hooks.saveState(), figures: figures?.saveState() }),
    loadState: (saved) => {
      const s = record(saved, 'fault models');
      if ((s['figures'] === undefined) !== (figures === undefined)) throw new RangeError(`fault models: saved ${figures === undefined ? 'with' : 'without'} figures`);
      hooks.loadState(s['runtimes']);
      figures?.loadState(s['figures']);
    },
  };
}

/** The frameworks: each scheduler (its queue, stages, services, offers), the work counts, and each workload's position. */
function frameworksSnapshot(f: Frameworks): Snapshotting<unknown> {
  const sources = f.all.map((fw) => fw.spec.jobs);
  return {
    whyNotSaved: () => {
      const i = sources.findIndex((s) => s.saveState === undefined);
      return i < 0 ? undefined : `the workload of framework ${f.all[i]!.spec.name}`;
    },
    saveState: () => ({
      schedulers: f.schedulers.map((s) => s.saveState()),
      counts: { ...f.counts },
      sources: sources.map((s) => s.saveState!()),
    }),
    loadState: (saved) => {
      const s = saved as { schedulers: unknown[]; counts: Record<string, number>; sources: unknown[] };
      if (s.schedulers.length !== f.schedulers.length || s.sources.length !== sources.length) throw new RangeError(`${f.schedulers.length} frameworks`);
      f.schedulers.forEach((sch, i) => sch.loadState(s.schedulers[i] as never));
      Object.assign(f.counts, s.counts);
      sources.forEach((src, i) => src.loadState!(s.sources[i]));
    },
  };
}
