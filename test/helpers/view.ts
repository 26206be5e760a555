/**
 * `makeView()`: a ClusterView from a compact description, to unit-test an
 * allocator or a sorter without building a world (no simulation, master or
 * frameworks). It is made of the model's own objects (Agent, FrameworkRecord,
 * RoleTree, Pool, Task, DeclineFilters), in the shape the master shows them,
 * so shares, reservations and `availableTo` work as in a run.
 *
 * Resources are given in units ({ cpus: 4, mem: 1024 }), in the space of
 * helpers/world.ts (cpus, mem, disk, gpus).
 */
import { meetsMinimum } from '../../src/model/resources.js';
import { Agent, type Attributes } from '../../src/model/agent.js';
import { DeclineFilters } from '../../src/model/filters.js';
import { FrameworkRecord } from '../../src/model/framework-record.js';
import { Pool } from '../../src/model/pool.js';
import { AgentReservations } from '../../src/model/reservations.js';
import { addInto, type Quantities } from '../../src/model/resources.js';
import { RoleTree } from '../../src/model/roles.js';
import { Task, type JobRecord } from '../../src/model/task.js';
import type { AgentView, ClusterView } from '../../src/model/view.js';
import type { TaskRequest } from '../../src/model/work-view.js';
import { quota, space } from './world.js';

type Units = Record<string, number>;

export interface AgentDescription {
  readonly total: Units;
  /** Static reservations by role path (part of `total`). */
  readonly reserved?: Record<string, Units>;
  readonly pool?: string;
  readonly attributes?: Attributes;
  /** Default true. */
  readonly registered?: boolean;
  /** Default `a-<index>`. */
  readonly name?: string;
}

/** A task of the framework that holds resources (running, unless `start` is -1: staging). */
export interface RunningDescription {
  readonly resources: Units;
  /** Default 0. */
  readonly agent?: number;
  /** Default 0. */
  readonly start?: number;
  /** Default Infinity. */
  readonly duration?: number;
  readonly pool?: string;
  /** Job id within its framework (default 'run'). */
  readonly job?: string;
  readonly preempting?: boolean;
}

export interface RequestDescription {
  readonly resources: Units;
  /** Job id within its framework (default 'job'); requests of one job share its JobView. */
  readonly job?: string;
  readonly bid?: number;
  readonly priority?: number;
  readonly pool?: string;
  readonly submit?: number;
  readonly duration?: number;
  /** Tasks of a gang job that wait to start together (0: not a gang). */
  readonly gangSize?: number;
}

export interface FrameworkDescription {
  /** Default `f<index>`. */
  readonly name?: string;
  /** Default '*'. */
  readonly role?: string;
  /** Registered (default true) and not suppressed (default false): active. */
  readonly registered?: boolean;
  readonly suppressed?: boolean;
  readonly gpuCapable?: boolean;
  /** Held in an outstanding offer on agent `on` (default 0). */
  readonly holds?: Units;
  readonly on?: number;
  /** Grants so far, the DRF tie-break (default 1 when it holds something, else 0). */
  readonly grants?: number;
  readonly running?: readonly RunningDescription[];
  readonly requests?: readonly RequestDescription[];
  readonly spent?: number;
  readonly committed?: number;
  readonly budget?: number;
  readonly maxPrice?: number;
}

export interface ViewDescription {
  readonly now?: number;
  readonly agents: readonly AgentDescription[];
  readonly frameworks?: readonly FrameworkDescription[];
  /** Role weights by path (default 1). */
  readonly weights?: Record<string, number>;
  /** Quota of top-level roles: what is not in `limit` is unlimited. */
  readonly quotas?: Record<string, { readonly guarantee: Units; readonly limit?: Units }>;
  readonly pools?: readonly { readonly name: string; readonly capacity?: Units; readonly priority?: number }[];
  /** Decline filters in force (until `until`, default for ever): `refused` contains what they block. */
  readonly filters?: readonly { readonly framework: number; readonly agent: number; readonly refused: Units; readonly until?: number }[];
  /** Default Mesos's: cpus 0.01 or mem 32. */
  readonly minAllocatable?: readonly Units[];
}

export interface MadeView {
  readonly view: ClusterView;
  /** The registered agents, in index order: the candidates of a run over every agent. */
  readonly candidates: readonly AgentView[];
  readonly agents: readonly Agent[];
  readonly frameworks: readonly FrameworkRecord[];
  readonly roles: RoleTree;
}

