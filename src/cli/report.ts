/**
 * `sim report RESULTS... [--out DIR]`: one self-contained HTML page with the
 * charts of the given result folders, each chart as an SVG file with the
 * data it draws beside it as a tidy CSV file (`<id>.csv`), and the summary
 * table as summary.csv. A
 * folder of `sim sweep` or `sim merge` (it has sweep.json) gives each metric
 * against each swept numeric field, one line per policy (report/sweep-charts.ts).
 * Beside them: the resolved scenario of every run and cell charted, as
 * `scenarios/<h>.yaml` with their data copies (resolved-scenario.ts), and
 * provenance.json with the records of the folders read under `earlier`.
 *
 * @module
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { InputError } from '../errors.js';
import { buildCharts, type ChartData } from '../report/charts.js';
import { reportPage, simulatorOf, type ReportSweep } from '../report/html.js';
import { summaryData } from '../report/summary-figures.js';
import { sweepCharts } from '../report/sweep-charts.js';
import { finishedCells, readMeta } from './sweep-folder.js';
import { progress } from './progress.js';
import { readResults } from './report-data.js';
import { checkOutput } from './output-guard.js';
import { Provenance } from './provenance.js';
import { copyCellScenario, copyStored, RESOLVED_FILE, storedName } from './resolved-scenario.js';
import { ResultDir } from './result-dir.js';

export interface ReportArgs {
  readonly results: readonly string[];
  readonly out?: string | undefined;
  /** Replace a non-empty output folder that sim did not write. */
  readonly force: boolean;
}

/** A chart's table as CSV: numbers as JavaScript writes them (shortest round trip), NaN as an empty cell. */
export function csvText(data: ChartData): string {
  return stringify([data.columns, ...data.rows.map((row) => row.map((c) => (typeof c === 'number' ? (Number.isNaN(c) ? '' : String(c)) : c)))]);
}

export async function reportCommand(args: ReportArgs): Promise<number> {
  // Checked before anything is read: a refused folder costs no work.
  const out = args.out ?? join('results', 'report');
  const rules = { command: 'report' as const, inputs: args.results, force: args.force };
  checkOutput(out, rules);
  const bar = progress();
  const isSweep = (f: string) => existsSync(join(f, 'sweep.json'));
  const sweepFolders = args.results.filter(isSweep);
  const runFolders = args.results.filter((f) => !isSweep(f));
  const runs = runFolders.length === 0 ? [] : await readResults(runFolders, (what) => bar.update(what));
  bar.done();
  const charts = runs.length === 0 ? [] : buildCharts(runs);
  const sweeps: ReportSweep[] = [];
  const cellsCharted: { folder: string; summary: unknown }[] = [];
  for (const folder of sweepFolders) {
    const meta = readMeta(folder);
    const records = finishedCells(folder, meta);
    if (records.length === 0) throw new InputError(`${folder}: no finished cells (expected a folder written by sim sweep or sim merge)`);
    sweeps.push({ name: meta.sweep, folder, finished: records.length, cells: meta.cells.length, seeds: meta.seeds, simulators: [...new Set(records.map((r) => simulatorOf(r.summary)))] });
    charts.push(...sweepCharts(meta, records));
    cellsCharted.push(...records.map((r) => ({ folder, summary: r.summary })));
  }
  const dir = new ResultDir(out, rules);
  try {
    // What the charts were drawn from: each run's and cell's resolved scenario (folders written before sim recorded them have none).
    const stored = new Map<string, Set<string>>();
    const named = (scenario: string) => stored.get(scenario) ?? stored.set(scenario, new Set()).get(scenario)!;
    for (const r of runs) {
      const files = named(r.summary.scenario);
      if (existsSync(join(r.folder, RESOLVED_FILE))) files.add(copyStored(join(r.folder, RESOLVED_FILE), dir.staging));
    }
    for (const c of cellsCharted) {
      const files = named((c.summary as { scenario: string }).scenario);
      copyCellScenario(c.folder, c, dir.staging);
      const sha = (c.summary as { scenario_sha256?: unknown }).scenario_sha256;
      if (typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha) && existsSync(join(dir.staging, storedName(sha)))) files.add(storedName(sha));
    }
    const scenarios = new Map([...stored].map(([k, v]) => [k, [...v].sort()]));
    writeFileSync(join(dir.staging, 'report.html'), reportPage(runs, charts, sweeps, { scenarios }));
    for (const c of charts) {
      // Chart ids come partly from the folders read (resource and policy names): each must stay one file in the report folder.
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(c.id)) throw new InputError(`chart '${c.id}': not a safe file name (expected letters, digits, '.', '_' and '-')`);
      writeFileSync(join(dir.staging, `${c.id}.svg`), `<?xml version="1.0" encoding="UTF-8"?>\n${c.svg}\n`);
      writeFileSync(join(dir.staging, `${c.id}.csv`), csvText(c.data));
    }
    if (runs.length > 0) writeFileSync(join(dir.staging, 'summary.csv'), csvText(summaryData(runs)));
    const provenance = new Provenance();
    for (const f of args.results) provenance.earlier(f);
    provenance.write(dir.staging);
    dir.commit();
  } catch (e) {
    dir.abandon();
    throw e;
  }
  process.stdout.write(`report    ${join(dir.target, 'report.html')} (${charts.length} charts: ${charts.map((c) => c.id).join(', ')})\n`);
  return 0;
}
