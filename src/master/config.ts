/**
 * The master's settings, in simulated seconds, as a run uses them.
 *
 * @module
 */
import type { Quantities } from '../model/resources.js';
import type { LatencyConfig } from './network.js';

/** Message latencies (see network.ts). */
export type Latencies = LatencyConfig;

export interface MasterConfig {
  /** Batch period (Mesos --allocation_interval). 0 selects the idealised mode. */
  readonly allocationInterval: number;
  /** Rescind offers not answered within this many seconds (Mesos --offer_timeout); null: never. */
  readonly offerTimeout: number | null;
  /** An offer must contain at least one of these sets (Mesos --min_allocatable_resources). */
  readonly minAllocatable: readonly Quantities[];
  readonly latency: Latencies;
  /** Seconds between the master's pings of an agent (Mesos --agent_ping_timeout); absent: 15. */
  readonly agentPingTimeout?: number;
  /** Consecutive unanswered pings after which an agent is unreachable (Mesos --max_agent_ping_timeouts); absent: 5. */
  readonly maxAgentPingTimeouts?: number;
}

/** Mesos caps decline filters at 365 days. */
export const MAX_REFUSE_SECONDS = 365 * 24 * 3600;

/** True in the idealised mode: allocate at once on every change, no filters, no delays. */
export function isIdealised(config: MasterConfig): boolean {
  return config.allocationInterval === 0;
}
