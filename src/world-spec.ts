/**
 * A world as it is built: the resolved specification of its agents,
 * frameworks, timeline and fault models (from a scenario by build.ts, or by
 * hand in tests), and how a run of it ends.
 *
 * @module
 */
import type { SimTime } from './core/event-queue.js';
import type { AgentFaultsSpec } from './faults/agent/spec.js';
import type { MaintenanceWindow } from './faults/maintenance/operator.js';
import type { MasterFailoverSpec } from './faults/master-failover/spec.js';
import type { TaskFaultsSpec } from './faults/task/task-class.js';
import type { FrameworkSpec } from './framework/framework-spec.js';
import type { MasterConfig } from './master/config.js';
import type { Attributes } from './model/attributes.js';
import type { ScriptEvent } from './model/events/sim-event.js';
import type { PoolSpec } from './model/pool.js';
import type { Quantities, ResourceSpace } from './model/resources.js';
import type { Quota } from './model/roles.js';

export type { FrameworkSpec } from './framework/framework-spec.js';

export interface AgentSpec {
  readonly name: string;
  readonly group: string;
  readonly total: Quantities;
  readonly attributes: Attributes;
  /** When it registers with the master; null: when a timeline action registers it. */
  readonly registerAt: SimTime | null;
  /** The resource pool it belongs to, if any. */
  readonly pool?: string | undefined;
  /** Static reservations by role path, part of `total` (milli-units); absent: none. */
  readonly reservations?: ReadonlyMap<string, Quantities>;
}

/** The scenario's timeline, as events (script events other than registrations and job arrivals). */
export type TimelineAction = Exclude<ScriptEvent, { readonly kind: 'framework-register' | 'job-arrival' }>;

export interface WorldSpec {
  readonly space: ResourceSpace;
  readonly master: MasterConfig;
  readonly weights: ReadonlyMap<string, number>;
  /** Quota by top-level role path; absent: none. */
  readonly quotas?: ReadonlyMap<string, Quota>;
  /** Resource pools (the seed document's resource groups); may be empty. */
  readonly pools?: readonly PoolSpec[];
  readonly agents: readonly AgentSpec[];
  readonly frameworks: readonly FrameworkSpec[];
  readonly timeline: readonly (TimelineAction & { readonly at: SimTime })[];
  /** A number of seconds, or 'drained': until every task has ended. */
  readonly until: SimTime | 'drained';
  /** With 'drained': stop when nothing could happen but periodic events for this long. */
  readonly stallTimeout: SimTime;
  /** The operator's maintenance schedule (faults/maintenance/operator.ts); absent or empty: none. */
  readonly maintenance?: readonly MaintenanceWindow[];
  /** Task failures and isolation (docs/faults.md); absent: tasks run their duration and finish. */
  readonly taskFaults?: TaskFaultsSpec;
  /** Agent failures and partitions (src/faults/agent/runtime.ts); absent: none. */
  readonly agentFaults?: AgentFaultsSpec;
  /** Master failover (faults.master); absent: the master never fails. */
  readonly failover?: MasterFailoverSpec;
}

export type EndReason = 'until' | 'drained' | 'stalled' | 'idle';

export interface RunOptions {
  /** Called every so many events with the simulated time. */
  readonly onProgress?: (now: SimTime) => void;
  /** Verify the master's books every this many events (0: never). */
  readonly verifyEvery?: number;
}
