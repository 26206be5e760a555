/**
 * The report's charts, from the runs read for it: which charts exist, what
 * each plots, and how runs of one policy (several seeds) are combined.
 *
 * Runs are grouped by policy (`group`). A group's curve over time is the
 * mean over its runs at each sample time; its distributions (waits, job
 * completion times) pool the samples of all its runs.
 *
 * @module
 */
import { quantileSorted } from 'd3-array';
import type { Summary } from '../run.js';
import { barChart, lineChart, type Series } from './svg.js';

export interface ReportRun {
  readonly folder: string;
  /** The policy, or a label naming the run. */
  readonly group: string;
  readonly summary: Summary;
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
  /** [time, Jain's index] at samples where it has a value (from fairness.csv). */
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

/** Mean over runs of series sampled at the same times (times only some runs have count for those runs alone). */
function meanSeries(all: readonly (readonly [number, number][])[]): [number, number][] {
  const sums = new Map<number, [number, number]>();
  for (const series of all) {
    for (const [t, v] of series) {
      const s = sums.get(t) ?? [0, 0];
      s[0] += v;
      s[1]++;
      sums.set(t, s);
    }
  }
  return [...sums].sort((a, b) => a[0] - b[0]).map(([t, [sum, n]]) => [t, sum / n]);
}

const concat = (arrays: readonly Float64Array[]): Float64Array => {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) out.set(a, (at += a.length) - a.length);
  return out;
};

export function buildCharts(runs: readonly ReportRun[]): Chart[] {
  const groups = groupsOf(runs);
  const names = [...groups.keys()];
  const charts: Chart[] = [];
  const several = runs.length > names.length ? ' (mean over its seeds)' : '';

  const resources = [...new Set(runs.flatMap((r) => [...r.utilization.keys()]))];
  for (const res of resources) {
    const series: Series[] = names.map((g) => ({ name: g, points: meanSeries(groups.get(g)!.map((r) => r.utilization.get(res) ?? [])), step: true }));
    if (series.every((s) => s.points.every((p) => p[1] === 0))) continue; // a resource nobody asked for
    charts.push({
      id: `utilization-${res}`,
      title: `${res} allocated over time`,
      caption: `Fraction of the cluster's ${res} allocated to tasks at each sample, per policy${several}.`,
      svg: lineChart({ id: `utilization-${res}`, title: `${res} allocated over time`, xLabel: 'time (s)', yLabel: 'fraction allocated', series, yDomain: [0, 1] }),
    });
  }

  const cdf = (id: string, title: string, caption: string, xLabel: string, yLabel: string, samples: (r: ReportRun) => Float64Array): void => {
    const series: Series[] = names.map((g) => ({ name: g, points: cdfPoints(concat(groups.get(g)!.map(samples))), step: true }));
    if (series.some((s) => s.points.length > 0)) charts.push({ id, title, caption, svg: lineChart({ id, title, xLabel, yLabel, series, yDomain: [0, 1] }) });
  };
  cdf('wait-cdf', 'Task wait time (CDF)', 'Fraction of started tasks that waited at most x seconds between submission and start, per policy (all seeds pooled).', 'wait (s)', 'fraction of tasks', (r) => r.waits);
  cdf('jct-cdf', 'Job completion time (CDF)', 'Fraction of completed jobs that finished within x seconds of submission, per policy (all seeds pooled).', 'completion time (s)', 'fraction of jobs', (r) => r.jobTimes);

  const outcomes = ['accepted', 'declined', 'rescinded'] as const;
  const meanOf = (g: string, f: (s: Summary) => number) => {
    const rs = groups.get(g)!;
    return rs.reduce((sum, r) => sum + f(r.summary), 0) / rs.length;
  };
  charts.push({
    id: 'offers',
    title: 'Offer outcomes',
    caption: `Offers accepted, declined and rescinded per run, per policy${several}.`,
    svg: barChart({ id: 'offers', title: 'Offer outcomes', yLabel: 'offers per run', groups: names, bars: outcomes.map((o) => ({ name: o, values: names.map((g) => meanOf(g, (s) => s.offers[o])) })) }),
  });

  const priceSeries: Series[] = names.flatMap((g) => {
    const first = groups.get(g)![0]!;
    return [...first.prices].map(([pool, points]) => ({ name: names.length > 1 ? `${g}: ${pool}` : pool, points, step: true }));
  });
  if (priceSeries.length > 0) {
    charts.push({
      id: 'prices',
      title: 'Pool prices over time',
      caption: 'Each pool\'s posted price per unit under a priced policy, at each sample (first seed of each policy).',
      svg: lineChart({ id: 'prices', title: 'Pool prices over time', xLabel: 'time (s)', yLabel: 'price per unit', series: priceSeries }),
    });
  }

  const pendingSeries: Series[] = names.map((g) => ({ name: g, points: meanSeries(groups.get(g)!.map((r) => r.pending)), step: true }));
  if (pendingSeries.some((s) => s.points.length > 0)) {
    charts.push({
      id: 'queue',
      title: 'Tasks waiting over time',
      caption: `Tasks submitted and not yet started, over all frameworks, at each sample, per policy${several}.`,
      svg: lineChart({ id: 'queue', title: 'Tasks waiting over time', xLabel: 'time (s)', yLabel: 'tasks waiting', series: pendingSeries }),
    });
  }

  const jainSeries: Series[] = names.map((g) => ({ name: g, points: meanSeries(groups.get(g)!.map((r) => r.jain)), step: true }));
  if (jainSeries.some((s) => s.points.length > 0)) {
    charts.push({
      id: 'fairness',
      title: "Jain's fairness index over time",
      caption: `Jain's index of the active frameworks' weighted dominant shares at each sample (1: all equal; 1/n: one holds everything), per policy${several}.`,
      svg: lineChart({ id: 'fairness', title: "Jain's fairness index over time", xLabel: 'time (s)', yLabel: "Jain's index", series: jainSeries, yDomain: [0, 1] }),
    });
  }

  for (const g of names) {
    const first = groups.get(g)![0]!;
    const frameworks = [...first.shares].filter(([key]) => key.startsWith('framework:'));
    if (frameworks.length === 0) continue;
    const mean = (points: readonly [number, number][]) => points.reduce((sum, p) => sum + p[1], 0) / Math.max(1, points.length);
    const top = frameworks.sort((a, b) => mean(b[1]) - mean(a[1])).slice(0, SHARE_LINES);
    const more = frameworks.length > top.length ? ` The ${SHARE_LINES} frameworks with the largest mean share of ${frameworks.length}.` : '';
    const id = `shares-${g.replace(/[^A-Za-z0-9._-]/g, '_')}`;
    const title = `Dominant shares over time: ${g}`;
    charts.push({
      id,
      title,
      caption: `Each framework's dominant share (its largest fraction of any resource, offered plus allocated) at each sample under ${g} (first seed).${more}`,
      svg: lineChart({ id, title, xLabel: 'time (s)', yLabel: 'dominant share', series: top.map(([key, points]) => ({ name: key.slice('framework:'.length), points, step: true })), yDomain: [0, 1] }),
    });
  }
  return charts;
}
