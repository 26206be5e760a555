/**
 * Charts as standalone SVG text, drawn with d3's scales and path
 * generators (no DOM): line charts for series over time and distributions,
 * grouped bar charts for counts. Each SVG carries its own title and is
 * sized in CSS pixels, so the same text goes inline in the HTML report and
 * into a `.svg` file for a paper.
 *
 * @module
 */
import { scaleBand, scaleLinear, scaleOrdinal } from 'd3-scale';
import { schemeTableau10 } from 'd3-scale-chromatic';
import { area, line } from 'd3-shape';

export interface Series {
  readonly name: string;
  /** [x, y] points, in x order. */
  readonly points: readonly (readonly [number, number])[];
  /** Draw as a step function (a CDF, a sampled level) rather than straight segments. */
  readonly step?: boolean;
  /** A shaded band around the line (a confidence interval): [x, low, high], in x order. */
  readonly band?: readonly (readonly [number, number, number])[];
  /** Mark each point with a dot (few points, such as a swept parameter's values). */
  readonly dots?: boolean;
}

export interface LineChartSpec {
  readonly id: string;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Fixed y domain, e.g. [0, 1] for fractions; default from the data, from 0. */
  readonly yDomain?: readonly [number, number];
}

export interface BarChartSpec {
  readonly id: string;
  readonly title: string;
  readonly yLabel: string;
  /** Groups along x (e.g. policies). */
  readonly groups: readonly string[];
  /** Bars within each group (e.g. outcomes), with their value per group. */
  readonly bars: readonly { readonly name: string; readonly values: readonly number[] }[];
}

const WIDTH = 720;
const HEIGHT = 360;
const MARGIN = { top: 40, right: 170, bottom: 50, left: 70 };
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

/** Text content escaped for XML. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Colours by name, in order of first use, from Tableau 10. */
export function palette(names: readonly string[]): (name: string) => string {
  const scale = scaleOrdinal<string, string>().domain(names).range(schemeTableau10);
  return (n) => scale(n);
}

function frame(id: string, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="${esc(id)}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="${esc(id)}-title" ${FONT} font-size="12">`,
    `<title id="${esc(id)}-title">${esc(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="15" font-weight="600">${esc(title)}</text>`,
    ...body,
    '</svg>',
  ].join('\n');
}

function legend(names: readonly string[], color: (n: string) => string): string[] {
  const x = WIDTH - MARGIN.right + 16;
  return names.flatMap((n, i) => {
    const y = MARGIN.top + 8 + i * 18;
    return [`<rect x="${x}" y="${y - 9}" width="12" height="12" fill="${color(n)}"/>`, `<text x="${x + 18}" y="${y + 1}">${esc(n)}</text>`];
  });
}

/** Numbers on axes: short, no trailing zeros. */
function tick(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(4)));
}

