/**
 * Reading result folders for `sim report`: a `sim run` folder, or a
 * `sim compare` folder (its `runs/<allocator>/seed-<k>/` each become a run of
 * the policy's group). Tables are streamed with csv-parse; only the columns
 * the charts need are kept.
 *
 * @module
 */
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse';
import { InputError } from '../errors.js';
import type { ReportRun } from '../report/charts.js';
import type { Summary } from '../run.js';

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
    for (const policy of readdirSync(policies).sort()) {
      const seeds = readdirSync(join(policies, policy)).filter((s) => /^seed-\d+$/.test(s)).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
      for (const seed of seeds) runs.push(await readRun(join(policies, policy, seed), policy, onProgress));
    }
  }
  if (runs.length === 0) throw new InputError(`no runs found in ${folders.join(', ')} (expected folders written by sim run or sim compare)`);
  return runs;
}

async function readRun(folder: string, group: string | undefined, onProgress: (what: string) => void): Promise<ReportRun> {
  let summary: Summary;
  try {
    summary = JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8')) as Summary;
  } catch (e) {
    throw new InputError(`${join(folder, 'summary.json')}: cannot read it (${(e as Error).message})`);
  }
  onProgress(`reading ${folder}`);
  const utilization = new Map<string, [number, number][]>();
  await rows(join(folder, 'utilization.csv'), (r) => {
    const total = Number(r.total);
    const series = utilization.get(r.resource!) ?? [];
    series.push([Number(r.time), total > 0 ? Number(r.allocated) / total : 0]);
    utilization.set(r.resource!, series);
  });
  const waits: number[] = [];
  await rows(join(folder, 'tasks.csv'), (r) => {
    if (r.start_time !== '' && r.start_time !== undefined) waits.push(Number(r.start_time) - Number(r.submit_time));
  });
  const jobTimes: number[] = [];
  await rows(join(folder, 'jobs.csv'), (r) => {
    if (r.state === 'completed') jobTimes.push(Number(r.completion_time));
  });
  const prices = new Map<string, [number, number][]>();
  await rows(join(folder, 'prices.csv'), (r) => {
    const series = prices.get(r.pool!) ?? [];
    series.push([Number(r.time), Number(r.price)]);
    prices.set(r.pool!, series);
  });
  const pendingAt = new Map<number, number>();
  await rows(join(folder, 'queues.csv'), (r) => {
    const t = Number(r.time);
    pendingAt.set(t, (pendingAt.get(t) ?? 0) + Number(r.pending));
  });
  const jain: [number, number][] = [];
  await rows(join(folder, 'fairness.csv'), (r) => {
    if (r.jain !== '') jain.push([Number(r.time), Number(r.jain)]);
  });
  const shares = new Map<string, [number, number][]>();
  await rows(join(folder, 'shares.csv'), (r) => {
    const key = `${r.kind}:${r.name}`;
    const series = shares.get(key) ?? [];
    series.push([Number(r.time), Number(r.dominant_share)]);
    shares.set(key, series);
  });
  return {
    folder,
    group: group ?? summary.allocator ?? basename(folder),
    summary,
    utilization,
    waits: Float64Array.from(waits),
    jobTimes: Float64Array.from(jobTimes),
    prices,
    shares,
    pending: [...pendingAt].sort((a, b) => a[0] - b[0]),
    jain,
  };
}

/** Calls `each` with every row of a CSV file as a record by column name; a missing file has no rows. */
async function rows(file: string, each: (row: Record<string, string>) => void): Promise<void> {
  if (!existsSync(file) || statSync(file).size === 0) return;
  const parser = createReadStream(file).pipe(parse({ columns: true, skip_empty_lines: true }));
  try {
    for await (const row of parser) each(row as Record<string, string>);
  } catch (e) {
    throw new InputError(`${file}: not a readable results table (${(e as Error).message})`);
  }
}
