/**
 * The per-group lines of the summary `sim run` prints: for the first few
 * roles (frameworks, when some role has several; pools, when there are any),
 * the mean, p50, p95 and p99 of task wait, job completion time and slowdown.
 * summary.json `groups` has every group (metrics/group-figures.ts).
 *
 * @module
 */
import { GROUP_KINDS, GROUPS_PRINTED } from '../analysis/group-metrics.js';
import type { GroupFigures, GroupsReport } from '../metrics/group-figures.js';
import type { Distribution } from '../metrics/stats.js';
import { formatNumber } from './compare.js';

const cells = (d: Distribution): string[] => [d.mean, d.p50, d.p95, d.p99].map((v) => (v === null ? '-' : formatNumber(v)));

/** The lines, a table per kind shown; none when the run has no groups (a summary written before they existed). */
export function formatGroups(groups: GroupsReport | undefined): string[] {
  if (groups === undefined) return [];
  const lines: string[] = [];
  const count = (kind: keyof GroupsReport): number => Object.keys(groups[kind]).length;
  for (const [kind, word] of GROUP_KINDS) {
    const entries = Object.entries(groups[kind]);
    if (entries.length === 0 || (kind === 'frameworks' && count('frameworks') <= count('roles'))) continue;
    const header = [word, 'wait (s): mean', 'p50', 'p95', 'p99', 'jobs (s): mean', 'p50', 'p95', 'p99', 'slowdown: mean', 'p50', 'p95', 'p99'];
    const rows = entries.slice(0, GROUPS_PRINTED).map(([name, g]: [string, GroupFigures]) => [name, ...cells(g.wait_time), ...cells(g.job_completion_time), ...cells(g.slowdown)]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: readonly string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    lines.push(line(header), ...rows.map(line));
    if (entries.length > GROUPS_PRINTED) lines.push(`(${entries.length - GROUPS_PRINTED} more ${kind} in summary.json)`);
  }
  return lines;
}
