/**
 * From the scenario's `faults.master` and the master's flags to the world's
 * master failover settings.
 *
 * @module
 */
import type { EmpiricalFiles } from '../../scenario/empirical-files.js';
import type { Scenario } from '../../scenario/schema.js';
import { MASTER_FLAG_DEFAULTS } from './schema.js';
import type { MasterFailoverSpec } from './spec.js';

/** The master failover model's settings: `faults.master`, and the master flags it uses (Mesos's defaults when absent); `files` holds the data files its distributions name. */
export function masterFailoverSpec(s: Scenario, files: EmpiricalFiles): MasterFailoverSpec {
  const f = s.faults.master!;
  const m = s.master;
  const d = MASTER_FLAG_DEFAULTS;
  return {
    failures: f.failures,
    mtbf: f.mtbf,
    standbys: f.standbys,
    sessionTimeout: m.zk_session_timeout ?? d.zk_session_timeout,
    election: files.distribution(f.election, 'faults.master.election'),
    repair: f.repair === null ? null : files.distribution(f.repair, 'faults.master.repair'),
    agentBackoffFactor: f.agent_registration_backoff_factor,
    frameworkBackoffFactor: f.framework_registration_backoff_factor,
    agentReregisterTimeout: m.agent_reregister_timeout ?? d.agent_reregister_timeout,
    recoveryTimeout: m.allocator_recovery_timeout ?? d.allocator_recovery_timeout,
    agentRecoveryFactor: m.allocator_agent_recovery_factor ?? d.allocator_agent_recovery_factor,
  };
}
