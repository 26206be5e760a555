/**
 * Cross-references of the names workloads and agents use: pools named by
 * agent groups, frameworks, jobs, synthetic workloads and the timeline are
 * declared under `pools`; agents a job prefers exist; the explicit jobs of a
 * framework have distinct ids. Part of the cross-reference check
 * (references.ts), run once every section is valid on its own.
 *
 * @module
 */
import type { z } from 'zod';
import { problem, report, some } from './fields.js';
import type { PreferSpec } from './jobs.js';
import type { ScenarioFields } from './top-level.js';

type Ctx = { issues: z.core.$ZodRawIssue[] };

/** `agents`: every agent name the cluster and the timeline give, or undefined when a trace adds more (checked when it is read). */
export function checkWorkloadReferences(s: ScenarioFields, agents: ReadonlySet<string> | undefined, agentWords: string, ctx: Ctx): void {
  const pools = Object.keys(s.pools);
  const pool = (name: string | undefined, path: PropertyKey[]): void => {
    if (name === undefined || Object.hasOwn(s.pools, name)) return;
    const expected = pools.length > 0 ? `a pool declared under pools: ${some(pools)}` : 'a pool declared under pools (there are none)';
    report(ctx, path, name, problem(`unknown pool '${name}'`, expected));
  };
  const prefer = (p: PreferSpec | undefined, path: PropertyKey[]): void => {
    if (p === undefined || agents === undefined || !Array.isArray(p)) return;
    (p as readonly string[]).forEach((agent, k) => {
      if (!agents.has(agent)) report(ctx, [...path, k], agent, problem(`no such agent '${agent}'`, `an agent named <group>-<k>: ${agentWords}`));
    });
  };

  s.cluster.agents.forEach((g, i) => pool(g.pool, ['cluster', 'agents', i, 'pool']));
  s.timeline.forEach((e, i) => {
    if ('add_agents' in e) pool(e.add_agents.pool, ['timeline', i, 'add_agents', 'pool']);
    if ('set_pool_capacity' in e) pool(e.set_pool_capacity.pool, ['timeline', i, 'set_pool_capacity', 'pool']);
  });
  s.frameworks.forEach((f, i) => {
    const at = ['frameworks', i];
    pool(f.pool, [...at, 'pool']);
    const w = f.workload;
    if ('synthetic' in w) pool(w.synthetic.pool, [...at, 'workload', 'synthetic', 'pool']);
    if (!('jobs' in w)) return;
    const ids = new Map<string, number>();
    w.jobs.forEach((j, k) => {
      const path = [...at, 'workload', 'jobs', k];
      pool(j.pool, [...path, 'pool']);
      prefer(j.prefer, [...path, 'prefer']);
      if ('stages' in j) j.stages.forEach((st, n) => prefer(st.prefer, [...path, 'stages', n, 'prefer']));
      // As explicit.ts names them: the job's name, else job-<position from 1>.
      const id = j.name ?? `job-${k + 1}`;
      const first = ids.get(id);
      if (first === undefined) ids.set(id, k);
      else report(ctx, [...path, ...(j.name !== undefined ? ['name'] : [])], id, problem(`duplicate job id '${id}'`, `job ids unique within the framework; jobs.${first} is also '${id}' (an unnamed job is job-<position>)`));
    });
  });
}
