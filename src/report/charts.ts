/**
 * The report's charts, from the runs read for it: which charts exist, what
 * each plots, and how runs of one policy (several seeds) are combined.
 *
 * Runs are grouped by policy (`group`). A group's curve over time is the
 * mean over its runs on one time grid, with its 95 % band (across-seeds.ts);
 * its distributions (waits, job completion times) pool the samples of all
 * its runs. Each chart carries the data it draws as a tidy table (one row
 * per point), which `sim report` writes beside its SVG as CSV.
 *
 * @module
 */
import { quantileSorted } from 'd3-array';
import { estimate } from '../analysis/statistics.js';
import type { Summary } from '../run.js';
import { acrossSeeds, LEVEL } from './across-seeds.js';
import { barChart, lineChart, type Series } from './svg.js';
import { waitCausesChart } from './wait-chart.js';

export interface ReportRun {
  readonly folder: string;
  /** The policy, or a label naming the run. */
  readonly group: string;
  readonly summary: Summary;
  /** Simulated time the run ended, s (summary.json `simulated.end`). */
  readonly end: number;
  /** Resource -> [time, allocated / total] samples. */
  readonly utilization: ReadonlyMap<string, readonly [number, number][]>;
  /** Started tasks' waits, s. */
  readonly waits: Float64Array;
  /** Completed jobs' completion times, s (from jobs.csv). */
  readonly jobTimes: Float64Array;
  /** Pool -> [time, price]. */
  readonly prices: ReadonlyMap<string, readonly [number, number][]>;
  /** `kind:name` (framework, role or pool) -> [time, dominant share]. */
  readonly shares: ReadonlyMap<string, readonly [number, number][]>;
  /** [time, tasks waiting over all frameworks] (from queues.csv). */
  readonly pending: readonly [number, number][];
  /** [time, Jain's index] at every sample, NaN where it has none (no active framework; from fairness.csv). */
  readonly jain: readonly [number, number][];
}

/** At most this many frameworks in a dominant-share chart: those with the largest mean share. */
export const SHARE_LINES = 8;

export interface Chart {
  /** File name stem and element id. */
  readonly id: string;
  readonly title: string;
  /** What the chart shows, in a sentence, under it in the page. */
  readonly caption: string;
  readonly svg: string;
  /** What the chart draws, one row per point (written as `<id>.csv`). */
  readonly data: ChartData;
}

/** A tidy table: column names, and rows of cells (a NaN number is an empty cell). */
export interface ChartData {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/** At most this many points per distribution curve. */
const CDF_POINTS = 400;

export function groupsOf(runs: readonly ReportRun[]): Map<string, ReportRun[]> {
  const groups = new Map<string, ReportRun[]>();
  for (const r of runs) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  return groups;
}

/** The empirical CDF of `values` as at most CDF_POINTS [value, fraction <= value] points. */
export function cdfPoints(values: Float64Array): [number, number][] {
  const n = values.length;
  if (n === 0) return [];
  const sorted = Float64Array.from(values).sort() as unknown as number[];
  const k = Math.min(n, CDF_POINTS);
  const out: [number, number][] = [[sorted[0]!, 0]];
  for (let i = 1; i <= k; i++) {
    const p = i / k;
    out.push([quantileSorted(sorted, p)!, p]);
  }
  return out;
}

const concat = (arrays: readonly Float64Array[]): Float64Array => {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) out.set(a, (at += a.length) - a.length);
  return out;
};

/** A series drawn as a sampled level (held until the next point). */
const seriesOf = (name: string, points: readonly (readonly [number, number])[]): Series => ({ name, points, step: true });

/**
 * A policy per line over time: each policy's mean over its seeds on one time
 * grid, its 95 % band and the times its runs ended (bands and ends when it
 * has several seeds), and the table `policy,time,mean,ci_low,ci_high,seeds`.
 */
function overTime(groups: ReadonlyMap<string, readonly ReportRun[]>, pick: (r: ReportRun) => readonly (readonly [number, number])[]): { series: Series[]; data: ChartData } {
  const series: Series[] = [];
  const rows: (string | number)[][] = [];
  for (const [g, rs] of groups) {
    const grid = acrossSeeds(rs.map((r) => ({ points: pick(r), end: r.end })));
    const several = rs.length > 1;
    series.push({
      ...seriesOf(g, grid.map((p) => [p.time, p.mean])),
      ...(several ? { band: grid.map((p) => [p.time, p.low, p.high] as const), ends: [...new Set(rs.filter((r) => pick(r).length > 0).map((r) => r.end))] } : {}),
    });
    for (const p of grid) rows.push([g, p.time, p.mean, p.low, p.high, p.n]);
  }
  return { series, data: { columns: ['policy', 'time', 'mean', 'ci_low', 'ci_high', 'seeds'], rows } };
}

