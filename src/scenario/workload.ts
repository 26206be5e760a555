/**
 * A framework's `workload`: exactly one of explicit jobs, generated jobs or a
 * trace (docs/scenario-format.md, Workloads).
 *
 * @module
 */
import { z } from 'zod';
import type { TraceWorkloadSpec } from '../workload/traces/index.js';
import { expecting, hasProblems, problem, report } from './fields.js';
import { job, type JobEntrySpec } from './jobs.js';
import { synthetic, type SyntheticWorkloadSpec } from './synthetic.js';
import { trace } from './trace.js';

/** Exactly one workload form; tell them apart with `'jobs' in w`. */
export type WorkloadSpec =
  | { readonly jobs: JobEntrySpec[] }
  | { readonly synthetic: SyntheticWorkloadSpec }
  | { readonly trace: TraceWorkloadSpec };

const WORKLOAD_FORMS = 'exactly one of: jobs, synthetic, trace';

export const workload = () =>
  expecting(
    "a mapping with exactly one of 'jobs', 'synthetic' or 'trace'",
    z.strictObject({
      jobs: expecting('a list of jobs', z.array(job())).optional(),
      synthetic: synthetic().optional(),
      trace: trace().optional(),
    }),
  ).transform((w, ctx): WorkloadSpec => {
    if (hasProblems(ctx)) return z.NEVER;
    const given = (['jobs', 'synthetic', 'trace'] as const).filter((k) => w[k] !== undefined);
    if (given.length === 1) {
      if (w.jobs !== undefined) return { jobs: w.jobs };
      if (w.synthetic !== undefined) return { synthetic: w.synthetic };
      if (w.trace !== undefined) return { trace: w.trace };
    }
    const quoted = given.map((k) => `'${k}'`);
    const what =
      given.length === 0 ? "none of 'jobs', 'synthetic' or 'trace' given"
        : given.length === 2 ? `both ${quoted.join(' and ')} given` : `all of ${quoted.join(', ')} given`;
    report(ctx, [], w, problem(what, WORKLOAD_FORMS));
    return z.NEVER;
  });
