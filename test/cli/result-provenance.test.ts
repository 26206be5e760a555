/**
 * A result folder says how it was made (issue 16 item 1): scenario.resolved.yaml
 * (defaults filled, --set applied, data files copied beside it), summary.json's
 * scenario_sha256 and simulator version, and provenance.json, the one file that
 * differs from machine to machine. `sim run scenario.resolved.yaml` reproduces
 * the run byte for byte, from wherever the folder was moved: checked here on a
 * representative subset of the bundled scenarios, and under SOAK=1
 * (`npm run test:soak`) on every one that tools/output-hashes.sh runs.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';
import { simBatch } from '../helpers/sim-batch.js';
import { SOAK } from '../helpers/property.js';
import { resultFiles } from '../helpers/result-files.js';
import { tempDir } from '../helpers/temp.js';

// Command lines run in one process (helpers/sim-batch.ts).
const sim = simBatch();

let work: string;
beforeAll(async () => {
  work = tempDir('sim-provenance-');
});

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

/** Runs `scenario` (a path under the checkout), moves its folder elsewhere, reruns its scenario.resolved.yaml, and expects the same files. */
async function reproduces(scenario: string): Promise<void> {
  const name = scenario.replace(/[/.]/g, '_');
  const first = join(work, name, 'first');
  const r1 = await sim('run', scenario, '--no-wall-clock', '--out', first);
  expect(r1.code, r1.stderr).toBe(0);
  const moved = join(work, name, 'moved', 'elsewhere');
  mkdirSync(join(work, name, 'moved'));
  renameSync(first, moved);
  const again = join(work, name, 'again');
  const r2 = await sim('run', join(moved, 'scenario.resolved.yaml'), '--no-wall-clock', '--out', again);
  expect(r2.code, r2.stderr).toBe(0);
  const a = resultFiles(moved);
  const b = resultFiles(again);
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [f, bytes] of a) expect(b.get(f)!.equals(bytes), `${scenario}: ${f}`).toBe(true);
}

/** The scenarios tools/output-hashes.sh runs. */
function bundled(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(join(root, d))) {
      const p = `${d}/${e}`;
      if (statSync(join(root, p)).isDirectory()) {
        if (p !== 'scenarios/bench' && p !== 'scenarios/sweeps') walk(p);
      } else if (e.endsWith('.yaml')) out.push(p);
    }
  };
  walk('scenarios');
  return out.sort();
}

describe('scenario.resolved.yaml reproduces the run', () => {
  // Quick start; a trace (a data file copied); every fault model; framework models with stages and services.
  const subset = ['scenarios/quickstart.yaml', 'scenarios/csv-example.yaml', 'scenarios/faults/chaos.yaml', 'scenarios/frameworks/spark-dag.yaml'];
  for (const s of SOAK ? bundled() : subset) {
    it(`${s}: byte for byte, after the folder was moved`, () => reproduces(s));
  }

  it('covers scenarios that exist (the subset is among the bundled ones)', async () => {
    const all = bundled();
    for (const s of subset) expect(all).toContain(s);
    expect(all.length).toBeGreaterThanOrEqual(subset.length);
  });
});

