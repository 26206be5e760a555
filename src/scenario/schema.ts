/**
 * The scenario file format, as a zod schema with every documented default.
 *
 * Times are simulated seconds; `mem` and `disk` are MB; other resources are
 * unit-less counts. `docs/scenario-format.md` is the reference for users; keep
 * the two in step.
 *
 * Error messages: each schema that users can get wrong is registered in
 * `expectations` with a phrase saying what it expects ("a number of seconds
 * >= 0"); the error map in `load.ts` turns zod issues into one-line messages
 * from it. Checks written here produce full messages with `problem()`.
 *
 * Parsing normalises a few shorthands so that consumers see one form each:
 * a plain number where a distribution is expected becomes
 * `{ dist: 'constant', value }`, and agent groups get their default names.
 *
 * @module
 */
import { z } from 'zod';
import { DEFAULT_POLICY_TIMEOUT } from '../allocator/exec/command.js';
import { isValidRole } from '../model/roles.js';
import { expandFrameworks, expandName, expandRole } from './expand.js';
import { TRACE_FORMATS, type TraceWorkloadSpec } from '../workload/traces/index.js';
import { faults } from './faults.js';
import { checkMaintenance, frameworkMaintenance } from './maintenance.js';
import { checkTaskFaults, failures, usage } from './task-faults.js';
import type { FailureModel, UsageModel } from '../faults/task-class.js';
import { checkAgentFaultReferences, healthCheckFields } from './agent-faults.js';
import { masterFlags } from './master-failover.js';
import { MESSAGE_NAMES, type MessageName } from '../master/network.js';
import {
  DIST_WORDS,
  NAME,
  NAME_WORDS,
  ROLE_WORDS,
  bool,
  describeValue,
  distribution,
  exactlyOne,
  expectations,
  expecting,
  hasProblems,
  integerAtLeast,
  name,
  nonNegative,
  numberOr,
  numbers,
  positive,
  problem,
  report,
  resourceMap,
  roleKey,
  seconds,
  text,
  type DistributionSpec,
} from './fields.js';

export { describeValue, expectations, problem, type DistributionSpec } from './fields.js';

// ---------------------------------------------------------------------------
// Cluster

const attributes = () =>
  expecting(
    'a mapping of attribute name -> string or number',
    z.record(z.string(), expecting('a string or a number', z.union([z.string(), z.number()]))),
  ).default(() => ({}));

/** Fields shared by `cluster.agents` entries and `timeline` `add_agents`. */
const agentGroupFields = () => ({
  /** Defaults to `group<i>` (cluster) or `timeline<i>` (timeline), i = list index. */
  name: name().optional(),
  count: integerAtLeast(1).default(1),
  resources: resourceMap(nonNegative(), true),
  attributes: attributes(),
  /** The resource pool these agents belong to (a name under `pools`). */
  pool: name().optional(),
  /** Static reservations: role path -> resources, carved out of `resources`. */
  reservations: expecting(
    'a mapping of role path -> resources reserved for it',
    z.record(roleKey(), resourceMap(nonNegative(), true)),
  ).optional(),
});

/** Reservations name real roles (not '*', which means unreserved) and fit within the agent's resources. */
function checkReservations(
  g: { resources: Record<string, number>; reservations?: Record<string, Record<string, number>> | undefined },
  ctx: { issues: z.core.$ZodRawIssue[] },
): void {
  if (hasProblems(ctx) || g.reservations === undefined) return;
  const sum: Record<string, number> = {};
  for (const [role, r] of Object.entries(g.reservations)) {
    if (role === '*') {
      report(ctx, ['reservations', role], r, problem("'*' cannot have reservations", "a role other than '*': unreserved resources are the '*' role's"));
    }
    for (const [resource, amount] of Object.entries(r)) {
      const has = g.resources[resource];
      if (has === undefined) {
        const expected = `a resource the agents have: ${Object.keys(g.resources).join(', ')}`;
        report(ctx, ['reservations', role, resource], amount, problem(`the agents have no '${resource}'`, expected));
        continue;
      }
      sum[resource] = (sum[resource] ?? 0) + amount;
      if (sum[resource]! > has) {
        const what = `reservations of ${resource} add up to ${sum[resource]}, more than the agents' ${has}`;
        report(ctx, ['reservations', role, resource], amount, problem(what, `reservations within resources.${resource}`, amount));
      }
    }
  }
}

