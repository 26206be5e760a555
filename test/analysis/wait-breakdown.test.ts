/**
 * Waiting by cause per policy (sim compare's lines, sim report's stacked bar),
 * from summary.json `waits`.
 */
import { describe, expect, it } from 'vitest';
import { formatPolicyWaits, policyWaits } from '../../src/analysis/wait-breakdown.js';
import { WAIT_CAUSES } from '../../src/metrics/wait-causes.js';
import type { ReportRun } from '../../src/report/charts.js';
import { waitCausesChart } from '../../src/report/wait-chart.js';
import type { Summary } from '../../src/run.js';

/** A summary whose waiting is `seconds` by cause (the other causes 0). */
function summary(allocator: string, seconds: Partial<Record<(typeof WAIT_CAUSES)[number], number>> | undefined): Summary {
  if (seconds === undefined) return { allocator } as unknown as Summary;
  const total = Object.values(seconds).reduce((a, b) => a + b, 0);
  const causes = Object.fromEntries(WAIT_CAUSES.map((c) => [c, { seconds: seconds[c] ?? 0, share: total > 0 ? (seconds[c] ?? 0) / total : null }]));
  return { allocator, waits: { causes: WAIT_CAUSES, all: { tasks: 1, seconds: total, causes }, frameworks: {}, roles: {} } } as unknown as Summary;
}

const runs = [
  { allocator: 'drf', summary: summary('drf', { cluster_full: 30, decision: 10 }) },
  { allocator: 'drf', summary: summary('drf', { cluster_full: 10, decision: 10 }) },
  { allocator: 'fifo', summary: summary('fifo', { fragmentation: 5 }) },
  { allocator: 'fifo', summary: summary('fifo', undefined) },
];

describe('waiting by cause per policy', () => {
  it('is the mean of the runs\' shares, runs without waits figures left out', () => {
    const [drf, fifo] = policyWaits(runs, ['drf', 'fifo']);
    expect(drf!.runs).toBe(2);
    expect(drf!.shares.cluster_full).toBeCloseTo((0.75 + 0.5) / 2, 12);
    expect(drf!.shares.decision).toBeCloseTo((0.25 + 0.5) / 2, 12);
    expect(drf!.seconds).toBe(30);
    expect(fifo!.runs).toBe(1);
    expect(fifo!.shares.fragmentation).toBe(1);
  });

  it('prints a row per cause some policy has, in column order, and the seconds per run', () => {
    expect(formatPolicyWaits(policyWaits(runs, ['drf', 'fifo']))).toEqual([
      'waiting by cause (% of all waiting)  drf    fifo',
      'cluster_full                         62.5%  0.0%',
      'fragmentation                        0.0%   100.0%',
      'decision                             37.5%  0.0%',
      'wait s per run                       30     5',
    ]);
    expect(formatPolicyWaits(policyWaits([{ allocator: 'x', summary: summary('x', undefined) }], ['x']))).toEqual([]);
  });

  it('draws one stacked bar per policy, a segment per cause', () => {
    const report = (r: (typeof runs)[number]): ReportRun => ({ group: r.allocator, summary: r.summary } as unknown as ReportRun);
    const chart = waitCausesChart(runs.map(report), ['drf', 'fifo'])!;
    expect(chart.id).toBe('wait-causes');
    expect(chart.data.columns).toEqual(['policy', 'cause', 'share', 'seeds']);
    expect(chart.data.rows).toContainEqual(['drf', 'decision', 0.375, 2]);
    // Three causes for each of two policies; a segment of 0 is drawn with no height.
    expect(chart.svg.match(/class="bar"/g)).toHaveLength(6);
    expect(chart.svg).toContain('height="0"');
    expect(waitCausesChart([report({ allocator: 'x', summary: summary('x', undefined) })], ['x'])).toBeUndefined();
  });
});
