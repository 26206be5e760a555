// Writes batch_task.synthetic-sample.csv: a MADE-UP sample in the exact format of the
// batch_task table of Alibaba cluster-trace-v2018 (headerless CSV, 9 columns in the order of
// the trace's schema.txt: task_name, instance_num, job_name, task_type, status, start_time,
// end_time, plan_cpu, plan_mem). It is not Alibaba data: the real table can be downloaded only
// after a survey and may not be redistributed here. Deterministic (seedrandom, seed below).
//
//   node traces/alibaba2018/make-synthetic-sample.mjs > traces/alibaba2018/batch_task.synthetic-sample.csv
//
// 240 jobs over two hours of the trace's second day (trace seconds 86,400 to 93,600). Each job
// is a small DAG in the trace's naming (M1, R2_1, J3_1_2, ...) or, one job in eight, independent
// tasks named task_<id> as the real table has them. Rows of a job are together and jobs are in
// order of their first start, as `group_jobs: true` needs (docs/traces.md). A few tasks are
// Failed, and a few Running or Waiting (skipped by the reader, and counted), as in the real table.
import seedrandom from 'seedrandom';

const rng = seedrandom('mesos-sim alibaba2018 synthetic sample 1');
const uniform = (a, b) => a + (b - a) * rng();
const int = (a, b) => Math.floor(uniform(a, b + 1));
const pick = (xs) => xs[Math.floor(rng() * xs.length)];
const lognormal = (median, sigma) => {
  const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return median * Math.exp(sigma * z);
};

const jobs = [];
let t = 86_400;
for (let j = 0; j < 240; j++) {
  t += Math.round(-Math.log(1 - rng()) * 30); // Poisson arrivals, one job every 30 s on average
  const job = `j_${100_000 + j * 37 + int(0, 30)}`;
  const independent = rng() < 1 / 8;
  const n = independent ? int(1, 3) : int(1, 5);
  const ends = [];
  const rows = [];
  for (let k = 1; k <= n; k++) {
    // A DAG task's parents: some of the earlier tasks (none for the first).
    const parents = independent || k === 1 ? [] : [...new Set([int(1, k - 1), ...(rng() < 0.3 ? [int(1, k - 1)] : [])])].sort((a, b) => a - b);
    const name = independent ? `task_${Buffer.from(`${job}-${k}`).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 16)}` : `${pick(['M', 'R', 'J'])}${k}${parents.map((p) => `_${p}`).join('')}`;
    const start = parents.length === 0 ? t + int(0, 5) : Math.max(...parents.map((p) => ends[p - 1])) + int(1, 20);
    const duration = Math.max(1, Math.round(lognormal(120, 1.1)));
    const end = start + duration;
    ends.push(end);
    const instances = Math.max(1, Math.min(400, Math.round(lognormal(6, 1.2))));
    const status = rng() < 0.02 ? pick(['Running', 'Waiting']) : rng() < 0.04 ? 'Failed' : 'Terminated';
    const cpu = pick([50, 50, 100, 100, 100, 200, 300, 400]);
    const mem = (Math.round(uniform(0.1, 1.6) * 100) / 100).toFixed(2).replace(/0$/, '');
    rows.push({ start, usable: status === 'Terminated' || status === 'Failed', text: [name, instances, job, int(1, 12), status, start, end, cpu, mem].join(',') });
  }
  const usable = rows.filter((r) => r.usable);
  jobs.push({ first: Math.min(...(usable.length > 0 ? usable : rows).map((r) => r.start)), rows });
}
// Jobs by the first start of the rows the reader uses (Terminated and Failed): the replayed
// job's submit time. A stable sort keeps arrival order on ties.
jobs.sort((a, b) => a.first - b.first);
process.stdout.write(jobs.flatMap((j) => j.rows.map((r) => r.text)).join('\n') + '\n');
