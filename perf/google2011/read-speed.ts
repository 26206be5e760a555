/**
 * The Google 2011 reader's speed alone: reads a task_events file through the
 * trace pipeline (no simulation) and prints rows, jobs, tasks, seconds and
 * rows per CPU second as one line of JSON (CPU time: wall time follows the
 * machine's load).
 *
 *   node dist/perf/google2011/read-speed.js /tmp/g/google2011-generated/task_events.csv
 *
 * @module
 */
import { ResourceSpace } from '../../src/model/resources.js';
import { traceSource } from '../../src/workload/traces/index.js';

function main(): void {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: read-speed.js TASK_EVENTS_FILE');
  const space = new ResourceSpace(['cpus', 'mem']);
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const source = traceSource(
    { format: 'google2011', table: 'task_events', file: [file], sample: 1, load: 1, match: {}, exclude: {}, processors: 'allocated', machine: { cpus: 32, mem: 131072 } },
    space,
    'reader',
  );
  let tasks = 0;
  for (let job = source.next(); job !== undefined; job = source.next()) tasks += job.tasks.length;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1e6;
  const report = source.report();
  process.stdout.write(JSON.stringify({ rows: report.rows, jobs: report.jobs, tasks, seconds, cpu_seconds: cpu, rows_per_cpu_second: Math.round(report.rows / cpu), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
}

main();