const agentGroup = () =>
  expecting(
    "a mapping with 'resources' (and optionally name, count, attributes, register_at, pool, reservations)",
    z.strictObject({ ...agentGroupFields(), register_at: seconds().default(0) }),
  ).superRefine(checkReservations);

const addAgents = () =>
  expecting(
    "a mapping with 'resources' (and optionally name, count, attributes, pool, reservations)",
    z.strictObject(agentGroupFields()),
  ).superRefine(checkReservations);

/** Files of a trace: one name or a non-empty list, normalised to a list. */
const traceFiles = () =>
  expecting('a file name or a list of file names', z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])).transform((f) =>
    typeof f === 'string' ? [f] : f,
  );

/** A trace window on the trace's clock. */
const traceWindow = () =>
  expecting(
    'a mapping with start and/or end (seconds on the trace clock)',
    z.strictObject({ start: seconds().optional(), end: seconds().optional() }),
  ).optional();

/** Agents from a trace's machine events (src/workload/traces/machines.ts). */
const traceMachines = () =>
  expecting(
    "a mapping with 'format', 'file' and 'machine'",
    z.strictObject({
      format: expecting('google2011 or alibaba2018', z.enum(['google2011', 'alibaba2018'])),
      file: traceFiles(),
      machine: resourceMap(positive(), true),
      window: traceWindow(),
    }),
  );

const cluster = () =>
  expecting(
    "a mapping with 'agents'",
    z.strictObject({
      agents: expecting('a list of agent groups', z.array(agentGroup())).transform((groups) =>
        groups.map((g, i) => ({ ...g, name: g.name ?? `group${i}` })),
      ),
      trace_machines: traceMachines().optional(),
    }),
  );

// ---------------------------------------------------------------------------
// Master

/** A latency: seconds, or a distribution of seconds (plain numbers stay numbers). */
const latencyValue = () =>
  expecting(`a number of seconds >= 0, or ${DIST_WORDS.replace(/^a number >= 0, or /, '')}`, z.union([seconds(), distribution()]));

const DEFAULT_MIN_ALLOCATABLE = [{ cpus: 0.01 }, { mem: 32 }];

const master = () =>
  expecting(
    'a mapping of master settings',
    z.strictObject({
      allocator: text().default('drf'),
      allocator_options: expecting('a mapping', z.record(z.string(), z.unknown())).default(() => ({})),
      /** An exec: policy's longest wait for an answer (wall-clock s); docs/protocol.md. */
      policy_timeout: seconds(true).default(DEFAULT_POLICY_TIMEOUT),
      allocation_interval: seconds().default(1),
      refuse_seconds: seconds().default(5),
      offer_timeout: expecting(
        'a number of seconds > 0, or null (never)',
        z.union([expecting('a number of seconds > 0, or null (never)', z.number().positive()), z.null()]),
      ).default(null),
      min_allocatable: expecting('a list of resource mappings', z.array(resourceMap(nonNegative(), false))).default(
        () => DEFAULT_MIN_ALLOCATABLE.map((m) => ({ ...m })),
      ),
      latency: expecting(
        'a mapping of master_to_framework, framework_to_master, master_to_agent, agent_to_master and messages',
        z.strictObject({
          master_to_framework: latencyValue().default(0),
          framework_to_master: latencyValue().default(0),
          master_to_agent: latencyValue().default(0),
          agent_to_master: latencyValue().default(0),
          messages: expecting(
            'a mapping of message kind -> latency',
            z.strictObject(
              Object.fromEntries(MESSAGE_NAMES.map((n) => [n, latencyValue().optional()])) as Record<MessageName, z.ZodOptional<ReturnType<typeof latencyValue>>>,
            ),
          ).default(() => ({})),
        }),
      ).prefault({}),
      ...healthCheckFields(),
      ...masterFlags(),
    }),
  ).prefault({});

/** Guarantee and limit (each resource -> amount); both optional. */
const quotaFields = () => ({
  guarantee: resourceMap(nonNegative(), false).optional(),
  limit: resourceMap(nonNegative(), false).optional(),
});

const QUOTA_ROLE_WORDS = "a top-level role, without '/' (its quota covers its subroles)";

