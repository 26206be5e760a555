/**
 * The Google 2011 reader's speed alone: reads a task_events file through the
 * trace pipeline (no simulation) and prints rows, jobs, tasks, seconds, rows
 * per CPU second and peak RSS as one line of JSON. The same as
 * `node dist/perf/read-speed.js --format google2011 FILE` (perf/read-speed.ts,
 * which reads every format), kept under this name for the commands in
 * docs/performance.md.
 *
 *   node dist/perf/google2011/read-speed.js /tmp/g/google2011-generated/task_events.csv
 *
 * @module
 */
import { readSpeed } from '../read-speed.js';

function main(): void {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: read-speed.js TASK_EVENTS_FILE');
  const { skipped: _skipped, format: _format, ...figures } = readSpeed({ format: 'google2011', table: 'task_events', files: [file] });
  process.stdout.write(JSON.stringify(figures) + '\n');
}

main();
