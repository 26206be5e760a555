/**
 * From a validated scenario to a world ready to run: resource names, agents,
 * frameworks with their workloads, the timeline and the allocator.
 *
 * @module
 */
import { shuffle, type Random, type RandomSource } from './core/random.js';
import { FieldError, InputError, underField } from './errors.js';
import { allocatorFactory } from './allocator/registry.js';
import type { Allocator, AllocatorFactory } from './allocator/types.js';
import type { MasterConfig } from './master/config.js';
import type { JobSource } from './model/job.js';
import { isZero, ResourceSpace, type Quantities } from './model/resources.js';
import type { Quota } from './model/roles.js';
import type { PreferSpec, Scenario } from './scenario/schema.js';
import { expandFrameworks } from './scenario/expand.js';
import { EmpiricalFiles } from './scenario/empirical-files.js';
import { explicitJobs } from './workload/explicit.js';
import { syntheticJobs } from './workload/synthetic.js';
import { traceSource } from './workload/traces/index.js';
import { noteTraceMachines, traceMachines } from './workload/traces/machines.js';
import type { AgentSpec, FrameworkSpec, TimelineAction, WorldSpec } from './world.js';
import { taskClassOf } from './faults/task/build.js';
import { buildFaultSpecs } from './faults/registry.js';

/** The usual Mesos resources come first, in this order; any others follow as first seen. */
const CANONICAL = ['cpus', 'mem', 'disk', 'gpus'];

export function resourceNames(s: Scenario): string[] {
  const seen = new Set<string>();
  const add = (r: Readonly<Record<string, unknown>> | undefined): void => {
    if (r !== undefined) for (const k of Object.keys(r)) seen.add(k);
  };
  for (const g of s.cluster.agents) add(g.resources);
  add(s.cluster.trace_machines?.machine);
  for (const t of s.timeline) {
    if ('add_agents' in t) add(t.add_agents.resources);
    if ('set_pool_capacity' in t) add(t.set_pool_capacity.capacity);
    if ('set_quota' in t) for (const q of [t.set_quota.guarantee, t.set_quota.limit]) add(q);
  }
  for (const r of Object.values(s.roles)) for (const q of [r.quota?.guarantee, r.quota?.limit]) add(q);
  for (const m of s.master.min_allocatable) add(m);
  for (const p of Object.values(s.pools)) add(p.capacity);
  for (const f of s.frameworks) {
    const w = f.workload;
    if ('jobs' in w && w.jobs !== undefined) {
      for (const j of w.jobs) {
        if ('task_list' in j) for (const t of j.task_list) add(t.resources);
        else if ('stages' in j) for (const t of j.stages) add(t.resources);
        else add(j.resources);
      }
    } else if ('synthetic' in w && w.synthetic !== undefined) {
      add(w.synthetic.resources);
    }
  }
  return [...CANONICAL.filter((n) => seen.has(n)), ...[...seen].filter((n) => !CANONICAL.includes(n))];
}

export function masterConfig(s: Scenario, space: ResourceSpace, files: EmpiricalFiles = new EmpiricalFiles(s.dir)): MasterConfig {
  const m = s.master;
  const latency = (spec: Scenario['master']['latency']['master_to_agent'], field: string) => files.distribution(spec, `master.latency.${field}`);
  return {
    allocationInterval: m.allocation_interval,
    offerTimeout: m.offer_timeout ?? null,
    minAllocatable: m.min_allocatable.map((q) => space.fromRecord(q)),
    latency: {
      masterToFramework: latency(m.latency.master_to_framework, 'master_to_framework'),
      frameworkToMaster: latency(m.latency.framework_to_master, 'framework_to_master'),
      masterToAgent: latency(m.latency.master_to_agent, 'master_to_agent'),
      agentToMaster: latency(m.latency.agent_to_master, 'agent_to_master'),
      messages: files.record(m.latency.messages, 'master.latency.messages'),
    },
    agentPingTimeout: m.agent_ping_timeout,
    maxAgentPingTimeouts: m.max_agent_ping_timeouts,
  };
}

