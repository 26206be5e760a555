/**
 * Deterministic generators of large trace files for the read-speed harness
 * (perf/read-speed.ts), one per format the simulator reads besides Google
 * 2011 (which has its own, perf/google2011/generate.ts): SWF, the project's
 * CSV format, and Alibaba 2018 `batch_task` and `batch_instance`. Each writes
 * rows shaped like the real samples (traces/swf, traces/examples/lab-day.csv,
 * traces/alibaba2018, the schemas of docs/traces.md): the same columns, field
 * widths, value ranges and a share of every row kind a reader skips (statuses,
 * empty cells), in submit order. The values are made up; only the shape
 * matters, since the harness measures reading, not a model.
 *
 *   node dist/perf/traces/generate.js --format swf --rows 3000000 --out /tmp/t/trace.swf
 *
 * Streaming: a row at a time, written in chunks of about 1 MiB, so the size
 * is limited only by the disk. The same seed and row count give the same file.
 *
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { randomSource, type Random } from '../../src/core/random.js';
import { writeLines } from '../write-lines.js';

export const GENERATED_FORMATS = ['swf', 'csv', 'alibaba-task', 'alibaba-instance'] as const;
export type GeneratedFormat = (typeof GENERATED_FORMATS)[number];

/** A whole number in [lo, hi]. */
const between = (r: Random, lo: number, hi: number): number => lo + Math.floor(r.next() * (hi - lo + 1));
/** Exponential with this mean. */
const exponential = (r: Random, mean: number): number => -mean * Math.log(1 - r.next());
/** One of `items`. */
const oneOf = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r.next() * items.length)]!;
/** Right-aligned in `width` characters, as SWF logs pad their columns. */
const pad = (value: number | string, width: number): string => String(value).padStart(width);

/** SWF (v2.2): a header like the archive's, then 18 whitespace-separated fields per job. */
function* swfLines(rows: number, r: Random): Generator<string> {
  yield '; Version: 2.2';
  yield '; Computer: generated for perf/read-speed (not a real log)';
  yield `; MaxJobs: ${rows}`;
  yield `; MaxRecords: ${rows}`;
  yield '; UnixStartTime: 0';
  yield '; MaxNodes: 128';
  yield '; MaxProcs: 128';
  yield ';';
  let submit = 0;
  for (let job = 1; job <= rows; job++) {
    submit += Math.round(exponential(r, 30));
    const u = r.next();
    // Completed 85 %, failed 8 %, cancelled 5 %, partial-execution records 2 % (skipped).
    const status = u < 0.85 ? 1 : u < 0.93 ? 0 : u < 0.98 ? 5 : between(r, 2, 4);
    const run = status === 5 && r.next() < 0.5 ? -1 : Math.round(exponential(r, 3000));
    const procs = r.next() < 0.6 ? 2 ** between(r, 0, 7) : between(r, 1, 128);
    const requestedTime = Math.max(run, 60) * between(r, 1, 4);
    const memory = r.next() < 0.7 ? -1 : between(r, 1024, 4_194_304);
    const fields = [
      pad(job, 7), pad(submit, 9), pad(between(r, 0, 20_000), 6), pad(run, 6), pad(procs, 4), pad(-1, 6), pad(-1, 5), pad(procs, 4),
      pad(requestedTime, 6), pad(memory, 7), pad(status, 2), pad(between(r, 1, 300), 4), pad(between(r, 1, 20), 3), pad(between(r, 1, 500), 4),
      pad(between(r, 0, 4), 2), pad(1, 2), pad(-1, 2), pad(-1, 2),
    ];
    yield fields.join(' ');
  }
}

/** The project's CSV format: a comment, a header, then one job per line; some empty and some quoted cells. */
function* csvLines(rows: number, r: Random): Generator<string> {
  yield '# Generated for perf/read-speed (not real data).';
  yield 'id,submit,tasks,duration,cpus,mem,gang,wait,estimate,user,queue';
  const queues = ['batch', 'interactive', 'gpu', 'long'];
  let submit = 0;
  for (let i = 1; i <= rows; i++) {
    submit += r.next() < 0.3 ? 0.5 : between(r, 0, 20);
    const tasks = r.next() < 0.6 ? 1 : between(r, 2, 64);
    const wait = r.next() < 0.3 ? '' : String(between(r, 0, 900));
    const estimate = r.next() < 0.5 ? '' : String(between(r, 60, 86_400));
    // 1 % of the rows quote a field (a queue name with a comma), as a spreadsheet writes it.
    const queue = r.next() < 0.01 ? '"long, low priority"' : oneOf(r, queues);
    const gang = tasks > 1 && r.next() < 0.3 ? 'true' : 'false';
    yield `b${i},${submit},${tasks},${between(r, 1, 7200)},${between(r, 1, 16) / 2},${between(r, 1, 64) * 512},${gang},${wait},${estimate},user${between(r, 1, 400)},${queue}`;
  }
}

