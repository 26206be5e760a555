/**
 * The causes a task attempt's wait is split into (waits.csv, summary.json
 * `waits`), and the rule that says which cause holds for a framework's
 * waiting tasks at an instant (docs/metrics.md#waits).
 *
 * Two causes come before the attempt is queued: `stage_parents` (attempt 0
 * of a stage's task: from the job's submission until the stage's parents
 * finished) and `retry_backoff` (attempt k > 0: from the end of attempt k − 1,
 * preempted, failed or lost, until its framework resubmitted it, that is its
 * learning of the end plus the retry back-off). One comes after the
 * framework launched it: `launching` (from the accepted offer to the start on
 * its agent). In between, the task is queued, and every queued task of a
 * framework is given the framework's state, judged for the next task of the
 * oldest job it has queued (the head of its queue; for a gang, also the rest
 * of the gang). The first state that holds, in this order:
 *
 * 1. `decision`: the framework holds offers it has not answered (its decision
 *    time, the answer's way to the master, and offers it hoards);
 * 2. `suppressed`: the framework is suppressed (offered nothing);
 * 3. room on an agent it did not filter: `gang_siblings` when the head's gang
 *    does not fit the cluster's free resources; else `held_back` just after
 *    an allocation run (the allocator left room unoffered: quota, a pool's
 *    capacity, a limit), and `allocation_interval` otherwise (waiting for the
 *    next allocation run);
 * 4. `filtered`: room only on agents its decline filters cover;
 * 5. `held_back`: room only in reservations of other roles;
 * 6. `fragmentation`: no agent has room, but the free resources in all do;
 * 7. `offers_elsewhere`: the free resources plus those on offer to other
 *    frameworks would do (locked in their offers);
 * 8. `agent_unavailable`: an agent that had registered is away (failed,
 *    partitioned), draining, or in a maintenance window;
 * 9. `cluster_full`: otherwise.
 *
 * The state is judged after each allocation run, when a framework's last
 * outstanding offer is answered, when a framework that had nothing queued
 * gets work, and, for frameworks without room, when an agent gets resources
 * back (then only that agent is looked at).
 *
 * @module
 */
import type { Quantities } from '../model/resources.js';
import { fits } from '../model/resources.js';
import type { AgentView, ClusterView } from '../model/view.js';

export const WAIT_CAUSES = [
  'stage_parents',
  'retry_backoff',
  'allocation_interval',
  'offers_elsewhere',
  'filtered',
  'suppressed',
  'cluster_full',
  'fragmentation',
  'held_back',
  'decision',
  'gang_siblings',
  'agent_unavailable',
  'launching',
] as const;
export type WaitCause = (typeof WAIT_CAUSES)[number];

/** A cause's column, by name. */
export const CAUSE = Object.fromEntries(WAIT_CAUSES.map((c, i) => [c, i])) as Record<WaitCause, number>;

/** The states in which no agent has room for the framework: resources coming back may change them. */
export const NO_ROOM: ReadonlySet<number> = new Set([CAUSE.fragmentation, CAUSE.offers_elsewhere, CAUSE.agent_unavailable, CAUSE.cluster_full]);

/** What the judgement reads of a framework's queue. */
export interface QueuedDemand {
  /** What the next task of the oldest queued job needs. */
  readonly least: Quantities;
  /** The rest of the gang at the head of the queue, summed; undefined when the head is no gang. */
  readonly gang: Quantities | undefined;
}

/** The cluster as the judgement reads it. */
export interface JudgedCluster {
  readonly view: ClusterView;
  /** Resources free in the whole cluster (total − offered − allocated). */
  readonly free: Quantities;
  /** Resources on offer, to any framework. */
  readonly offered: Quantities;
  /** Whether an agent that had registered is away, draining or in maintenance now. */
  readonly agentAway: boolean;
  /**
   * Calls `visit` on each free agent whose available resources hold `least`,
   * in any order, until it returns true; returns whether one did. Absent: every
   * free agent is looked at. Either way the judgement is the same, since only
   * such agents can have room, and it asks only whether one exists.
   */
  readonly withRoom?: (least: Quantities, visit: (agent: AgentView) => boolean) => boolean;
}

/** `withRoom` by looking at every free agent. */
function anyFreeAgent(view: ClusterView, visit: (agent: AgentView) => boolean): boolean {
  for (const agent of view.freeAgents) if (visit(agent)) return true;
  return false;
}

/** Whether `agent` has room for `least` for framework `fw`, and the framework did not filter it. */
export function roomOn(cluster: JudgedCluster, fw: number, agent: AgentView, least: Quantities): 'room' | 'filtered' | 'reserved' | 'none' {
  const framework = cluster.view.frameworks[fw]!;
  if (!agent.registered || agent.draining || (agent.hasGpus && !framework.gpuCapable)) return 'none';
  if (!fits(least, agent.available)) return 'none';
  if (!fits(least, agent.availableTo(framework.role))) return 'reserved';
  return cluster.view.isFiltered(fw, agent.index, agent.available) ? 'filtered' : 'room';
}

/**
 * The cause of the wait of framework `fw`'s queued tasks now, when it holds
 * no offer; `afterRun`: judged just after an allocation run.
 */
export function judge(cluster: JudgedCluster, fw: number, demand: QueuedDemand, afterRun: boolean): number {
  if (cluster.view.frameworks[fw]!.suppressed) return CAUSE.suppressed;
  let filtered = false;
  let reserved = false;
  const visit = (agent: AgentView): boolean => {
    const room = roomOn(cluster, fw, agent, demand.least);
    if (room === 'filtered') filtered = true;
    else if (room === 'reserved') reserved = true;
    return room === 'room';
  };
  if (cluster.withRoom !== undefined ? cluster.withRoom(demand.least, visit) : anyFreeAgent(cluster.view, visit)) {
    if (demand.gang !== undefined && !fits(demand.gang, cluster.free)) return CAUSE.gang_siblings;
    return afterRun ? CAUSE.held_back : CAUSE.allocation_interval;
  }
  if (filtered) return CAUSE.filtered;
  if (reserved) return CAUSE.held_back;
  return noRoom(cluster, demand.least);
}

/** Why no agent has room for `least`. */
function noRoom(cluster: JudgedCluster, least: Quantities): number {
  if (fits(least, cluster.free)) return CAUSE.fragmentation;
  const free = cluster.free;
  const offered = cluster.offered;
  let withOffers = true;
  for (let i = 0; i < least.length; i++) if (least[i]! > free[i]! + offered[i]!) withOffers = false;
  if (withOffers) return CAUSE.offers_elsewhere;
  return cluster.agentAway ? CAUSE.agent_unavailable : CAUSE.cluster_full;
}
