/**
 * The `frameworks` section (docs/scenario-format.md, frameworks): one entry per
 * framework, or per `count` frameworks named with "{i}" (expand.ts), each with
 * its settings, retry policy and workload.
 *
 * @module
 */
import { z } from 'zod';
import { isValidRole } from '../model/roles.js';
import { expandName, expandRole, type Expanded } from './expand.js';
import {
  bool,
  MAX_NAME,
  expecting,
  integerAtLeast,
  name,
  NAME,
  NAME_WORDS,
  nonNegative,
  numberOr,
  problem,
  report,
  ROLE_WORDS,
  seconds,
  text,
  UNSAFE_KEYS,
} from './fields.js';
import { frameworkMaintenance } from '../faults/maintenance/schema.js';
import { failures, usage } from '../faults/task/schema.js';
import { workload } from './workload.js';
import { MAX_COUNT, MAX_FRAMEWORKS, MAX_NUMBER } from '../model/limits.js';

const RETRYABLE = ['preempted', 'lost', 'failed', 'drained'] as const;

/** Which unsuccessful ends a framework resubmits tasks after (see framework/retry.ts). */
const retryPolicy = () =>
  expecting(
    'a mapping with on, limit, backoff, backoff_factor, backoff_max',
    z.strictObject({
      on: expecting(`a list of: ${RETRYABLE.join(', ')}`, z.array(z.enum(RETRYABLE))).default(['preempted', 'lost', 'drained']),
      limit: numberOr('an integer >= 0, or "unlimited"', z.int().min(0).max(MAX_COUNT), 'unlimited').default('unlimited'),
      backoff: seconds().default(0),
      backoff_factor: expecting('a number >= 1', z.number().min(1).max(MAX_NUMBER)).default(2),
      backoff_max: seconds().default(300),
    }),
  ).prefault({});

export const framework = () =>
  expecting(
    "a mapping with 'name' and 'workload'",
    z.strictObject({
      /** May contain "{i}"; see expand.ts. */
      name: expecting(`${NAME_WORDS}, may contain "{i}"`, z.string().max(MAX_NAME).regex(/^[A-Za-z0-9._{}-]+$/)),
      count: integerAtLeast(1, MAX_FRAMEWORKS).default(1),
      /** May contain "{i}"; see expand.ts. */
      role: text().default('*'),
      tasks_per_offer: numberOr('an integer >= 1, or "unlimited"', z.int().min(1).max(MAX_COUNT), 'unlimited').default('unlimited'),
      lookahead: integerAtLeast(1).default(1000),
      decision_time: expecting(
        'a mapping with per_job and per_task (seconds)',
        z.strictObject({ per_job: seconds().default(0), per_task: seconds().default(0) }),
      ).prefault({}),
      /** Absent: the master's refuse_seconds applies. */
      refuse_seconds: seconds().optional(),
      gpu_capable: bool().default(false),
      suppress_when_idle: bool().default(true),
      refuse_seconds_on_accept: seconds().optional(),
      /** Seconds an offer the framework cannot use is held before it is declined (0: at once). */
      hold_offers: seconds().default(0),
      register_at: seconds().default(0),
      unregister_at: seconds().optional(),
      /** The pool its jobs draw from when a job names none. */
      pool: name().optional(),
      retry: retryPolicy(),
      /** Bidding: the most it may spend over the run (money); absent: no budget. */
      budget: nonNegative().optional(),
      /** Bidding: the most it pays per unit of the priced resource; absent: no ceiling. */
      max_price: nonNegative().optional(),
      /** Delay scheduling: seconds a job with preferred agents waits for a node-local offer. */
      locality_wait: seconds().default(0),
      /** Delay scheduling: further seconds it waits for a rack-local offer. */
      rack_wait: seconds().default(0),
      /** The agent attribute naming an agent's rack. */
      rack_attribute: text().default('rack'),
      /** How it responds to maintenance: inverse offers, unavailable offers (faults/maintenance/schema.ts). */
      maintenance: frameworkMaintenance(),
      /** How its tasks' attempts fail (docs/faults.md). */
      failures: failures().optional(),
      /** What its tasks actually use, as ratios of their requests (needs faults.isolation). */
      usage: usage().optional(),
      workload: workload(),
    }),
  ).superRefine((f, ctx) => {
    const sampleName = expandName(f.name, 1, f.count);
    if (!NAME.test(sampleName) || UNSAFE_KEYS.has(sampleName)) {
      const what = /[{}]/.test(sampleName) ? 'braces are only allowed as "{i}"' : 'not a name that is safe as a file name';
      report(ctx, ['name'], f.name, problem(what, `${NAME_WORDS}, may contain "{i}"`, f.name));
    }
    if (!isValidRole(expandRole(f.role, 1))) {
      report(ctx, ['role'], f.role, problem('not a valid role path', `${ROLE_WORDS}, may contain "{i}"`, f.role));
    }
    if (f.unregister_at !== undefined && f.unregister_at <= f.register_at) {
      const expected = `a number of seconds > register_at (${f.register_at})`;
      report(ctx, ['unregister_at'], f.unregister_at, problem('must be > register_at', expected, f.unregister_at));
    }
  });

export type FrameworkSpec = z.output<ReturnType<typeof framework>>;

/** One concrete framework: its entry's settings with a concrete name and role (see expand.ts). */
export type ExpandedFramework = Expanded<FrameworkSpec>;
