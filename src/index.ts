/**
 * mesos-sim's public API: what a plug-in allocator or an embedding program
 * needs. The `sim` command line is in cli/.
 *
 * @module
 */
export type {
  Allocator,
  AllocatorContext,
  AllocatorFactory,
  AgentView,
  ClusterView,
  FrameworkView,
  Grant,
  JobView,
  PoolView,
  RoleView,
  TaskRequest,
  TaskView,
} from './allocator/types.js';
export { FreeResources, GrantBook, requestUnits, placeUnit, findAgent, type RequestUnit } from './allocator/request-grants.js';
export type { Sorter, SortClient } from './allocator/sorter.js';
export { drfSorter } from './allocator/drf-sorter.js';
export { randomSorter } from './allocator/random-sorter.js';
export { HierarchicalAllocator } from './allocator/hierarchical.js';
export { QuotaRun, type RoleQuota } from './allocator/quota.js';
export { consumedQuota, topLevel } from './model/quota.js';
export type { Quota } from './model/roles.js';
export { builtinAllocators } from './allocator/registry.js';
export { guardView } from './allocator/view-guard.js';
export { Simulation, Priority, type SimTime, type Scheduler, type Clock } from './core/simulation.js';
export { EventQueue } from './core/event-queue.js';
export { randomSource, shuffle, type Random, type RandomSource } from './core/random.js';
export { ResourceSpace, dominantShare, fits, meetsMinimum, toMilli, fromMilli, type Quantities } from './model/resources.js';
export { InputError, InvariantError } from './errors.js';
export { loadScenario, parseScenario } from './scenario/load.js';
export type { Scenario } from './scenario/schema.js';
export { runScenario, type Summary } from './run.js';
export { MemoryTable, nullTable, type TableSink, type RunSinks } from './metrics/sinks.js';
