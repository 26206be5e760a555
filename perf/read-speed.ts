/**
 * A trace reader's speed and memory alone, for every format: reads trace
 * files through the real trace pipeline (`traceSource`, as a run does: the
 * reader, selection, conversion to job specs) without simulating, and prints
 * one line of JSON: rows, jobs, tasks, wall and CPU seconds, rows per CPU
 * second (wall time follows the machine's load; CPU time much less so) and
 * peak RSS. Each job's recorded wait is taken as soon as the job is read,
 * as a run takes it when the job starts, so that the source holds what it
 * would hold in a run, not every wait of the trace.
 *
 *   node dist/perf/read-speed.js --format swf /tmp/t/trace.swf
 *   node dist/perf/read-speed.js --format alibaba2018 --table batch_task --group-jobs FILE
 *   node --expose-gc dist/perf/read-speed.js --format google2011 --retained FILE
 *
 * `--retained` (needs `node --expose-gc`) runs a full garbage collection
 * every `--every` rows and records the heap still in use then, and the
 * memory of typed arrays (outside the heap): what the reader and the pipeline
 * hold, apart from garbage and from how large V8 lets its heap grow.
 * It slows reading, so its figures are for memory, not speed.
 *
 * Inputs: perf/traces/generate.ts (SWF, CSV, Alibaba) and
 * perf/google2011/cli.ts (Google 2011) write them at any size.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ResourceSpace } from '../src/model/resources.js';
import { TRACE_FORMATS, traceSource, type TraceFormat, type TraceWorkloadSpec } from '../src/workload/traces/index.js';

export interface ReadSpeedOptions {
  readonly format: TraceFormat;
  readonly files: readonly string[];
  readonly table?: TraceWorkloadSpec['table'];
  readonly groupJobs?: boolean;
  /** Rows between two retained-heap samples; 0: none. */
  readonly retainedEvery?: number;
}

export interface ReadSpeed {
  readonly format: string;
  readonly rows: number;
  readonly jobs: number;
  readonly tasks: number;
  readonly skipped: Record<string, number>;
  readonly seconds: number;
  readonly cpu_seconds: number;
  readonly rows_per_cpu_second: number;
  readonly peak_rss_mb: number;
  /** [rows read, MB of heap in use after a full collection, MB of array buffers (typed arrays' memory, outside the heap)], when sampled. */
  readonly retained_mb?: readonly (readonly [number, number, number])[];
}

/** The machine each format's scenario would give (resources of the largest machine). */
const MACHINE: Partial<Record<TraceFormat, Record<string, number>>> = { google2011: { cpus: 32, mem: 131072 }, alibaba2018: { mem: 65536 } };

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

/** Reads the files to their end; see the module's comment. */
export function readSpeed(options: ReadSpeedOptions): ReadSpeed {
  const space = new ResourceSpace(['cpus', 'mem']);
  const gc = (globalThis as { gc?: () => void }).gc;
  const every = options.retainedEvery ?? 0;
  if (every > 0 && gc === undefined) throw new Error('--retained needs node --expose-gc');
  const retained: [number, number, number][] = [];
  const sample = (source: { report(): { rows: number } }): void => {
    gc!();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    retained.push([source.report().rows, mb(heapUsed), mb(arrayBuffers)]);
  };
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const machine = MACHINE[options.format];
  const source = traceSource(
    {
      format: options.format,
      file: options.files,
      sample: 1,
      load: 1,
      match: {},
      exclude: {},
      processors: 'allocated',
      ...(options.table !== undefined ? { table: options.table } : {}),
      ...(machine !== undefined ? { machine } : {}),
      ...(options.groupJobs === true ? { group_jobs: true } : {}),
    },
    space,
    'reader',
  );
  let tasks = 0;
  let nextSample = every;
  for (let job = source.next(); job !== undefined; job = source.next()) {
    tasks += job.tasks.length;
    source.takeRecordedWait(job.id); // as a run does when the job starts: the source forgets it
    if (every > 0 && source.report().rows >= nextSample) {
      sample(source);
      while (nextSample <= source.report().rows) nextSample += every;
    }
  }
  if (every > 0) sample(source);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1e6;
  const report = source.report();
  return {
    format: options.format + (options.table !== undefined ? ` ${options.table}` : '') + (options.groupJobs === true ? ' group_jobs' : ''),
    rows: report.rows,
    jobs: report.jobs,
    tasks,
    skipped: report.skipped,
    seconds,
    cpu_seconds: cpu,
    rows_per_cpu_second: Math.round(report.rows / cpu),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(every > 0 ? { retained_mb: retained } : {}),
  };
}

function main(): void {
  const argv = yargs(hideBin(process.argv))
    .scriptName('read-speed')
    .usage('$0 --format F [--table T] [--group-jobs] [--retained [--every N]] FILE...')
    .option('format', { choices: TRACE_FORMATS, demandOption: true, describe: 'the trace format (workload.trace.format)' })
    .option('table', { choices: ['task_events', 'job_events', 'batch_task', 'batch_instance'] as const, describe: 'google2011 or alibaba2018: the table the files hold' })
    .option('group-jobs', { type: 'boolean', default: false, describe: 'alibaba2018 batch_task: one job of stages per trace job' })
    .option('retained', { type: 'boolean', default: false, describe: 'sample the heap in use after a full collection (needs node --expose-gc)' })
    .option('every', { type: 'number', default: 500_000, describe: 'rows between two --retained samples' })
    .demandCommand(1, 'expected at least one trace file')
    .strict()
    .parseSync();
  const result = readSpeed({
    format: argv.format,
    files: argv._.map(String),
    ...(argv.table !== undefined ? { table: argv.table } : {}),
    groupJobs: argv['group-jobs'],
    retainedEvery: argv.retained ? argv.every : 0,
  });
  process.stdout.write(JSON.stringify(result) + '\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
