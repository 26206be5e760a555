/**
 * Alibaba cluster-trace-v2018, table `batch_task` (9 columns, headerless,
 * in the order of the trace's schema.txt): task_name, instance_num,
 * job_name, task_type, status, start_time, end_time, plan_cpu, plan_mem.
 *
 * Each row (a task of a batch job) becomes one simulated job of
 * `instance_num` identical tasks, submitted at the task's recorded start and
 * running its recorded end − start; `plan_cpu` is in hundredths of a core and
 * `plan_mem` a percentage of the largest machine's memory (`machine.mem`).
 *
 * The task dependency graph is in the task names (`M1`, `R2_1`, `J5_3_4`:
 * task 5 depends on tasks 3 and 4; the letter does not matter).
 *
 * With `groupJobs`, the rows of one job (contiguous in the file, jobs in
 * order of their first start) become one job of stages, one per task in
 * dependency order: a task's instances are queued when its parents have
 * finished in the simulation. Without it, each row is a job of its own,
 * submitted at its recorded start, so dependencies hold only as recorded
 * (the parents are the attribute `dag_parents`). See docs/traces.md.
 *
 * Table `batch_instance` (14 columns: instance_name, task_name, job_name,
 * task_type, status, start_time, end_time, machine_id, seq_no, total_seq_no,
 * cpu_avg, cpu_max, mem_avg, mem_max) is read by `alibaba2018InstanceReader`:
 * each row (one run of an instance) is a job of one task, submitted at its
 * recorded start and running its own end − start, asking for its peak usage.
 *
 * @module
 */
import { ShardedLines } from './line-reader.js';
import { shownCell } from '../data-file.js';
import { blank, Counts, lineRows, loadReaderState, malformed, numberAt, optionalAt, readerState, skipRow, type Place, type TraceJob, type TraceReader, type TraceRow } from './common.js';
import { arrayIn, countsIn, notOwn, type Saved } from './saved.js';
import { FieldCursor } from './field-cursor.js';

/** The task's number and its parents' numbers, from a DAG task name; undefined for other names. */
export function dagTask(name: string): { task: string; parents: string[] } | undefined {
  const m = /^[A-Za-z]+(\d+)((?:_\d+)*)$/.exec(name);
  if (m === null) return undefined;
  return { task: m[1]!, parents: m[2] === '' ? [] : m[2]!.slice(1).split('_') };
}

/**
 * The `dag_parents` attribute of a task named `name`: its parents' numbers
 * joined by `_` (as `dagTask(name).parents.join('_')`), '' for a task without
 * parents, undefined for a name that is not a DAG task name. Reads the name
 * in place (no match array).
 */
export function dagParents(name: string): string | undefined {
  const n = name.length;
  let at = 0;
  while (at < n && isLetter(name.charCodeAt(at))) at++;
  if (at === 0) return undefined;
  const digits = at;
  while (at < n && isDigit(name.charCodeAt(at))) at++;
  if (at === digits) return undefined;
  const parents = at;
  while (at < n) {
    if (name.charCodeAt(at) !== 95 || at + 1 === n || !isDigit(name.charCodeAt(at + 1))) return undefined;
    at++;
    while (at < n && isDigit(name.charCodeAt(at))) at++;
  }
  return parents === n ? '' : name.slice(parents + 1);
}

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Why a task or instance with the status in field 4 of `row` and this span is not replayed; undefined when it is. */
function unreplayed(row: FieldCursor, start: number, end: number): string | undefined {
  if (!row.equals(4, 'Terminated') && !row.equals(4, 'Failed')) return row.isEmpty(4) ? 'status_missing' : `status_${row.text(4).toLowerCase()}`;
  if (start <= 0 || end <= 0) return 'time_outside_trace';
  if (end < start) return 'end_before_start';
  return undefined;
}

