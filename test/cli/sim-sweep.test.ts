/**
 * `sim sweep` and `sim merge` end to end: workers give the same bytes, a
 * rerun skips finished cells (after deleted cells and after a kill), shards
 * run as separate processes merge to exactly the single-machine sweep, and
 * bad input exits 2 with one line.
 */
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';
import { simBatch } from '../helpers/sim-batch.js';
import { resultFiles } from '../helpers/result-files.js';
import { tempDir } from '../helpers/temp.js';

// Command lines run in one process (helpers/sim-batch.ts).
const sim = simBatch();

let work: string;
let sweepYaml: string;
let single: string;
beforeAll(async () => {
  work = tempDir('sim-sweep-');
  sweepYaml = join(work, 'tiny.yaml');
  // 2 policies x 2 intervals x 2 seeds = 8 cells of 120 simulated seconds each.
  writeFileSync(
    sweepYaml,
    [
      'sweep: tiny',
      `scenario: ${join(root, 'scenarios', 'quickstart.yaml')}`,
      'set: [until=120]',
      'matrix:',
      '  allocator: [drf, fifo]',
      '  master.allocation_interval: [1, 5]',
      'seeds: 1..2',
      'metrics: [wait_mean, util_cpus, offers_declined]',
      '',
    ].join('\n'),
  );
  single = join(work, 'single');
  const r = await sim('sweep', sweepYaml, '--out', single, '--workers', '1');
  expect(r.code, r.stderr).toBe(0);
});

/** Every result file under `dir` (not the marker nor provenance.json), relative path -> content. */
const tree = (dir: string): Map<string, string> => new Map([...resultFiles(dir)].map(([f, bytes]) => [f, bytes.toString('utf8')]));

function simAsync(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'dist', 'src', 'cli', 'main.js'), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const cellKeys = (dir: string) => readdirSync(join(dir, 'cells')).sort();

