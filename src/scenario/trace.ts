/**
 * Recorded jobs, `workload.trace` (docs/scenario-format.md, Recorded jobs;
 * docs/traces.md): the trace's format, files, window and selection. The file
 * and window fields are shared with `cluster.trace_machines`.
 *
 * @module
 */
import { z } from 'zod';
import { TRACE_FORMATS, type TraceWorkloadSpec } from '../workload/traces/index.js';
import {
  anyNumber,
  bool,
  expecting,
  hasProblems,
  integerAtLeast,
  key,
  nonNegative,
  positive,
  problem,
  report,
  resourceMap,
  seconds,
} from './fields.js';

/** Files of a trace: one name or a non-empty list, normalised to a list. */
export const traceFiles = () =>
  expecting('a file name or a list of file names', z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])).transform((f) =>
    typeof f === 'string' ? [f] : f,
  );

/** A trace window on the trace's clock. */
export const traceWindow = () =>
  expecting(
    'a mapping with start and/or end (seconds on the trace clock)',
    z.strictObject({ start: seconds().optional(), end: seconds().optional() }),
  ).optional();


/** A trace's attribute selection: attribute -> values (numbers are compared as text). */
const attributeValues = () =>
  expecting(
    'a mapping of attribute name -> list of values',
    z.record(key(), expecting('a list of strings or numbers', z.array(z.union([z.string(), anyNumber()])))),
  )
    .transform((m) => Object.fromEntries(Object.entries(m).map(([k, vs]) => [k, vs.map(String)])))
    .default(() => ({}));

/** A trace workload (src/workload/traces, docs/traces.md). */
export const trace = () =>
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
