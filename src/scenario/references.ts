/**
 * Checks between sections of a scenario, run once every section is valid on its own.
 *
 * @module
 */
import type { z } from 'zod';
import { checkAgentFaultReferences } from '../faults/agent/schema.js';
import { expandFrameworks } from './expand.js';
import { hasProblems, problem, report, some } from './fields.js';
import { checkMaintenance } from '../faults/maintenance/schema.js';
import { checkTaskFaults } from '../faults/task/schema.js';
import { checkTimelineReferences } from './timeline-references.js';
import type { ScenarioFields } from './top-level.js';
import { checkWorkloadReferences } from './workload-references.js';

/**
 * Checks between parts of the file: unique group and framework names, what the
 * timeline names exists (timeline-references.ts), agents and groups named by
 * faults exist (faults/agent/schema.ts), names workloads use exist
 * (workload-references.ts), and there is at least one agent group.
 * Runs only when everything else is valid.
 */
export function checkReferences(s: ScenarioFields, ctx: { issues: z.core.$ZodRawIssue[] }): void {
  if (hasProblems(ctx)) return;
  // Agent groups, from the cluster and from the timeline.
  const groups: { name: string; count: number; path: PropertyKey[] }[] = [
    ...s.cluster.agents.map((g, i) => ({ name: g.name, count: g.count, path: ['cluster', 'agents', i] })),
    ...s.timeline.flatMap((e, i) =>
      'add_agents' in e ? [{ name: e.add_agents.name, count: e.add_agents.count, path: ['timeline', i, 'add_agents'] }] : [],
    ),
  ];
  const firstGroup = new Map<string, PropertyKey[]>();
  for (const g of groups) {
    const first = firstGroup.get(g.name);
    if (first === undefined) {
      firstGroup.set(g.name, g.path);
      continue;
    }
    const expected = `agent group names unique across cluster.agents and timeline add_agents; '${g.name}' is already used by ${first.join('.')}`;
    report(ctx, [...g.path, 'name'], g.name, problem(`duplicate agent group name '${g.name}'`, expected));
  }
  if (groups.length === 0 && s.cluster.trace_machines === undefined) {
    const expected = 'at least one agent group, unless the timeline adds agents';
    report(ctx, ['cluster', 'agents'], s.cluster.agents, problem('no agent groups', expected));
  }

  // Framework names after {i} expansion.
  const frameworks = expandFrameworks(s);
  const firstFramework = new Map<string, number>();
  const reported = new Set<string>();
  for (const f of frameworks) {
    const first = firstFramework.get(f.name);
    if (first === undefined) {
      firstFramework.set(f.name, f.index);
    } else if (!reported.has(`${f.index}/${f.name}`)) {
      reported.add(`${f.index}/${f.name}`);
      const expected = `framework names unique after "{i}" expansion; frameworks.${first} also produces '${f.name}'`;
      report(ctx, ['frameworks', f.index, 'name'], f.name, problem(`duplicate framework name '${f.name}'`, expected));
    }
  }

  // Names used by the timeline.
  const agentNames = new Set(groups.flatMap((g) => Array.from({ length: g.count }, (_, k) => `${g.name}-${k}`)));
  const groupWords = some(groups.map((g) => `${g.name}-0..${g.count - 1}`));
  checkTimelineReferences(s.timeline, { agents: agentNames, agentWords: groupWords, frameworks }, ctx);
  checkMaintenance(s.faults.maintenance, new Map(groups.map((g) => [g.name, g.count])), groupWords, ctx);
  checkTaskFaults(s, ctx);
  const groupNames = new Set(groups.map((g) => g.name));
  checkAgentFaultReferences(s.faults, { agents: agentNames, groups: groupNames, agentWords: groupWords, groupWords: some([...groupNames]) }, ctx);
  checkWorkloadReferences(s, s.cluster.trace_machines === undefined ? agentNames : undefined, groupWords, ctx);
}
