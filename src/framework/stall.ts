/**
 * Why the tasks left waiting at a stalled run's end can never start.
 *
 * A run with `until: drained` ends `stalled` when nothing was launched or
 * ended for `stall_timeout` seconds and only periodic events remain. The tasks
 * still queued are then sorted by the first reason that holds, most basic
 * first:
 * - `larger_than_any_agent`: the task does not fit in any agent's total;
 * - `gang_larger_than_cluster`: the rest of its gang job needs more than the
 *   registered agents have in all;
 * - `beyond_quota_limit`: the task alone is more than its top-level role's
 *   quota limit allows;
 * - `framework_suppressed`: its framework is suppressed by the timeline (a
 *   scripted SUPPRESS with no REVIVE after it), so it is offered nothing;
 * - `gang_never_offered_at_once`: a gang whose framework never held, in one
 *   batch of offers, room for all of its remaining tasks (coarse-grained
 *   offers and decline filters bring agents back in different runs: see
 *   docs/frameworks.md#mpi-gang-jobs);
 * - `never_offered_room`: any other task: room exists, but no offer its
 *   framework could use brought it.
 *
 * @module
 */
import { addInto, fits, type Quantities, type ResourceSpace } from '../model/resources.js';
import type { JobQueue } from './job-queue.js';

export const STALL_REASONS = [
  'larger_than_any_agent',
  'gang_larger_than_cluster',
  'beyond_quota_limit',
  'framework_suppressed',
  'gang_never_offered_at_once',
  'never_offered_room',
] as const;
export type StallReason = (typeof STALL_REASONS)[number];

/** What summary.json `stalled` holds: the tasks that can never start, by reason (only reasons that occur). */
export interface StallReport {
  readonly tasks: number;
  readonly reasons: Partial<Record<StallReason, number>>;
  /** Tasks running that never end (duration `forever`): they keep a run from draining. */
  readonly running_forever: number;
}

export interface StalledFramework {
  readonly queue: JobQueue;
  /** Its role's top-level role, whose quota limit (milli-units) applies. */
  readonly topRole: { readonly quota?: { readonly limit: Quantities } | undefined };
  /** The timeline suppressed it and has not revived it. */
  readonly suppressedByScript: boolean;
}

/** Sorts every task still queued by why it can never start. */
export function diagnoseStall(
  space: ResourceSpace,
  frameworks: readonly StalledFramework[],
  agentTotals: readonly Quantities[],
  clusterTotal: Quantities,
  runningForever: number,
): StallReport {
  const reasons: Partial<Record<StallReason, number>> = {};
  let tasks = 0;
  const count = (reason: StallReason, n: number): void => {
    reasons[reason] = (reasons[reason] ?? 0) + n;
    tasks += n;
  };
  for (const { queue, topRole, suppressedByScript } of frameworks) {
    queue.forEachWaiting(Infinity, (job) => {
      const rest = job.tasks.slice(job.next);
      if (job.gang) {
        const sum = space.zero();
        for (const t of rest) addInto(sum, t.resources);
        const tooLarge = rest.filter((t) => !agentTotals.some((a) => fits(t.resources, a))).length;
        if (tooLarge > 0) count('larger_than_any_agent', rest.length);
        else if (!fits(sum, clusterTotal)) count('gang_larger_than_cluster', rest.length);
        else if (topRole.quota !== undefined && !fits(sum, topRole.quota.limit)) count('beyond_quota_limit', rest.length);
        else if (suppressedByScript) count('framework_suppressed', rest.length);
        else count('gang_never_offered_at_once', rest.length);
        return true;
      }
      for (const t of rest) {
        if (!agentTotals.some((a) => fits(t.resources, a))) count('larger_than_any_agent', 1);
        else if (topRole.quota !== undefined && !fits(t.resources, topRole.quota.limit)) count('beyond_quota_limit', 1);
        else if (suppressedByScript) count('framework_suppressed', 1);
        else count('never_offered_room', 1);
      }
      return true;
    });
  }
  return { tasks, reasons, running_forever: runningForever };
}

/** The one line a CLI prints when a run stalled. */
export function stallLine(report: StallReport, end: number): string {
  const parts = STALL_REASONS.filter((r) => reasons(report, r) > 0).map((r) => `${reasons(report, r)} ${PHRASES[r]}`);
  const see = reasons(report, 'gang_never_offered_at_once') > 0 ? '; see docs/frameworks.md#mpi-gang-jobs' : '';
  const forever = report.running_forever > 0 ? `; ${report.running_forever} running for ever (duration: forever)` : '';
  const waiting = report.tasks === 0 ? 'no task is waiting' : `${report.tasks} task${report.tasks === 1 ? '' : 's'} can never start: ${parts.join(', ')}${see}`;
  return `run stalled at t=${end} s: ${waiting}${forever}`;
}

function reasons(report: StallReport, r: StallReason): number {
  return report.reasons[r] ?? 0;
}

const PHRASES: Record<StallReason, string> = {
  larger_than_any_agent: 'larger than any agent',
  gang_larger_than_cluster: 'in gangs larger than the cluster',
  beyond_quota_limit: "beyond their role's quota limit",
  framework_suppressed: 'of frameworks the timeline suppressed and never revived',
  gang_never_offered_at_once: 'in gangs never offered room for all their tasks at once',
  never_offered_room: 'never offered room they could use',
};