/** Quota goes on top-level roles only, and no guarantee may exceed its limit. */
function checkQuota(
  role: string,
  q: { guarantee?: Record<string, number> | undefined; limit?: Record<string, number> | undefined },
  ctx: { issues: z.core.$ZodRawIssue[] },
  path: readonly PropertyKey[],
  rolePath: readonly PropertyKey[],
): void {
  if (role.includes('/')) report(ctx, rolePath, role, problem(`'${role}' is not a top-level role`, QUOTA_ROLE_WORDS, role));
  for (const [resource, g] of Object.entries(q.guarantee ?? {})) {
    const l = q.limit?.[resource];
    if (l !== undefined && g > l) {
      report(ctx, [...path, 'guarantee', resource], g, problem(`exceeds the limit (${l})`, `a number <= limit.${resource} (${l})`, g));
    }
  }
}

const quota = () =>
  expecting("a mapping with 'guarantee' and/or 'limit'", z.strictObject(quotaFields()));

const roles = () =>
  expecting(
    'a mapping of role path -> { weight, quota }',
    z.record(
      roleKey(),
      expecting(
        'a mapping with an optional weight and quota',
        z.strictObject({ weight: positive().default(1), quota: quota().optional() }),
      ),
    ),
  )
    .superRefine((rs, ctx) => {
      if (hasProblems(ctx)) return;
      for (const [role, r] of Object.entries(rs)) {
        if (r.quota !== undefined) checkQuota(role, r.quota, ctx, [role, 'quota'], [role, 'quota']);
      }
    })
    .default(() => ({}));

// ---------------------------------------------------------------------------
// Workloads

const jobDuration = () => numberOr('a number of seconds > 0, or "forever"', z.number().positive(), 'forever');

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
  readonly usage?: UsageModel;
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
      tasks: integerAtLeast(1).default(1),
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

