/**
 * What a scenario's faults.master section becomes: the spec of master
 * failover, data only (its runtime is master-failover.ts), so that the world's
 * spec names it without importing the runtime.
 *
 * @module
 */
import type { LeadershipSpec } from './leadership.js';

export interface MasterFailoverSpec extends LeadershipSpec {
  /** Seconds: the agents' --registration_backoff_factor. */
  readonly agentBackoffFactor: number;
  /** Seconds: the scheduler drivers' registration backoff factor. */
  readonly frameworkBackoffFactor: number;
  /** Seconds after an election until agents not back are unreachable (--agent_reregister_timeout). */
  readonly agentReregisterTimeout: number;
  /** Seconds the allocator's recovery pause lasts at most (--allocator_recovery_timeout). */
  readonly recoveryTimeout: number;
  /** Fraction of the registry's agents that ends the pause (--allocator_agent_recovery_factor). */
  readonly agentRecoveryFactor: number;
}
