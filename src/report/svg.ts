/**
 * Charts as standalone SVG text, drawn with d3's scales and path
 * generators (no DOM): line charts for series over time and distributions,
 * grouped bar charts for counts. Each SVG carries its own title, axis
 * labels and legend, and is sized in CSS pixels, so the same text goes
 * inline in the HTML report and into a `.svg` file for a paper.
 *
 * No text is clipped: the margins are made from the labels' estimated
 * widths (text-fit.ts), long labels wrap onto more lines, and the chart
 * grows taller when its legend needs it.
 *
 * @module
 */
import { extent } from 'd3-array';
import { scaleBand, scaleLinear, scaleOrdinal } from 'd3-scale';
import { schemeTableau10 } from 'd3-scale-chromatic';
import { area, curveLinear, curveStepAfter, line } from 'd3-shape';
import { textWidth, wrap } from './text-fit.js';

export interface Series {
  readonly name: string;
  /** [x, y] points, in x order; a NaN y is a gap in the line. */
  readonly points: readonly (readonly [number, number])[];
  /** Draw as a step function (a CDF, a sampled level held until the next sample) rather than straight segments. */
  readonly step?: boolean;
  /** A shaded band around the line (a confidence interval): [x, low, high], in x order. */
  readonly band?: readonly (readonly [number, number, number])[];
  /** Mark each point with a dot (few points, such as a swept parameter's values). */
  readonly dots?: boolean;
  /** x values where one of the series' runs ended, drawn as dashed vertical lines. */
  readonly ends?: readonly number[];
}

export interface LineChartSpec {
  readonly id: string;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Fixed y domain, e.g. [0, 1] for fractions (bands are cut at it); default from the data, from 0. */
  readonly yDomain?: readonly [number, number];
}

export interface BarChartSpec {
  readonly id: string;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Groups along x (e.g. policies). */
  readonly groups: readonly string[];
  /** Bars within each group (e.g. outcomes), with their value per group. */
  readonly bars: readonly { readonly name: string; readonly values: readonly number[] }[];
  /** One bar per group, the bars' values stacked in their order (the first at the bottom). */
  readonly stacked?: boolean;
}

const WIDTH = 720;
/** The plot area's least height, px. */
const PLOT_HEIGHT = 270;
const PAD = 10;
const SIZE = 12;
const TITLE_SIZE = 15;
const LINE_HEIGHT = 15;
const TITLE_LINE = 19;
/** Room for the legend right of the plot: swatch, gap, text. */
const LEGEND_TEXT = 130;
const LEGEND_WIDTH = LEGEND_TEXT + 34;
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

/** Numbers on axes: short, no trailing zeros. */
function tick(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(4)));
}

/** A text element of several lines (`tspan`s), the first line's baseline at (x, y). */
function lines(texts: readonly string[], x: number, y: number, attrs = ''): string {
  const spans = texts.map((t, i) => `<tspan x="${x}" ${i === 0 ? `y="${y}"` : `dy="${LINE_HEIGHT}"`}>${esc(t)}</tspan>`).join('');
  return `<text${attrs === '' ? '' : ` ${attrs}`}>${spans}</text>`;
}

/** Where everything goes: margins and size from the labels (each wrapped to the room it has). */
interface Layout {
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly title: string[];
  readonly xLabel: string[];
  readonly yLabel: string[];
  readonly legend: { readonly name: string; readonly lines: string[]; readonly y: number }[];
  /** Extra lines under the x axis's tick labels (wrapped group names of a bar chart). */
  readonly tickLines: number;
}

function layout(title: string, xLabel: string, yLabel: string, yTicks: readonly string[], legendNames: readonly string[], legendNote: boolean, tickLines = 1): Layout {
  const titleLines = wrap(title, WIDTH - 2 * PAD, TITLE_SIZE, true);
  const top = PAD + titleLines.length * TITLE_LINE + 14;
  const yLabelLines = wrap(yLabel, PLOT_HEIGHT, SIZE);
  const tickWidth = Math.max(0, ...yTicks.map((t) => textWidth(t, SIZE)));
  const left = Math.ceil(PAD + yLabelLines.length * LINE_HEIGHT + 8 + tickWidth + 8);
  const right = LEGEND_WIDTH + PAD;
  const xLabelLines = wrap(xLabel, WIDTH - left - right, SIZE);
  const bottom = 10 + tickLines * LINE_HEIGHT + 8 + xLabelLines.length * LINE_HEIGHT + PAD;
  let y = top + 8;
  const legend = legendNames.map((name) => {
    const entry = { name, lines: wrap(name, LEGEND_TEXT, SIZE), y };
    y += entry.lines.length * LINE_HEIGHT + 5;
    return entry;
  });
  if (legendNote) y += 2 * LINE_HEIGHT + 10;
  const plot = Math.max(PLOT_HEIGHT, y - top);
  return { height: top + plot + bottom, left, right, top, bottom, title: titleLines, xLabel: xLabelLines, yLabel: yLabelLines, legend, tickLines };
}