const job = () =>
  expecting(
    "a mapping with 'submit', and 'resources' and 'duration', 'task_list', 'stages' or 'mapreduce'",
    z.strictObject({
      submit: seconds(),
      name: text().optional(),
      tasks: integerAtLeast(1).optional(),
      resources: resourceMap(nonNegative(), true).optional(),
      duration: jobDuration().optional(),
      gang: bool().default(false),
      bid: nonNegative().default(0),
      priority: expecting('a priority class > 0 (1 is the most important)', z.number().positive()).default(1),
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

const rateStep = () =>
  expecting(
    'a mapping with from (seconds) and rate (jobs per second >= 0)',
    z.strictObject({ from: seconds(), rate: expecting('a rate in jobs per second >= 0', z.number().min(0)) }),
  );

const diurnal = () =>
  expecting(
    'a mapping with amplitude (0 to 1), and optionally period and phase (seconds)',
    z.strictObject({
      amplitude: expecting('a number from 0 to 1', z.number().min(0).max(1)),
      period: seconds(true).default(86_400),
      phase: expecting('a number of seconds', z.number()).default(0),
    }),
  );

const burst = () =>
  expecting(
    'a mapping with from and to (seconds) and multiplier (>= 0)',
    z.strictObject({ from: seconds(), to: seconds(), multiplier: nonNegative() }),
  ).superRefine((b, ctx) => {
    if (b.to <= b.from) report(ctx, ['to'], b.to, problem('must be > from', `a number of seconds > ${b.from}`, b.to));
  });

const RATE_WORDS = "exactly one of 'rate' (jobs per second) or 'schedule' (a list of { from, rate })";

const poisson = () =>
  expecting(
    'a mapping with process: poisson, rate or schedule, and optionally diurnal and bursts',
    z.strictObject({
      process: z.literal('poisson'),
      rate: expecting('a rate in jobs per second > 0', z.number().positive()).optional(),
      schedule: expecting('a non-empty list of { from, rate }', z.array(rateStep()).min(1)).optional(),
      diurnal: diurnal().optional(),
      bursts: expecting('a list of { from, to, multiplier }', z.array(burst())).optional(),
    }),
  ).superRefine((p, ctx) => {
    if (hasProblems(ctx)) return;
    if (exactlyOne(ctx, p, { rate: p.rate, schedule: p.schedule }, RATE_WORDS) !== 'schedule') return;
    const steps = p.schedule!;
    steps.forEach((step, i) => {
      const before = steps[i - 1];
      if (before !== undefined && step.from <= before.from) {
        report(ctx, ['schedule', i, 'from'], step.from, problem('must be > the step before', `a number of seconds > ${before.from}`, step.from));
      }
    });
    if (!steps.some((step) => step.rate > 0)) report(ctx, ['schedule'], steps, problem('all rates are 0', 'at least one rate > 0'));
  });

const arrival = () =>
  expecting(
    'a mapping with process: poisson and rate (or schedule), or process: constant and interval',
    z.discriminatedUnion('process', [
      poisson(),
      expecting(
        'a mapping with process: constant and interval (seconds; 0: every job at start)',
        z.strictObject({ process: z.literal('constant'), interval: seconds() }),
      ),
    ]),
  );

const synthetic = () =>
  expecting(
    "a mapping with 'arrival', 'duration', 'resources', and 'jobs' or 'end'",
    z.strictObject({
      arrival: arrival(),
      start: seconds().default(0),
      jobs: integerAtLeast(1).optional(),
      end: seconds().optional(),
      tasks_per_job: distribution().default({ dist: 'constant', value: 1 }),
      duration: distribution(),
      resources: resourceMap(distribution(), true),
      gang: bool().default(false),
      /** Bidding: money bid per task, drawn per job (negative samples become 0). */
      bid: distribution().optional(),
      /** Bidding: every job's priority class, 1 the most important. */
      priority: integerAtLeast(1).optional(),
      /** The pool every job draws from. */
      pool: name().optional(),
    }),
  ).superRefine((s, ctx) => {
    if (hasProblems(ctx)) return;
    if (s.jobs === undefined && s.end === undefined) {
      report(ctx, [], s, problem("needs 'jobs' or 'end'", "'jobs' (a job count) or 'end' (seconds), or both, so that arrivals stop"));
    }
    if (s.end !== undefined && s.end <= s.start) {
      report(ctx, ['end'], s.end, problem(`must be > start`, `a number of seconds > ${s.start}`, s.end));
    }
    if (s.arrival.process === 'constant' && s.arrival.interval === 0 && s.jobs === undefined) {
      report(ctx, ['arrival', 'interval'], 0, problem("0 (every job at start) needs 'jobs'", "'jobs', the number of jobs in the burst", 0));
    }
  });

/** Synthetic workload settings. */
export type SyntheticWorkloadSpec = z.output<ReturnType<typeof synthetic>>;

/** A trace's attribute selection: attribute -> values (numbers are compared as text). */
const attributeValues = () =>
  expecting(
    'a mapping of attribute name -> list of values',
    z.record(z.string(), expecting('a list of strings or numbers', z.array(z.union([z.string(), z.number()])))),
  )
    .transform((m) => Object.fromEntries(Object.entries(m).map(([k, vs]) => [k, vs.map(String)])))
    .default(() => ({}));

/** A trace workload (src/workload/traces, docs/traces.md). */
const trace = () =>
  expecting(
    "a mapping with 'format' and 'file'",
    z.strictObject({
      format: expecting(`one of: ${TRACE_FORMATS.join(', ')}`, z.enum(TRACE_FORMATS)),
      file: traceFiles(),
      window: traceWindow(),
      sample: integerAtLeast(1).default(1),
      load: positive().default(1),
      match: attributeValues(),
      exclude: attributeValues(),
      gang: bool().optional(),
      processors: expecting('allocated or requested', z.enum(['allocated', 'requested'])).default('allocated'),
      /** google2011, alibaba2018: the table `file` holds; google2011: how normalized resources scale. */
      table: expecting('task_events, job_events (google2011), batch_task or batch_instance (alibaba2018)', z.enum(['task_events', 'job_events', 'batch_task', 'batch_instance'])).optional(),
      machine: resourceMap(positive(), true).optional(),
      task_resources: resourceMap(nonNegative(), true).optional(),
      /** alibaba2018: a trace job's rows (contiguous) as one job of stages. */
      group_jobs: bool().optional(),
    }),
  ).transform((t, ctx): TraceWorkloadSpec => {
    if (hasProblems(ctx)) return z.NEVER;
    const google = t.format === 'google2011';
    const alibaba = t.format === 'alibaba2018';
    const tables = google ? ['task_events', 'job_events'] : alibaba ? ['batch_task', 'batch_instance'] : [];
    if (t.table !== undefined && !tables.includes(t.table)) {
      const expected = tables.length > 0 ? `${tables.join(' or ')} with format ${t.format}` : `no 'table' with format ${t.format}`;
      report(ctx, ['table'], t.table, problem(tables.length > 0 ? `not a ${t.format} table` : 'only for formats google2011 and alibaba2018', expected, t.table));
    }
    if (t.table === 'batch_instance' && t.group_jobs === true) {
      report(ctx, ['group_jobs'], t.group_jobs, problem('only with table batch_task', 'batch_instance rows are one job each', t.group_jobs));
    }
    for (const key of ['machine', 'task_resources'] as const) {
      if (alibaba && key === 'machine') continue;
      const formats = key === 'machine' ? 'formats google2011 and alibaba2018' : 'format google2011';
      if (!google && t[key] !== undefined) report(ctx, [key], t[key], problem(`only for ${formats}`, `no '${key}' with format ${t.format}`, t[key]));
    }
    if (!alibaba && t.group_jobs !== undefined) report(ctx, ['group_jobs'], t.group_jobs, problem('only for format alibaba2018', `no 'group_jobs' with format ${t.format}`, t.group_jobs));
    if (google && (t.table ?? 'task_events') === 'task_events' && t.machine === undefined) {
      report(ctx, ['machine'], undefined, problem('required field missing', 'the resources of a machine of normalized capacity 1, e.g. { cpus: 32, mem: 131072 }'));
    }
    if (google && t.table === 'job_events' && t.task_resources === undefined) {
      report(ctx, ['task_resources'], undefined, problem('required field missing', 'the resources of each job\'s one task, e.g. { cpus: 1, mem: 1024 }'));
    }
    if (ctx.issues.length > 0) return z.NEVER;
    const { start, end } = t.window ?? {};
    if (start !== undefined && end !== undefined && end <= start) {
      report(ctx, ['window', 'end'], end, problem('must be > window.start', `a number of seconds > ${start}`, end));
      return z.NEVER;
    }
    return t;
  });

/** Exactly one workload form; tell them apart with `'jobs' in w`. */
export type WorkloadSpec =
  | { readonly jobs: JobEntrySpec[] }
  | { readonly synthetic: SyntheticWorkloadSpec }
  | { readonly trace: TraceWorkloadSpec };

const WORKLOAD_FORMS = 'exactly one of: jobs, synthetic, trace';

const workload = () =>
  expecting(
    "a mapping with exactly one of 'jobs', 'synthetic' or 'trace'",
    z.strictObject({
      jobs: expecting('a list of jobs', z.array(job())).optional(),
      synthetic: synthetic().optional(),
      trace: trace().optional(),
    }),
  ).transform((w, ctx): WorkloadSpec => {
    if (hasProblems(ctx)) return z.NEVER;
    const given = (['jobs', 'synthetic', 'trace'] as const).filter((k) => w[k] !== undefined);
    if (given.length === 1) {
      if (w.jobs !== undefined) return { jobs: w.jobs };
      if (w.synthetic !== undefined) return { synthetic: w.synthetic };
      if (w.trace !== undefined) return { trace: w.trace };
    }
    const quoted = given.map((k) => `'${k}'`);
    const what =
      given.length === 0 ? "none of 'jobs', 'synthetic' or 'trace' given"
        : given.length === 2 ? `both ${quoted.join(' and ')} given` : `all of ${quoted.join(', ')} given`;
    report(ctx, [], w, problem(what, WORKLOAD_FORMS));
    return z.NEVER;
  });

// ---------------------------------------------------------------------------
// Frameworks

const RETRYABLE = ['preempted', 'lost', 'failed', 'drained'] as const;

/** Which unsuccessful ends a framework resubmits tasks after (see framework/retry.ts). */
const retryPolicy = () =>
  expecting(
    'a mapping with on, limit, backoff, backoff_factor, backoff_max',
    z.strictObject({
      on: expecting(`a list of: ${RETRYABLE.join(', ')}`, z.array(z.enum(RETRYABLE))).default(['preempted', 'lost', 'drained']),
      limit: numberOr('an integer >= 0, or "unlimited"', z.int().min(0), 'unlimited').default('unlimited'),
      backoff: seconds().default(0),
      backoff_factor: expecting('a number >= 1', z.number().min(1)).default(2),
      backoff_max: seconds().default(300),
    }),
  ).prefault({});

const framework = () =>
  expecting(
    "a mapping with 'name' and 'workload'",
    z.strictObject({
      /** May contain "{i}"; see expand.ts. */
      name: expecting(`${NAME_WORDS}, may contain "{i}"`, z.string().regex(/^[A-Za-z0-9._{}-]+$/)),
      count: integerAtLeast(1).default(1),
      /** May contain "{i}"; see expand.ts. */
      role: text().default('*'),
      tasks_per_offer: numberOr('an integer >= 1, or "unlimited"', z.int().min(1), 'unlimited').default('unlimited'),
      lookahead: integerAtLeast(1).default(1000),
      decision_time: expecting(
        'a mapping with per_job and per_task (seconds)',
        z.strictObject({ per_job: seconds().default(0), per_task: seconds().default(0) }),
      ).prefault({}),
      /** Absent: the master's refuse_seconds applies. */
      refuse_seconds: seconds().optional(),
      gpu_capable: bool().default(false),
      suppress_when_idle: bool().default(true),
      refuse_seconds_on_accept: seconds().optional(),
      /** Seconds an offer the framework cannot use is held before it is declined (0: at once). */
      hold_offers: seconds().default(0),
      register_at: seconds().default(0),
      unregister_at: seconds().optional(),
      /** The pool its jobs draw from when a job names none. */
      pool: name().optional(),
      retry: retryPolicy(),
      /** Bidding: the most it may spend over the run (money); absent: no budget. */
      budget: nonNegative().optional(),
      /** Bidding: the most it pays per unit of the priced resource; absent: no ceiling. */
      max_price: nonNegative().optional(),
      /** Delay scheduling: seconds a job with preferred agents waits for a node-local offer. */
      locality_wait: seconds().default(0),
      /** Delay scheduling: further seconds it waits for a rack-local offer. */
      rack_wait: seconds().default(0),
      /** The agent attribute naming an agent's rack. */
      rack_attribute: text().default('rack'),
      /** How it responds to maintenance: inverse offers, unavailable offers (maintenance.ts). */
      maintenance: frameworkMaintenance(),
      /** How its tasks' attempts fail (docs/faults.md). */
      failures: failures().optional(),
      /** What its tasks actually use, as ratios of their requests (needs faults.isolation). */
      usage: usage().optional(),
      workload: workload(),
    }),
  ).superRefine((f, ctx) => {
    const sampleName = expandName(f.name, 1, f.count);
    if (!NAME.test(sampleName)) {
      report(ctx, ['name'], f.name, problem('braces are only allowed as "{i}"', `${NAME_WORDS}, may contain "{i}"`, f.name));
    }
    if (!isValidRole(expandRole(f.role, 1))) {
      report(ctx, ['role'], f.role, problem('not a valid role path', `${ROLE_WORDS}, may contain "{i}"`, f.role));
    }
    if (f.unregister_at !== undefined && f.unregister_at <= f.register_at) {
      const expected = `a number of seconds > register_at (${f.register_at})`;
      report(ctx, ['unregister_at'], f.unregister_at, problem('must be > register_at', expected, f.unregister_at));
    }
  });

export type FrameworkSpec = z.output<ReturnType<typeof framework>>;

// ---------------------------------------------------------------------------
// Timeline

const ACTIONS = ['add_agents', 'remove_agents', 'unregister_framework', 'set_weight', 'set_pool_capacity', 'set_quota', 'scale_service'] as const;

export type AgentGroupSpec = z.output<ReturnType<typeof agentGroup>> & { readonly name: string };
export type AddedAgentGroupSpec = z.output<ReturnType<typeof addAgents>> & { readonly name: string };

/** One scripted event: `at` plus exactly one action; tell them apart with `'add_agents' in e` etc. */
export type TimelineEntrySpec = { readonly at: number } & (
  | { readonly add_agents: AddedAgentGroupSpec }
  | { readonly remove_agents: string[] }
  | { readonly unregister_framework: string }
  | { readonly set_weight: { readonly role: string; readonly weight: number } }
  | { readonly set_pool_capacity: { readonly pool: string; readonly capacity: Record<string, number> } }
  | { readonly set_quota: SetQuotaSpec }
  | { readonly scale_service: { readonly framework: string; readonly service: string; readonly instances: number } }
);

/** A scripted quota change: the role's new guarantee and limit (neither: no quota). */
export interface SetQuotaSpec {
  readonly role: string;
  readonly guarantee?: Record<string, number> | undefined;
  readonly limit?: Record<string, number> | undefined;
}

type AddAgentsInput = z.output<ReturnType<typeof addAgents>>;

const timelineEntry = () =>
  expecting(
    `a mapping with 'at' and exactly one of: ${ACTIONS.join(', ')}`,
    z.strictObject({
      at: seconds(),
      add_agents: addAgents().optional(),
      remove_agents: expecting('a list of agent names', z.array(text())).optional(),
      unregister_framework: expecting('a framework name', z.string()).optional(),
      set_weight: expecting(
        "a mapping with 'role' and 'weight'",
        z.strictObject({ role: roleKey(), weight: positive() }),
      ).optional(),
      set_pool_capacity: expecting(
        "a mapping with 'pool' and 'capacity'",
        z.strictObject({ pool: name(), capacity: resourceMap(nonNegative(), true) }),
      ).optional(),
      set_quota: expecting(
        "a mapping with 'role', and 'guarantee' and/or 'limit'",
        z.strictObject({ role: roleKey(), ...quotaFields() }),
      )
        .superRefine((q, ctx) => {
          if (!hasProblems(ctx)) checkQuota(q.role, q, ctx, [], ['role']);
        })
        .optional(),
      scale_service: expecting(
        "a mapping with 'framework', 'service' (the service job's name) and 'instances'",
        z.strictObject({ framework: text(), service: text(), instances: integerAtLeast(0) }),
      ).optional(),
    }),
  ).transform((e, ctx) => {
    if (hasProblems(ctx)) return z.NEVER;
    const given = ACTIONS.filter((a) => e[a] !== undefined);
    const { at, add_agents, remove_agents, unregister_framework, set_weight, set_pool_capacity, set_quota, scale_service } = e;
    if (given.length === 1) {
      if (add_agents !== undefined) return { at, add_agents };
      if (remove_agents !== undefined) return { at, remove_agents };
      if (unregister_framework !== undefined) return { at, unregister_framework };
      if (set_weight !== undefined) return { at, set_weight };
      if (set_pool_capacity !== undefined) return { at, set_pool_capacity };
      if (set_quota !== undefined) return { at, set_quota };
      if (scale_service !== undefined) return { at, scale_service };
    }
    const what = given.length === 0 ? 'no action given' : `several actions given (${given.join(', ')})`;
    report(ctx, [], e, problem(what, `exactly one of: ${ACTIONS.join(', ')}`));
    return z.NEVER;
  });

/** Names unnamed `add_agents` groups `timeline<i>`, i = index in the timeline list. */
const timeline = () =>
  expecting('a list of timeline entries', z.array(timelineEntry()))
    .transform((entries, ctx): TimelineEntrySpec[] => {
      if (hasProblems(ctx)) return z.NEVER;
      return entries.map((e, i) => {
        if (!('add_agents' in e)) return e;
        const group: AddAgentsInput = e.add_agents;
        return { at: e.at, add_agents: { ...group, name: group.name ?? `timeline${i}` } };
      });
    })
    .default([]);

// ---------------------------------------------------------------------------
// The whole file

const scenarioShape = expecting(
  "a mapping with 'name', 'cluster' and 'frameworks'",
  z.strictObject({
    name: name(),
    description: text().optional(),
    quick: bool().default(false),
    seed: integerAtLeast(0).default(1),
    until: numberOr('a number of seconds > 0, or "drained"', z.number().positive(), 'drained').default('drained'),
    stall_timeout: seconds(true).default(3600),
    cluster: cluster(),
    master: master(),
    roles: roles(),
    pools: expecting(
      'a mapping of pool name -> { capacity, priority }',
      z.record(
        z.string().regex(/^[A-Za-z0-9._-]+$/),
        expecting(
          "a mapping with 'capacity' (and optionally priority)",
          z.strictObject({ capacity: resourceMap(nonNegative(), true), priority: z.number().default(0) }),
        ),
      ),
    ).default(() => ({})),
    frameworks: expecting('a non-empty list of frameworks', z.array(framework()).min(1)),
    timeline: timeline(),
    faults: faults(),
    metrics: expecting(
      'a mapping with sample_interval, warmup and window',
      z.strictObject({
        sample_interval: seconds(true).default(60),
        /** Seconds at the start left out of the summary's figures. */
        warmup: seconds().default(0),
        /** Seconds measured after the warm-up; null: to the end of the run. */
        window: expecting('a number of seconds > 0, or null (to the end of the run)', z.union([seconds(true), z.null()])).default(null),
      }),
    ).prefault({}),
    output: expecting('a mapping with offers', z.strictObject({ offers: bool().default(true) })).prefault({}),
  }),
);

/** A validated scenario with every default applied. */
export type Scenario = z.output<typeof scenarioShape> & {
  /** The folder of the scenario file (set by `loadScenario`): relative data file paths are read from it; absent: the working folder. */
  readonly dir?: string;
};

/** The scenario schema: shape, defaults, and cross-references (`checkReferences`). */
export const ScenarioSchema = scenarioShape.superRefine(checkReferences);

/** Lists at most `n` names, then "...". */
function some(names: readonly string[], n = 8): string {
  const unique = [...new Set(names)];
  if (unique.length === 0) return '(there are none)';
  return unique.length <= n ? unique.join(', ') : `${unique.slice(0, n).join(', ')}, ...`;
}

/**
 * Checks between parts of the file: unique group and framework names, agents and
 * frameworks named by the timeline exist, agents and groups named by faults exist
 * (agent-faults.ts), and there is at least one agent group.
 * Runs only when everything else is valid.
 */
function checkReferences(s: Scenario, ctx: { issues: z.core.$ZodRawIssue[] }): void {
  if (hasProblems(ctx)) return;
  // Agent groups, from the cluster and from the timeline.
  const groups: { name: string; count: number; path: PropertyKey[] }[] = [
    ...s.cluster.agents.map((g, i) => ({ name: g.name, count: g.count, path: ['cluster', 'agents', i] })),
    ...s.timeline.flatMap((e, i) =>
      'add_agents' in e ? [{ name: e.add_agents.name, count: e.add_agents.count, path: ['timeline', i, 'add_agents'] }] : [],
    ),
  ];
  const firstGroup = new Map<string, PropertyKey[]>();
  for (const g of groups) {
    const first = firstGroup.get(g.name);
    if (first === undefined) {
      firstGroup.set(g.name, g.path);
      continue;
    }
    const expected = `agent group names unique across cluster.agents and timeline add_agents; '${g.name}' is already used by ${first.join('.')}`;
    report(ctx, [...g.path, 'name'], g.name, problem(`duplicate agent group name '${g.name}'`, expected));
  }
  if (groups.length === 0 && s.cluster.trace_machines === undefined) {
    const expected = 'at least one agent group, unless the timeline adds agents';
    report(ctx, ['cluster', 'agents'], s.cluster.agents, problem('no agent groups', expected));
  }

  // Framework names after {i} expansion.
  const frameworks = expandFrameworks(s);
  const firstFramework = new Map<string, number>();
  const reported = new Set<string>();
  for (const f of frameworks) {
    const first = firstFramework.get(f.name);
    if (first === undefined) {
      firstFramework.set(f.name, f.index);
    } else if (!reported.has(`${f.index}/${f.name}`)) {
      reported.add(`${f.index}/${f.name}`);
      const expected = `framework names unique after "{i}" expansion; frameworks.${first} also produces '${f.name}'`;
      report(ctx, ['frameworks', f.index, 'name'], f.name, problem(`duplicate framework name '${f.name}'`, expected));
    }
  }

  // Names used by the timeline.
  const agentNames = new Set(groups.flatMap((g) => Array.from({ length: g.count }, (_, k) => `${g.name}-${k}`)));
  const groupWords = some(groups.map((g) => `${g.name}-0..${g.count - 1}`));
  const frameworkNames = frameworks.map((f) => f.name);
  s.timeline.forEach((e, i) => {
    if ('remove_agents' in e) {
      e.remove_agents.forEach((agent, k) => {
        if (agentNames.has(agent)) return;
        const expected = `an agent named <group>-<k> by cluster.agents or add_agents: ${groupWords}`;
        report(ctx, ['timeline', i, 'remove_agents', k], agent, problem(`no such agent '${agent}'`, expected));
      });
    } else if ('scale_service' in e && !frameworkNames.includes(e.scale_service.framework)) {
      const expected = `a framework name after "{i}" expansion: ${some(frameworkNames)}`;
      report(ctx, ['timeline', i, 'scale_service', 'framework'], e.scale_service.framework, problem(`no such framework '${e.scale_service.framework}'`, expected));
    } else if ('unregister_framework' in e && !frameworkNames.includes(e.unregister_framework)) {
      const expected = `a framework name after "{i}" expansion: ${some(frameworkNames)}`;
      const what = `no such framework '${e.unregister_framework}'`;
      report(ctx, ['timeline', i, 'unregister_framework'], e.unregister_framework, problem(what, expected));
    }
  });
  checkMaintenance(s.faults.maintenance, new Map(groups.map((g) => [g.name, g.count])), groupWords, ctx);
  checkTaskFaults(s, ctx);
  const groupNames = new Set(groups.map((g) => g.name));
  checkAgentFaultReferences(s.faults, { agents: agentNames, groups: groupNames, agentWords: groupWords, groupWords: some([...groupNames]) }, ctx);
}
