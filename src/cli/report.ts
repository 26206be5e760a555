/**
 * `sim report RESULTS... [--out DIR]`: one self-contained HTML page with the
 * charts of the given result folders, and each chart as an SVG file.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCharts } from '../report/charts.js';
import { reportPage } from '../report/html.js';
import { progress } from './progress.js';
import { readResults } from './report-data.js';
import { ResultDir } from './result-dir.js';

export interface ReportArgs {
  readonly results: readonly string[];
  readonly out?: string | undefined;
}

export async function reportCommand(args: ReportArgs): Promise<number> {
  const bar = progress();
  const runs = await readResults(args.results, (what) => bar.update(what));
  bar.done();
  const charts = buildCharts(runs);
  const dir = new ResultDir(args.out ?? join('results', 'report'));
  try {
    writeFileSync(join(dir.staging, 'report.html'), reportPage(runs, charts));
    for (const c of charts) writeFileSync(join(dir.staging, `${c.id}.svg`), `<?xml version="1.0" encoding="UTF-8"?>\n${c.svg}\n`);
    dir.commit();
  } catch (e) {
    dir.abandon();
    throw e;
  }
  process.stdout.write(`report    ${join(dir.target, 'report.html')} (${charts.length} charts: ${charts.map((c) => c.id).join(', ')})\n`);
  return 0;
}
