/**
 * Scenario fields of the task fault models (docs/faults.md, Task failures
 * and Isolation): `failures` and `usage` on a framework or an explicit job,
 * and `faults.isolation`.
 *
 * @module
 */
import { z } from 'zod';
import { expecting, hasProblems, problem, rate, report } from '../../scenario/fields.js';
import { distribution } from '../../scenario/distributions.js';

/** `failures: { probability, rate }`: how a task's attempts fail. */
export const failures = () =>
  expecting(
    'a mapping with probability (0 to 1) and/or rate (failures per second of work)',
    z.strictObject({
      probability: expecting('a probability from 0 to 1', z.number().min(0).max(1)).default(0),
      rate: rate('a rate in failures per second >= 0').default(0),
    }),
  );

/** `usage: { cpus, mem }`: actual usage as a ratio of the request, each a number or a distribution. */
export const usage = () =>
  expecting(
    'a mapping with cpus and/or mem, each the ratio of actual to requested usage (a number or a distribution)',
    z.strictObject({ cpus: distribution().optional(), mem: distribution().optional() }),
  );

/** A `usage` as the scenario gives it; its distributions may name CSV files (read at build, scenario/empirical-files.ts). */
export type UsageSpec = z.output<ReturnType<typeof usage>>;

export const ISOLATION_MODES = ['enforce', 'none'] as const;

/** `faults.isolation: { mode }`: how agents hold tasks to their requests. */
export const isolation = () =>
  expecting(
    "a mapping with mode: enforce or none",
    z.strictObject({ mode: expecting('enforce or none', z.enum(ISOLATION_MODES)) }),
  );

/** What `checkTaskFaults` reads of a scenario. */
interface TaskFaultFields {
  readonly faults: { readonly isolation?: unknown };
  readonly frameworks: readonly {
    readonly usage?: unknown;
    readonly workload: { readonly jobs?: readonly { readonly usage?: unknown }[] } | object;
  }[];
}

/** A usage model only means something under an isolation mode: each `usage` without `faults.isolation` is reported. */
export function checkTaskFaults(s: TaskFaultFields, ctx: { issues: z.core.$ZodRawIssue[] }): void {
  if (hasProblems(ctx) || s.faults.isolation !== undefined) return;
  const needs = (path: PropertyKey[], value: unknown): void =>
    report(ctx, path, value, problem('a usage model needs an isolation mode', 'faults.isolation.mode (enforce or none) in the same file'));
  s.frameworks.forEach((f, i) => {
    if (f.usage !== undefined) needs(['frameworks', i, 'usage'], f.usage);
    const jobs = 'jobs' in f.workload ? f.workload.jobs : undefined;
    jobs?.forEach((j, k) => {
      if (j.usage !== undefined) needs(['frameworks', i, 'workload', 'jobs', k, 'usage'], j.usage);
    });
  });
}
