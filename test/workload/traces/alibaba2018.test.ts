import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { InputError } from '../../../src/errors.js';
import { dagTask } from '../../../src/workload/traces/alibaba2018.js';
import { MemoryTable } from '../../../src/metrics/sinks.js';
import { runScenario } from '../../../src/run.js';
import { parseScenario } from '../../../src/scenario/load.js';
import { FIXTURES, jobsOf, spec, tempFile } from './support.js';

const tasks = (more = {}) => spec('alibaba2018', 'alibaba-batch_task.csv', { machine: { mem: 1000 }, ...more });
/** Without machine.mem, plan_mem is not read (memory is not requested). */
const cpuOnly = (more = {}) => spec('alibaba2018', 'alibaba-batch_task.csv', more);

describe('Alibaba cluster-trace-v2018 reader (batch_task)', () => {
  it('makes each task a job of instance_num tasks, cpus in hundredths of a core, memory a percentage of the machine', () => {
    const { jobs } = jobsOf(tasks());
    expect(jobs.map((j) => [j.id, j.submit])).toEqual([
      ['j_1/M1', 0], // time 0 is the first usable task's start (100 s)
      ['j_1/M2_1', 70],
      ['j_1/R3_1_2', 110], // j_2/task_Nzg3ODAw has no plan_mem: skipped (missing_plan_mem)
    ]);
    const [m1, m2, r3] = jobs;
    expect(m1!.tasks).toHaveLength(2);
    expect(m1!.tasks[0]!.duration).toBe(60);
    expect([...m1!.tasks[0]!.resources]).toEqual([1000, 5000]); // 100/100 cores; 0.5 % of 1000 MB = 5 MB
    expect([...m2!.tasks[0]!.resources]).toEqual([500, 10_000]);
    expect(m1!.attributes).toEqual({ job: 'j_1', task_type: '1', status: 'Terminated', dag_parents: '' });
    expect(r3!.attributes).toMatchObject({ status: 'Failed', dag_parents: '1_2' });
    // Without machine.mem memory is not requested, and the row without plan_mem is a job.
    const other = jobsOf(cpuOnly()).jobs.find((j) => j.id === 'j_2/task_Nzg3ODAw');
    expect([...other!.tasks[0]!.resources]).toEqual([2000, 0]);
    expect(other!.attributes.dag_parents).toBeUndefined();
  });

  it('skips a plan_mem that is empty, negative or above 100 by reason, never turning it into 0', () => {
    const rows = ['M1,1,j_1,1,Terminated,10,20,100,', 'M2,1,j_1,1,Terminated,11,20,100,-5', 'M3,1,j_1,1,Terminated,12,20,100,150', 'M4,1,j_1,1,Terminated,13,20,100,50'];
    const { jobs, source } = jobsOf(tasks({ file: [tempFile('mem.csv', rows.join('\n') + '\n')] }));
    expect(jobs.map((j) => [j.id, [...j.tasks[0]!.resources]])).toEqual([['j_1/M4', [1000, 500_000]]]);
    expect(source.report().skipped).toEqual({ missing_plan_mem: 1, invalid_plan_mem: 2 });
  });

  it('counts unusable rows by reason', () => {
    const report = jobsOf(tasks()).source.report();
    expect(report.rows).toBe(10);
    expect(report.skipped).toEqual({
      status_running: 1,
      time_outside_trace: 1,
      end_before_start: 1,
      no_instances: 1,
      invalid_plan_cpu: 1,
      status_waiting: 1,
      missing_plan_mem: 1,
    });
  });

  it('reads the dependency graph from task names', () => {
    expect(dagTask('M1')).toEqual({ task: '1', parents: [] });
    expect(dagTask('R2_1')).toEqual({ task: '2', parents: ['1'] });
    expect(dagTask('J5_3_4')).toEqual({ task: '5', parents: ['3', '4'] });
    expect(dagTask('task_Nzg3ODAw')).toBeUndefined();
    expect(dagTask('MergeTask')).toBeUndefined();
  });

  it('selects by job and task type', () => {
    expect(jobsOf(cpuOnly({ match: { job: ['j_2'] } })).jobs.map((j) => j.id)).toEqual(['j_2/task_Nzg3ODAw']);
    expect(jobsOf(cpuOnly({ exclude: { task_type: ['1'] } })).jobs.map((j) => j.id)).toEqual(['j_2/task_Nzg3ODAw', 'j_1/R3_1_2']);
  });

  it('reports malformed rows with file:line', () => {
    const bad = tempFile('bad.csv', 'M1,1,j_1,1,Terminated,1,2,100,1\nM1,1,j_1,1,Terminated,1,2,100\n');
    expect(() => jobsOf(tasks({ file: [bad] }))).toThrow(new InputError(`${bad}:2: malformed row: expected 9 comma-separated fields (batch_task), got 8`));
    const frac = tempFile('frac.csv', 'M1,1.5,j_1,1,Terminated,1,2,100,1\n');
    expect(() => jobsOf(tasks({ file: [frac] }))).toThrow(`${frac}:1: malformed row: instance_num must be a whole number >= 0 (got "1.5")`);
  });
});

