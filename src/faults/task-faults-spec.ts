/**
 * From a scenario's task fault fields (`failures` and `usage` on frameworks
 * and jobs, `faults.isolation`) to the world's `taskFaults`.
 *
 * @module
 */
import type { ExpandedFramework } from '../scenario/frameworks.js';
import type { Scenario } from '../scenario/schema.js';
import type { FailureModel, TaskClass, TaskFaultsSpec, UsageModel } from './task-class.js';

/** A framework's or job's class from its fields; undefined when it has neither. */
export function taskClassOf(x: { readonly failures?: FailureModel | undefined; readonly usage?: UsageModel | undefined }): TaskClass | undefined {
  const { failures, usage } = x;
  if (failures === undefined && usage === undefined) return undefined;
  return { ...(failures !== undefined ? { failures } : {}), ...(usage !== undefined ? { usage } : {}) };
}

/**
 * `{ taskFaults }` when the scenario models task failures or isolation;
 * `{}` otherwise, and the world then runs exactly as without these models.
 */
export function taskFaultsSpec(s: Scenario, frameworks: readonly ExpandedFramework[]): { taskFaults?: TaskFaultsSpec } {
  const classes = frameworks.map(taskClassOf);
  const isolation = s.faults.isolation?.mode;
  const jobClasses = frameworks.flatMap((f) => ('jobs' in f.workload && f.workload.jobs !== undefined ? f.workload.jobs : [])).map(taskClassOf);
  const all = [...classes, ...jobClasses].filter((c) => c !== undefined);
  if (isolation === undefined && all.length === 0) return {};
  return { taskFaults: { isolation, frameworks: classes, failures: all.some((c) => c.failures !== undefined), baseDir: s.dir } };
}
