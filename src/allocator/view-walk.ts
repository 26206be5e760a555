/**
 * A walk over everything an allocator is shown (the ClusterView and the
 * candidate agents), in a fixed order, for view-guard.ts: every number,
 * resource vector and name, every count of a list or set before its items,
 * and which objects the view's top-level fields are. Derived figures
 * (`unreservedAvailable`, `availableTo`) are left out: they are computed
 * from what is walked. Reads only; `requests(limit)` is side-effect free.
 *
 * @module
 */
import type { AgentView, ClusterView, FrameworkView, PoolView, RoleView } from '../model/view.js';
import type { JobView, TaskView } from '../model/work-view.js';

/** Receives what the walk finds. `enter`/`leave` bracket one part (a role, an agent, a task), for naming where something is. */
export interface ViewSink {
  enter(part: string, id: string | number): void;
  leave(): void;
  number(field: string, value: number): void;
  /** A resource vector (milli-units, in the order of `view.space.names`). */
  vector(field: string, q: ArrayLike<number>): void;
  text(field: string, value: string | undefined): void;
  /** Which object a field holds (compared by identity). */
  ref(field: string, value: unknown): void;
}

export function walkView(view: ClusterView, candidates: readonly AgentView[] | undefined, sink: ViewSink): void {
  for (const field of ['space', 'total', 'roles', 'frameworks', 'agents', 'freeAgents', 'pools', 'minAllocatable', 'isFiltered'] as const) {
    sink.ref(field, view[field]);
  }
  sink.vector('total', view.total);
  sink.number('minAllocatable.length', view.minAllocatable.length);
  view.minAllocatable.forEach((m, i) => sink.vector(`minAllocatable[${i}]`, m));
  walkRole(view.roles, sink);
  sink.number('frameworks.length', view.frameworks.length);
  for (const fw of view.frameworks) walkFramework(fw, sink);
  sink.number('agents.length', view.agents.length);
  for (const agent of view.agents) walkAgent(agent, sink);
  sink.number('freeAgents.size', view.freeAgents.size);
  for (const agent of view.freeAgents) sink.number('freeAgents[]', agent.index);
  sink.number('pools.length', view.pools.length);
  for (const pool of view.pools) walkPool(pool, sink);
  if (candidates === undefined) return;
  sink.number('candidates.length', candidates.length);
  for (const agent of candidates) sink.ref('candidates[]', agent);
}

function walkRole(role: RoleView, sink: ViewSink): void {
  sink.enter('role', role.path === '' ? '(root)' : role.path);
  sink.text('path', role.path);
  sink.number('weight', role.weight);
  sink.vector('allocation', role.allocation);
  sink.vector('own', role.own);
  sink.number('grants', role.grants);
  sink.number('ownGrants', role.ownGrants);
  sink.vector('unallocatedReservations', role.unallocatedReservations);
  sink.number('quota', role.quota === undefined ? 0 : 1);
  if (role.quota !== undefined) {
    sink.vector('quota.guarantee', role.quota.guarantee);
    sink.vector('quota.limit', role.quota.limit);
  }
  sink.number('frameworks.length', role.frameworks.length);
  for (const i of role.frameworks) sink.number('frameworks[]', i);
  sink.number('children.length', role.children.length);
  sink.leave(); // a role is named by its full path, not nested in its parent's
  for (const child of role.children) walkRole(child, sink);
}

function walkFramework(fw: FrameworkView, sink: ViewSink): void {
  sink.enter('framework', fw.name);
  sink.number('index', fw.index);
  sink.text('name', fw.name);
  sink.text('role', fw.role.path);
  sink.number('active', fw.active ? 1 : 0);
  sink.vector('allocation', fw.allocation);
  sink.number('grants', fw.grants);
  sink.number('gpuCapable', fw.gpuCapable ? 1 : 0);
  sink.number('spent', fw.spent);
  sink.number('committed', fw.committed);
  sink.number('budget', fw.budget);
  sink.number('maxPrice', fw.maxPrice);
  const requests = fw.requests(Infinity);
  sink.number('requests.length', requests.length);
  requests.forEach((r, i) => {
    sink.enter('request', i);
    sink.vector('resources', r.resources);
    walkJob(r.job, sink);
    sink.leave();
  });
  sink.leave();
}

function walkAgent(agent: AgentView, sink: ViewSink): void {
  sink.enter('agent', agent.name);
  sink.number('index', agent.index);
  sink.text('name', agent.name);
  sink.number('registered', agent.registered ? 1 : 0);
  sink.number('draining', agent.draining ? 1 : 0);
  sink.number('unavailability.start', agent.unavailability?.start ?? -1);
  sink.number('unavailability.duration', agent.unavailability?.duration ?? -1);
  sink.number('hasGpus', agent.hasGpus ? 1 : 0);
  sink.text('pool', agent.pool);
  sink.vector('total', agent.total);
  sink.vector('available', agent.available);
  sink.number('unallocatedReservations.size', agent.unallocatedReservations.size);
  for (const [role, q] of agent.unallocatedReservations) {
    sink.text('unallocatedReservations[].role', role);
    sink.vector(`unallocatedReservations[${role}]`, q);
  }
  const attributes = Object.entries(agent.attributes);
  sink.number('attributes.length', attributes.length);
  for (const [name, value] of attributes) sink.text(`attributes.${name}`, `${typeof value}:${value}`);
  sink.number('tasks.size', agent.tasks.size);
  for (const task of agent.tasks) walkTask(task, sink);
  sink.leave();
}

function walkTask(task: TaskView, sink: ViewSink): void {
  sink.enter('task', `${task.job.id}/${task.index}`);
  sink.ref('task', task);
  sink.number('index', task.index);
  sink.number('attempt', task.attempt);
  sink.number('agent', task.agent);
  sink.number('start', task.start);
  sink.number('duration', task.duration);
  sink.number('preempting', task.preempting ? 1 : 0);
  sink.text('pool', task.pool);
  sink.vector('resources', task.resources);
  walkJob(task.job, sink);
  sink.leave();
}

function walkJob(job: JobView, sink: ViewSink): void {
  sink.text('job.id', job.id);
  sink.number('job.framework', job.framework);
  sink.number('job.submit', job.submit);
  sink.number('job.bid', job.bid);
  sink.number('job.priority', job.priority);
  sink.text('job.pool', job.pool);
  sink.number('job.gang', job.gang ? 1 : 0);
  sink.number('job.estimate', job.estimate ?? NaN);
}

function walkPool(pool: PoolView, sink: ViewSink): void {
  sink.enter('pool', pool.name);
  sink.text('name', pool.name);
  sink.number('priority', pool.priority);
  sink.vector('capacity', pool.capacity);
  sink.vector('held', pool.held);
  sink.leave();
}
