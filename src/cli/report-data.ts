/**
 * Reading result folders for `sim report`: a `sim run` folder, or a
 * `sim compare` folder (its `runs/<allocator>/seed-<k>/` each become a run of
 * the policy's group). Tables are streamed with csv-parse; only the columns
 * the charts need are kept.
 *
 * The folders are untrusted input: summary.json is validated
 * (analysis/summary-schema.ts), every table must have the columns read from
 * it, and every cell read as a number must be one; anything else stops the
 * report with one line, `FILE:LINE: column: what is wrong (expected ...)`.
 *
 * @module
 */
import { createReadStream, existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { z } from 'zod';
import { SummarySchema } from '../analysis/summary-schema.js';
import { InputError } from '../errors.js';
import type { ReportRun } from '../report/charts.js';
import { expecting, problem, RESOURCE_NAME } from '../scenario/fields.js';
import { readJson } from '../scenario/json.js';

/** Every run under the given folders, in the order given (compare folders: by policy, then seed). */
export async function readResults(folders: readonly string[], onProgress: (what: string) => void): Promise<ReportRun[]> {
  const runs: ReportRun[] = [];
  for (const folder of folders) {
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new InputError(`${folder}: not a results folder (expected a folder written by sim run or sim compare)`);
    if (existsSync(join(folder, 'summary.json'))) {
      runs.push(await readRun(folder, undefined, onProgress));
      continue;
    }
    const policies = join(folder, 'runs');
    if (!existsSync(policies)) throw new InputError(`${folder}: no summary.json and no runs/ folder (expected a folder written by sim run or sim compare)`);
    for (const policy of subfolders(policies)) {
      const seeds = subfolders(join(policies, policy)).filter((s) => /^seed-\d+$/.test(s)).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
      for (const seed of seeds) runs.push(await readRun(join(policies, policy, seed), policy, onProgress));
    }
  }
  if (runs.length === 0) throw new InputError(`no runs found in ${folders.join(', ')} (expected folders written by sim run or sim compare)`);
  return runs;
}

/** The sub-folders of `dir` (not links), sorted. */
function subfolders(dir: string): string[] {
  return readdirSync(dir).filter((e) => lstatSync(join(dir, e)).isDirectory()).sort();
}

/** The run's end, which the charts' time grid needs (summary-schema.ts checks the other fields read). */
const EndSchema = z.looseObject({
  simulated: expecting('the simulated span, { start, end } in s', z.looseObject({ end: expecting('a number >= 0', z.number().min(0)) })),
});

async function readRun(folder: string, group: string | undefined, onProgress: (what: string) => void): Promise<ReportRun> {
  const summary = readJson(SummarySchema, join(folder, 'summary.json'), 'a summary.json written by sim run');
  const { end } = readJson(EndSchema, join(folder, 'summary.json'), 'a summary.json written by sim run').simulated;
  onProgress(`reading ${folder}`);
  const utilization = new Map<string, [number, number][]>();
  await rows(join(folder, 'utilization.csv'), ['time', 'resource', 'allocated', 'total'], (r) => {
    const total = r.num('total');
    const resource = r.resource('resource');
    const series = utilization.get(resource) ?? [];
    series.push([r.num('time'), total > 0 ? r.num('allocated') / total : 0]);
    utilization.set(resource, series);
  });
  const waits: number[] = [];
  await rows(join(folder, 'tasks.csv'), ['submit_time', 'start_time'], (r) => {
    if (r.text('start_time') !== '') waits.push(r.num('start_time') - r.num('submit_time'));
  });
  const jobTimes: number[] = [];
  await rows(join(folder, 'jobs.csv'), ['state', 'completion_time'], (r) => {
    if (r.text('state') === 'completed') jobTimes.push(r.num('completion_time'));
  });
  const prices = new Map<string, [number, number][]>();
  await rows(join(folder, 'prices.csv'), ['time', 'pool', 'price'], (r) => {
    const series = prices.get(r.text('pool')) ?? [];
    series.push([r.num('time'), r.num('price')]);
    prices.set(r.text('pool'), series);
  });
  const pendingAt = new Map<number, number>();
  await rows(join(folder, 'queues.csv'), ['time', 'pending'], (r) => {
    const t = r.num('time');
    pendingAt.set(t, (pendingAt.get(t) ?? 0) + r.num('pending'));
  });
  const jain: [number, number][] = [];
  await rows(join(folder, 'fairness.csv'), ['time', 'jain'], (r) => {
    jain.push([r.num('time'), r.text('jain') === '' ? NaN : r.num('jain')]);
  });
  const shares = new Map<string, [number, number][]>();
  await rows(join(folder, 'shares.csv'), ['time', 'kind', 'name', 'dominant_share'], (r) => {
    const key = `${r.text('kind')}:${r.text('name')}`;
    const series = shares.get(key) ?? [];
    series.push([r.num('time'), r.num('dominant_share')]);
    shares.set(key, series);
  });
  return {
    folder,
    group: group ?? summary.allocator,
    summary,
    end,
    utilization,
    waits: Float64Array.from(waits),
    jobTimes: Float64Array.from(jobTimes),
    prices,
    shares,
    pending: [...pendingAt].sort((a, b) => a[0] - b[0]),
    jain,
  };
}

/** One row of a results table, read by column: problems name the file, line and column. */
interface Row {
  text(column: string): string;
  /** A finite number, written as sim writes numbers. */
  num(column: string): number;
  /** A resource name (it becomes part of a chart's file name). */
  resource(column: string): string;
}

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;

/**
 * Calls `each` with every row of a CSV file; a missing or empty file has no
 * rows. The header must name every column in `columns`.
 */
async function rows(file: string, columns: readonly string[], each: (row: Row) => void): Promise<void> {
  if (!existsSync(file) || statSync(file).size === 0) return;
  const parser = createReadStream(file).pipe(parse({ columns: true, skip_empty_lines: true, info: true }));
  let line = 0;
  let record: Record<string, string> = {};
  const bad = (column: string, what: string, expected: string): never => {
    throw new InputError(`${file}:${line}: ${column}: ${problem(what, expected, record[column])}`);
  };
  const row: Row = {
    text: (column) => record[column]!,
    num: (column) => {
      const v = record[column]!;
      const n = Number(v);
      return NUMBER.test(v) && Number.isFinite(n) ? n : bad(column, 'not a number', 'a finite number');
    },
    resource: (column) => (RESOURCE_NAME.test(record[column]!) ? record[column]! : bad(column, 'not a resource name', "a letter or '_', then letters, digits, '_', '.' or '-'")),
  };
  let first = true;
  try {
    for await (const item of parser) {
      ({ record } = item as { record: Record<string, string> });
      line = (item as { info: { lines: number } }).info.lines;
      if (first) {
        const missing = columns.filter((c) => !Object.hasOwn(record, c));
        if (missing.length > 0) throw new InputError(`${file}:1: no column '${missing[0]}' (expected a table written by sim run, with the columns ${columns.join(', ')})`);
        first = false;
      }
      each(row);
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${file}: not a readable results table (${(e as Error).message})`);
  }
}