export function alibaba2018Reader(
  files: readonly string[],
  options: { readonly memory: number | undefined; readonly groupJobs: boolean },
): TraceReader {
  const lines = new ShardedLines(files);
  const row = new FieldCursor();

  /** The row `row` holds (set by the caller). */
  const parse = (): TraceRow => {
    if (row.count !== 9) throw malformed(lines.where, `expected 9 comma-separated fields (batch_task), got ${row.count}`);
    const instances = numberAt(row, 1, 'instance_num', lines);
    if (!Number.isInteger(instances) || instances < 0) throw malformed(lines.where, `instance_num must be a whole number >= 0 (got ${shownCell(row.text(1))})`);
    const start = numberAt(row, 5, 'start_time', lines);
    const end = numberAt(row, 6, 'end_time', lines);
    const cpu = optionalAt(row, 7, 'plan_cpu', lines);
    const mem = optionalAt(row, 8, 'plan_mem', lines);
    const unusable = unreplayed(row, start, end);
    if (unusable !== undefined) return skipRow(unusable);
    if (instances === 0) return skipRow('no_instances');
    if (cpu === undefined || cpu < 0 || cpu > 10_000) return skipRow('invalid_plan_cpu');
    const resources: Record<string, number> = { cpus: cpu / 100 };
    if (options.memory !== undefined) {
      if (mem === undefined) return skipRow('missing_plan_mem');
      if (mem < 0 || mem > 100) return skipRow('invalid_plan_mem');
      resources.mem = (mem / 100) * options.memory;
    }
    const taskName = row.text(0);
    const jobName = row.text(2);
    const attributes: Record<string, string> = { job: jobName, task_type: row.text(3), status: row.text(4) };
    const parents = dagParents(taskName);
    if (parents !== undefined) attributes.dag_parents = parents;
    return {
      job: {
        id: `${jobName}/${taskName}`,
        submit: start,
        tasks: [{ count: instances, resources, duration: end - start }],
        gang: false,
        attributes,
      },
    };
  };

  if (!options.groupJobs) return lineRows(lines, (text) => (row.set(text), parse()), { kind: 'alibaba2018 batch_task reader' });
  return groupedJobs(lines, row, parse);
}

/** A usage column in hundredths of a core or percent: undefined when empty or outside [0, max]. */
function usage(row: FieldCursor, index: number, column: string, place: Place, max: number): number | undefined {
  const v = optionalAt(row, index, column, place);
  return v === undefined || v < 0 || v > max ? undefined : v;
}

/**
 * Table batch_instance: each row a job `<job>/<task>/<instance>` (`.<seq_no>`
 * added for a rerun, seq_no > 1) of one task, submitted at start_time and
 * running end_time − start_time. It asks for its peak usage: cpus =
 * cpu_max / 100 (cpu_avg when cpu_max is missing), mem = mem_max / 100 ×
 * `memory` (mem_avg when mem_max is missing; no memory without `memory`).
 */
export function alibaba2018InstanceReader(files: readonly string[], options: { readonly memory: number | undefined }): TraceReader {
  const lines = new ShardedLines(files);
  const row = new FieldCursor();
  return lineRows(lines, (text) => {
    const count = row.set(text);
    if (count !== 14) throw malformed(lines.where, `expected 14 comma-separated fields (batch_instance), got ${count}`);
    const start = numberAt(row, 5, 'start_time', lines);
    const end = numberAt(row, 6, 'end_time', lines);
    const seq = optionalAt(row, 8, 'seq_no', lines);
    optionalAt(row, 9, 'total_seq_no', lines);
    const cpu = usage(row, 11, 'cpu_max', lines, 10_000) ?? usage(row, 10, 'cpu_avg', lines, 10_000);
    const mem = usage(row, 13, 'mem_max', lines, 100) ?? usage(row, 12, 'mem_avg', lines, 100);
    const unusable = unreplayed(row, start, end);
    if (unusable !== undefined) return skipRow(unusable);
    if (cpu === undefined) return skipRow('invalid_cpu');
    const resources: Record<string, number> = { cpus: cpu / 100 };
    if (mem !== undefined && options.memory !== undefined) resources.mem = (mem / 100) * options.memory;
    const taskName = row.text(1);
    const jobName = row.text(2);
    const attributes: Record<string, string> = { job: jobName, task: taskName, task_type: row.text(3), status: row.text(4) };
    if (!row.isEmpty(7)) attributes.machine = row.text(7);
    const parents = dagParents(taskName);
    if (parents !== undefined) attributes.dag_parents = parents;
    return {
      job: {
        id: `${jobName}/${taskName}/${row.text(0)}${seq !== undefined && seq > 1 ? `.${seq}` : ''}`,
        submit: start,
        tasks: [{ count: 1, resources, duration: end - start }],
        gang: false,
        attributes,
      },
    };
  }, { kind: 'alibaba2018 batch_instance reader' });
}