function axes(x: (v: number) => number, xTicks: number[], y: (v: number) => number, yTicks: number[], xLabel: string, yLabel: string): string[] {
  const x0 = MARGIN.left;
  const x1 = WIDTH - MARGIN.right;
  const y0 = HEIGHT - MARGIN.bottom;
  const out = [`<line x1="${x0}" y1="${y0}" x2="${x1}" y2="${y0}" stroke="#333"/>`, `<line x1="${x0}" y1="${MARGIN.top}" x2="${x0}" y2="${y0}" stroke="#333"/>`];
  for (const t of xTicks) out.push(`<line x1="${x(t)}" y1="${y0}" x2="${x(t)}" y2="${y0 + 5}" stroke="#333"/>`, `<text x="${x(t)}" y="${y0 + 18}" text-anchor="middle">${tick(t)}</text>`);
  for (const t of yTicks) {
    out.push(`<line x1="${x0}" y1="${y(t)}" x2="${x1}" y2="${y(t)}" stroke="#e5e5e5"/>`, `<text x="${x0 - 8}" y="${y(t) + 4}" text-anchor="end">${tick(t)}</text>`);
  }
  out.push(`<text x="${(x0 + x1) / 2}" y="${HEIGHT - 10}" text-anchor="middle">${esc(xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${(MARGIN.top + y0) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  return out;
}

export function lineChart(spec: LineChartSpec): string {
  const all = spec.series.flatMap((s) => [...s.points, ...(s.band ?? []).flatMap((b) => [[b[0], b[1]] as const, [b[0], b[2]] as const])]);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const xMin = xs.length > 0 ? Math.min(...xs) : 0;
  const xMax = xs.length > 0 ? Math.max(...xs) : 1;
  const yMax = spec.yDomain?.[1] ?? (ys.length > 0 ? Math.max(...ys) : 1);
  const x = scaleLinear().domain([xMin, xMax > xMin ? xMax : xMin + 1]).range([MARGIN.left, WIDTH - MARGIN.right]).nice();
  const yMin = spec.yDomain?.[0] ?? Math.min(0, ...ys);
  const y = scaleLinear().domain([yMin, yMax > yMin ? yMax : yMin + 1]).range([HEIGHT - MARGIN.bottom, MARGIN.top]).nice();
  const color = palette(spec.series.map((s) => s.name));
  const body = axes(x, x.ticks(8), y, y.ticks(6), spec.xLabel, spec.yLabel);
  for (const s of spec.series) {
    if (s.band === undefined || s.band.length === 0) continue;
    const d = area<readonly [number, number, number]>().x((b) => x(b[0])).y0((b) => y(b[1])).y1((b) => y(b[2]))(s.band);
    if (d !== null) body.push(`<path class="band" data-series="${esc(s.name)}" d="${d}" fill="${color(s.name)}" fill-opacity="0.18" stroke="none"/>`);
  }
  for (const s of spec.series) {
    if (s.dots === true) for (const p of s.points) body.push(`<circle class="dot" data-series="${esc(s.name)}" cx="${x(p[0])}" cy="${y(p[1])}" r="3" fill="${color(s.name)}"/>`);
    const pts = s.step === true ? stepped(s.points) : s.points;
    const d = line<readonly [number, number]>().x((p) => x(p[0])).y((p) => y(p[1]))(pts);
    if (d !== null) body.push(`<path class="series" data-series="${esc(s.name)}" d="${d}" fill="none" stroke="${color(s.name)}" stroke-width="1.8"/>`);
  }
  body.push(...legend(spec.series.map((s) => s.name), color));
  return frame(spec.id, spec.title, body);
}

/** Points of a step function: each level held until the next x. */
function stepped(points: readonly (readonly [number, number])[]): (readonly [number, number])[] {
  const out: (readonly [number, number])[] = [];
  points.forEach((p, i) => {
    if (i > 0) out.push([p[0], points[i - 1]![1]]);
    out.push(p);
  });
  return out;
}

export function barChart(spec: BarChartSpec): string {
  const outer = scaleBand().domain(spec.groups).range([MARGIN.left, WIDTH - MARGIN.right]).padding(0.2);
  const inner = scaleBand().domain(spec.bars.map((b) => b.name)).range([0, outer.bandwidth()]).padding(0.08);
  const max = Math.max(1, ...spec.bars.flatMap((b) => b.values));
  const y = scaleLinear().domain([0, max]).range([HEIGHT - MARGIN.bottom, MARGIN.top]).nice();
  const color = palette(spec.bars.map((b) => b.name));
  const y0 = HEIGHT - MARGIN.bottom;
  const body = [`<line x1="${MARGIN.left}" y1="${y0}" x2="${WIDTH - MARGIN.right}" y2="${y0}" stroke="#333"/>`];
  for (const t of y.ticks(6)) body.push(`<line x1="${MARGIN.left}" y1="${y(t)}" x2="${WIDTH - MARGIN.right}" y2="${y(t)}" stroke="#e5e5e5"/>`, `<text x="${MARGIN.left - 8}" y="${y(t) + 4}" text-anchor="end">${tick(t)}</text>`);
  spec.groups.forEach((g, gi) => {
    const gx = outer(g)!;
    body.push(`<text x="${gx + outer.bandwidth() / 2}" y="${y0 + 18}" text-anchor="middle">${esc(g)}</text>`);
    for (const b of spec.bars) {
      const v = b.values[gi] ?? 0;
      body.push(`<rect class="bar" data-series="${esc(b.name)}" x="${gx + inner(b.name)!}" y="${y(v)}" width="${inner.bandwidth()}" height="${y0 - y(v)}" fill="${color(b.name)}"><title>${esc(`${g}, ${b.name}: ${tick(v)}`)}</title></rect>`);
    }
  });
  body.push(`<text transform="translate(16 ${(MARGIN.top + y0) / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`);
  body.push(...legend(spec.bars.map((b) => b.name), color));
  return frame(spec.id, spec.title, body);
}
