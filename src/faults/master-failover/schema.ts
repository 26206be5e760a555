/**
 * The `faults.master` section: when the leading master fails, and how the
 * masters and the ZooKeeper election behave (docs/faults.md, "Master
 * failover"). The Mesos master flags the model also uses
 * (zk_session_timeout, agent_reregister_timeout, allocator_recovery_timeout,
 * allocator_agent_recovery_factor) live under `master:` (masterFlags).
 *
 * @module
 */
import { z } from 'zod';
import { expecting, hasProblems, integerAtLeast, problem, report, seconds } from '../../scenario/fields.js';
import { distribution } from '../../scenario/distributions.js';

const REPAIR_WORDS = 'a number of seconds >= 0, a distribution, or null (never repaired)';

export const masterFailover = () =>
  expecting(
    'a mapping with failures and/or mtbf (and optionally standbys, election, repair and the registration backoff factors)',
    z.strictObject({
      failures: expecting('a list of times in seconds >= 0', z.array(seconds())).default(() => []),
      mtbf: seconds(true).optional(),
      standbys: integerAtLeast(0).default(2),
      election: distribution().default({ dist: 'constant', value: 1 }),
      repair: expecting(REPAIR_WORDS, z.union([distribution(), z.null()])).default({ dist: 'constant', value: 60 }),
      agent_registration_backoff_factor: seconds().default(1),
      framework_registration_backoff_factor: seconds().default(2),
    }),
  ).superRefine((m, ctx) => {
    if (hasProblems(ctx)) return;
    if (m.failures.length === 0 && m.mtbf === undefined) {
      report(ctx, ['failures'], m.failures, problem('no failures', 'at least one time under failures, or mtbf'));
    }
  });

/** Mesos's defaults for the master flags of the failover model. */
export const MASTER_FLAG_DEFAULTS = {
  zk_session_timeout: 10,
  agent_reregister_timeout: 600,
  allocator_recovery_timeout: 600,
  allocator_agent_recovery_factor: 0.8,
} as const;

/** The master flags of the failover model, for `master:`; absent: MASTER_FLAG_DEFAULTS. */
export const masterFlags = () => ({
  zk_session_timeout: seconds(true).optional(),
  agent_reregister_timeout: seconds(true).optional(),
  allocator_recovery_timeout: seconds().optional(),
  allocator_agent_recovery_factor: expecting('a number between 0 and 1', z.number().min(0).max(1)).optional(),
});
