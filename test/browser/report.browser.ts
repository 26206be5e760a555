/**
 * The report, in a real browser: `sim report` over a small comparison, opened
 * in headless Chromium (Debian's `chromium` package; CHROMIUM overrides the
 * path). Fails on any console error or page error, a missing chart, a chart
 * without data marks, an empty page, text outside its SVG, a policy without
 * its legend entry, a NaN in any drawing, or a mean over seeds that is not
 * the mean of the seeds' held samples (test/browser/figures.ts). Run with `npm run test:browser`
 * (.ci/run installs Chromium and runs it); not part of `npm test`, which
 * needs no browser.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sim } from '../helpers/cli.js';
import { chartProblems, drawnSteps, heldMean, readSeries } from './figures.js';
import { tempDir } from '../helpers/temp.js';
import { WAIT_CAUSES } from '../../src/metrics/wait-causes.js';

const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
let work: string;
let browser: Browser;

beforeAll(async () => {
  work = tempDir('sim-report-');
  const cmp = sim('compare', 'scenarios/quickstart.yaml', '--allocators', 'drf,tetris', '--seeds', '1..2', '--set', 'until=900', '--out', join(work, 'cmp'));
  expect(cmp.code, cmp.stderr).toBe(0);
  const bid = sim('run', 'scenarios/two-pool-example.yaml', '--out', join(work, 'bid'));
  expect(bid.code, bid.stderr).toBe(0);
  // Two seeds whose runs drain at different times (seed 3 about 190 s before seed 1).
  const two = sim('compare', 'scenarios/quickstart.yaml', '--allocators', 'drf', '--seeds', '1,3', '--out', join(work, 'two'));
  expect(two.code, two.stderr).toBe(0);
  // No Playwright time limits (0): a busy machine may be slow; vitest's safety net ends a hang.
  browser = await chromium.launch({
    executablePath,
    timeout: 0,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
});

async function open(file: string) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.setDefaultTimeout(0);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, problems };
}

describe('sim report in headless Chromium', () => {
  it('renders a comparison: summary table, every chart with data, no console errors', async () => {
    const out = join(work, 'report');
    const r = sim('report', join(work, 'cmp'), '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const { page, problems } = await open(join(out, 'report.html'));
    expect(problems).toEqual([]);
    expect((await page.textContent('body'))!.length).toBeGreaterThan(200);
    expect(await page.locator('#summary tbody tr').count()).toBe(2);
    const ids = await page.locator('svg.chart').evaluateAll((svgs) => svgs.map((s) => s.id));
    expect(ids).toEqual(expect.arrayContaining(['utilization-cpus', 'utilization-mem', 'wait-cdf', 'offers']));
    for (const id of ids) {
      const box = await page.locator(`#${id}`).boundingBox();
      expect(box!.width, id).toBeGreaterThan(300);
      expect(box!.height, id).toBeGreaterThan(150);
      const marks = await page.locator(`#${id} path.series, #${id} rect.bar`).count();
      expect(marks, `${id} has no data marks`).toBeGreaterThan(0);
    }
    // Every text inside its SVG, a legend entry per policy, no NaN drawn.
    // (The waiting-by-cause bar has a bar per policy and a legend entry per cause.)
    for (const id of ids) expect(await chartProblems(page, id, id.startsWith('shares-') || id === 'offers' || id === 'wait-causes' ? undefined : ['drf', 'tetris'])).toEqual([]);
    // Its legend: causes, in waits.csv's column order, at least one.
    expect(ids).toContain('wait-causes');
    const causes = await page.locator('#wait-causes g.legend-entry').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-series')!));
    expect(causes.length).toBeGreaterThan(0);
    expect(causes).toEqual(WAIT_CAUSES.filter((c) => causes.includes(c)));
    // Both policies are drawn on the wait CDF.
    const series = await page.locator('#wait-cdf path.series').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-series')));
    expect(series).toEqual(['drf', 'tetris']);
    // Each chart is also a standalone SVG file that a browser renders.
    const svgs = readdirSync(out).filter((f) => f.endsWith('.svg')).sort();
    expect(svgs).toEqual(ids.map((id) => `${id}.svg`).sort());
    const svg = await open(join(out, 'wait-cdf.svg'));
    expect(svg.problems).toEqual([]);
    expect(await svg.page.locator('path.series').count()).toBe(2);
    expect(await chartProblems(svg.page, 'wait-cdf', ['drf', 'tetris'])).toEqual([]);
    // Its data beside it.
    expect(readFileSync(join(out, 'wait-cdf.csv'), 'utf8').split('\n')[0]).toBe('policy,wait,fraction');
  });

  it('draws the mean of two seeds that end at different times without a drop: each seed holds its last sample until its run ends', async () => {
    const out = join(work, 'report-two');
    const r = sim('report', join(work, 'two'), '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const seeds = ['seed-1', 'seed-3'].map((s) => readSeries(join(work, 'two', 'runs', 'drf', s), 'cpus'));
    const [early, late] = [...seeds].sort((a, b) => a.end - b.end);
    // The fixture can show the old fault: where the earlier run ends, its last sample alone is far from the mean of both.
    expect(late!.end - early!.end).toBeGreaterThan(60);
    const atEnd = heldMean(seeds, early!.end);
    expect(Math.abs(atEnd - early!.points.at(-1)![1])).toBeGreaterThan(0.05);
    const { page, problems } = await open(join(out, 'report.html'));
    expect(problems).toEqual([]);
    expect(await chartProblems(page, 'utilization-cpus', ['drf'])).toEqual([]);
    const steps = await drawnSteps(page, 'utilization-cpus', 'drf');
    // Each level drawn is the mean of the seeds still running there, to within 1.5 px.
    let checked = 0;
    let afterEarlyEnd = false;
    for (const s of steps) {
      if (s.to - s.from < 1e-6) continue;
      const t = (s.from + s.to) / 2;
      if (t > late!.end) continue;
      expect(Math.abs(s.value - heldMean(seeds, t)), `level at ${t} s`).toBeLessThanOrEqual(s.tolerance);
      checked++;
      if (s.from >= early!.end - 1e-6 && s.from < early!.end + 10) afterEarlyEnd = true;
    }
    expect(checked).toBeGreaterThan(100);
    expect(afterEarlyEnd).toBe(true);
    // The end of each run is marked, and the band is drawn.
    const ends = await page.locator('#utilization-cpus line.run-end').evaluateAll((ls) => ls.map((l) => Number(l.getAttribute('data-value'))));
    expect(ends.sort((a, b) => a - b)).toEqual([early!.end, late!.end]);
    expect(await page.locator('#utilization-cpus path.band').count()).toBe(1);
    // The page names the scenario, the seeds and the simulator.
    const source = await page.locator('dl.source').textContent();
    expect(source).toMatch(/scenario\s*quickstart \(resolved: scenarios\/[0-9a-f]{16}\.yaml, scenarios\/[0-9a-f]{16}\.yaml\)/);
    expect(source).toMatch(/seeds\s*1, 3/);
    expect(source).toMatch(/simulator\s*mesos-sim \d+\.\d+\.\d+/);
  });

  it('renders prices under bidding, and the page is self-contained (no script, no external resource)', async () => {
    const out = join(work, 'report-bid');
    expect(sim('report', join(work, 'bid'), '--out', out).code).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    const { page, problems } = await open(join(out, 'report.html'));
    expect(problems).toEqual([]);
    expect(await page.locator('#prices path.series').count()).toBe(2);
  });

  it('renders a sweep: a metric against the swept field, one line, dots and a band per policy', async () => {
    const sweep = join(work, 'sweep');
    const r0 = sim('sweep', 'scenarios/sweeps/interval-vs-policy.yaml', '--out', sweep, '--workers', '2');
    expect(r0.code, r0.stderr).toBe(0);
    const out = join(work, 'report-sweep');
    const r = sim('report', sweep, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const { page, problems } = await open(join(out, 'report.html'));
    expect(problems).toEqual([]);
    const ids = await page.locator('svg.chart').evaluateAll((svgs) => svgs.map((s) => s.id));
    expect(ids).toHaveLength(7);
    const id = 'sweep-interval-vs-policy-wait_mean-vs-master.allocation_interval';
    expect(ids).toContain(id);
    const chart = page.locator(`[id="${id}"]`);
    expect((await chart.boundingBox())!.width).toBeGreaterThan(300);
    expect(await chart.locator('path.series').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-series')))).toEqual(['drf', 'fifo']);
    expect(await chart.locator('path.band').count()).toBe(2);
    expect(await chart.locator('circle.dot').count()).toBe(6);
    // The bands have area: the confidence interval over 3 seeds is not a line.
    for (const band of await chart.locator('path.band').all()) expect((await band.boundingBox())!.height).toBeGreaterThan(5);
    for (const c of ids) expect(await chartProblems(page, c, ['drf', 'fifo'])).toEqual([]);
  });
});
