/**
 * The world as the metrics see it: its sums, names and shares, read-only.
 *
 * @module
 */
import type { ObservedCluster } from './metrics/collector.js';
import type { World } from './world.js';
import type { WorldSpec } from './world-spec.js';

/**
 * What a metrics collector reads of a world. The collector must exist before
 * the world it observes (the world takes it as its observer), so the world is
 * reached through `world()` once built.
 */
export function observedCluster(spec: WorldSpec, world: () => World): ObservedCluster {
  return {
    get total() {
      return world().master.total;
    },
    get offered() {
      return world().master.offered;
    },
    get allocated() {
      return world().master.allocated;
    },
    frameworkName: (i) => spec.frameworks[i]!.name,
    frameworkRole: (i) => spec.frameworks[i]!.role,
    agentName: (i) => spec.agents[i]!.name,
    agentPool: (i) => spec.agents[i]!.pool,
    poolPrices: () => world().master.poolPrices(),
    get used() {
      return world().used;
    },
    shares: {
      frameworks: spec.frameworks.length,
      frameworkName: (i) => spec.frameworks[i]!.name,
      frameworkAllocation: (i) => world().frameworks[i]!.allocation,
      frameworkWeight: (i) => world().frameworks[i]!.role.weight,
      frameworkRegistered: (i) => world().frameworks[i]!.registered,
      roles: () => world().master.roles.root.children.map((n) => [n.path, n.allocation] as const),
      pools: () => world().master.pools.map((p) => [p.name, p.held] as const),
    },
  };
}