/** Alibaba's status column: mostly Terminated, and the statuses the reader skips. */
function alibabaStatus(r: Random): string {
  const u = r.next();
  return u < 0.9 ? 'Terminated' : u < 0.95 ? 'Failed' : u < 0.98 ? 'Running' : 'Waiting';
}

/** A DAG task name (docs/traces.md): a letter, the task's number, then its parents' numbers. */
function dagName(r: Random, task: number): string {
  const parents: number[] = [];
  for (let p = 1; p < task; p++) if (r.next() < 0.4) parents.push(p);
  return `${oneOf(r, ['M', 'R', 'J'])}${task}${parents.map((p) => `_${p}`).join('')}`;
}

/**
 * batch_task (9 columns): jobs of 1 to 8 tasks, each job's rows contiguous and
 * starting after the previous job's last start, so that both per-row and
 * grouped reading see rows in submit order.
 */
function* alibabaTaskLines(rows: number, r: Random): Generator<string> {
  let clock = 86_400;
  let job = 100_000;
  for (let written = 0; written < rows; ) {
    job++;
    const tasks = Math.min(rows - written, between(r, 1, 8));
    for (let t = 1; t <= tasks; t++, written++) {
      clock += between(r, 0, 30);
      const end = clock + between(r, 1, 3600);
      const mem = r.next() < 0.02 ? '' : (between(r, 3, 300) / 100).toFixed(2);
      yield `${dagName(r, t)},${between(r, 1, 200)},j_${job},${between(r, 1, 12)},${alibabaStatus(r)},${clock},${end},${between(r, 1, 8) * 50},${mem}`;
    }
  }
}

/** batch_instance (14 columns): one run of an instance per row, in start order; some reruns and empty usage cells. */
function* alibabaInstanceLines(rows: number, r: Random): Generator<string> {
  let clock = 86_400;
  for (let i = 1; i <= rows; i++) {
    clock += r.next() < 0.7 ? 0 : between(r, 1, 5);
    const seq = r.next() < 0.05 ? 2 : 1;
    const cpuAvg = between(r, 10, 400);
    const memAvg = between(r, 1, 300) / 100;
    const cpuMax = r.next() < 0.05 ? '' : String(cpuAvg + between(r, 0, 200));
    const memMax = r.next() < 0.05 ? '' : (memAvg + between(r, 0, 100) / 100).toFixed(2);
    const task = dagName(r, between(r, 1, 4));
    yield `ins_${i},${task},j_${100_000 + Math.floor(i / 40)},${between(r, 1, 12)},${alibabaStatus(r)},${clock},${clock + between(r, 1, 1800)},m_${between(r, 1, 4000)},${seq},${seq},${cpuAvg},${cpuMax},${memAvg.toFixed(2)},${memMax}`;
  }
}

const GENERATORS: Record<GeneratedFormat, (rows: number, r: Random) => Generator<string>> = {
  swf: swfLines,
  csv: csvLines,
  'alibaba-task': alibabaTaskLines,
  'alibaba-instance': alibabaInstanceLines,
};

/** Writes `rows` data rows of `format` to `file` (its folder created if needed); returns the bytes written. */
export function generateTraceFile(format: GeneratedFormat, rows: number, seed: number, file: string): number {
  mkdirSync(dirname(file), { recursive: true });
  return writeLines(file, GENERATORS[format](rows, randomSource(seed).stream(format)));
}

function main(): void {
  const argv = yargs(hideBin(process.argv))
    .scriptName('trace-generate')
    .usage('$0 --format F --out FILE [--rows N] [--seed N]')
    .option('format', { choices: GENERATED_FORMATS, demandOption: true, describe: 'which trace format to write' })
    .option('out', { type: 'string', demandOption: true, describe: 'file to write (overwritten)' })
    .option('rows', { type: 'number', default: 3_000_000, describe: 'data rows to write' })
    .option('seed', { type: 'number', default: 1 })
    .check((a) => {
      if (!(Number.isInteger(a.rows) && a.rows > 0)) throw new Error('--rows: expected a whole number > 0');
      if (!Number.isInteger(a.seed)) throw new Error('--seed: expected a whole number');
      return true;
    })
    .strict()
    .parseSync();
  const started = performance.now();
  const bytes = generateTraceFile(argv.format, argv.rows, argv.seed, argv.out);
  process.stdout.write(JSON.stringify({ format: argv.format, rows: argv.rows, bytes, seconds: (performance.now() - started) / 1000 }) + '\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