export function buildWorldSpec(s: Scenario, random: RandomSource): WorldSpec {
  const space = new ResourceSpace(resourceNames(s));
  // Every CSV file a distribution names is read here, once, before the run.
  const files = new EmpiricalFiles(s.dir);
  const agents: AgentSpec[] = [];
  const agentIndex = new Map<string, number>();
  // A resource the pool does not list is not limited by it.
  const capacityOf = (c: Record<string, number>): Quantities => space.fromRecord(c).map((v, i) => (space.names[i]! in c ? v : Infinity));
  const pools = Object.entries(s.pools).map(([name, p]) => ({ name, capacity: capacityOf(p.capacity), priority: p.priority }));
  const poolNames = new Set(pools.map((p) => p.name));
  /** A resource with no guarantee has 0, one with no limit is unlimited; no quota at all is none (Mesos's default quota). */
  const quotaOf = (q: { guarantee?: Record<string, number> | undefined; limit?: Record<string, number> | undefined }): Quota | undefined => {
    const quota = { guarantee: space.fromRecord(q.guarantee ?? {}), limit: capacityOf(q.limit ?? {}) };
    return isZero(quota.guarantee) && quota.limit.every((v) => v === Infinity) ? undefined : quota;
  };
  const checkPool = (pool: string | undefined, where: string): void => {
    if (pool !== undefined && !poolNames.has(pool)) {
      const known = poolNames.size > 0 ? [...poolNames].join(', ') : 'none declared under pools';
      throw new InputError(`${where}.pool: unknown pool '${pool}' (expected one of: ${known})`);
    }
  };
  const addGroup = (
    g: {
      name?: string | undefined;
      count: number;
      resources: Record<string, number>;
      attributes: Record<string, string | number>;
      pool?: string | undefined;
      reservations?: Record<string, Record<string, number>> | undefined;
    },
    fallback: string,
    registerAt: number | null,
  ): number[] => {
    const group = g.name ?? fallback;
    checkPool(g.pool, `agent group ${group}`);
    const total = space.fromRecord(g.resources);
    const reserved = Object.entries(g.reservations ?? {});
    const reservations = reserved.length === 0 ? {} : { reservations: new Map(reserved.map(([role, r]) => [role, space.fromRecord(r)])) };
    const added: number[] = [];
    for (let k = 0; k < g.count; k++) {
      const name = `${group}-${k}`;
      agentIndex.set(name, agents.length);
      added.push(agents.length);
      agents.push({ name, group, total, attributes: g.attributes, registerAt, pool: g.pool, ...reservations });
    }
    return added;
  };
  s.cluster.agents.forEach((g, i) => addGroup(g, `group${i}`, g.register_at));

  const timeline: (TimelineAction & { at: number })[] = [];
  if (s.cluster.trace_machines !== undefined) {
    const spec = s.cluster.trace_machines;
    const machines = underField(['cluster', 'trace_machines', 'file'], () => traceMachines(spec, space, s.dir));
    noteTraceMachines(agents, machines);
    const offset = agents.length;
    machines.agents.forEach((a) => agentIndex.set(a.name, agents.push(a) - 1));
    for (const t of machines.timeline) timeline.push('agent' in t ? { ...t, agent: t.agent + offset } : t);
  }
  // Agents added by the timeline exist from the start (so removals can name them) but register at `at`.
  s.timeline.forEach((t, i) => {
    if ('add_agents' in t) {
      for (const agent of addGroup(t.add_agents, `timeline${i}`, null)) {
        timeline.push({ at: t.at, kind: 'agent-register', agent });
      }
    }
  });

  const frameworks = expandFrameworks(s);
  for (const f of frameworks) {
    checkPool(f.pool, `framework ${f.name}`);
    const w = f.workload;
    if ('jobs' in w && w.jobs !== undefined) w.jobs.forEach((j, i) => checkPool(j.pool, `framework ${f.name}: jobs.${i}`));
    if ('synthetic' in w && w.synthetic !== undefined) checkPool(w.synthetic.pool, `framework ${f.name}: synthetic`);
  }
  const frameworkIndex = new Map(frameworks.map((f, i) => [f.name, i]));
  const specs: FrameworkSpec[] = frameworks.map((f) => ({
    name: f.name,
    role: f.role,
    gpuCapable: f.gpu_capable,
    suppressWhenIdle: f.suppress_when_idle,
    tasksPerOffer: f.tasks_per_offer === 'unlimited' ? Infinity : f.tasks_per_offer,
    lookahead: f.lookahead,
    perJob: f.decision_time.per_job,
    perTask: f.decision_time.per_task,
    refuseSeconds: f.refuse_seconds ?? s.master.refuse_seconds,
    refuseSecondsOnAccept: f.refuse_seconds_on_accept ?? f.refuse_seconds ?? s.master.refuse_seconds,
    holdOffers: f.hold_offers,
    registerAt: f.register_at,
    unregisterAt: f.unregister_at ?? null,
    jobs: jobSource(f.workload, space, random, f.name, agentIndex, s.dir, ['frameworks', f.index, 'workload'], files),
    pool: f.pool,
    ...(f.budget !== undefined ? { budget: f.budget } : {}),
    ...(f.max_price !== undefined ? { maxPrice: f.max_price } : {}),
    localityWait: f.locality_wait,
    rackWait: f.rack_wait,
    rackAttribute: f.rack_attribute,
    maintenance: { inverseOffers: f.maintenance.inverse_offers, avoid: f.maintenance.avoid, migrate: f.maintenance.migrate },
    retry: {
      on: new Set(f.retry.on),
      limit: f.retry.limit === 'unlimited' ? Infinity : f.retry.limit,
      backoff: f.retry.backoff,
      backoffFactor: f.retry.backoff_factor,
      backoffMax: f.retry.backoff_max,
    },
  }));

  for (const t of s.timeline) {
    if ('remove_agents' in t) {
      for (const name of t.remove_agents) timeline.push({ at: t.at, kind: 'agent-remove', agent: agentIndex.get(name)! });
    } else if ('unregister_framework' in t) {
      timeline.push({ at: t.at, kind: 'framework-unregister', framework: frameworkIndex.get(t.unregister_framework)! });
    } else if ('scale_service' in t) {
      const { framework, service, instances } = t.scale_service;
      timeline.push({ at: t.at, kind: 'scale-service', framework: frameworkIndex.get(framework)!, job: `${framework}/${service}`, instances });
    } else if ('suppress' in t || 'revive' in t) {
      const [kind, call] = 'suppress' in t ? (['suppress-offers', t.suppress] as const) : (['revive-offers', t.revive] as const);
      timeline.push({ at: t.at, kind, framework: frameworkIndex.get(call.framework)!, roles: call.roles });
    } else if ('set_weight' in t) {
      timeline.push({ at: t.at, kind: 'set-weight', role: t.set_weight.role, weight: t.set_weight.weight });
    } else if ('set_pool_capacity' in t) {
      const { pool, capacity } = t.set_pool_capacity;
      checkPool(pool, `timeline set_pool_capacity at ${t.at}`);
      timeline.push({ at: t.at, kind: 'set-pool-capacity', pool, capacity: capacityOf(capacity) });
    } else if ('set_quota' in t) {
      timeline.push({ at: t.at, kind: 'set-quota', role: t.set_quota.role, quota: quotaOf(t.set_quota) });
    }
  }

  return {
    space,
    master: masterConfig(s, space, files),
    weights: new Map(Object.entries(s.roles).map(([role, r]) => [role, r.weight])),
    quotas: new Map(
      Object.entries(s.roles).flatMap(([role, r]) => {
        const q = r.quota === undefined ? undefined : quotaOf(r.quota);
        return q === undefined ? [] : [[role, q] as const];
      }),
    ),
    pools,
    agents,
    frameworks: specs,
    timeline,
    until: s.until,
    stallTimeout: s.stall_timeout,
    // Each fault model's settings, from the registry (src/faults/registry.ts).
    ...buildFaultSpecs(s, { agents, agentIndex, frameworks, files }),
  };
}