describe('Alibaba jobs as graphs of stages (group_jobs)', () => {
  const grouped = (more = {}) => spec('alibaba2018', 'alibaba-batch_task-by-job.csv', { machine: { mem: 1000 }, group_jobs: true, ...more });

  it('makes a job of the contiguous rows of each trace job, its tasks as stages in dependency order', () => {
    const { jobs, source } = jobsOf(grouped());
    expect(jobs.map((j) => [j.id, j.submit])).toEqual([['j_1', 0], ['j_2', 20], ['j_4', 300]]);
    const j1 = jobs[0]!;
    expect(j1.stages).toEqual([
      { name: 'M1', after: [], count: 2 },
      { name: 'M2_1', after: [0], count: 1 },
      { name: 'R3_1_2', after: [0, 1], count: 1 },
      { name: 'task_abc', after: [], count: 1 },
    ]);
    expect(j1.tasks.map((t) => t.duration)).toEqual([60, 60, 30, 50, 5]);
    expect(jobs[1]!.stages).toEqual([{ name: 'M1', after: [], count: 1 }, { name: 'M2_1', after: [0], count: 1 }]);
    const report = source.report();
    expect(report.skipped).toEqual({ status_running: 1, dependency_cycle: 1 });
    expect(report.notes).toEqual({ missing_parents: 1 });
    expect(report.rows).toBe(10);
  });

  it('runs a child only after its parents have finished in the simulation', () => {
    const yaml = `
name: dag
cluster: { agents: [{ count: 1, resources: { cpus: 8, mem: 1000 } }] }
frameworks:
  - name: ali
    workload: { trace: { format: alibaba2018, file: ${FIXTURES}/alibaba-batch_task-by-job.csv, machine: { mem: 1000 }, group_jobs: true, window: { end: 150 } } }
`;
    const tasks = new MemoryTable();
    runScenario(parseScenario(yaml, 'dag.yaml'), { tasks, offers: new MemoryTable(), utilization: new MemoryTable() }, { wallClock: false });
    const rows = tasks.records().filter((r) => r.job_id === 'ali/j_1');
    const at = (i: number) => rows.find((r) => r.task_id === `ali/j_1/${i}`)!;
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.state === 'finished')).toBe(true);
    // Room for every task at once: task_abc (task 4, no parents) starts with M1's two instances
    // (tasks 0, 1), but M2_1 (task 2) waits for both, and R3_1_2 (task 3) for M2_1 as well.
    const end = (i: number) => Number(at(i).end_time);
    const start = (i: number) => Number(at(i).start_time);
    expect(start(4)).toBe(start(0));
    expect(end(0)).toBe(start(0) + 60);
    expect(start(2)).toBeGreaterThanOrEqual(Math.max(end(0), end(1)));
    expect(start(3)).toBeGreaterThanOrEqual(Math.max(end(0), end(1), end(2)));
  });
});

