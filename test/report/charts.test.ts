import { describe, expect, it } from 'vitest';
import { buildCharts, cdfPoints, type ReportRun } from '../../src/report/charts.js';
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
  folder: `/r/${group}`, group, summary: summary(group, declined), utilization: new Map([['cpus', util]]),
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
    // Bar heights: policy a declined 3 per run on average, b none.
    expect(charts[2]!.svg).toMatch(/<title>a, declined: 3<\/title>/);
    expect(charts[2]!.svg).toMatch(/<title>b, declined: 0<\/title>/);
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
