/**
 * The report's stacked bar of waiting by cause: one bar per policy, its
 * waiting split by cause (summary.json `waits`, the share of each cause in
 * all the waiting of the policy's runs, mean over its seeds).
 *
 * @module
 */
import { causesShown, policyWaits, WAIT_PHRASES } from '../analysis/wait-breakdown.js';
import type { Summary } from '../run.js';
import { barChart } from './svg.js';

/** A chart as charts.ts keeps them (its Chart; not imported, so that charts.ts alone imports this file). */
export interface WaitCausesChart {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly svg: string;
  readonly data: { readonly columns: readonly string[]; readonly rows: readonly (readonly (string | number)[])[] };
}

/** The chart, or undefined when no run has waits figures (results written before them) or nothing waited. */
export function waitCausesChart(runs: readonly { readonly group: string; readonly summary: Summary }[], policies: readonly string[]): WaitCausesChart | undefined {
  const waits = policyWaits(runs.map((r) => ({ allocator: r.group, summary: r.summary })), policies);
  const causes = causesShown(waits);
  if (causes.length === 0) return undefined;
  const id = 'wait-causes';
  const title = 'Waiting by cause';
  return {
    id,
    title,
    caption: `Each policy's task waiting split by cause, as a share of all its waiting (waits.csv; docs/metrics.md#waits)${runs.length > policies.length ? ', mean over its seeds' : ''}. Causes: ${causes.map((c) => `${c}: ${WAIT_PHRASES[c]}`).join('; ')}.`,
    svg: barChart({ id, title, xLabel: 'policy', yLabel: 'share of all waiting (%)', groups: policies, stacked: true, bars: causes.map((c) => ({ name: c, values: waits.map((w) => 100 * w.shares[c]) })) }),
    data: { columns: ['policy', 'cause', 'share', 'seeds'], rows: waits.flatMap((w) => causes.map((c) => [w.policy, c, w.shares[c], w.runs])) },
  };
}