describe('Alibaba batch_instance (table: batch_instance)', () => {
  const instances = (more = {}) => spec('alibaba2018', 'alibaba-batch_instance.csv', { machine: { mem: 1000 }, table: 'batch_instance', ...more });

  it('makes each instance run a job of one task, with its own start and end, asking for its peak usage', () => {
    const { jobs } = jobsOf(instances());
    expect(jobs.map((j) => [j.id, j.submit, j.tasks[0]!.duration, [...j.tasks[0]!.resources]])).toEqual([
      ['j_1/M1/ins_1', 0, 60, [1000, 10_000]], // cpu_max 100 = 1 core; mem_max 1 % of 1000 MB
      ['j_1/M1/ins_2', 5, 40, [400, 4000]], // no maxima: cpu_avg 40, mem_avg 0.4
      ['j_1/R2_1/ins_1.2', 70, 30, [2500, 20_000]], // a rerun (seq_no 2)
      ['j_2/task_Nzg3ODAw/ins_3', 80, 1, [200, 0]], // no memory figures
    ]);
    expect(jobs.every((j) => j.tasks.length === 1)).toBe(true);
    expect(jobs[0]!.attributes).toEqual({ job: 'j_1', task: 'M1', task_type: '1', status: 'Terminated', machine: 'm_1', dag_parents: '' });
    expect(jobs[2]!.attributes).toMatchObject({ status: 'Failed', dag_parents: '1' });
    expect(jobs[3]!.attributes.dag_parents).toBeUndefined();
  });

  it('counts unusable rows by reason', () => {
    const report = jobsOf(instances()).source.report();
    expect(report.rows).toBe(9);
    expect(report.skipped).toEqual({ status_running: 1, time_outside_trace: 1, end_before_start: 1, invalid_cpu: 1, status_interrupted: 1 });
  });

  it('reads a gzipped file the same', () => {
    const gz = tempFile('bi.csv.gz', gzipSync(readFileSync(`${FIXTURES}/alibaba-batch_instance.csv`)));
    const plain = jobsOf(instances()).jobs;
    expect(jobsOf(instances({ file: [gz] })).jobs).toEqual(plain);
  });

  it('reports malformed rows with file:line', () => {
    const bad = tempFile('bad.csv', 'i,M1,j_1,1,Terminated,1,2,m_1,1,1,50,100,1,1\ni,M1,j_1,1,Terminated,1,2,m_1,1,1,50,100,1\n');
    expect(() => jobsOf(instances({ file: [bad] }))).toThrow(new InputError(`${bad}:2: malformed row: expected 14 comma-separated fields (batch_instance), got 13`));
    const time = tempFile('time.csv', 'i,M1,j_1,1,Terminated,x,2,m_1,1,1,50,100,1,1\n');
    expect(() => jobsOf(instances({ file: [time] }))).toThrow(`${time}:1: malformed row: start_time is not a decimal number (got text of 1 character)`);
  });

  it('is checked by the scenario schema', () => {
    const yaml = (trace: string) => `
name: bi
cluster: { agents: [{ resources: { cpus: 8, mem: 1000 } }] }
frameworks:
  - name: ali
    workload: { trace: ${trace} }
`;
    expect(() => parseScenario(yaml(`{ format: alibaba2018, file: x.csv, table: job_events }`), 'x.yaml')).toThrow("not a alibaba2018 table (expected batch_task or batch_instance with format alibaba2018");
    expect(() => parseScenario(yaml(`{ format: alibaba2018, file: x.csv, table: batch_instance, group_jobs: true }`), 'x.yaml')).toThrow('only with table batch_task');
    expect(() => parseScenario(yaml(`{ format: google2011, file: x.csv, table: batch_task, machine: { cpus: 1 } }`), 'x.yaml')).toThrow('not a google2011 table');
  });
});
