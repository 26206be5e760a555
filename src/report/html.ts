/**
 * The report page: one self-contained HTML file (inline CSS and SVG, no
 * script, nothing fetched), so it opens offline in any browser and can be
 * mailed or archived as it is.
 *
 * @module
 */
import { groupsOf, type Chart, type ReportRun } from './charts.js';
import { policyFigures } from './summary-figures.js';
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
.ci { color: #666; font-size: 0.8rem; }
dl.source { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; font-size: 0.9rem; }
dl.source dt { color: #666; }
dl.source dd { margin: 0; }
`;

const fmt = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : '–');

/** Each figure's mean over the seeds, its 95 % interval under it, and the seeds that have it when fewer than the policy's runs. */
function summaryTable(runs: readonly ReportRun[]): string {
  const { figures, policies } = policyFigures(runs);
  const head = ['policy', 'seeds', ...figures.map((f) => f.heading)];
  const rows = policies.map((p) => [
    esc(p.policy),
    String(p.runs),
    ...p.estimates.map((e, i) => {
      if (e === undefined) return '–';
      const f = figures[i]!;
      const [scale, digits, unit] = f.percent ? [100, 1, ' %'] : [1, f.name === 'tasks_started' || f.name === 'offers_declined' ? 0 : 1, ''];
      const ci = e.n > 1 ? `<br><span class="ci">[${fmt(e.low * scale, digits)}, ${fmt(e.high * scale, digits)}]</span>` : '';
      const n = e.n < p.runs ? ` <span class="ci">(n = ${e.n})</span>` : '';
      return `${fmt(e.mean * scale, digits)}${unit}${n}${ci}`;
    }),
  ]);
  return `<table id="summary"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** A sweep folder in the report: its name, where it was read, and how many of its cells were finished. */
export interface ReportSweep {
  readonly name: string;
  readonly folder: string;
  readonly finished: number;
  readonly cells: number;
  readonly seeds: readonly number[];
  /** `name version` of the simulator that wrote each finished cell, each once. */
  readonly simulators: readonly string[];
}

/** What produced the page: the scenarios (with their resolved copies in the report folder), the seeds and the simulator. */
export interface ReportSources {
  /** Scenario name -> the resolved scenarios stored under `scenarios/` for it. */
  readonly scenarios: ReadonlyMap<string, readonly string[]>;
}

/** `name version` of the simulator that wrote a summary, from its `simulator` field (folders of sim before 0.1.0 had none). */
export function simulatorOf(summary: object): string {
  const s = (summary as { simulator?: { name?: unknown; version?: unknown } }).simulator;
  return typeof s?.name === 'string' && typeof s.version === 'string' ? `${s.name} ${s.version}` : 'not recorded';
}

const list = (xs: readonly (string | number)[]): string => xs.join(', ');

function sourceList(runs: readonly ReportRun[], sweeps: readonly ReportSweep[], sources: ReportSources): string {
  const items: [string, string][] = [];
  for (const [name, files] of sources.scenarios) {
    // Each run's resolved scenario differs by its seed and policy: a few are linked, more are counted.
    const resolved = files.length === 0 ? '' : files.length <= 2 ? ` (resolved: ${files.map((f) => `<a href="${esc(f)}">${esc(f)}</a>`).join(', ')})` : ` (${files.length} resolved scenarios, one per run and policy, in <a href="scenarios/">scenarios/</a>)`;
    items.push(['scenario', `${esc(name)}${resolved}`]);
  }
  const seedLists = [...groupsOf(runs)].map(([g, rs]) => [g, list(rs.map((r) => r.summary.seed))] as const);
  if (seedLists.length > 0 && seedLists.every(([, s]) => s === seedLists[0]![1])) items.push(['seeds', seedLists[0]![1]]);
  else for (const [g, s] of seedLists) items.push([`seeds of ${esc(g)}`, s]);
  for (const s of sweeps) items.push([`seeds of sweep ${esc(s.name)}`, list(s.seeds)]);
  const simulators = [...new Set([...runs.map((r) => simulatorOf(r.summary)), ...sweeps.flatMap((s) => s.simulators)])];
  items.push(['simulator', esc(list(simulators))]);
  return `<dl class="source">${items.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

export function reportPage(runs: readonly ReportRun[], charts: readonly Chart[], sweeps: readonly ReportSweep[] = [], sources: ReportSources = { scenarios: new Map() }): string {
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
<p class="meta">${runsText}${sweepText}Each chart is also in this folder as an SVG file, with the data it draws as a CSV file of the same name${runs.length === 0 ? '' : ', and the summary table as summary.csv'}.</p>
${sourceList(runs, sweeps, sources)}
<nav>${charts.map((c) => `<a href="#${esc(c.id)}">${esc(c.title)}</a>`).join('')}</nav>
${runs.length === 0 ? '' : `<h2>Summary</h2>\n<p class="meta">Mean over each policy's seeds; under it, the 95 % confidence interval of the mean (Student's t).</p>\n${summaryTable(runs)}\n`}${charts.map((c) => `<figure>\n${c.svg}\n<figcaption>${esc(c.caption)} <a href="${esc(c.id)}.svg">${esc(c.id)}.svg</a>, <a href="${esc(c.id)}.csv">${esc(c.id)}.csv</a></figcaption>\n</figure>`).join('\n')}
</body>
</html>
`;
}
