/**
 * summary.json `groups`: task wait, job completion time and slowdown per
 * role, per framework and per pool, with the definitions and the window of
 * the run-wide `wait_time`, `job_completion_time` and `slowdown`
 * (docs/metrics.md):
 *
 * - wait: a task attempt that started in the window, start − submit, under
 *   its framework, its framework's role and the pool it draws from;
 * - completion time and slowdown: a job whose tasks all finished, completed
 *   in the window, under its framework, its role and every pool its tasks
 *   drew from (once each).
 *
 * A task or job of no pool counts under no pool. Every framework and role of
 * the scenario and every declared pool is listed (in scenario order), with
 * count 0 and null figures when nothing of it was measured; a pool no
 * declaration names appears after those, in the order first seen.
 *
 * Memory: three samples per measured task or job under exact percentiles
 * (two when the framework is alone in its role), a sketch of fixed size
 * per figure under approximate ones, and the pools of the jobs still running.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import { forwarding, type RunObserver } from '../master/observer.js';
import type { JobRecord, Task } from '../model/task.js';
import { newSeries, type Distribution, type PercentileMode, type SeriesState } from './stats.js';
import { refill } from '../core/refill.js';
import type { Snapshotting } from '../checkpoint/snapshotting.js';

export interface GroupFigures {
  readonly wait_time: Distribution;
  readonly job_completion_time: Distribution;
  readonly slowdown: Distribution;
}

/** By group kind, then group name. */
export interface GroupsReport {
  readonly roles: Record<string, GroupFigures>;
  readonly frameworks: Record<string, GroupFigures>;
  readonly pools: Record<string, GroupFigures>;
}

/** The groups a run has, before it starts: each framework's name and role (by framework index), and the declared pools. */
export interface GroupNames {
  readonly frameworks: readonly { readonly name: string; readonly role: string }[];
  readonly pools: readonly string[];
}

class Group {
  readonly waits;
  readonly completions;
  readonly slowdowns;
  constructor(percentiles: PercentileMode) {
    this.waits = newSeries(percentiles);
    this.completions = newSeries(percentiles);
    this.slowdowns = newSeries(percentiles);
  }
  figures(): GroupFigures {
    return { wait_time: this.waits.describe(), job_completion_time: this.completions.describe(), slowdown: this.slowdowns.describe() };
  }
}

/** Groups of one kind, by name, in the order they were made. */
class Groups {
  readonly #byName = new Map<string, Group>();
  constructor(private readonly percentiles: PercentileMode) {}
  get(name: string): Group {
    let g = this.#byName.get(name);
    if (g === undefined) {
      g = new Group(this.percentiles);
      this.#byName.set(name, g);
    }
    return g;
  }
  /** `name` is measured by `group` (one of another kind's, which pushes to it). */
  share(name: string, group: Group): void {
    if (!this.#byName.has(name)) this.#byName.set(name, group);
  }
  report(): Record<string, GroupFigures> {
    return Object.fromEntries([...this.#byName].map(([name, g]) => [name, g.figures()]));
  }
  /** Its state as data (src/checkpoint/snapshot.ts): each group's samples, by name in order. */
  saveState(): [string, SeriesState[]][] {
    return [...this.#byName].map(([name, g]) => [name, [g.waits.saveState(), g.completions.saveState(), g.slowdowns.saveState()]]);
  }
  /** Takes a saveState() in place of its own (into the groups it has, shared ones included, and new ones for names it has not). */
  loadState(saved: [string, SeriesState[]][]): void {
    for (const [name, [waits, completions, slowdowns]] of saved) {
      const g = this.get(name);
      g.waits.loadState(waits!);
      g.completions.loadState(completions!);
      g.slowdowns.loadState(slowdowns!);
    }
  }
}

/**
 * Wraps `inner` to measure the figures per group of the tasks and jobs
 * passing through it, within the window [from, to].
 */
export function groupFigures(
  inner: RunObserver,
  names: GroupNames,
  window: { readonly from: SimTime; readonly to: SimTime },
  percentiles: PercentileMode = 'exact',
): { observer: RunObserver; report(): GroupsReport; readonly state: Snapshotting<unknown> } {
  const roles = new Groups(percentiles);
  const frameworks = new Groups(percentiles);
  const pools = new Groups(percentiles);
  // A role with one framework measures exactly what its framework does: the two share one group
  // (the same values, pushed once), so that the default exact percentiles keep them once.
  const inRole = new Map<string, number>();
  for (const f of names.frameworks) inRole.set(f.role, (inRole.get(f.role) ?? 0) + 1);
  for (const f of names.frameworks) {
    const own = frameworks.get(f.name);
    if (inRole.get(f.role) === 1) roles.share(f.role, own);
    else roles.get(f.role);
  }
  for (const p of names.pools) pools.get(p);
  /** The pools the started tasks of each unfinished job drew from. */
  const jobPools = new Map<JobRecord, Set<string>>();
  const inWindow = (t: SimTime): boolean => t >= window.from && t <= window.to;
  /** Each framework's groups (by index): its role's and its own, or the one they share. */
  const targets = names.frameworks.map((f): Group[] => {
    const role = roles.get(f.role);
    const own = frameworks.get(f.name);
    return role === own ? [own] : [role, own];
  });

  const observer = forwarding(inner, {
    taskStarted: (task: Task, now: SimTime) => {
      const pool = task.pool ?? task.job.pool;
      if (pool !== undefined) {
        const seen = jobPools.get(task.job) ?? new Set<string>();
        seen.add(pool);
        jobPools.set(task.job, seen);
      }
      if (inWindow(now)) {
        const wait = now - task.submit;
        for (const g of targets[task.job.framework]!) g.waits.push(wait);
        if (pool !== undefined) pools.get(pool).waits.push(wait);
      }
      inner.taskStarted(task, now);
    },
    taskEnded: (task: Task, now: SimTime) => {
      const job = task.job;
      // The job's counts are updated before observers hear of the end (as the collector reads them).
      if (job.live === 0) {
        const drew = jobPools.get(job);
        jobPools.delete(job);
        if (job.unsuccessful === 0 && inWindow(now)) {
          const completion = job.lastEnd - job.submit;
          const run = job.lastEnd - job.firstStart;
          const groups = [...targets[job.framework]!, ...[...(drew ?? [])].map((p) => pools.get(p))];
          for (const g of groups) {
            g.completions.push(completion);
            if (run > 0) g.slowdowns.push(completion / run);
          }
        }
      }
      inner.taskEnded(task, now);
    },
  });
  // Its state as data (src/checkpoint/snapshot.ts).
  const state: Snapshotting<{ roles: [string, SeriesState[]][]; frameworks: [string, SeriesState[]][]; pools: [string, SeriesState[]][]; jobPools: Map<JobRecord, Set<string>> }> = {
    saveState: () => ({ roles: roles.saveState(), frameworks: frameworks.saveState(), pools: pools.saveState(), jobPools }),
    loadState: (saved) => {
      roles.loadState(saved.roles);
      frameworks.loadState(saved.frameworks);
      pools.loadState(saved.pools);
      refill(jobPools, saved.jobPools);
    },
  };
  return { observer, report: () => ({ roles: roles.report(), frameworks: frameworks.report(), pools: pools.report() }), state };
}
