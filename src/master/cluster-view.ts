/**
 * The allocator's view of the master's books (model/view.ts has the
 * contract): live, never copied, so a run costs nothing to set up. The
 * allocator must not change it; allocator/view-guard.ts checks that under
 * --verify and in the tests.
 *
 * @module
 */
import type { Scheduler } from '../core/simulation.js';
import type { Agent } from '../model/agent.js';
import type { SimEvent } from '../model/events/sim-event.js';
import type { DeclineFilters } from '../model/filters.js';
import type { FrameworkRecord } from '../model/framework-record.js';
import type { Pool } from '../model/pool.js';
import { difference, subtractInto, type ResourceSpace } from '../model/resources.js';
import type { RoleTree } from '../model/roles.js';
import type { ClusterView } from '../model/view.js';
import type { Books } from './books.js';
import type { MasterConfig } from './config.js';

export interface ViewSources {
  readonly sim: Scheduler<SimEvent>;
  readonly space: ResourceSpace;
  readonly config: MasterConfig;
  readonly roles: RoleTree;
  readonly agents: readonly Agent[];
  readonly frameworks: readonly FrameworkRecord[];
  readonly pools: readonly Pool[];
  readonly books: Books;
  readonly filters: DeclineFilters;
}

/** The view over `s`; `unreservedAvailable` is computed afresh at each read (a new vector). */
export function clusterView(s: ViewSources): ClusterView {
  const { sim, books, roles, filters } = s;
  return {
    get now() {
      return sim.now;
    },
    space: s.space,
    total: books.total,
    get unreservedAvailable() {
      const free = difference(books.total, books.offered);
      subtractInto(free, books.allocated);
      subtractInto(free, roles.root.unallocatedReservations);
      return free;
    },
    roles: roles.root,
    frameworks: s.frameworks,
    agents: s.agents,
    freeAgents: books.freeAgents,
    pools: s.pools,
    minAllocatable: s.config.minAllocatable,
    isFiltered: (fw, agent, candidate) => filters.blocks(fw, agent, candidate, sim.now),
    filters,
    watchAgents: () => books.watch(),
  };
}