function jobSource(
  w: Scenario['frameworks'][number]['workload'],
  space: ResourceSpace,
  random: RandomSource,
  framework: string,
  agentIndex: ReadonlyMap<string, number>,
  baseDir: string | undefined,
  path: readonly (string | number)[],
  files: EmpiricalFiles,
): JobSource {
  if ('trace' in w) return underField([...path, 'trace', 'file'], () => traceSource({ ...w.trace, base: baseDir }, space, framework));
  if ('synthetic' in w && w.synthetic !== undefined) {
    const g = w.synthetic;
    const where = `framework ${framework}: workload.synthetic`;
    return syntheticJobs(
      {
        arrival: g.arrival,
        start: g.start,
        jobs: g.jobs,
        end: g.end,
        tasksPerJob: files.distribution(g.tasks_per_job, `${where}.tasks_per_job`),
        duration: files.distribution(g.duration, `${where}.duration`),
        resources: files.record(g.resources, `${where}.resources`),
        gang: g.gang,
        bid: g.bid === undefined ? undefined : files.distribution(g.bid, `${where}.bid`),
        priority: g.priority,
        pool: g.pool,
        label: `framework ${framework}: workload.synthetic`,
        path: [...path, 'synthetic'],
      },
      space,
      random,
      `framework/${framework}`,
    );
  }
  const jobs = 'jobs' in w && w.jobs !== undefined ? w.jobs : [];
  const preferences = new Preferences(agentIndex, random.stream(`framework/${framework}/prefer`), [...path, 'jobs']);
  return explicitJobs(
    jobs.map((j, i) => {
      const faults = taskClassOf(j, files, `framework ${framework}: jobs.${i}.`);
      const common = { submit: j.submit, name: j.name, gang: j.gang, bid: j.bid, priority: j.priority, pool: j.pool, service: j.service, faults };
      const prefer = preferences.sampler(j.prefer, [i, 'prefer']);
      if ('stages' in j) {
        const names = j.stages.map((st) => st.name);
        const stages = j.stages.map((st, n) => ({
          ...st,
          after: st.after.map((p) => names.indexOf(p)),
          prefer: preferences.sampler(st.prefer, [i, 'stages', n, 'prefer']),
        }));
        return { ...common, prefer, stages };
      }
      if ('task_list' in j) return { ...common, prefer, taskList: j.task_list.map((t) => ({ ...t })) };
      return { ...common, prefer, tasks: j.tasks, resources: j.resources, duration: j.duration };
    }),
    space,
  );
}

