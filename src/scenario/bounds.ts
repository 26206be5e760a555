/**
 * Checks of the scenario's sizes as a whole (limits.ts): the agents, the
 * frameworks, the tasks of explicit jobs and the jobs of synthetic workloads
 * a run would hold, and the metric samples of a run of fixed length. Each
 * field is within its own range already; these catch the products and sums.
 * Run before the cross-references, which would otherwise build lists as long
 * as these sizes.
 *
 * @module
 */
import type { z } from 'zod';
import { hasProblems, problem, report } from './fields.js';
import {
  MAX_AGENTS,
  MAX_FRAMEWORKS,
  MAX_LISTED_TASKS,
  MAX_SAMPLES,
  MAX_SYNTHETIC_JOBS,
} from '../model/limits.js';
import type { JobEntrySpec } from './jobs.js';
import type { SyntheticWorkloadSpec } from './synthetic.js';
import type { ScenarioFields } from './top-level.js';

type Ctx = { issues: z.core.$ZodRawIssue[] };

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const amount = (n: number): string => (n >= 1e15 ? n.toExponential(2) : count(n));

export function checkBounds(s: ScenarioFields, ctx: Ctx): void {
  if (hasProblems(ctx)) return;
  const groups = [
    ...s.cluster.agents.map((g, i) => ({ count: g.count, path: ['cluster', 'agents', i, 'count'] })),
    ...s.timeline.flatMap((e, i) => ('add_agents' in e ? [{ count: e.add_agents.count, path: ['timeline', i, 'add_agents', 'count'] }] : [])),
  ];
  overLimit(ctx, groups, MAX_AGENTS, 'agents', 'agent counts of cluster.agents and timeline add_agents');

  const frameworks = s.frameworks.map((f, i) => ({ count: f.count, path: ['frameworks', i, 'count'] }));
  overLimit(ctx, frameworks, MAX_FRAMEWORKS, 'frameworks', 'framework counts');

  const listed = s.frameworks.flatMap((f, i) =>
    'jobs' in f.workload ? [{ count: f.count * f.workload.jobs.reduce((n, j) => n + tasksOf(j), 0), path: ['frameworks', i, 'workload', 'jobs'] }] : [],
  );
  overLimit(ctx, listed, MAX_LISTED_TASKS, 'tasks of explicit jobs', 'tasks of explicit jobs, times the framework count');

  const synthetic = s.frameworks.flatMap((f, i) =>
    'synthetic' in f.workload ? [{ count: f.count * expectedJobs(f.workload.synthetic), path: ['frameworks', i, 'workload', 'synthetic'] }] : [],
  );
  overLimit(ctx, synthetic, MAX_SYNTHETIC_JOBS, 'synthetic jobs', "synthetic jobs ('jobs', or rate x (end - start)), times the framework count");

  if (typeof s.until === 'number' && s.until / s.metrics.sample_interval > MAX_SAMPLES) {
    const samples = s.until / s.metrics.sample_interval;
    const what = `${amount(samples)} metric samples (until / sample_interval), more than ${count(MAX_SAMPLES)}`;
    report(ctx, ['metrics', 'sample_interval'], s.metrics.sample_interval, problem(what, `a sample_interval >= until / ${count(MAX_SAMPLES)} (${s.until / MAX_SAMPLES} s)`, s.metrics.sample_interval));
  }
}

/** Reports at the largest entry when the entries' counts add up to more than `limit`. */
function overLimit(ctx: Ctx, entries: readonly { count: number; path: PropertyKey[] }[], limit: number, what: string, sum: string): void {
  const total = entries.reduce((n, e) => n + e.count, 0);
  if (total <= limit) return;
  const largest = entries.reduce((a, b) => (b.count > a.count ? b : a));
  const message = problem(`${amount(total)} ${what} in all, more than ${count(limit)}`, `${sum} adding up to at most ${count(limit)}`, largest.count);
  report(ctx, largest.path, largest.count, message);
}

function tasksOf(j: JobEntrySpec): number {
  if ('task_list' in j) return j.task_list.length;
  if ('stages' in j) return j.stages.reduce((n, st) => n + st.tasks, 0);
  return j.tasks;
}

/** Jobs a synthetic workload generates: at most, or on average for Poisson arrivals (an upper bound of the rate). */
export function expectedJobs(w: SyntheticWorkloadSpec): number {
  const cap = w.jobs ?? Infinity;
  if (w.end === undefined) return cap;
  const span = w.end - w.start;
  const a = w.arrival;
  if (a.process === 'constant') return Math.min(cap, a.interval === 0 ? cap : Math.floor(span / a.interval) + 1);
  const base = a.rate ?? Math.max(...(a.schedule ?? []).map((step) => step.rate));
  const peak = base * (1 + (a.diurnal?.amplitude ?? 0)) * (a.bursts ?? []).reduce((m, b) => m * Math.max(1, b.multiplier), 1);
  return Math.min(cap, peak * span);
}