export function makeView(d: ViewDescription): MadeView {
  const q = (units: Units): Quantities => space.fromRecord(units);
  const roles = new RoleTree(
    space,
    new Map(Object.entries(d.weights ?? {})),
    new Map(Object.entries(d.quotas ?? {}).map(([role, x]) => [role, quota(x.guarantee, x.limit)])),
  );
  const agents = d.agents.map((a, i) => {
    const reserved = Object.entries(a.reserved ?? {}).map(([role, units]) => [roles.ensure(role), q(units)] as const);
    const book = reserved.length === 0 ? undefined : new AgentReservations(space, new Map(reserved), roles);
    const agent = new Agent(i, a.name ?? `a-${i}`, 'a', q(a.total), a.attributes ?? {}, space, a.pool, book);
    agent.registered = a.registered ?? true;
    return agent;
  });
  const pools = (d.pools ?? []).map(
    (p) => new Pool({ name: p.name, capacity: space.fromRecord(p.capacity ?? {}).map((v, i) => (space.names[i]! in (p.capacity ?? {}) ? v : Infinity)), priority: p.priority ?? 0 }, space),
  );
  const frameworks = (d.frameworks ?? []).map((f, i) => {
    const requests = requestsOf(i, f.requests ?? []);
    const fw = new FrameworkRecord(i, f.name ?? `f${i}`, roles.ensure(f.role ?? '*'), f.gpuCapable ?? false, space, (limit) => requests.slice(0, limit));
    fw.registered = f.registered ?? true;
    fw.suppressed = f.suppressed ?? false;
    if (fw.registered) fw.role.frameworks.push(i);
    const hold = (agent: Agent, units: Units): Quantities => {
      const r = q(units);
      agent.offer(r, fw.role);
      addInto(fw.allocation, r);
      roles.allocate(fw.role, r);
      return r;
    };
    if (f.holds !== undefined) hold(agents[f.on ?? 0]!, f.holds);
    const jobs = new Map<string, { job: JobRecord; next: number }>();
    for (const t of f.running ?? []) {
      const agent = agents[t.agent ?? 0]!;
      const id = t.job ?? 'run';
      let entry = jobs.get(id);
      if (entry === undefined) jobs.set(id, (entry = { job: jobRecord(i, id, 0), next: 0 }));
      const task = new Task(entry.job, entry.next++, hold(agent, t.resources), t.duration ?? Infinity);
      agent.allocateFromOffer(task.resources);
      task.state = (t.start ?? 0) < 0 ? 'staging' : 'running';
      task.agent = agent.index;
      task.start = t.start ?? 0;
      task.pool = t.pool;
      task.preempting = t.preempting ?? false;
      agent.tasks.add(task);
      if (t.pool !== undefined) addInto(pools.find((p) => p.name === t.pool)!.held, task.resources);
    }
    const grants = f.grants ?? (f.holds !== undefined ? 1 : 0);
    for (let g = 0; g < grants; g++) {
      fw.grants++;
      roles.countGrant(fw.role);
    }
    fw.spent = f.spent ?? 0;
    fw.committed = f.committed ?? 0;
    fw.budget = f.budget ?? Infinity;
    fw.maxPrice = f.maxPrice ?? Infinity;
    return fw;
  });
  const filters = new DeclineFilters();
  for (const f of d.filters ?? []) filters.add(f.framework, f.agent, q(f.refused), f.until ?? Infinity, false);
  const minAllocatable = (d.minAllocatable ?? [{ cpus: 0.01 }, { mem: 32 }]).map(q);
  const registered = agents.filter((a) => a.registered);
  const total = space.zero();
  for (const a of registered) addInto(total, a.total);
  const now = d.now ?? 0;
  const view: ClusterView = {
    now,
    space,
    total,
    get unreservedAvailable() {
      const free = space.zero();
      for (const a of registered) addInto(free, a.unreservedAvailable);
      return free;
    },
    roles: roles.root,
    frameworks,
    agents,
    freeAgents: new Set(registered.filter((a) => meetsMinimum(a.available, minAllocatable))),
    pools,
    minAllocatable,
    isFiltered: (fw, agent, candidate) => filters.blocks(fw, agent, candidate, now),
    filters,
  };
  return { view, candidates: registered, agents, frameworks, roles };
}

function jobRecord(framework: number, id: string, submit: number, fields: Partial<JobRecord> = {}): JobRecord {
  return {
    id: `f${framework}/${id}`,
    framework,
    submit,
    bid: 0,
    priority: 1,
    pool: undefined,
    gang: false,
    estimate: undefined,
    live: 1,
    unsuccessful: 0,
    lastEnd: -1,
    firstStart: -1,
    ...fields,
  };
}

/** Requests in the given order; those of one job share its JobView and count their index within it. */
function requestsOf(framework: number, list: readonly RequestDescription[]): TaskRequest[] {
  const jobs = new Map<string, { job: JobRecord; next: number }>();
  return list.map((r) => {
    const id = r.job ?? 'job';
    let entry = jobs.get(id);
    if (entry === undefined) {
      const job = jobRecord(framework, id, r.submit ?? 0, { bid: r.bid ?? 0, priority: r.priority ?? 1, pool: r.pool, gang: (r.gangSize ?? 0) > 0 });
      jobs.set(id, (entry = { job, next: 0 }));
    }
    return {
      resources: space.fromRecord(r.resources),
      bid: r.bid ?? 0,
      priority: r.priority ?? 1,
      pool: r.pool,
      submit: r.submit ?? 0,
      job: entry.job,
      index: entry.next++,
      duration: r.duration ?? Infinity,
      gangSize: r.gangSize ?? 0,
    };
  });
}
