/**
 * `sim compare` end to end: common random numbers, the files it writes, the
 * table, determinism and bad input.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { simBatch } from '../helpers/sim-batch.js';
import { tempDir } from '../helpers/temp.js';

// Command lines run in one process (helpers/sim-batch.ts).
const sim = simBatch();

let work: string;
beforeAll(async () => {
  work = tempDir('sim-compare-');
});

const column = (file: string, name: string) => {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  const k = header!.split(',').indexOf(name);
  return rows.map((r) => r.split(',')[k]);
};

describe('sim compare', () => {
  it('runs every policy on the same arrivals per seed, and writes compare.csv, compare.json and each run', async () => {
    const out = join(work, 'qs');
    const r = await sim('compare', 'scenarios/quickstart.yaml', '--allocators', 'drf,fifo', '--seeds', '1..3', '--out', out, '--set', 'until=600');
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.mesos-sim.json', 'compare.csv', 'compare.json', 'provenance.json', 'runs', 'runs.csv']);
    expect(readdirSync(join(out, 'runs')).sort()).toEqual(['drf', 'fifo']);
    // Common random numbers: for a seed, both policies saw the same tasks submitted at the same times.
    const submits = (policy: string, seed: number) => column(join(out, 'runs', policy, `seed-${seed}`, 'tasks.csv'), 'submit_time').sort().join();
    expect(submits('fifo', 1)).toBe(submits('drf', 1));
    expect(submits('fifo', 3)).toBe(submits('drf', 3));
    expect(submits('drf', 2)).not.toBe(submits('drf', 1));
    // compare.csv: a row per metric and policy; the baseline has no difference.
    const csv = readFileSync(join(out, 'compare.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('metric,allocator,seeds,mean,stddev,ci_low,ci_high,difference,p_value,significant,improvement');
    const json = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(json).toMatchObject({ scenario: 'quickstart', seeds: [1, 2, 3], allocators: ['drf', 'fifo'], baseline: 'drf', level: 0.95 });
    const wait = json.metrics.find((m: { name: string }) => m.name === 'wait_mean');
    const perSeed = [1, 2, 3].map((seed) => JSON.parse(readFileSync(join(out, 'runs', 'fifo', `seed-${seed}`, 'summary.json'), 'utf8')).wait_time.mean);
    expect(wait.by_allocator.fifo.values).toEqual(perSeed);
    expect(wait.by_allocator.fifo.mean).toBeCloseTo(perSeed.reduce((a: number, b: number) => a + b) / 3, 9);
    expect(wait.by_allocator.drf.difference).toBeUndefined();
    expect(typeof wait.by_allocator.fifo.p_value).toBe('number');
    expect(csv.length - 1).toBe(json.metrics.length * 2);
    // The table: a row per metric, the baseline marked.
    expect(r.stdout).toMatch(/drf \(baseline\)\s+fifo/);
    expect(r.stdout).toMatch(/^wait_mean ↓\s+\S+ ± \S+/m);
  });

  it('gives byte-identical files with --no-wall-clock', async () => {
    const run = async (name: string) => {
      const out = join(work, name);
      expect((await sim('compare', 'scenarios/two-pool-example.yaml', '--allocators', 'pools,bidding', '--seeds', '1,2', '--out', out, '--no-wall-clock', '--no-tables')).code).toBe(0);
      return ['compare.csv', 'compare.json', 'runs/bidding/seed-2/summary.json'].map((f) => readFileSync(join(out, f), 'utf8'));
    };
    expect(await run('d1')).toEqual(await run('d2'));
    expect(readdirSync(join(work, 'd1', 'runs', 'pools', 'seed-1')).sort()).toEqual(['scenario.resolved.yaml', 'summary.json']);
  });

  it('stops with exit 2 and one line on bad seeds or an unknown policy, writing nothing', async () => {
    const out = join(work, 'bad');
    const seeds = await sim('compare', 'scenarios/quickstart.yaml', '--allocators', 'drf', '--seeds', '3..1', '--out', out);
    expect(seeds.code).toBe(2);
    expect(seeds.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^--seeds: range '3..1' runs backwards/)]);
    const policy = await sim('compare', 'scenarios/quickstart.yaml', '--allocators', 'drf,nosuch', '--seeds', '1', '--out', out);
    expect(policy.code).toBe(2);
    expect(policy.stderr).toMatch(/nosuch/);
    expect(policy.stderr).not.toMatch(/at .*\.js/);
    expect(() => readdirSync(out)).toThrow();
  });
});

describe('sim report', () => {
  it('writes report.html and an SVG per chart from a compare folder', async () => {
    const out = join(work, 'rep');
    const r = await sim('report', join(work, 'qs'), '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(expect.arrayContaining(['report.html', 'utilization-cpus.svg', 'wait-cdf.svg', 'offers.svg']));
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const svg of files.filter((f) => f.endsWith('.svg'))) expect(html).toContain(`id="${svg.slice(0, -4)}"`);
    expect(readFileSync(join(out, 'wait-cdf.svg'), 'utf8')).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('stops with exit 2 on a folder that holds no results', async () => {
    const r = await sim('report', join(work, 'nothing-here'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nothing-here: not a results folder \(expected a folder written by sim run or sim compare\)/);
  });
});
