/**
 * `sim report RESULTS... [--out DIR]`: one self-contained HTML page with the
 * charts of the given result folders, and each chart as an SVG file. A
 * folder of `sim sweep` or `sim merge` (it has sweep.json) gives each metric
 * against each swept numeric field, one line per policy (report/sweep-charts.ts).
 * Beside them: the resolved scenario of every run and cell charted, as
 * `scenarios/<h>.yaml` with their data copies (resolved-scenario.ts), and
 * provenance.json with the records of the folders read under `earlier`.
 *
 * @module
 */
import { existsSync, writeFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { join } from 'node:path';
import { buildCharts } from '../report/charts.js';
import { reportPage, type ReportSweep } from '../report/html.js';
import { sweepCharts } from '../report/sweep-charts.js';
import { finishedCells, readMeta } from './sweep-folder.js';
import { progress } from './progress.js';
import { readResults } from './report-data.js';
import { checkOutput } from './output-guard.js';
import { Provenance } from './provenance.js';
import { copyCellScenario, copyStored, RESOLVED_FILE } from './resolved-scenario.js';
import { ResultDir } from './result-dir.js';

export interface ReportArgs {
  readonly results: readonly string[];
  readonly out?: string | undefined;
  /** Replace a non-empty output folder that sim did not write. */
  readonly force: boolean;
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
    sweeps.push({ name: meta.sweep, folder, finished: records.length, cells: meta.cells.length });
    charts.push(...sweepCharts(meta, records));
    cellsCharted.push(...records.map((r) => ({ folder, summary: r.summary })));
  }
  const dir = new ResultDir(out, rules);
  try {
    writeFileSync(join(dir.staging, 'report.html'), reportPage(runs, charts, sweeps));
    for (const c of charts) {
      // Chart ids come partly from the folders read (resource and policy names): each must stay one file in the report folder.
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(c.id)) throw new InputError(`chart '${c.id}': not a safe file name (expected letters, digits, '.', '_' and '-')`);
      writeFileSync(join(dir.staging, `${c.id}.svg`), `<?xml version="1.0" encoding="UTF-8"?>\n${c.svg}\n`);
    }
    // What the charts were drawn from: each run's and cell's resolved scenario (folders written before sim recorded them have none).
    for (const r of runs) if (existsSync(join(r.folder, RESOLVED_FILE))) copyStored(join(r.folder, RESOLVED_FILE), dir.staging);
    for (const c of cellsCharted) copyCellScenario(c.folder, c, dir.staging);
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