describe('what a run folder records', () => {
  it('the resolved scenario: name kept, defaults filled, --set and --seed applied; summary.json its sha256 and the simulator version', async () => {
    const out = join(work, 'set');
    const r = await sim('run', 'scenarios/quickstart.yaml', '--no-wall-clock', '--out', out, '--seed', '7', '--set', 'master.allocation_interval=0.5');
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(out, 'scenario.resolved.yaml'));
    const resolved = parse(text.toString('utf8')) as Record<string, any>;
    expect(resolved.name).toBe('quickstart');
    expect(resolved.seed).toBe(7);
    expect(resolved.master.allocation_interval).toBe(0.5);
    // Defaults the quick start does not write.
    expect(resolved.master.refuse_seconds).toBe(5);
    expect(resolved.metrics).toEqual({ sample_interval: 10, warmup: 0, window: null });
    expect(resolved.frameworks.map((f: { role: string }) => f.role)).toEqual(['analytics', 'ml', 'reports']);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.scenario_sha256).toBe(sha256(text));
    expect(summary.simulator).toEqual({ name: 'mesos-sim', version });
    expect(summary.seed).toBe(7);
  });

  it('provenance.json: the command line, Node, the inputs with their sha256, the times', async () => {
    const out = join(work, 'prov');
    const args = ['run', 'scenarios/csv-example.yaml', '--no-wall-clock', '--out', out];
    expect((await sim(...args)).code).toBe(0);
    const p = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
    expect(p).toMatchObject({ tool: 'mesos-sim', version, command: args, cwd: root, node: process.version, platform: `${process.platform} ${process.arch}`, earlier: [] });
    expect(Date.parse(p.finished_at)).toBeGreaterThanOrEqual(Date.parse(p.started_at));
    const trace = join(root, 'traces', 'examples', 'lab-day.csv');
    const traceSha = sha256(readFileSync(trace));
    expect(p.inputs).toEqual([
      { path: join(root, 'scenarios', 'csv-example.yaml'), sha256: sha256(readFileSync(join(root, 'scenarios', 'csv-example.yaml'))) },
      { path: trace, sha256: traceSha, copy: `data/${traceSha.slice(0, 16)}/lab-day.csv` },
    ]);
    // The copy is the trace's bytes, and the resolved scenario names it (both frameworks read it).
    expect(readFileSync(join(out, 'data', traceSha.slice(0, 16), 'lab-day.csv')).equals(readFileSync(trace))).toBe(true);
    const resolved = parse(readFileSync(join(out, 'scenario.resolved.yaml'), 'utf8')) as { frameworks: { workload: { trace: { file: string[] } } }[] };
    expect(resolved.frameworks.map((f) => f.workload.trace.file)).toEqual([[`data/${traceSha.slice(0, 16)}/lab-day.csv`], [`data/${traceSha.slice(0, 16)}/lab-day.csv`]]);
    if (p.git !== null) expect(p.git.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('an empirical distribution read from a file is written with the copy of its file, not the values read', async () => {
    const dir = join(work, 'empirical');
    mkdirSync(join(dir, 'tables'), { recursive: true });
    writeFileSync(join(dir, 'tables', 'durations.csv'), 'seconds\n5\n10\n40\n');
    writeFileSync(
      join(dir, 'scenario.yaml'),
      [
        'name: empirical',
        'cluster: { agents: [{ count: 2, resources: { cpus: 4, mem: 4096 } }] }',
        'frameworks:',
        '  - name: f',
        '    workload:',
        '      synthetic:',
        '        arrival: { process: poisson, rate: 0.2 }',
        '        end: 100',
        '        duration: { dist: empirical, file: tables/durations.csv, column: seconds }',
        '        resources: { cpus: 1, mem: 512 }',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'out');
    expect((await sim('run', join(dir, 'scenario.yaml'), '--no-wall-clock', '--out', out)).code).toBe(0);
    const resolved = parse(readFileSync(join(out, 'scenario.resolved.yaml'), 'utf8')) as Record<string, any>;
    const h = sha256('seconds\n5\n10\n40\n').slice(0, 16);
    expect(resolved.frameworks[0].workload.synthetic.duration).toEqual({ dist: 'empirical', file: `data/${h}/durations.csv`, column: 'seconds', interpolate: false });
    const again = join(dir, 'again');
    expect((await sim('run', join(out, 'scenario.resolved.yaml'), '--no-wall-clock', '--out', again)).code).toBe(0);
    const a = resultFiles(out);
    const b = resultFiles(again);
    for (const [f, bytes] of a) expect(b.get(f)?.equals(bytes), f).toBe(true);
  });
});

describe('compare: a resolved scenario per run', () => {
  it('each runs/<policy>/seed-<k>/ holds its own, which sim run reproduces; one provenance.json at the top', async () => {
    const out = join(work, 'cmp');
    const r = await sim('compare', 'scenarios/csv-example.yaml', '--allocators', 'drf,fifo', '--seeds', '1..2', '--no-wall-clock', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.mesos-sim.json', 'compare.csv', 'compare.json', 'provenance.json', 'runs', 'runs.csv']);
    const run = join(out, 'runs', 'fifo', 'seed-2');
    const resolved = parse(readFileSync(join(run, 'scenario.resolved.yaml'), 'utf8')) as Record<string, any>;
    expect(resolved).toMatchObject({ seed: 2, master: { allocator: 'fifo' } });
    const again = join(work, 'cmp-again');
    expect((await sim('run', join(run, 'scenario.resolved.yaml'), '--no-wall-clock', '--out', again)).code).toBe(0);
    const a = resultFiles(run);
    const b = resultFiles(again);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [f, bytes] of a) expect(b.get(f)!.equals(bytes), f).toBe(true);
  });
});

describe('bench and report: the resolved scenarios they used, and provenance.json', () => {
  it('sim bench writes each run as scenarios/<h>.yaml, named by bench.json scenarios, which sim run resolves to the same bytes', async () => {
    const dir = join(work, 'bench');
    mkdirSync(dir);
    const suite = join(dir, 'suite.yaml');
    writeFileSync(suite, ['suite: tiny', 'runs:', `  - scenario: ${join(root, 'scenarios', 'two-pool-example.yaml')}`, '    allocators: [bidding, drf]', '    seeds: 1..2', ''].join('\n'));
    const baseline = join(dir, 'base.json');
    expect((await sim('bench', suite, '--baseline', baseline, '--update-baseline', '--no-timing')).code).toBe(0);
    const out = join(dir, 'out');
    const r = await sim('bench', suite, '--baseline', baseline, '--out', out, '--no-timing');
    expect(r.code, r.stderr).toBe(0);
    const bench = JSON.parse(readFileSync(join(out, 'bench.json'), 'utf8'));
    const names = Object.values(bench.scenarios as Record<string, string[]>);
    expect(names.map((n) => n.length)).toEqual([2, 2]);
    expect(new Set(names.flat()).size).toBe(4);
    expect(readdirSync(join(out, 'scenarios')).sort()).toEqual(names.flat().map((n) => n.slice('scenarios/'.length)).sort());
    const [bidding, drf] = Object.keys(bench.scenarios).map((k) => bench.scenarios[k] as string[]);
    const second = readFileSync(join(out, drf![1]!));
    expect(drf![1]).toBe(`scenarios/${sha256(second).slice(0, 16)}.yaml`);
    expect(parse(second.toString('utf8'))).toMatchObject({ seed: 2, master: { allocator: 'drf' } });
    expect(parse(readFileSync(join(out, bidding![0]!), 'utf8'))).toMatchObject({ seed: 1, master: { allocator: 'bidding' } });
    const again = join(dir, 'again');
    expect((await sim('run', join(out, drf![1]!), '--no-wall-clock', '--out', again)).code).toBe(0);
    expect(readFileSync(join(again, 'scenario.resolved.yaml')).equals(second)).toBe(true);
    const p = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
    expect(p.inputs.map((i: { path: string }) => i.path)).toEqual([suite, join(root, 'scenarios', 'two-pool-example.yaml'), baseline]);
  });

  it('sim report keeps the resolved scenario of each run it charts, and the record of the folder it read', async () => {
    const from = join(work, 'rep-cmp');
    expect((await sim('compare', 'scenarios/two-pool-example.yaml', '--allocators', 'bidding,drf', '--seeds', '1..2', '--no-wall-clock', '--out', from)).code).toBe(0);
    const out = join(work, 'rep');
    const r = await sim('report', from, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const runs = ['bidding', 'drf'].flatMap((a) => [1, 2].map((k) => readFileSync(join(from, 'runs', a, `seed-${k}`, 'scenario.resolved.yaml'))));
    expect(readdirSync(join(out, 'scenarios')).sort()).toEqual(runs.map((t) => `${sha256(t).slice(0, 16)}.yaml`).sort());
    for (const t of runs) expect(readFileSync(join(out, 'scenarios', `${sha256(t).slice(0, 16)}.yaml`)).equals(t)).toBe(true);
    const p = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
    expect(p.command).toEqual(['report', from, '--out', out]);
    expect(p.earlier.map((e: { command: string[] }) => e.command[0])).toEqual(['compare']);
  });
});
