/**
 * Agent faults as a world runs them (resolved from the scenario's
 * `faults.agents` and `faults.partitions` by `agent-faults-build.ts`):
 * agents by index, times in simulated seconds. The actions the model
 * schedules for itself (`agent-fault` events) are in model/events/fault-steps.ts.
 *
 * @module
 */
import type { SimTime } from '../../core/event-queue.js';
import type { DistributionSpec } from '../../workload/distributions.js';

/** These agents' machines fail at `at`; they come back `repairAfter` seconds later (null: never). */
export interface ScriptedFailure {
  readonly at: SimTime;
  readonly agents: readonly number[];
  readonly repairAfter: SimTime | null;
}

/**
 * A random failure process. Each unit (one agent, or with `correlated_by`
 * every agent sharing an attribute value) is up for a time drawn from
 * `timeToFailure` (from the start, then from each repair), fails whole, and
 * is repaired after a time drawn from `repair`. A unit draws from the random
 * stream `faults/agents/<unit name>`.
 */
export interface FailureProcess {
  readonly units: readonly FailureUnit[];
  readonly timeToFailure: DistributionSpec;
  readonly repair: DistributionSpec;
}

export interface FailureUnit {
  /** Names the unit's random stream: an agent name, or `<attribute>=<value>` for agents failing together. */
  readonly name: string;
  readonly agents: readonly number[];
  /** Its agents fail together (`correlated_by`). */
  readonly correlated: boolean;
}

/** The master and these agents cannot exchange messages in [at, at + duration). */
export interface Partition {
  readonly at: SimTime;
  readonly duration: SimTime;
  readonly agents: readonly number[];
}

export interface AgentFaultsSpec {
  readonly scripted: readonly ScriptedFailure[];
  readonly processes: readonly FailureProcess[];
  readonly partitions: readonly Partition[];
}

/** Mesos's defaults for the master's agent health checks. */
export const DEFAULT_PING_TIMEOUT = 15;
export const DEFAULT_MAX_PING_TIMEOUTS = 5;
