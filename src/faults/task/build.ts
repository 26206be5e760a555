/**
 * From a scenario's task fault fields (`failures` and `usage` on frameworks
 * and jobs, `faults.isolation`) to the world's `taskFaults`.
 *
 * @module
 */
import type { EmpiricalFiles, GivenDistribution } from '../../scenario/empirical-files.js';
import type { ExpandedFramework } from '../../scenario/frameworks.js';
import type { Scenario } from '../../scenario/schema.js';
import type { FailureModel, TaskClass, TaskFaultsSpec } from './task-class.js';

/** A framework's or job's task fault fields as the scenario gives them. */
interface TaskFaultFields {
  readonly failures?: FailureModel | undefined;
  readonly usage?: { readonly cpus?: GivenDistribution | undefined; readonly mem?: GivenDistribution | undefined } | undefined;
}

/** A framework's or job's class from its fields (`where`: the path of its fields in errors, e.g. `framework web: `); undefined when it has neither. */
export function taskClassOf(x: TaskFaultFields, files: EmpiricalFiles, where: string): TaskClass | undefined {
  const { failures, usage } = x;
  if (failures === undefined && usage === undefined) return undefined;
  return { ...(failures !== undefined ? { failures } : {}), ...(usage !== undefined ? { usage: files.record(usage, `${where}usage`) } : {}) };
}

/**
 * The world's `taskFaults` when the scenario models task failures or
 * isolation; undefined otherwise, and the world then runs exactly as without
 * these models.
 */
export function taskFaultsSpec(s: Scenario, frameworks: readonly ExpandedFramework[], files: EmpiricalFiles): TaskFaultsSpec | undefined {
  const classes = frameworks.map((f) => taskClassOf(f, files, `framework ${f.name}: `));
  const isolation = s.faults.isolation?.mode;
  const jobClasses = frameworks.flatMap((f) =>
    ('jobs' in f.workload && f.workload.jobs !== undefined ? f.workload.jobs : []).map((j, i) => taskClassOf(j, files, `framework ${f.name}: jobs.${i}.`)),
  );
  const all = [...classes, ...jobClasses].filter((c) => c !== undefined);
  if (isolation === undefined && all.length === 0) return undefined;
  return { isolation, frameworks: classes, failures: all.some((c) => c.failures !== undefined) };
}
