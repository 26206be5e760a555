/**
 * Checks of a drawn chart in the browser, for report.browser.ts: text inside
 * the SVG, legend entries, NaN in drawings, and the levels a step line draws
 * (read back through the axes' tick positions). Also the expected mean over
 * seeds, computed here from the runs' utilization.csv on its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** What is wrong with chart `id` on the page: text outside the SVG, legend entries other than `policies` (when given), NaN in a drawing. */
export async function chartProblems(page: Page, id: string, policies: readonly string[] | undefined): Promise<string[]> {
  return page.locator(`[id="${id}"]`).evaluate((svg, policies) => {
    const out: string[] = [];
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) out.push(`text '${t.textContent}' outside the SVG`);
    }
    const legend = [...svg.querySelectorAll('g.legend-entry')].map((g) => g.getAttribute('data-series'));
    if (policies !== undefined && JSON.stringify(legend) !== JSON.stringify(policies)) out.push(`legend ${JSON.stringify(legend)}, expected ${JSON.stringify(policies)}`);
    for (const el of svg.querySelectorAll('*')) {
      for (const a of el.getAttributeNames()) if (/NaN|Infinity/.test(el.getAttribute(a)!)) out.push(`${el.tagName} ${a}: ${el.getAttribute(a)}`);
    }
    return out;
  }, policies);
}

/** A horizontal piece of a step line, in data units (time from, to; value), with 1.5 px in value units. */
export interface Step {
  readonly from: number;
  readonly to: number;
  readonly value: number;
  readonly tolerance: number;
}

/** The horizontal pieces of the line of `series` in chart `id`. */
export async function drawnSteps(page: Page, id: string, series: string): Promise<Step[]> {
  const drawn = await page.locator(`[id="${id}"]`).evaluate((svg, series) => {
    const ticks = (axis: string, attr: string, shift: number) =>
      [...svg.querySelectorAll(`text.tick.${axis}`)].map((t) => [Number(t.getAttribute('data-value')), Number(t.getAttribute(attr)) - shift] as const);
    const path = [...svg.querySelectorAll('path.series')].find((p) => p.getAttribute('data-series') === series)!;
    return { x: ticks('x', 'x', 0), y: ticks('y', 'y', 4), d: path.getAttribute('d')! };
  }, series);
  // Pixels back to data: the line through the first and last tick of each axis.
  const invert = (ticks: readonly (readonly [number, number])[]) => {
    const [v0, p0] = ticks[0]!;
    const [v1, p1] = ticks.at(-1)!;
    return { at: (p: number) => v0 + ((p - p0) * (v1 - v0)) / (p1 - p0), perPixel: Math.abs((v1 - v0) / (p1 - p0)) };
  };
  const x = invert(drawn.x);
  const y = invert(drawn.y);
  const points = [...drawn.d.matchAll(/([-\d.e]+),([-\d.e]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
  const steps: Step[] = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    if (a[1] === b[1] && b[0] > a[0]) steps.push({ from: x.at(a[0]), to: x.at(b[0]), value: y.at(a[1]), tolerance: 1.5 * y.perPixel });
  }
  return steps;
}

/** A run's fraction of `resource` allocated at each sample, and its end (summary.json). */
export function readSeries(folder: string, resource: string): { points: [number, number][]; end: number } {
  const rows = readFileSync(join(folder, 'utilization.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const points = rows.filter((r) => r[1] === resource).map((r) => [Number(r[0]), Number(r[3]) > 0 ? Number(r[2]) / Number(r[3]) : 0] as [number, number]);
  const end = (JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8')) as { simulated: { end: number } }).simulated.end;
  return { points, end };
}

/** The mean at `t` over the runs still going, each at its last sample at or before t. */
export function heldMean(runs: readonly { points: readonly (readonly [number, number])[]; end: number }[], t: number): number {
  const values = runs.filter((r) => t <= r.end).map((r) => r.points.filter((p) => p[0] <= t).at(-1)![1]);
  return values.reduce((a, b) => a + b, 0) / values.length;
}
