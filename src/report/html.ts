/**
 * The report page: one self-contained HTML file (inline CSS and SVG, no
 * script, nothing fetched), so it opens offline in any browser and can be
 * mailed or archived as it is.
 *
 * @module
 */
import type { Summary } from '../run.js';
import { groupsOf, type Chart, type ReportRun } from './charts.js';
import { esc } from './svg.js';

const STYLE = `
body { font-family: system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; }
.meta { color: #666; margin-top: 0; }
table { border-collapse: collapse; margin: 1rem 0 2rem; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.7rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
figure { margin: 0 0 2.5rem; }
figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #444; font-size: 0.9rem; max-width: 720px; }
nav a { margin-right: 1rem; }
`;

const fmt = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));

function summaryTable(runs: readonly ReportRun[]): string {
  const groups = groupsOf(runs);
  const resources = [...new Set(runs.flatMap((r) => r.summary.resources))];
  const mean = (rs: readonly ReportRun[], f: (s: Summary) => number | null | undefined): number | null => {
    const vs = rs.map((r) => f(r.summary)).filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v));
    return vs.length === 0 ? null : vs.reduce((a, b) => a + b, 0) / vs.length;
  };
  const head = ['policy', 'runs', 'tasks started', 'wait mean (s)', 'wait p95 (s)', 'job completion mean (s)', ...resources.map((r) => `${r} allocated`), 'offers declined'];
  const rows = [...groups].map(([g, rs]) => [
    esc(g),
    String(rs.length),
    fmt(mean(rs, (s) => s.tasks.started), 0),
    fmt(mean(rs, (s) => s.wait_time.mean)),
    fmt(mean(rs, (s) => s.wait_time.p95)),
    fmt(mean(rs, (s) => s.job_completion_time.mean)),
    ...resources.map((r) => {
      const v = mean(rs, (s) => s.utilization[r]?.allocated_mean);
      return v === null ? '–' : `${(v * 100).toFixed(1)} %`;
    }),
    fmt(mean(rs, (s) => s.offers.declined), 0),
  ]);
  return `<table id="summary"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** A sweep folder in the report: its name, where it was read, and how many of its cells were finished. */
export interface ReportSweep {
  readonly name: string;
  readonly folder: string;
  readonly finished: number;
  readonly cells: number;
}

export function reportPage(runs: readonly ReportRun[], charts: readonly Chart[], sweeps: readonly ReportSweep[] = []): string {
  const scenarios = [...new Set([...runs.map((r) => r.summary.scenario), ...sweeps.map((s) => `sweep ${s.name}`)])];
  const title = `mesos-sim report: ${scenarios.join(', ')}`;
  const runsText = runs.length === 0 ? '' : `${runs.length} run${runs.length === 1 ? '' : 's'} of ${groupsOf(runs).size} polic${groupsOf(runs).size === 1 ? 'y' : 'ies'}, from ${runs.map((r) => `<code>${esc(r.folder)}</code>`).join(', ')}. `;
  const sweepText = sweeps.map((s) => `Sweep ${esc(s.name)}: ${s.finished} of ${s.cells} cells, from <code>${esc(s.folder)}</code>. `).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${runsText}${sweepText}Each chart is also in this folder as an SVG file.</p>
<nav>${charts.map((c) => `<a href="#${esc(c.id)}">${esc(c.title)}</a>`).join('')}</nav>
${runs.length === 0 ? '' : `<h2>Summary</h2>\n${summaryTable(runs)}\n`}${charts.map((c) => `<figure>\n${c.svg}\n<figcaption>${esc(c.caption)} <a href="${esc(c.id)}.svg">${esc(c.id)}.svg</a></figcaption>\n</figure>`).join('\n')}
</body>
</html>
`;
}
