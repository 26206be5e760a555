/**
 * Trace workloads: from a scenario's `workload.trace` to a framework's
 * `JobSource`, and the summary of what a run's trace sources read and skipped.
 *
 * @module
 */
import { isAbsolute, resolve } from 'node:path';
import type { JobSource } from '../../model/job.js';
import type { ResourceSpace } from '../../model/resources.js';
import { isTraceSource, type TraceReader, type TraceReport, type TraceSource } from './common.js';
import { traceJobSource } from './source.js';
import { alibaba2018InstanceReader, alibaba2018Reader } from './alibaba2018.js';
import { csvReader } from './csv.js';
import { google2011Reader } from './google2011.js';
import { swfReader } from './swf.js';

export const TRACE_FORMATS = ['swf', 'csv', 'google2011', 'alibaba2018'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

/** `workload.trace` of a scenario, validated (see scenario/schema.ts). */
export interface TraceWorkloadSpec {
  readonly format: TraceFormat;
  /** Files read one after the other (shards), relative to the scenario file until resolved. */
  readonly file: readonly string[];
  readonly window?: { readonly start?: number | undefined; readonly end?: number | undefined } | undefined;
  readonly sample: number;
  readonly load: number;
  readonly match: Readonly<Record<string, readonly string[]>>;
  readonly exclude: Readonly<Record<string, readonly string[]>>;
  /** Absent: the format's own default (SWF: true; CSV: the file's gang column, else false). */
  readonly gang?: boolean | undefined;
  /** SWF: which processor count to use. */
  readonly processors: 'allocated' | 'requested';
  /** google2011 (task_events, job_events) and alibaba2018 (batch_task, batch_instance): which table `file` holds. */
  readonly table?: 'task_events' | 'job_events' | 'batch_task' | 'batch_instance' | undefined;
  /** google2011: the resources of a machine of normalized capacity 1.0; alibaba2018: its `mem` (plan_mem 100). */
  readonly machine?: Readonly<Record<string, number>> | undefined;
  /** google2011 job_events: each job's one task. */
  readonly task_resources?: Readonly<Record<string, number>> | undefined;
  /** alibaba2018: one job of stages per trace job (rows of a job contiguous). */
  readonly group_jobs?: boolean | undefined;
  /** The folder relative file names are read from (the scenario file's); absent: the working folder. */
  readonly base?: string | undefined;
}

/** The files to open: `file` made relative to `base`. */
function paths(w: TraceWorkloadSpec): string[] {
  return w.file.map((f) => (isAbsolute(f) ? f : resolve(w.base ?? '.', f)));
}

function reader(w: TraceWorkloadSpec): TraceReader {
  switch (w.format) {
    case 'swf':
      return swfReader(paths(w), { processors: w.processors, gang: w.gang ?? true });
    case 'csv':
      return csvReader(paths(w), { gang: w.gang });
    case 'google2011':
      return google2011Reader(paths(w), {
        table: w.table === 'job_events' ? 'job_events' : 'task_events',
        machine: w.machine ?? {},
        taskResources: w.task_resources ?? {},
        horizon: w.window?.end ?? Infinity,
      });
    case 'alibaba2018':
      if (w.table === 'batch_instance') return alibaba2018InstanceReader(paths(w), { memory: w.machine?.mem });
      return alibaba2018Reader(paths(w), { memory: w.machine?.mem, groupJobs: w.group_jobs ?? false });
  }
}

/** The framework's jobs from its trace. Files are opened at once (errors are reported before the run). */
export function traceSource(w: TraceWorkloadSpec, space: ResourceSpace, framework: string): TraceSource {
  return traceJobSource(reader(w), w, space, { framework, format: w.format, files: w.file });
}

/** Each trace source's report, by framework name; undefined when no framework reads a trace. */
export function traceReports(sources: readonly JobSource[]): Record<string, TraceReport> | undefined {
  const traces = sources.filter(isTraceSource);
  if (traces.length === 0) return undefined;
  return Object.fromEntries(traces.map((t) => [t.framework, t.report()]));
}
