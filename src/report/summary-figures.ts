/**
 * The report's summary table: for each policy and figure, the mean over the
 * policy's seeds, its 95 % confidence interval (Student's t, n − 1 degrees
 * of freedom; analysis/statistics.ts) and the number of seeds that have the
 * figure (a run without a completed job has no job completion time). The
 * figures are named as `sim compare` names them (analysis/summary-metrics.ts).
 *
 * @module
 */
import { estimate, type Estimate } from '../analysis/statistics.js';
import { summaryMetrics } from '../analysis/summary-metrics.js';
import type { Summary } from '../run.js';
import { LEVEL } from './across-seeds.js';
import { groupsOf, type ChartData, type ReportRun } from './charts.js';

export interface SummaryFigure {
  /** As in compare.csv: `wait_mean`, `util_cpus`, ...; `tasks_started` besides. */
  readonly name: string;
  /** Column heading, with the unit. */
  readonly heading: string;
  /** Shown as a percentage (fractions). */
  readonly percent: boolean;
  readonly of: (s: Summary) => number | null | undefined;
}

/** The figures of the table, in its column order. */
export function summaryFigures(resources: readonly string[]): SummaryFigure[] {
  const metric = (name: string, heading: string, percent = false): SummaryFigure => ({ name, heading, percent, of: summaryMetrics(resources).find((m) => m.name === name)!.of });
  return [
    { name: 'tasks_started', heading: 'tasks started', percent: false, of: (s) => s.tasks.started },
    metric('wait_mean', 'wait mean (s)'),
    metric('wait_p95', 'wait p95 (s)'),
    metric('jct_mean', 'job completion mean (s)'),
    ...resources.map((r) => metric(`util_${r}`, `${r} allocated`, true)),
    metric('offers_declined', 'offers declined'),
  ];
}

export interface PolicyFigures {
  readonly policy: string;
  readonly runs: number;
  /** One per figure, in order; undefined where no run has the figure. */
  readonly estimates: readonly (Estimate | undefined)[];
}

/** Each policy's estimates of each figure over its runs. */
export function policyFigures(runs: readonly ReportRun[]): { figures: SummaryFigure[]; policies: PolicyFigures[] } {
  const figures = summaryFigures([...new Set(runs.flatMap((r) => r.summary.resources))]);
  const policies = [...groupsOf(runs)].map(([policy, rs]) => ({
    policy,
    runs: rs.length,
    estimates: figures.map((f) => estimate(rs.map((r) => f.of(r.summary)).filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v)), LEVEL)),
  }));
  return { figures, policies };
}

/** The table as tidy rows `policy,metric,mean,ci_low,ci_high,seeds` (summary.csv); a figure no run has: empty cells, 0 seeds. */
export function summaryData(runs: readonly ReportRun[]): ChartData {
  const { figures, policies } = policyFigures(runs);
  const rows = policies.flatMap((p) => figures.map((f, i) => {
    const e = p.estimates[i];
    return e === undefined ? [p.policy, f.name, NaN, NaN, NaN, 0] : [p.policy, f.name, e.mean, e.low, e.high, e.n];
  }));
  return { columns: ['policy', 'metric', 'mean', 'ci_low', 'ci_high', 'seeds'], rows };
}
