/**
 * The figures that policies are compared on, each read from a run's
 * summary.json: a name (used in compare.csv, bench baselines and tolerances;
 * a public contract), a unit, and which direction is better.
 *
 * Add a metric here and `sim compare` and `sim bench` both report it.
 *
 * @module
 */
import type { Summary } from '../run.js';

export interface SummaryMetric {
  readonly name: string;
  /** What it measures, with its unit, for tables and docs. */
  readonly label: string;
  /** 'lower' when smaller values are better (waits), 'higher' when larger are (utilization). */
  readonly better: 'lower' | 'higher';
  /** The figure, or null when the run has none (no task started, say). */
  of(summary: Summary): number | null;
  /**
   * Measures the machine running the simulation, not the model (its time, wall-clock or CPU):
   * excluded from byte-identical checks, and reported but not gating in `sim bench` unless asked.
   */
  readonly wallClock?: boolean;
  /** A machine figure measured in CPU time, not wall-clock: the kind `sim bench --gate-timing` gates on. */
  readonly cpuTime?: boolean;
}

/** A summary with the allocator's CPU time, which only `sim bench` measures (regression/cpu-clock.ts). */
export interface TimedSummary extends Summary {
  /** CPU ms spent in the allocator per allocation run; null without runs or without timing. */
  readonly allocator_cpu_ms_per_run: number | null;
}

const lower = (name: string, label: string, of: SummaryMetric['of']): SummaryMetric => ({ name, label, better: 'lower', of });
const higher = (name: string, label: string, of: SummaryMetric['of']): SummaryMetric => ({ name, label, better: 'higher', of });

/** The metrics of a summary: the fixed ones, then utilization per resource of the run. */
export function summaryMetrics(resources: readonly string[]): SummaryMetric[] {
  return [
    lower('wait_mean', 'mean task wait, s', (s) => s.wait_time.mean),
    lower('wait_p95', 'p95 task wait, s', (s) => s.wait_time.p95),
    lower('wait_p99', 'p99 task wait, s', (s) => s.wait_time.p99),
    lower('jct_mean', 'mean job completion time, s', (s) => s.job_completion_time.mean),
    lower('jct_p95', 'p95 job completion time, s', (s) => s.job_completion_time.p95),
    higher('jobs_completed', 'jobs completed', (s) => s.jobs.completed),
    lower('makespan', 'makespan (last task end − first submission), s', (s) => s.makespan),
    higher('tasks_per_hour', 'tasks finished per hour in the window', (s) => s.throughput.tasks_per_hour),
    higher('jain_mean', "Jain's index of weighted dominant shares, mean over samples", (s) => s.fairness.jain_mean),
    ...resources.map((r) => higher(`util_${r}`, `mean ${r} allocated, fraction`, (s) => s.utilization[r]?.allocated_mean ?? null)),
    lower('offers_declined', 'offers declined', (s) => s.offers.declined),
    lower('tasks_preempted', 'tasks preempted', (s) => s.tasks.preempted),
    lower('tasks_lost', 'tasks lost', (s) => s.tasks.lost),
    {
      ...lower('allocator_ms_per_run', 'allocator wall-clock per allocation run, ms', (s) => s.allocation_runs.wall_ms_per_run),
      wallClock: true,
    },
  ];
}

/**
 * The allocator's CPU time per allocation run, ms: `sim bench`'s own figure
 * (not in summary.json, so not in `sim compare` or `sim sweep`).
 */
export const allocatorCpuMetric: SummaryMetric = {
  ...lower('allocator_cpu_ms_per_run', 'allocator CPU time per allocation run, ms', (s) => ('allocator_cpu_ms_per_run' in s ? (s as TimedSummary).allocator_cpu_ms_per_run : null)),
  wallClock: true,
  cpuTime: true,
};
