/**
 * The actors of one run, in the order they are restored (snapshot-run.ts):
 * the role tree first (restoring it makes the roles the run named), the
 * books every actor shares (agents, frameworks' records, pools), the
 * master, network, allocator, frameworks with their workloads, the script,
 * the kernel, the random streams' users, and the metrics.
 *
 * What has no snapshot yet is listed with the reason, so that a checkpoint
 * of such a run is format 1 (replay) and says why: allocators other than
 * the hierarchical ones (DRF and its sorters); docs/checkpoints.md lists
 * them.
 *
 * @module
 */
import { HierarchicalAllocator } from '../allocator/hierarchical.js';
import type { Allocator } from '../allocator/types.js';
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
  const list: RunActors = {
    roles: rolesSnapshot(actors.roles),
    agents: agentsSnapshot(world.agents),
    frameworkRecords: frameworkRecordsSnapshot(world.frameworks),
    pools: poolsSnapshot(actors.pools),
    master: world.master,
    network: world.network,
    allocator: allocator instanceof HierarchicalAllocator ? allocator : none(`the allocator ${allocator.name}`),
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
  return { actors: list, built: modelKinds(world.agents, world.frameworks, actors.roles, actors.pools) };
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
