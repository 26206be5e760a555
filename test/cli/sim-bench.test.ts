/**
 * `sim bench` end to end: writing a baseline, passing against it, failing
 * (exit 1, JUnit failure) on a regression, and bad input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';
import { simBatch } from '../helpers/sim-batch.js';
import { tempDir } from '../helpers/temp.js';

// Command lines run in one process (helpers/sim-batch.ts).
const sim = simBatch();

let work: string;
let suite: string;
beforeAll(async () => {
  work = tempDir('sim-bench-');
  suite = join(work, 'suite.yaml');
  writeFileSync(
    suite,
    [
      'suite: tiny',
      'runs:',
      `  - scenario: ${join(root, 'scenarios', 'pools-preemption.yaml')}`,
      '    allocators: [drf, pools]',
      '    seeds: 1..2',
      '    quick: true',
      `  - scenario: ${join(root, 'scenarios', 'two-pool-example.yaml')}`,
      '    allocators: [bidding]',
      '    seeds: 1',
    ].join('\n'),
  );
});

describe('sim bench', () => {
  it('writes a baseline, then passes against it with every model metric the same', async () => {
    const baseline = join(work, 'base.json');
    const up = await sim('bench', suite, '--baseline', baseline, '--update-baseline', '--no-timing');
    expect(up.code, up.stderr).toBe(0);
    const written = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(Object.keys(written.entries)).toHaveLength(3);
    const r = await sim('bench', suite, '--baseline', baseline, '--out', join(work, 'out'), '--no-timing');
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/0 regression, 0 improvement, 0 changed within tolerance or not significant, \d+ same, 0 new/);
    const junit = readFileSync(join(work, 'out', 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites[^>]*tests="\d+"[^>]*failures="0"/);
    expect(JSON.parse(readFileSync(join(work, 'out', 'bench.json'), 'utf8')).counts.regression).toBe(0);
  });

  it('fails with exit 1, a table row and a JUnit failure when a metric got worse', async () => {
    const baseline = join(work, 'worse.json');
    expect((await sim('bench', suite, '--baseline', baseline, '--update-baseline', '--no-timing', '--quick')).code).toBe(0);
    // Pretend the policy used to be better: halve the baseline's mean wait for pools.
    const b = JSON.parse(readFileSync(baseline, 'utf8'));
    const key = Object.keys(b.entries).find((k) => k.endsWith('| pools'))!;
    b.entries[key].metrics.wait_mean = b.entries[key].metrics.wait_mean.map((v: number) => v / 2);
    writeFileSync(baseline, JSON.stringify(b));
    const r = await sim('bench', suite, '--baseline', baseline, '--out', join(work, 'out2'), '--no-timing', '--quick');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^REGRESSION\s+\S*pools-preemption\.yaml \| pools\s+wait_mean ↓.*\+100\.0%/m);
    expect(r.stdout).toMatch(/1 regression/);
    const junit = readFileSync(join(work, 'out2', 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<failure message="wait_mean regressed[^"]*" type="regression"/);
  });

  it('reports the allocator timing without gating on it; --gate-timing gates on its CPU time, never on wall-clock', async () => {
    // Three seeds, the least a machine figure needs; alpha 0.99 so that the paired test never
    // hides the move planted below, whatever the machine's noise.
    const timed = join(work, 'timed.yaml');
    writeFileSync(timed, ['suite: timed', 'alpha: 0.99', 'timing_repeats: 1', 'runs:', `  - scenario: ${join(root, 'scenarios', 'quickstart.yaml')}`, '    allocators: [drf]', '    seeds: 1..3', '    set: [until=300]'].join('\n'));
    const baseline = join(work, 'timed.json');
    expect((await sim('bench', timed, '--baseline', baseline, '--update-baseline')).code).toBe(0);
    // Pretend the allocator used to be a thousand times faster, in both clocks.
    const b = JSON.parse(readFileSync(baseline, 'utf8'));
    const key = Object.keys(b.entries)[0]!;
    for (const m of ['allocator_ms_per_run', 'allocator_cpu_ms_per_run']) b.entries[key].metrics[m] = b.entries[key].metrics[m].map((v: number) => v / 1000);
    writeFileSync(baseline, JSON.stringify(b));
    const reported = await sim('bench', timed, '--baseline', baseline, '--out', join(work, 'timed-out'));
    expect(reported.code, reported.stdout).toBe(0);
    expect(reported.stdout).toMatch(/^regression\s+\S*quickstart\.yaml \| until=300 \| drf\s+allocator_cpu_ms_per_run ↓.*\s+no$/m);
    expect(reported.stdout).toMatch(/^regression\s+\S*quickstart\.yaml \| until=300 \| drf\s+allocator_ms_per_run ↓.*\s+no$/m);
    expect(reported.stdout).toMatch(/^\d+ checks: 0 regression, .* same, 0 new\n2 timing checks, reported, not gating: 2 regression,/m);
    const json = JSON.parse(readFileSync(join(work, 'timed-out', 'bench.json'), 'utf8'));
    expect(json.counts.regression).toBe(0);
    expect(json.not_gating_counts.regression).toBe(2);
    expect(json.checks.filter((c: { gating: boolean }) => !c.gating).map((c: { metric: string }) => c.metric).sort()).toEqual(['allocator_cpu_ms_per_run', 'allocator_ms_per_run']);
    const gated = await sim('bench', timed, '--baseline', baseline, '--out', join(work, 'gated-out'), '--gate-timing');
    expect(gated.code, gated.stdout).toBe(1);
    expect(gated.stdout).toMatch(/^REGRESSION\s+\S*quickstart\.yaml \| until=300 \| drf\s+allocator_cpu_ms_per_run ↓.*\s+yes$/m);
    expect(gated.stdout).toMatch(/^regression\s+\S*quickstart\.yaml \| until=300 \| drf\s+allocator_ms_per_run ↓.*\s+no$/m);
    const junit = readFileSync(join(work, 'gated-out', 'junit.xml'), 'utf8');
    expect(junit.match(/<failure /g)).toHaveLength(1);
    expect(junit).toMatch(/<failure message="allocator_cpu_ms_per_run regressed/);
    const both = await sim('bench', timed, '--baseline', baseline, '--gate-timing', '--no-timing');
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('--gate-timing: needs the timing figures (expected it without --no-timing)\n');
  });

  it('stops with exit 2 on a missing baseline or a bad suite', async () => {
    const missing = await sim('bench', suite, '--baseline', join(work, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no baseline for suite 'tiny' \(expected one written by sim bench --update-baseline\)/);
    const bad = join(work, 'bad.yaml');
    writeFileSync(bad, 'suite: x\nruns:\n  - scenario: a.yaml\n    allocators: []\n    seeds: 1..\n');
    const r = await sim('bench', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:4:17: runs\.0\.allocators/);
    expect(r.stderr).toMatch(/bad\.yaml:5:12: runs\.0\.seeds/);
  });
});
