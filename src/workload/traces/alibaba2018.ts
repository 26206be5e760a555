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
 * task 5 depends on tasks 3 and 4; the letter does not matter). The
 * framework model has no dependencies between jobs, and a job source cannot
 * wait for simulated completions, so dependencies hold as the trace recorded
 * them: a child is submitted at its recorded start, which came after its
 * parents' recorded ends. The parents are attributes (`dag_parents`), and
 * jobs whose parents end later in the simulation than in reality are not
 * held back (docs/traces.md).
 *
 * @module
 */
import { ShardedLines } from './line-reader.js';
import { csvFields, lineRows, malformed, numberField, optionalNumber, type TraceReader, type TraceRow } from './common.js';

/** The task's number and its parents' numbers, from a DAG task name; undefined for other names. */
export function dagTask(name: string): { task: string; parents: string[] } | undefined {
  const m = /^[A-Za-z]+(\d+)((?:_\d+)*)$/.exec(name);
  if (m === null) return undefined;
  return { task: m[1]!, parents: m[2] === '' ? [] : m[2]!.slice(1).split('_') };
}

const REPLAYED = new Set(['Terminated', 'Failed']);

export function alibaba2018Reader(files: readonly string[], options: { readonly memory: number | undefined }): TraceReader {
  const lines = new ShardedLines(files);

  const parse = (text: string): TraceRow => {
    const where = lines.where;
    const f = csvFields(text);
    if (f.length !== 9) throw malformed(where, `expected 9 comma-separated fields (batch_task), got ${f.length}`);
    const [taskName, , jobName, taskType, status] = f as [string, string, string, string, string];
    const instances = numberField(f, 1, 'instance_num', where);
    if (!Number.isInteger(instances) || instances < 0) throw malformed(where, `instance_num must be a whole number >= 0 (got ${f[1]})`);
    const start = numberField(f, 5, 'start_time', where);
    const end = numberField(f, 6, 'end_time', where);
    const cpu = optionalNumber(f, 7, 'plan_cpu', where);
    const mem = optionalNumber(f, 8, 'plan_mem', where);
    if (!REPLAYED.has(status)) return { skip: `status_${status === '' ? 'missing' : status.toLowerCase()}` };
    if (start <= 0 || end <= 0) return { skip: 'time_outside_trace' };
    if (end < start) return { skip: 'end_before_start' };
    if (instances === 0) return { skip: 'no_instances' };
    if (cpu === undefined || cpu < 0 || cpu > 10_000) return { skip: 'invalid_plan_cpu' };
    const resources: Record<string, number> = { cpus: cpu / 100 };
    if (mem !== undefined && mem >= 0 && mem <= 100 && options.memory !== undefined) resources.mem = (mem / 100) * options.memory;
    const dag = dagTask(taskName);
    const attributes: Record<string, string> = { job: jobName, task_type: taskType, status };
    if (dag !== undefined) attributes.dag_parents = dag.parents.join('_');
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

  return lineRows(lines, parse);
}
