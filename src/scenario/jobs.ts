/**
 * Explicit jobs, `workload.jobs` (docs/scenario-format.md, Explicit jobs): the
 * four forms of a job (identical tasks, a task list, stages, mapreduce) and the
 * types consumers see after parsing, which normalises mapreduce to stages.
 *
 * @module
 */
import { z } from 'zod';
import type { FailureModel } from '../faults/task/task-class.js';
import type { UsageSpec } from '../faults/task/schema.js';
import {
  bool,
  expecting,
  hasProblems,
  integerAtLeast,
  name,
  nonNegative,
  numberOr,
  problem,
  report,
  resourceMap,
  seconds,
  some,
  text,
} from './fields.js';
import { failures, usage } from '../faults/task/schema.js';
import { MAX_NUMBER, MAX_SECONDS, MAX_TASKS_PER_JOB } from '../model/limits.js';

const jobDuration = () => numberOr('a number of seconds > 0, or "forever"', z.number().positive().max(MAX_SECONDS), 'forever');

/** One task of a job's `task_list`. */
const listedTask = () =>
  expecting(
    "a mapping with 'resources' and 'duration'",
    z.strictObject({ resources: resourceMap(nonNegative(), true), duration: jobDuration() }),
  );

/** One task of a `task_list`. */
export interface ListedTaskSpec {
  readonly resources: Readonly<Record<string, number>>;
  readonly duration: number | 'forever';
}

/** A job of `tasks` identical tasks. */
/** Bidding fields of a job (the seed document's B, P and pool), applied to each of its tasks. */
export interface JobBidSpec {
  /** B: the money bid for each task's request (default 0). */
  readonly bid: number;
  /** P: the priority class; 1 is the most important (default 1). */
  readonly priority: number;
  /** Restricts the job to one pool. */
  readonly pool?: string;
}

export interface UniformJobSpec extends JobBidSpec {
  readonly submit: number;
  readonly name?: string;
  readonly gang: boolean;
  readonly tasks: number;
  readonly resources: Readonly<Record<string, number>>;
  readonly duration: number | 'forever';
}

/** A job whose tasks are listed one by one. */
export interface ListedJobSpec extends JobBidSpec {
  readonly submit: number;
  readonly name?: string;
  readonly gang: boolean;
  readonly task_list: ListedTaskSpec[];
}

/** Agents a task would rather run on (delay scheduling): these agents by name, or k drawn at random per task. */
export type PreferSpec = readonly string[] | { readonly random: number };

/** One stage of a staged job: `tasks` identical tasks, runnable once the stages named in `after` have finished. */
export interface StageEntrySpec {
  readonly name: string;
  readonly tasks: number;
  readonly resources: Readonly<Record<string, number>>;
  readonly duration: number | 'forever';
  readonly after: readonly string[];
  readonly prefer?: PreferSpec | undefined;
}

/** A job that is a dependency graph of stages (`stages`, or the `mapreduce` shorthand). */
export interface StagedJobSpec extends JobBidSpec {
  readonly submit: number;
  readonly name?: string;
  readonly gang: boolean;
  readonly stages: StageEntrySpec[];
}

/** An explicit job; tell the forms apart with `'task_list' in job`, `'stages' in job`. */
export type JobEntrySpec = (UniformJobSpec | ListedJobSpec | StagedJobSpec) & {
  readonly prefer?: PreferSpec;
  readonly service?: boolean;
  /** The job's own task fault models (docs/faults.md), replacing its framework's. */
  readonly failures?: FailureModel;
  readonly usage?: UsageSpec;
};

const JOB_FORMS = "exactly one of: 'resources' and 'duration' (with optional 'tasks'), 'task_list', 'stages', 'mapreduce'";

const prefer = () =>
  expecting(
    'a list of agent names, or a mapping with random (agents drawn per task)',
    z.union([
      expecting('a list of agent names', z.array(text()).min(1)),
      expecting('a mapping with random (agents drawn per task)', z.strictObject({ random: integerAtLeast(1) })),
    ]),
  );

/** `tasks` identical tasks (a MapReduce phase). */
const phase = () =>
  expecting(
    "a mapping with 'resources' and 'duration' (and optionally tasks, prefer)",
    z.strictObject({
      tasks: integerAtLeast(1, MAX_TASKS_PER_JOB).default(1),
      resources: resourceMap(nonNegative(), true),
      duration: jobDuration(),
      prefer: prefer().optional(),
    }),
  );

const stage = () =>
  expecting(
    "a mapping with 'name', 'resources' and 'duration' (and optionally tasks, after, prefer)",
    z.strictObject({ name: name(), ...phase().shape, after: expecting('a list of stage names', z.array(name())).default([]) }),
  );