export function buildCharts(runs: readonly ReportRun[]): Chart[] {
  const groups = groupsOf(runs);
  const names = [...groups.keys()];
  const charts: Chart[] = [];
  const several = runs.length > names.length;
  const overSeeds = several
    ? ' The line is the mean over the policy\'s seeds, each seed\'s last sample held until its run ended; the band is the 95 % confidence interval of that mean (Student\'s t); a dashed line marks where a seed\'s run ended, after which the mean is over the seeds still running.'
    : '';
  const timeChart = (id: string, title: string, caption: string, yLabel: string, pick: (r: ReportRun) => readonly (readonly [number, number])[], yDomain?: readonly [number, number]): void => {
    const { series, data } = overTime(groups, pick);
    if (series.every((s) => s.points.length === 0)) return;
    charts.push({ id, title, caption: caption + overSeeds, svg: lineChart({ id, title, xLabel: 'simulated time (s)', yLabel, series, ...(yDomain ? { yDomain } : {}) }), data });
  };

  const resources = [...new Set(runs.flatMap((r) => [...r.utilization.keys()]))];
  for (const res of resources) {
    if (runs.every((r) => (r.utilization.get(res) ?? []).every((p) => p[1] === 0))) continue; // a resource nobody asked for
    timeChart(`utilization-${res}`, `${res} allocated over time`, `Fraction of the cluster's ${res} allocated to tasks at each sample, per policy.`, `${res} allocated (fraction of the cluster, 0–1)`, (r) => r.utilization.get(res) ?? [], [0, 1]);
  }

  const cdf = (id: string, title: string, caption: string, xLabel: string, yLabel: string, column: string, samples: (r: ReportRun) => Float64Array): void => {
    const series: Series[] = names.map((g) => seriesOf(g, cdfPoints(concat(groups.get(g)!.map(samples)))));
    const rows = series.flatMap((s) => s.points.map((p) => [s.name, p[0], p[1]]));
    if (rows.length > 0) charts.push({ id, title, caption, svg: lineChart({ id, title, xLabel, yLabel, series, yDomain: [0, 1] }), data: { columns: ['policy', column, 'fraction'], rows } });
  };
  cdf('wait-cdf', 'Task wait time (CDF)', 'Fraction of started tasks that waited at most x seconds between submission and start, per policy (all seeds pooled).', 'wait: start − submit (s)', 'fraction of started tasks (0–1)', 'wait', (r) => r.waits);
  cdf('jct-cdf', 'Job completion time (CDF)', 'Fraction of completed jobs that finished within x seconds of submission, per policy (all seeds pooled).', 'job completion time (s)', 'fraction of completed jobs (0–1)', 'completion_time', (r) => r.jobTimes);

  const outcomes = ['accepted', 'declined', 'rescinded'] as const;
  const offerRows = names.flatMap((g) => outcomes.map((o) => {
    const e = estimate(groups.get(g)!.map((r) => r.summary.offers[o]), LEVEL)!;
    return [g, o, e.mean, e.low, e.high, e.n];
  }));
  charts.push({
    id: 'offers',
    title: 'Offer outcomes',
    caption: `Offers accepted, declined and rescinded per run, per policy${several ? ' (mean over its seeds; the table beside the chart has the 95 % confidence interval)' : ''}.`,
    svg: barChart({ id: 'offers', title: 'Offer outcomes', xLabel: 'policy', yLabel: 'offers per run (count)', groups: names, bars: outcomes.map((o, k) => ({ name: o, values: names.map((_, gi) => offerRows[gi * outcomes.length + k]![2] as number) })) }),
    data: { columns: ['policy', 'outcome', 'mean', 'ci_low', 'ci_high', 'seeds'], rows: offerRows },
  });

  const waitCauses = waitCausesChart(runs, names);
  if (waitCauses !== undefined) charts.push(waitCauses);

  const prices = names.flatMap((g) => [...groups.get(g)![0]!.prices].map(([pool, points]) => ({ g, pool, points })));
  if (prices.length > 0) {
    charts.push({
      id: 'prices',
      title: 'Pool prices over time',
      caption: 'Each pool\'s posted price per unit under a priced policy, at each sample (first seed of each policy).',
      svg: lineChart({ id: 'prices', title: 'Pool prices over time', xLabel: 'simulated time (s)', yLabel: 'posted price (per unit of resource)', series: prices.map((p) => seriesOf(names.length > 1 ? `${p.g}: ${p.pool}` : p.pool, p.points)) }),
      data: { columns: ['policy', 'pool', 'time', 'price'], rows: prices.flatMap((p) => p.points.map(([t, v]) => [p.g, p.pool, t, v])) },
    });
  }

  timeChart('queue', 'Tasks waiting over time', 'Tasks submitted and not yet started, over all frameworks, at each sample, per policy.', 'tasks waiting (count)', (r) => r.pending);
  timeChart('fairness', "Jain's fairness index over time", "Jain's index of the active frameworks' weighted dominant shares at each sample (1: all equal; 1/n: one holds everything), per policy; no value while no framework is active.", "Jain's index (0–1)", (r) => r.jain, [0, 1]);

  for (const g of names) {
    const first = groups.get(g)![0]!;
    const frameworks = [...first.shares].filter(([key]) => key.startsWith('framework:'));
    if (frameworks.length === 0) continue;
    const mean = (points: readonly [number, number][]) => points.reduce((sum, p) => sum + p[1], 0) / Math.max(1, points.length);
    const top = frameworks.sort((a, b) => mean(b[1]) - mean(a[1])).slice(0, SHARE_LINES).map(([key, points]) => ({ name: key.slice('framework:'.length), points }));
    const more = frameworks.length > top.length ? ` The ${SHARE_LINES} frameworks with the largest mean share of ${frameworks.length}.` : '';
    const id = `shares-${g.replace(/[^A-Za-z0-9._-]/g, '_')}`;
    const title = `Dominant shares over time: ${g}`;
    charts.push({
      id,
      title,
      caption: `Each framework's dominant share (its largest fraction of any resource, offered plus allocated) at each sample under ${g} (first seed).${more}`,
      svg: lineChart({ id, title, xLabel: 'simulated time (s)', yLabel: 'dominant share (0–1)', series: top.map((f) => seriesOf(f.name, f.points)), yDomain: [0, 1] }),
      data: { columns: ['policy', 'framework', 'time', 'dominant_share'], rows: top.flatMap((f) => f.points.map(([t, v]) => [g, f.name, t, v])) },
    });
  }
  return charts;
}
