/**
 * The per-group figures of summary.json `groups` (metrics/group-figures.ts)
 * as `sim compare` metrics: for each role, framework and pool, the mean, p50,
 * p95 and p99 of task wait, job completion time and slowdown, named
 * `<figure>[<kind>=<group>]`, for example `wait_mean[role=analytics]` (a
 * public name: compare.csv and compare.json rows).
 *
 * The printed table shows a few of them (`printedGroupMetric`); compare.csv
 * and compare.json have them all.
 *
 * @module
 */
import type { Summary } from '../run.js';
import type { GroupFigures, GroupsReport } from '../metrics/group-figures.js';
import type { SummaryMetric } from './summary-metrics.js';

/** Group kinds: the summary's key and the word in metric names and tables. */
export const GROUP_KINDS = [
  ['roles', 'role'],
  ['frameworks', 'framework'],
  ['pools', 'pool'],
] as const satisfies readonly (readonly [keyof GroupsReport, string])[];

const FIGURES = [
  ['wait', 'wait_time', 'task wait'],
  ['jct', 'job_completion_time', 'job completion time'],
  ['slowdown', 'slowdown', 'job slowdown'],
] as const satisfies readonly (readonly [string, keyof GroupFigures, string])[];

const STATISTICS = ['mean', 'p50', 'p95', 'p99'] as const;

/** Of the group metrics, those the printed comparison table shows, for its first `GROUPS_PRINTED` groups of a kind. */
const PRINTED = new Set(['wait_mean', 'wait_p95', 'jct_mean', 'slowdown_mean']);
export const GROUPS_PRINTED = 5;

export interface GroupMetric extends SummaryMetric {
  readonly group: { readonly kind: string; readonly name: string; readonly figure: string };
}

/** The groups of each kind over `summaries`, in the order first seen (a summary without `groups`, written before they existed, has none). */
export function groupNames(summaries: readonly Summary[]): Record<keyof GroupsReport, string[]> {
  const names = { roles: new Set<string>(), frameworks: new Set<string>(), pools: new Set<string>() };
  for (const s of summaries) for (const [kind] of GROUP_KINDS) for (const n of Object.keys(s.groups?.[kind] ?? {})) names[kind].add(n);
  return { roles: [...names.roles], frameworks: [...names.frameworks], pools: [...names.pools] };
}

/**
 * The group metrics of the groups in `summaries`. Frameworks are left out
 * when there are no more of them than roles: each is then alone in its role,
 * with its role's figures.
 */
export function groupMetrics(summaries: readonly Summary[]): GroupMetric[] {
  const names = groupNames(summaries);
  const metrics: GroupMetric[] = [];
  for (const [kind, word] of GROUP_KINDS) {
    if (kind === 'frameworks' && names.frameworks.length <= names.roles.length) continue;
    for (const name of names[kind]) {
      for (const [short, field, what] of FIGURES) {
        for (const stat of STATISTICS) {
          metrics.push({
            name: `${short}_${stat}[${word}=${name}]`,
            label: `${stat} ${what} of ${word} ${name}${short === 'slowdown' ? '' : ', s'}`,
            better: 'lower',
            of: (s) => s.groups?.[kind]?.[name]?.[field][stat] ?? null,
            group: { kind: word, name, figure: `${short}_${stat}` },
          });
        }
      }
    }
  }
  return metrics;
}

/** Whether the printed comparison table shows metric `m` (every metric that is not a group's; a few figures of the first groups of each kind). */
export function printedMetric(m: SummaryMetric, firstGroups: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  const g = (m as Partial<GroupMetric>).group;
  return g === undefined || (PRINTED.has(g.figure) && firstGroups.get(g.kind)?.has(g.name) === true);
}

/** The first `GROUPS_PRINTED` groups of each kind among `metrics`. */
export function firstGroups(metrics: readonly SummaryMetric[]): Map<string, Set<string>> {
  const first = new Map<string, Set<string>>();
  for (const m of metrics) {
    const g = (m as Partial<GroupMetric>).group;
    if (g === undefined) continue;
    const names = first.get(g.kind) ?? new Set<string>();
    if (names.size < GROUPS_PRINTED) names.add(g.name);
    first.set(g.kind, names);
  }
  return first;
}
