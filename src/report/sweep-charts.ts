/**
 * A sweep's charts: for each swept field with numeric values, each metric's
 * mean over the seeds against the field's value, one line per policy, with
 * the confidence interval of the mean as a band (Student-t, 95 %). When
 * several fields are swept, the others are held at their first value.
 * Each chart's table: `policy,value,mean,ci_low,ci_high,seeds`, `value` the
 * swept field's value.
 *
 * @module
 */
import { estimate } from '../analysis/statistics.js';
import { fieldAxes, sweepMetrics, type CellRecord, type SweepMeta } from '../sweep/results.js';
import { valueText } from '../sweep/spec.js';
import { LEVEL } from './across-seeds.js';
import type { Chart } from './charts.js';
import { lineChart, type Series } from './svg.js';

/** A swept field as an axis label: times in the scenario format are seconds; other values are in the field's own unit. */
export function fieldLabel(field: string): string {
  const last = field.split('.').at(-1)!;
  return /(^|_)(interval|timeout|time|seconds|duration|delay|until|period|backoff|end|start)$|^per_(job|task)$/.test(last) ? `${field} (s)` : `${field} (value in the scenario)`;
}

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
      const drawn = policies.map((policy) => {
        const pts: [number, number][] = [];
        const band: [number, number, number][] = [];
        const rows: (string | number)[][] = [];
        for (const v of values as number[]) {
          const ys = held.filter((r) => r.summary.allocator === policy && r.point[axis] === v).map((r) => m.of(r.summary)).filter((y): y is number => y !== null && Number.isFinite(y));
          const e = estimate(ys, LEVEL);
          if (e === undefined) continue;
          pts.push([v, e.mean]);
          band.push([v, e.low, e.high]);
          rows.push([policy, v, e.mean, e.low, e.high, e.n]);
        }
        return { series: { name: policy, points: pts, band, dots: true }, rows };
      });
      if (drawn.every((d) => d.series.points.length === 0)) continue;
      const series: Series[] = drawn.map((d) => d.series);
      const id = `sweep-${meta.sweep}-${m.name}-vs-${axis}`.replace(/[^A-Za-z0-9._-]/g, '_');
      const title = `${m.name} against ${axis}`;
      charts.push({
        id,
        title,
        caption: `Mean of ${m.name} over ${meta.seeds.length} seeds at each value of ${axis}, one line per policy; the band is the 95 % confidence interval of the mean (Student t). ${m.better === 'lower' ? 'Lower' : 'Higher'} is better.${heldText}`,
        svg: lineChart({ id, title, xLabel: fieldLabel(axis), yLabel: m.label, series }),
        data: { columns: ['policy', 'value', 'mean', 'ci_low', 'ci_high', 'seeds'], rows: drawn.flatMap((d) => d.rows) },
      });
    }
  }
  return charts;
}
