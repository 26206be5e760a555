import { describe, expect, it } from 'vitest';
import { csvText } from '../../src/cli/report.js';
import { buildCharts, cdfPoints, type ReportRun } from '../../src/report/charts.js';
import { summaryData } from '../../src/report/summary-figures.js';
import { reportPage } from '../../src/report/html.js';
import { esc, lineChart } from '../../src/report/svg.js';
import type { Summary } from '../../src/run.js';

const summary = (allocator: string, declined: number) =>
  ({
    scenario: 's', allocator, seed: 1, resources: ['cpus'],
    tasks: { started: 3 }, wait_time: { mean: 1 }, job_completion_time: { mean: 2 },
    utilization: { cpus: { allocated_mean: 0.5 } }, offers: { accepted: 4, declined, rescinded: 0 },
  }) as unknown as Summary;

const run = (group: string, util: [number, number][], waits: number[], declined = 0): ReportRun => ({
  folder: `/r/${group}`, group, summary: summary(group, declined), end: util.at(-1)?.[0] ?? 0, utilization: new Map([['cpus', util]]),
  waits: Float64Array.from(waits), jobTimes: new Float64Array(), prices: new Map(), shares: new Map(), pending: [], jain: [],
});

describe('report charts', () => {
  it('a CDF goes from 0 to 1 through the sorted values, at most 400 points', () => {
    expect(cdfPoints(Float64Array.from([3, 1, 2, 4]))).toEqual([[1, 0], [1.75, 0.25], [2.5, 0.5], [3.25, 0.75], [4, 1]]);
    const many = cdfPoints(Float64Array.from({ length: 10_000 }, (_, i) => i));
    expect(many).toHaveLength(401);
    expect(many.at(-1)).toEqual([9999, 1]);
    expect(cdfPoints(new Float64Array())).toEqual([]);
  });

  it('averages a policy\'s seeds at each sample time, and pools their waits', () => {
    const charts = buildCharts([run('a', [[0, 0], [60, 0.5]], [1, 2], 2), run('a', [[0, 0.2], [60, 1]], [3], 4), run('b', [[0, 0], [60, 0.1]], [0])]);
    expect(charts.map((c) => c.id)).toEqual(['utilization-cpus', 'wait-cdf', 'offers']);
    const util = charts[0]!.svg;
    expect(util.match(/class="series"/g)).toHaveLength(2);
    // Two seeds of a: a band and the ends of its runs; one seed of b: neither.
    expect(util.match(/class="band" data-series="a"/g)).toHaveLength(1);
    expect(util).not.toContain('class="band" data-series="b"');
    expect(util.match(/class="run-end" data-series="a" data-value="60"/g)).toHaveLength(1);
    // The chart's table: a's mean at 60 s is (0.5 + 1) / 2, with t(0.975, 1) = 12.7062047361747 times |0.5 - 1| / 2 either side.
    const data = charts[0]!.data;
    expect(data.columns).toEqual(['policy', 'time', 'mean', 'ci_low', 'ci_high', 'seeds']);
    expect(data.rows.map((r) => [r[0], r[1], r[5]])).toEqual([['a', 0, 2], ['a', 60, 2], ['b', 0, 1], ['b', 60, 1]]);
    expect(data.rows[1]![2]).toBeCloseTo(0.75, 12);
    expect(data.rows[1]![3]).toBeCloseTo(0.75 - 12.7062047361747 * 0.25, 8);
    expect(data.rows[3]!.slice(2, 5)).toEqual([0.1, 0.1, 0.1]);
    // The wait CDF's table: pooled waits of a (1, 2, 3): the minimum at 0, then the quantiles at 1/3, 2/3 and 1.
    expect(charts[1]!.data.columns).toEqual(['policy', 'wait', 'fraction']);
    const cdfA = charts[1]!.data.rows.filter((r) => r[0] === 'a');
    [[1, 0], [5 / 3, 1 / 3], [7 / 3, 2 / 3], [3, 1]].forEach(([w, f], i) => {
      expect(cdfA[i]![1]).toBeCloseTo(w!, 12);
      expect(cdfA[i]![2]).toBeCloseTo(f!, 12);
    });
    expect(cdfA).toHaveLength(4);
    // Bar heights: policy a declined 3 per run on average, b none.
    expect(charts[2]!.svg).toMatch(/<title>a, declined: 3<\/title>/);
    expect(charts[2]!.svg).toMatch(/<title>b, declined: 0<\/title>/);
    expect(charts[2]!.data.rows.filter((r) => r[1] === 'declined').map((r) => [r[0], r[2], r[5]])).toEqual([['a', 3, 2], ['b', 0, 1]]);
  });

  it('the summary table: mean, 95 % interval and seeds per policy and figure', () => {
    const data = summaryData([run('a', [[0, 0]], [1], 2), run('a', [[0, 0]], [1], 4), run('b', [[0, 0]], [1], 7)]);
    expect(data.columns).toEqual(['policy', 'metric', 'mean', 'ci_low', 'ci_high', 'seeds']);
    const declined = data.rows.filter((r) => r[1] === 'offers_declined');
    expect(declined[0]!.slice(0, 3)).toEqual(['a', 'offers_declined', 3]);
    expect(declined[0]![3]).toBeCloseTo(3 - 12.7062047361747, 8); // |2 - 4| / 2 = 1 standard error
    expect(declined[0]![5]).toBe(2);
    expect(declined[1]).toEqual(['b', 'offers_declined', 7, 7, 7, 1]);
    // A figure no run has: empty cells and 0 seeds, not a dropped row.
    expect(csvText(data)).toContain('\na,wait_p95,,,,0\n');
  });

  it('leaves out a resource nobody was allocated', () => {
    expect(buildCharts([run('a', [[0, 0], [60, 0]], [1])]).map((c) => c.id)).toEqual(['wait-cdf', 'offers']);
  });

  it('escapes names in SVG and HTML', () => {
    expect(esc('<a & "b">')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
    const svg = lineChart({ id: 'x', title: 'T<1>', xLabel: 'x', yLabel: 'y', series: [{ name: 'p&q', points: [[0, 0], [1, 1]] }] });
    expect(svg).toContain('T&lt;1&gt;');
    expect(svg).toContain('data-series="p&amp;q"');
    const page = reportPage([run('<drf>', [[0, 0]], [1])], []);
    expect(page).toContain('&lt;drf&gt;');
    expect(page).not.toContain('<drf>');
  });
});

describe('chart text', () => {
  it('wraps a long axis label, legend name and title instead of cutting them, and grows the chart to hold them', () => {
    const long = 'a very long label that names a metric and its unit in many words (tasks per hour)';
    const svg = lineChart({ id: 'x', title: `${long} ${long}`, xLabel: long, yLabel: `${long} ${long}`, series: [{ name: 'policy-with-a-name-far-longer-than-the-legend-has-room-for', points: [[0, 1], [1, 2]] }] });
    const tspans = (cls: string) => svg.match(new RegExp(`<text class="${cls}[^"]*"[^>]*>(.*?)</text>`))![1]!.match(/<tspan/g)!.length;
    expect(tspans('chart-title')).toBeGreaterThanOrEqual(2);
    expect(tspans('axis-label y')).toBeGreaterThanOrEqual(2);
    const legend = svg.match(/<g class="legend-entry"[^>]*>(.*?)<\/g>/)![1]!;
    expect(legend.match(/<tspan/g)!.length).toBeGreaterThanOrEqual(2);
    // Every character of the name is there, over its lines.
    expect(legend.replace(/<[^>]+>/g, '')).toBe('policy-with-a-name-far-longer-than-the-legend-has-room-for');
    const height = Number(svg.match(/viewBox="0 0 720 (\d+(?:\.\d+)?)"/)![1]);
    expect(height).toBeGreaterThan(360);
  });

  it('a NaN value is a gap in the line, never a NaN in a path', () => {
    const svg = lineChart({ id: 'x', title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'p', points: [[0, 1], [1, NaN], [2, 3], [3, 2]], band: [[0, 0, 2], [1, NaN, NaN], [2, 2, 4], [3, 1, 3]], step: true }] });
    expect(svg).not.toContain('NaN');
    // Two pieces: a move before 0 and again after the gap.
    expect(svg.match(/class="series"[^>]*d="([^"]*)"/)![1]!.match(/M/g)).toHaveLength(2);
  });
});
