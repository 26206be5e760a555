/**
 * Sweep files: validation (file:line), cell expansion (matrix x seeds, stable
 * order and keys), and shards (disjoint and complete).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSweep } from '../../src/cli/sweep.js';

/** The cells of a sweep file, planned as sim sweep does (plug-ins refused). */
const plan = async (file: string, code: string) => (await planSweep(loadSweep(file), false, code, { allowPlugins: false, load: true })).plans;
import { InputError } from '../../src/errors.js';
import { cells, loadSweep, parseShard, shardCells } from '../../src/sweep/spec.js';
import { root } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const work = tempDir('sim-sweep-spec-');

function sweepFile(text: string): string {
  const file = join(work, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
}

const quickstart = join(root, 'scenarios', 'quickstart.yaml');

function problems(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('sweep files', () => {
  it('reads the shipped example', () => {
    const s = loadSweep(join(root, 'scenarios', 'sweeps', 'interval-vs-policy.yaml'));
    expect(s.matrix).toEqual({ allocator: ['drf', 'fifo'], 'master.allocation_interval': [1, 5, 15] });
    expect(s.seeds).toEqual([1, 2, 3]);
    expect(s.scenarioFile).toBe(quickstart);
  });

  it('reports every problem with its file, line and column', () => {
    const file = sweepFile(['sweep: bad name!', `scenario: ${quickstart}`, 'matrix:', '  allocator: []', '  master.refuse_seconds: 5', 'seeds: 3..1', 'metrics: [wait_mean, nonsense]', 'colour: red', ''].join('\n'));
    const lines = problems(() => loadSweep(file));
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:1:8: sweep: `));
    expect(lines[1]).toMatch(/:4:14: matrix\.allocator: must have at least 1 entry/);
    expect(lines[2]).toMatch(/:5:26: matrix\.master\.refuse_seconds: .*expected a non-empty list of values/);
    expect(lines[3]).toMatch(/:6:8: seeds: '3\.\.1' is not a seed list/);
    expect(lines[4]).toMatch(/:7:22: metrics\.1: not a metric \(expected a metric name: wait_mean, .*got "nonsense"\)/);
    expect(lines[5]).toMatch(/:8:1: \(top level\): unknown field 'colour'/);
  });

  it('names one of scenario and from, and seeds only with a scenario', () => {
    const neither = problems(() => loadSweep(sweepFile(['sweep: s', 'matrix:', '  allocator: [drf]', 'seeds: 1', ''].join('\n'))));
    expect(neither).toEqual([expect.stringMatching(/:1:1: scenario: required field missing \(expected one of them: 'scenario' \(a scenario file, run from its start\) or 'from' \(a checkpoint, continued\)\)$/)]);
    const both = problems(() => loadSweep(sweepFile(['sweep: s', `scenario: ${quickstart}`, 'from: cp.json', 'matrix:', '  allocator: [drf]', 'seeds: 1', ''].join('\n'))));
    expect(both).toEqual([expect.stringMatching(/:2:11: scenario: both 'scenario' and 'from'/), expect.stringMatching(/:6:8: seeds: seeds with from/)]);
    const noSeeds = problems(() => loadSweep(sweepFile(['sweep: s', `scenario: ${quickstart}`, 'matrix:', '  allocator: [drf]', ''].join('\n'))));
    expect(noSeeds).toEqual([expect.stringMatching(/:1:1: seeds: required field missing \(expected 'seeds': a range A\.\.B and\/or a list\)$/)]);
    const from = loadSweep(sweepFile(['sweep: s', 'from: ../cp.json', 'matrix:', '  allocator: [drf]', ''].join('\n')));
    expect(from.fromFile).toBe(join(work, '..', 'cp.json'));
    expect(from.scenarioFile).toBeUndefined();
  });

  it('expands matrix x seeds, first axis slowest and seed fastest', () => {
    const all = cells({ matrix: { allocator: ['drf', 'fifo'], until: [60, 120, 180] }, seeds: [4, 2] });
    expect(all).toHaveLength(12);
    expect(all.map((c) => c.index)).toEqual([...Array(12).keys()]);
    expect(all.slice(0, 3).map((c) => [c.point, c.seed])).toEqual([
      [[['allocator', 'drf'], ['until', 60]], 4],
      [[['allocator', 'drf'], ['until', 60]], 2],
      [[['allocator', 'drf'], ['until', 120]], 4],
    ]);
    expect(all[11]).toEqual({ index: 11, point: [['allocator', 'fifo'], ['until', 180]], seed: 2 });
  });

  it('keys each cell by its content: stable across plans, distinct across cells, new for new code or values', async () => {
    const text = (intervals: string) => [`sweep: k`, `scenario: ${quickstart}`, 'set: [until=60]', 'matrix:', '  allocator: [drf, fifo]', `  master.allocation_interval: ${intervals}`, 'seeds: 1..2', ''].join('\n');
    const file = sweepFile(text('[1, 5]'));
    const a = await plan(file, 'v1');
    const b = await plan(file, 'v1');
    expect(a).toHaveLength(8);
    expect(b.map((p) => p.key)).toEqual(a.map((p) => p.key));
    expect(new Set(a.map((p) => p.key)).size).toBe(8);
    const other = await plan(file, 'v2');
    expect(other.filter((p, i) => p.key === a[i]!.key)).toEqual([]);
    // Changing one axis value changes the keys of its cells only.
    const changed = await plan(sweepFile(text('[1, 6]')), 'v1');
    const same = changed.map((p, i) => p.key === a[i]!.key);
    expect(same).toEqual([true, true, false, false, true, true, false, false]);
    expect(a[0]!.sets).toEqual(['until=60', 'master.allocation_interval=1', 'master.allocator=drf', 'seed=1']);
  });

  it('names the matrix point whose scenario does not load', async () => {
    const file = sweepFile([`sweep: k`, `scenario: ${quickstart}`, 'matrix:', '  master.allocation_interval: [1, -3]', 'seeds: 1', ''].join('\n'));
    await expect(plan(file, 'v')).rejects.toThrow(/matrix\.master\.allocation_interval: point master\.allocation_interval=-3: --set master\.allocation_interval: /);
  });
});

describe('shards', () => {
  it('parses i/n and rejects anything else', () => {
    expect(parseShard('2/5')).toEqual([2, 5]);
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0']) expect(() => parseShard(bad)).toThrow(/--shard: .*expected i\/n with 1 <= i <= n/);
  });

  it('partitions the cells: disjoint, complete, and balanced within one cell', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 9 }), (count, n) => {
        const all = Array.from({ length: count }, (_, index) => ({ index }));
        const parts = Array.from({ length: n }, (_, i) => shardCells(all, i + 1, n).map((c) => c.index));
        const union = parts.flat().sort((x, y) => x - y);
        expect(union).toEqual(all.map((c) => c.index));
        const sizes = parts.map((p) => p.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
