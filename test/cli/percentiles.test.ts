/**
 * `metrics.percentiles: approximate` (docs/metrics.md#percentiles): every table is the
 * same bytes as under exact percentiles; summary.json differs only in the p50/p95/p99 of
 * its distributions (their accuracy: test/metrics/sketch-series.test.ts), the last bits
 * of their means, and its `percentiles` field; a run continued from a checkpoint gives the
 * uninterrupted run's files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root, sim } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const scenario = join(root, 'scenarios', 'quickstart.yaml');
const APPROXIMATE = ['--set', 'metrics.percentiles=approximate'];
/** Files that name the scenario or the run, not its results. */
const ABOUT_THE_RUN = ['summary.json', 'scenario.resolved.yaml', 'provenance.json', '.mesos-sim.json'];
let work: string;

beforeAll(() => {
  work = tempDir('sim-percentiles-');
  expect(sim('run', scenario, '--no-wall-clock', '--out', join(work, 'exact')).code).toBe(0);
  expect(sim('run', scenario, '--no-wall-clock', ...APPROXIMATE, '--checkpoint-at', '300', '--out', join(work, 'approximate')).code).toBe(0);
  expect(sim('run', '--from', join(work, 'approximate', 'checkpoint-300.json'), '--no-wall-clock', '--out', join(work, 'continued')).code).toBe(0);
});

const read = (folder: string, file: string): string => readFileSync(join(work, folder, file), 'utf8');
const summary = (folder: string): Record<string, unknown> => JSON.parse(read(folder, 'summary.json')) as Record<string, unknown>;

/** Every distribution ({count, mean, p50, p95, p99, max}) in the summary, by path. */
function distributions(value: unknown, path = ''): Map<string, Record<string, number | null>> {
  const found = new Map<string, Record<string, number | null>>();
  if (value === null || typeof value !== 'object') return found;
  if ('p95' in value && 'count' in value) found.set(path, value as Record<string, number | null>);
  else for (const [k, v] of Object.entries(value)) for (const [p, d] of distributions(v, `${path}.${k}`)) found.set(p, d);
  return found;
}

/** The summary with the distributions' percentiles and means taken out. */
function withoutPercentiles(s: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify(s, (k, v: unknown) => (['p50', 'p95', 'p99', 'mean', 'scenario_sha256', 'percentiles'].includes(k) && typeof v !== 'object' ? undefined : v)));
}

describe('metrics.percentiles: approximate', () => {
  it('writes the same tables as exact percentiles', () => {
    const files = readdirSync(join(work, 'exact')).sort();
    expect(readdirSync(join(work, 'approximate')).filter((f) => !f.startsWith('checkpoint-') && f !== 'tasks.csv.gz').sort()).toEqual(files);
    const tables = files.filter((f) => !ABOUT_THE_RUN.includes(f));
    expect(tables.length).toBeGreaterThanOrEqual(8);
    for (const file of tables) expect(read('approximate', file), file).toBe(read('exact', file));
  });

  it('summary.json says so and differs only in percentiles and the last bits of means; counts and maxima are exact', () => {
    const exact = summary('exact');
    const approximate = summary('approximate');
    expect(exact.percentiles).toBeUndefined();
    expect(approximate.percentiles).toBe('approximate');
    expect(withoutPercentiles(approximate)).toEqual(withoutPercentiles(exact));
    const before = distributions(exact);
    const after = distributions(approximate);
    // run-wide wait, completion, slowdown, bounded slowdown, and 3 per role and framework.
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect(after.size).toBeGreaterThanOrEqual(4 + 3 * 2);
    let differing = 0;
    for (const [path, d] of after) {
      const e = before.get(path)!;
      expect(d.count, path).toBe(e.count);
      expect(d.max, path).toBe(e.max);
      if (e.count === 0) continue;
      expect(Math.abs(d.mean! - e.mean!), path).toBeLessThanOrEqual(1e-12 * Math.abs(e.mean!));
      for (const p of ['p50', 'p95', 'p99']) {
        expect(d[p]!, `${path}.${p}`).toBeLessThanOrEqual(e.max!);
        if (d[p] !== e[p]) differing++;
      }
    }
    expect(differing).toBeGreaterThan(0);
  });

  it('a run continued from a checkpoint restores the sketches: the same files as the run without a stop', () => {
    for (const file of readdirSync(join(work, 'continued'))) {
      if (['provenance.json', '.mesos-sim.json', 'scenario.resolved.yaml', 'fork.json'].includes(file)) continue;
      expect(read('continued', file), file).toBe(read('approximate', file));
    }
  });
});