describe('sim sweep', () => {
  it('runs every cell and writes sweep.json, a cell file each, results.csv and compare tables', async () => {
    expect(readdirSync(single).sort()).toEqual(['.mesos-sim.json', 'cells', 'compare.csv', 'compare.json', 'provenance.json', 'results.csv', 'scenarios', 'sweep.json']);
    expect(JSON.parse(readFileSync(join(single, '.mesos-sim.json'), 'utf8'))).toEqual({ tool: 'mesos-sim', command: 'sweep', version: '0.1.0' });
    expect(cellKeys(single)).toHaveLength(8);
    const results = readFileSync(join(single, 'results.csv'), 'utf8').trim().split('\n');
    expect(results[0]).toBe('index,key,allocator,master.allocation_interval,seed,wait_mean,util_cpus,offers_declined');
    expect(results.slice(1).map((r) => r.split(',').filter((_, i) => [0, 2, 3, 4].includes(i)).join(' '))).toEqual([
      '0 drf 1 1', '1 drf 1 2', '2 drf 5 1', '3 drf 5 2', '4 fifo 1 1', '5 fifo 1 2', '6 fifo 5 1', '7 fifo 5 2',
    ]);
    const compare = readFileSync(join(single, 'compare.csv'), 'utf8').trim().split('\n');
    expect(compare[0]).toBe('master.allocation_interval,metric,allocator,seeds,mean,stddev,ci_low,ci_high,difference,p_value,significant,improvement');
    // 2 interval groups x 3 metrics x 2 policies.
    expect(compare).toHaveLength(1 + 12);
    expect(compare[1]).toMatch(/^1,wait_mean,drf,2,/);
    const meta = JSON.parse(readFileSync(join(single, 'sweep.json'), 'utf8'));
    expect(meta.cells).toHaveLength(8);
    expect(meta.code).toMatch(/^0\.1\.0\+[0-9a-f]{16}$/);
    // Each cell's resolved scenario is scenarios/<first 16 hex digits of its sha256>.yaml, with the cell's seed and point.
    const stored = readdirSync(join(single, 'scenarios')).sort();
    expect(stored).toHaveLength(8);
    for (const key of meta.cells as string[]) {
      const cell = JSON.parse(readFileSync(join(single, 'cells', `${key}.json`), 'utf8'));
      const text = readFileSync(join(single, 'scenarios', `${cell.summary.scenario_sha256.slice(0, 16)}.yaml`));
      expect(createHash('sha256').update(text).digest('hex')).toBe(cell.summary.scenario_sha256);
      expect(text.toString()).toContain(`\nseed: ${cell.seed}\n`);
      expect(text.toString()).toContain(`  allocator: ${cell.point.allocator}\n`);
      expect(cell.summary.simulator).toEqual({ name: 'mesos-sim', version: '0.1.0' });
    }
    const provenance = JSON.parse(readFileSync(join(single, 'provenance.json'), 'utf8'));
    expect(provenance).toMatchObject({ tool: 'mesos-sim', command: ['sweep', sweepYaml, '--out', single, '--workers', '1'], earlier: [] });
    expect(provenance.finished_at).not.toBeNull();
  });

  it('gives the same bytes with --workers 2 as with --workers 1', async () => {
    const two = join(work, 'two');
    const r = await sim('sweep', sweepYaml, '--out', two, '--workers', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(tree(two)).toEqual(tree(single));
  });

  it('resumes: a rerun runs only the cells whose results are missing', async () => {
    const again = join(work, 'again');
    cpSync(single, again, { recursive: true });
    const r0 = await sim('sweep', sweepYaml, '--out', again, '--workers', '2');
    expect(r0.stdout).toContain('8 cells; ran 0, skipped 8 already done, 0 failed');
    for (const key of cellKeys(again).slice(0, 3)) rmSync(join(again, 'cells', key));
    const r = await sim('sweep', sweepYaml, '--out', again, '--workers', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('8 cells; ran 3, skipped 5 already done, 0 failed');
    expect(tree(again)).toEqual(tree(single));
    // The resumed folder's provenance.json keeps the records of the invocations before, oldest first.
    const provenance = JSON.parse(readFileSync(join(again, 'provenance.json'), 'utf8'));
    expect(provenance.earlier.map((e: { command: string[] }) => e.command)).toEqual([['sweep', sweepYaml, '--out', single, '--workers', '1'], provenance.command]);
  });

  it('resumes after the process is killed mid-sweep', async () => {
    const killed = join(work, 'killed');
    // The sweep kills itself right after writing its first cell (test/helpers/kill-after-first-cell.cjs).
    const preload = join(root, 'test', 'helpers', 'kill-after-first-cell.cjs');
    const cut = spawnSync(process.execPath, ['--require', preload, join(root, 'dist', 'src', 'cli', 'main.js'), 'sweep', sweepYaml, '--out', killed, '--workers', '1'], { cwd: root, encoding: 'utf8' });
    expect(cut.signal, cut.stderr).toBe('SIGKILL');
    const kept = readdirSync(join(killed, 'cells')).filter((f) => f.endsWith('.json')).length;
    expect(kept).toBe(1);
    const r = await sim('sweep', sweepYaml, '--out', killed, '--workers', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('ran 7, skipped 1 already done');
    // Whole files only: a temporary file of the killed process may remain; the results are those of the single sweep.
    const results = tree(killed);
    for (const [path, text] of tree(single)) expect(results.get(path), path).toBe(text);
  });

  it('splits into shards run as separate processes, and merging them equals the single-machine sweep', async () => {
    const [a, b] = [join(work, 'shard-1'), join(work, 'shard-2')];
    const [ra, rb] = await Promise.all([
      simAsync('sweep', sweepYaml, '--out', a, '--shard', '1/2', '--workers', '1'),
      simAsync('sweep', sweepYaml, '--out', b, '--shard', '2/2', '--workers', '1'),
    ]);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    expect(ra.stdout).toContain('(shard 1/2: 4 of 8 cells)');
    const [ka, kb] = [cellKeys(a), cellKeys(b)];
    expect(ka).toHaveLength(4);
    expect(kb).toHaveLength(4);
    expect(ka.filter((k) => kb.includes(k))).toEqual([]);
    expect([...ka, ...kb].sort()).toEqual(cellKeys(single));
    const merged = join(work, 'merged');
    const m = await sim('merge', a, b, '--out', merged);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toContain('merged    8 of 8 cells from 2 folders');
    expect(tree(merged)).toEqual(tree(single));
    expect(JSON.parse(readFileSync(join(merged, '.mesos-sim.json'), 'utf8')).command).toBe('merge');
    // One shard alone merges to a partial table, and says what is missing.
    const part = await sim('merge', a, '--out', join(work, 'part'));
    expect(part.stdout).toContain('4 missing');
  });

  it('exits 2 with one line on bad input', async () => {
    for (const args of [
      ['sweep', sweepYaml, '--shard', '0/2'],
      ['sweep', sweepYaml, '--workers', '0'],
      ['sweep', join(work, 'missing.yaml')],
      ['merge', work, '--out', join(work, 'm2')],
    ]) {
      const r = await sim(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    const other = join(work, 'other.yaml');
    writeFileSync(other, readFileSync(sweepYaml, 'utf8').replace('seeds: 1..2', 'seeds: 1..3'));
    const o = join(work, 'other');
    expect((await sim('sweep', other, '--out', o, '--shard', '3/3')).code).toBe(0);
    const r = await sim('merge', single, o, '--out', join(work, 'm3'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not the same sweep/);
  });

  it('is accepted by sim validate, which reports problems as file:line', async () => {
    expect((await sim('validate', sweepYaml, 'scenarios/sweeps/interval-vs-policy.yaml')).stdout).toContain('ok (sweep tiny: 8 cells)');
    const bad = join(work, 'bad.yaml');
    writeFileSync(bad, readFileSync(sweepYaml, 'utf8').replace('[drf, fifo]', '[drf, nonesuch]'));
    const r = await sim('validate', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:\d+:\d+: matrix: point allocator="nonesuch", master\.allocation_interval=1: --set master\.allocator: unknown allocator 'nonesuch'/);
  });

  it('feeds sim report: each metric against the swept field, a line and a confidence band per policy', async () => {
    const out = join(work, 'report');
    const r = await sim('report', single, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const svgs = readdirSync(out).filter((f) => f.endsWith('.svg')).sort();
    expect(svgs).toEqual(['offers_declined', 'util_cpus', 'wait_mean'].map((m) => `sweep-tiny-${m}-vs-master.allocation_interval.svg`));
    const svg = readFileSync(join(out, svgs[2]!), 'utf8');
    expect(svg).toContain('<title id="sweep-tiny-wait_mean-vs-master.allocation_interval-title">wait_mean against master.allocation_interval</title>');
    for (const policy of ['drf', 'fifo']) {
      expect(svg.match(new RegExp(`class="band" data-series="${policy}"`, 'g'))).toHaveLength(1);
      expect(svg.match(new RegExp(`class="series" data-series="${policy}"`, 'g'))).toHaveLength(1);
      expect(svg.match(new RegExp(`class="dot" data-series="${policy}"`, 'g'))).toHaveLength(2);
    }
    // The report keeps every cell's resolved scenario, as the sweep folder holds them.
    expect(tree(join(out, 'scenarios'))).toEqual(tree(join(single, 'scenarios')));
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Sweep tiny: 8 of 8 cells');
    expect(html).not.toContain('<h2>Summary</h2>');
  });

  it('keeps the finished cells when some fail, exits 1, and a rerun runs only the failed ones', async () => {
    const dir = join(work, 'failing');
    mkdirSync(dir);
    const marker = join(dir, 'fail-now');
    const plugin = join(dir, 'failing-allocator.js');
    // A plug-in policy that grants nothing, and throws while the marker file exists (only when allocating, so the sweep's checks pass).
    writeFileSync(
      plugin,
      `import { existsSync } from 'node:fs';\nexport default { description: 'fails on demand', create() { return { name: 'failing', allocate() { if (existsSync(${JSON.stringify(marker)})) throw new Error('failing on purpose'); return []; } }; } };\n`,
    );
    writeFileSync(marker, '');
    const file = join(dir, 'sweep.yaml');
    writeFileSync(file, readFileSync(sweepYaml, 'utf8').replace('[drf, fifo]', `[drf, ${JSON.stringify(plugin)}]`));
    const out = join(dir, 'out');
    const r = await sim('sweep', file, '--out', out, '--workers', '2', '--allow-plugins');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('8 cells; ran 4, skipped 0 already done, 4 failed');
    expect(r.stderr).toContain('4 sweep cells failed (rerun to retry them)');
    expect(r.stderr).toContain('failing on purpose');
    expect(cellKeys(out)).toHaveLength(4);
    rmSync(marker);
    const again = await sim('sweep', file, '--out', out, '--workers', '2', '--allow-plugins');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('8 cells; ran 4, skipped 4 already done, 0 failed');
    expect(cellKeys(out)).toHaveLength(8);
  });
});
