/**
 * A sweep's charts: for each swept field with numeric values, each metric's
 * mean over the seeds against the field's value, one line per policy, with
 * the confidence interval of the mean as a band (Student-t, 95 %). When
 * several fields are swept, the others are held at their first value.
 *
 * @module
 */
import { estimate } from '../analysis/statistics.js';
import { fieldAxes, sweepMetrics, type CellRecord, type SweepMeta } from '../sweep/results.js';
import { valueText } from '../sweep/spec.js';
import type { Chart } from './charts.js';
import { lineChart, type Series } from './svg.js';

export function sweepCharts(meta: SweepMeta, records: readonly CellRecord[]): Chart[] {
  if (records.length === 0) return [];
  const fields = fieldAxes(meta);
  const metrics = sweepMetrics(meta, records[0]!.summary.resources);
  const policies = [...new Set(records.map((r) => r.summary.allocator))];
  const charts: Chart[] = [];
  for (const axis of fields) {
    const values = meta.matrix[axis]!;
    if (values.length < 2 || !values.every((v) => typeof v === 'number')) continue;
    const others = fields.filter((f) => f !== axis);
    const held = records.filter((r) => others.every((f) => JSON.stringify(r.point[f]) === JSON.stringify(meta.matrix[f]![0])));
    const heldText = others.length === 0 ? '' : ` Other swept fields held at ${others.map((f) => `${f} = ${valueText(meta.matrix[f]![0])}`).join(', ')}.`;
    for (const m of metrics) {
      const series: Series[] = policies.map((policy) => {
        const pts: [number, number][] = [];
        const band: [number, number, number][] = [];
        for (const v of values as number[]) {
          const ys = held.filter((r) => r.summary.allocator === policy && r.point[axis] === v).map((r) => m.of(r.summary)).filter((y): y is number => y !== null && Number.isFinite(y));
          const e = estimate(ys, 0.95);
          if (e === undefined) continue;
          pts.push([v, e.mean]);
          band.push([v, e.low, e.high]);
        }
        return { name: policy, points: pts, band, dots: true };
      });
      if (series.every((s) => s.points.length === 0)) continue;
      const id = `sweep-${meta.sweep}-${m.name}-vs-${axis}`.replace(/[^A-Za-z0-9._-]/g, '_');
      const title = `${m.name} against ${axis}`;
      charts.push({
        id,
        title,
        caption: `Mean of ${m.name} over ${meta.seeds.length} seeds at each value of ${axis}, one line per policy; the band is the 95 % confidence interval of the mean (Student t). ${m.better === 'lower' ? 'Lower' : 'Higher'} is better.${heldText}`,
        svg: lineChart({ id, title, xLabel: axis, yLabel: m.label, series }),
      });
    }
  }
  return charts;
}