/** Turns `prefer` entries into per-task samplers of agent indices. */
class Preferences {
  constructor(
    private readonly agents: ReadonlyMap<string, number>,
    private readonly random: Random,
    /** The jobs' field, e.g. ['frameworks', 0, 'workload', 'jobs']. */
    private readonly jobs: readonly (string | number)[],
  ) {}

  /** Named agents: the same list for every task; `random: k`: k distinct agents drawn per task. `at`: the field under the jobs. */
  sampler(p: PreferSpec | undefined, at: readonly (string | number)[]): (() => readonly number[]) | undefined {
    if (p === undefined) return undefined;
    if ('random' in p) {
      const count = this.agents.size;
      const k = Math.min(p.random, count);
      return () => shuffle([...Array(count).keys()], this.random).slice(0, k).sort((a, b) => a - b);
    }
    const list = p.map((name, k) => {
      const index = this.agents.get(name);
      if (index === undefined) throw new FieldError([...this.jobs, ...at, k], `no agent named '${name}' (agents are named <group>-<k>, or m<id> from a trace)`);
      return index;
    });
    return () => list;
  }
}

/** True when some job of the scenario has preferred agents (locality is then reported). */
export function hasPreferences(s: Scenario): boolean {
  return s.frameworks.some((f) => {
    const w = f.workload;
    return 'jobs' in w && w.jobs !== undefined && w.jobs.some((j) => j.prefer !== undefined || ('stages' in j && j.stages.some((st) => st.prefer !== undefined)));
  });
}

/** The scenario's allocator, from `factory` when given (a loaded plug-in), else from the built-ins. */
export function buildAllocator(s: Scenario, space: ResourceSpace, random: RandomSource, factory?: AllocatorFactory): Allocator {
  return (factory ?? allocatorFactory(s.master.allocator)).create({
    random: random.stream('allocator'),
    options: s.master.allocator_options,
    space,
    pools: Object.keys(s.pools),
    bids: hasBids(s),
    run: { scenario: s.name, seed: s.seed, policyTimeout: s.master.policy_timeout },
  });
}

/** True when some job of the scenario bids (an explicit job with bid > 0, or a generator with a bid). */
export function hasBids(s: Scenario): boolean {
  return s.frameworks.some((f) => {
    const w = f.workload;
    if ('synthetic' in w && w.synthetic !== undefined) return w.synthetic.bid !== undefined;
    return 'jobs' in w && w.jobs !== undefined && w.jobs.some((j) => (j.bid ?? 0) > 0);
  });
}