/**
 * The rows of each job (contiguous) as one job of stages in dependency order;
 * per-row skips are passed on. A job whose graph has a cycle is skipped
 * (`dependency_cycle`); a parent that is not among the job's usable rows is
 * ignored and counted in `notes.missing_parents`.
 */
function groupedJobs(lines: ShardedLines, row: FieldCursor, parse: () => TraceRow): TraceReader {
  const notes = new Counts();
  const pending: TraceRow[] = [];
  let rows = 0;
  let group: TraceJob[] = [];
  let groupName: string | undefined;

  const build = (tasks: readonly TraceJob[]): TraceRow => {
    const number = new Map<string, number>();
    tasks.forEach((t, i) => {
      const dag = dagTask(t.id.slice(t.id.indexOf('/') + 1));
      if (dag !== undefined) number.set(dag.task, i);
    });
    const parents = tasks.map((t) => {
      const dag = dagTask(t.id.slice(t.id.indexOf('/') + 1));
      const known = (dag?.parents ?? []).filter((p) => number.has(p));
      if (dag !== undefined && known.length < dag.parents.length) notes.add('missing_parents', dag.parents.length - known.length);
      return known.map((p) => number.get(p)!);
    });
    // Kahn's algorithm, taking ready tasks in file order.
    const order: number[] = [];
    const placed = new Array<number>(tasks.length).fill(-1);
    while (order.length < tasks.length) {
      const next = tasks.findIndex((_, i) => placed[i] === -1 && parents[i]!.every((p) => placed[p]! >= 0));
      if (next < 0) return { skip: 'dependency_cycle' };
      placed[next] = order.length;
      order.push(next);
    }
    const first = tasks[order[0]!]!;
    return {
      job: {
        id: first.id.slice(0, first.id.indexOf('/')),
        submit: Math.min(...tasks.map((t) => t.submit)),
        tasks: order.map((i) => tasks[i]!.tasks[0]!),
        gang: false,
        attributes: { job: first.attributes.job! },
        stages: order.map((i) => ({ name: tasks[i]!.id.slice(tasks[i]!.id.indexOf('/') + 1), after: parents[i]!.map((p) => placed[p]!) })),
      },
    };
  };

  /** Ends the current group, queueing its job. */
  const flush = (): void => {
    if (group.length > 0) pending.push(build(group));
    group = [];
  };

  return {
    next(): TraceRow | undefined {
      for (;;) {
        const ready = pending.shift();
        if (ready !== undefined) return ready;
        const text = lines.next();
        if (text === undefined) {
          if (group.length === 0) return undefined;
          flush();
          continue;
        }
        if (blank(text)) continue;
        rows++;
        // A line of fewer than 3 fields has no job name (undefined, as split(',', 3)[2]); parse() rejects it.
        if (row.set(text) < 3) {
          if (groupName !== undefined) flush();
          groupName = undefined;
        } else if (groupName === undefined || !row.equals(2, groupName)) {
          flush();
          groupName = row.text(2);
        }
        const read = parse();
        if ('skip' in read) pending.push(read);
        else group.push(read.job);
      }
    },
    close: () => lines.close(),
    get rows() {
      return rows;
    },
    info: () => ({ notes: { ...notes.byReason } }),
    // Held between rows: the rows of the job being read, the jobs (and skips) built and not yet handed out, and the notes.
    saveState: () => readerState(GROUPED, lines, rows, { notes: { ...notes.byReason }, pending, group, groupName }),
    loadState(saved: unknown): void {
      const { rows: n, kept } = loadReaderState(saved, GROUPED, lines);
      if (typeof kept !== 'object' || kept === null) notOwn(`${GROUPED}: no rows held`);
      const k = kept as Saved;
      const [held, building] = [arrayIn(k, 'pending'), arrayIn(k, 'group')];
      if (!held.every((r) => typeof r === 'object' && r !== null && ('job' in r || 'skip' in r)) || !building.every((j) => typeof j === 'object' && j !== null && 'tasks' in j)) notOwn('rows other than jobs and skips');
      if (k.groupName !== undefined && typeof k.groupName !== 'string') notOwn('a job name other than text');
      notes.load(countsIn(k, 'notes'));
      pending.length = 0;
      for (const r of held as TraceRow[]) pending.push(r);
      group = building as TraceJob[];
      groupName = k.groupName as string | undefined;
      rows = n;
    },
  };
}

/** The kind of state of a reader of batch_task with `group_jobs`. */
const GROUPED = 'alibaba2018 batch_task reader with group_jobs';