/** Stage names unique, and `after` naming only earlier stages (so the graph has no cycle). */
function checkStages(stages: readonly StageEntrySpec[], ctx: { issues: z.core.$ZodRawIssue[] }): void {
  const seen = new Set<string>();
  stages.forEach((st, i) => {
    st.after.forEach((p, k) => {
      if (!seen.has(p)) {
        report(ctx, ['stages', i, 'after', k], p, problem(`no earlier stage '${p}'`, `the name of an earlier stage: ${some([...seen])}`));
      }
    });
    if (seen.has(st.name)) report(ctx, ['stages', i, 'name'], st.name, problem(`duplicate stage name '${st.name}'`, 'stage names unique within the job'));
    seen.add(st.name);
  });
}

export const job = () =>
  expecting(
    "a mapping with 'submit', and 'resources' and 'duration', 'task_list', 'stages' or 'mapreduce'",
    z.strictObject({
      submit: seconds(),
      name: text().optional(),
      tasks: integerAtLeast(1, MAX_TASKS_PER_JOB).optional(),
      resources: resourceMap(nonNegative(), true).optional(),
      duration: jobDuration().optional(),
      gang: bool().default(false),
      bid: nonNegative().default(0),
      priority: expecting('a priority class > 0 (1 is the most important)', z.number().positive().max(MAX_NUMBER)).default(1),
      pool: name().optional(),
      task_list: expecting('a non-empty list of tasks', z.array(listedTask()).min(1)).optional(),
      /** A dependency graph of stages (Spark-like). */
      stages: expecting('a non-empty list of stages', z.array(stage()).min(1)).optional(),
      /** Shorthand for two stages, map then reduce (Hadoop MapReduce). */
      mapreduce: expecting(
        "a mapping with 'map' and 'reduce'",
        z.strictObject({ map: phase(), reduce: phase() }),
      ).optional(),
      /** Agents every task of the job would rather run on (delay scheduling). */
      prefer: prefer().optional(),
      /** A long-running service (Marathon): 'tasks' instances kept running, replaced when they end. */
      service: bool().default(false),
      /** How its tasks' attempts fail; replaces the framework's (docs/faults.md). */
      failures: failures().optional(),
      /** What its tasks actually use; replaces the framework's. */
      usage: usage().optional(),
    }),
  ).transform((j, ctx): JobEntrySpec => {
    if (hasProblems(ctx)) return z.NEVER;
    const common = {
      submit: j.submit,
      gang: j.gang,
      bid: j.bid,
      priority: j.priority,
      ...(j.name !== undefined ? { name: j.name } : {}),
      ...(j.pool !== undefined ? { pool: j.pool } : {}),
      ...(j.prefer !== undefined ? { prefer: j.prefer } : {}),
      ...(j.service ? { service: true } : {}),
      ...(j.failures !== undefined ? { failures: j.failures } : {}),
      ...(j.usage !== undefined ? { usage: j.usage } : {}),
    };
    if (j.service && (j.task_list !== undefined || j.stages !== undefined || j.mapreduce !== undefined || j.gang)) {
      report(ctx, ['service'], true, problem('a service is a job of identical instances', "'tasks', 'resources' and 'duration', without task_list, stages, mapreduce or gang"));
      return z.NEVER;
    }
    const other = (['task_list', 'stages', 'mapreduce'] as const).filter((k) => j[k] !== undefined);
    for (const form of other) {
      const clash = (['tasks', 'resources', 'duration', ...other.filter((k) => k !== form)] as const).filter((k) => j[k] !== undefined);
      if (clash.length === 0) continue;
      const given = clash.map((k) => `'${k}'`).join(', ');
      report(ctx, [form], j[form], problem(`cannot be combined with ${given}`, JOB_FORMS));
      return z.NEVER;
    }
    if (j.mapreduce !== undefined) {
      const { map, reduce } = j.mapreduce;
      return { ...common, stages: [{ name: 'map', ...map, after: [] }, { name: 'reduce', ...reduce, after: ['map'] }] };
    }
    if (j.stages !== undefined) {
      checkStages(j.stages, ctx);
      return hasProblems(ctx) ? z.NEVER : { ...common, stages: j.stages };
    }
    if (j.task_list !== undefined) return { ...common, task_list: j.task_list };
    if (j.resources !== undefined && j.duration !== undefined) {
      return { ...common, tasks: j.tasks ?? 1, resources: j.resources, duration: j.duration };
    }
    for (const k of ['resources', 'duration'] as const) {
      if (j[k] === undefined) report(ctx, [k], undefined, problem('required field missing', JOB_FORMS));
    }
    return z.NEVER;
  });