function frame(id: string, title: string, l: Layout, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="${esc(id)}" viewBox="0 0 ${WIDTH} ${l.height}" width="${WIDTH}" height="${l.height}" role="img" aria-labelledby="${esc(id)}-title" ${FONT} font-size="${SIZE}">`,
    `<title id="${esc(id)}-title">${esc(title)}</title>`,
    `<rect width="${WIDTH}" height="${l.height}" fill="white"/>`,
    lines(l.title, PAD, PAD + TITLE_SIZE, `class="chart-title" font-size="${TITLE_SIZE}" font-weight="600"`),
    ...body,
    '</svg>',
  ].join('\n');
}

/** The y axis's label (rotated, its lines stacked toward the plot) and the x axis's label, centred under the plot. */
function axisLabels(l: Layout): string[] {
  const y0 = l.height - l.bottom;
  const xMid = (l.left + WIDTH - l.right) / 2;
  const xLabelY = y0 + 10 + l.tickLines * LINE_HEIGHT + 8 + SIZE;
  return [
    lines(l.xLabel, xMid, xLabelY, 'class="axis-label x" text-anchor="middle"'),
    lines(l.yLabel, 0, 0, `class="axis-label y" transform="translate(${PAD + SIZE} ${(l.top + y0) / 2}) rotate(-90)" text-anchor="middle"`),
  ];
}

function legend(l: Layout, color: (n: string) => string, note: boolean): string[] {
  const x = WIDTH - l.right + 16;
  const out = l.legend.map(
    (e) => `<g class="legend-entry" data-series="${esc(e.name)}"><rect x="${x}" y="${e.y - 10}" width="12" height="12" fill="${color(e.name)}"/>${lines(e.lines, x + 18, e.y)}</g>`,
  );
  if (note) {
    const y = (l.legend.at(-1)?.y ?? l.top) + (l.legend.at(-1)?.lines.length ?? 0) * LINE_HEIGHT + 14;
    out.push(`<g class="legend-note"><line x1="${x + 6}" y1="${y - 12}" x2="${x + 6}" y2="${y + 16}" stroke="#666" stroke-dasharray="3 3"/>${lines(['a seed\'s run', 'ended'], x + 18, y)}</g>`);
  }
  return out;
}

function yAxis(l: Layout, y: (v: number) => number, ticks: readonly number[]): string[] {
  const x1 = WIDTH - l.right;
  return ticks.flatMap((t) => [
    `<line class="grid" x1="${l.left}" y1="${y(t)}" x2="${x1}" y2="${y(t)}" stroke="#e5e5e5"/>`,
    `<text class="tick y" data-value="${t}" x="${l.left - 8}" y="${y(t) + 4}" text-anchor="end">${tick(t)}</text>`,
  ]);
}

const finite = (v: number) => Number.isFinite(v);

export function lineChart(spec: LineChartSpec): string {
  const xs = spec.series.flatMap((s) => [...s.points.map((p) => p[0]), ...(s.ends ?? [])]);
  // A fixed domain bounds what it measures (a fraction is in [0, 1]): a band is cut at it.
  const clamp = (v: number) => (spec.yDomain === undefined ? v : Math.min(spec.yDomain[1], Math.max(spec.yDomain[0], v)));
  const ys = spec.series.flatMap((s) => [...s.points.map((p) => p[1]), ...(s.band ?? []).flatMap((b) => [b[1], b[2]])]).filter(finite);
  const [xMin = 0, xMax = 1] = extent(xs.filter(finite));
  const [yLow = 0, yHigh = 1] = extent(ys);
  const yMin = spec.yDomain?.[0] ?? Math.min(0, yLow);
  const yMax = spec.yDomain?.[1] ?? yHigh;
  const y = scaleLinear().domain([yMin, yMax > yMin ? yMax : yMin + 1]).nice();
  const yTicks = y.ticks(6);
  const names = spec.series.map((s) => s.name);
  const hasEnds = spec.series.some((s) => (s.ends ?? []).length > 0);
  const l = layout(spec.title, spec.xLabel, spec.yLabel, yTicks.map(tick), names, hasEnds);
  const y0 = l.height - l.bottom;
  y.range([y0, l.top]);
  const x = scaleLinear().domain([xMin, xMax > xMin ? xMax : xMin + 1]).range([l.left, WIDTH - l.right]).nice();
  const color = palette(names);
  const body = yAxis(l, y, yTicks);
  body.push(`<line class="axis x" x1="${l.left}" y1="${y0}" x2="${WIDTH - l.right}" y2="${y0}" stroke="#333"/>`, `<line class="axis y" x1="${l.left}" y1="${l.top}" x2="${l.left}" y2="${y0}" stroke="#333"/>`);
  for (const t of x.ticks(8)) body.push(`<line x1="${x(t)}" y1="${y0}" x2="${x(t)}" y2="${y0 + 5}" stroke="#333"/>`, `<text class="tick x" data-value="${t}" x="${x(t)}" y="${y0 + 18}" text-anchor="middle">${tick(t)}</text>`);
  body.push(...axisLabels(l));
  for (const s of spec.series) {
    const curve = s.step === true ? curveStepAfter : curveLinear;
    for (const e of s.ends ?? []) body.push(`<line class="run-end" data-series="${esc(s.name)}" data-value="${e}" x1="${x(e)}" y1="${l.top}" x2="${x(e)}" y2="${y0}" stroke="${color(s.name)}" stroke-dasharray="3 3" stroke-opacity="0.7"/>`);
    if (s.band === undefined || s.band.length === 0) continue;
    const d = area<readonly [number, number, number]>().defined((b) => finite(b[1]) && finite(b[2])).curve(curve).x((b) => x(b[0])).y0((b) => y(clamp(b[1]))).y1((b) => y(clamp(b[2])))(s.band);
    if (d !== null) body.push(`<path class="band" data-series="${esc(s.name)}" d="${d}" fill="${color(s.name)}" fill-opacity="0.18" stroke="none"/>`);
  }
  for (const s of spec.series) {
    if (s.dots === true) for (const p of s.points.filter((q) => finite(q[1]))) body.push(`<circle class="dot" data-series="${esc(s.name)}" cx="${x(p[0])}" cy="${y(p[1])}" r="3" fill="${color(s.name)}"/>`);
    const d = line<readonly [number, number]>().defined((p) => finite(p[1])).curve(s.step === true ? curveStepAfter : curveLinear).x((p) => x(p[0])).y((p) => y(p[1]))(s.points);
    if (d !== null && s.points.length > 0) body.push(`<path class="series" data-series="${esc(s.name)}" d="${d}" fill="none" stroke="${color(s.name)}" stroke-width="1.8"/>`);
  }
  body.push(...legend(l, color, hasEnds));
  return frame(spec.id, spec.title, l, body);
}

export function barChart(spec: BarChartSpec): string {
  const stackedSums = spec.groups.map((_, gi) => spec.bars.reduce((sum, b) => sum + (b.values[gi] ?? 0), 0));
  const max = Math.max(1, ...(spec.stacked === true ? stackedSums : spec.bars.flatMap((b) => b.values)));
  const y = scaleLinear().domain([0, max]).nice();
  const yTicks = y.ticks(6);
  const names = spec.bars.map((b) => b.name);
  // Group names wrap to the width of their group; the axis grows by their lines.
  const bandWidth = (w: number) => scaleBand().domain(spec.groups).range([0, w]).padding(0.2).bandwidth();
  const probe = layout(spec.title, spec.xLabel, spec.yLabel, yTicks.map(tick), names, false);
  const groupLines = spec.groups.map((g) => wrap(g, bandWidth(WIDTH - probe.left - probe.right) + 8, SIZE));
  const l = layout(spec.title, spec.xLabel, spec.yLabel, yTicks.map(tick), names, false, Math.max(1, ...groupLines.map((g) => g.length)));
  const y0 = l.height - l.bottom;
  y.range([y0, l.top]);
  const outer = scaleBand().domain(spec.groups).range([l.left, WIDTH - l.right]).padding(0.2);
  const inner = scaleBand().domain(names).range([0, outer.bandwidth()]).padding(0.08);
  const color = palette(names);
  const body = yAxis(l, y, yTicks);
  body.push(`<line class="axis x" x1="${l.left}" y1="${y0}" x2="${WIDTH - l.right}" y2="${y0}" stroke="#333"/>`);
  spec.groups.forEach((g, gi) => {
    const gx = outer(g)!;
    body.push(lines(groupLines[gi]!, gx + outer.bandwidth() / 2, y0 + 18, 'class="tick x" text-anchor="middle"'));
    let base = 0;
    for (const b of spec.bars) {
      const v = b.values[gi] ?? 0;
      if (spec.stacked === true) {
        body.push(`<rect class="bar" data-series="${esc(b.name)}" x="${gx}" y="${y(base + v)}" width="${outer.bandwidth()}" height="${y(base) - y(base + v)}" fill="${color(b.name)}"><title>${esc(`${g}, ${b.name}: ${tick(v)}`)}</title></rect>`);
        base += v;
        continue;
      }
      body.push(`<rect class="bar" data-series="${esc(b.name)}" x="${gx + inner(b.name)!}" y="${y(v)}" width="${inner.bandwidth()}" height="${y0 - y(v)}" fill="${color(b.name)}"><title>${esc(`${g}, ${b.name}: ${tick(v)}`)}</title></rect>`);
    }
  });
  body.push(...axisLabels(l), ...legend(l, color, false));
  return frame(spec.id, spec.title, l, body);
}
