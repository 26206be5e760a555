/**
 * The Python examples of examples/python/ against the built-ins they rewrite:
 * the same scenario under `fifo` and under exec:fifo_policy.py, under `drf` and
 * under exec:drf_policy.py, gives identical result files (summary.json apart
 * from the allocator's name and the policy's own figures). With them, the
 * exec protocol's promises: the same seed gives the same bytes whatever the
 * policy's speed, in every context sim runs simulations in (this thread, the
 * worker of sim run and sim compare, piscina's workers in sim sweep), and a
 * policy command named by a file runs only with --allow-plugins, in that
 * file's folder.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadPlugin } from '../../src/allocator/plugin.js';
import { nullTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { loadScenario } from '../../src/scenario/load.js';
import { root } from '../helpers/cli.js';
import { simBatch } from '../helpers/sim-batch.js';
import { resultFiles } from '../helpers/result-files.js';

// Command lines run in one process (helpers/sim-batch.ts).
const sim = simBatch();

const FIFO = 'exec:python3 examples/python/fifo_policy.py';
const DRF = 'exec:python3 examples/python/drf_policy.py';

let work: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sim-exec-equivalence-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

let runs = 0;
/** `sim run SCENARIO --allocator ALLOCATOR --no-wall-clock ...` into a fresh folder; returns its files (name -> text). */
async function run(scenario: string, allocator: string, ...more: string[]): Promise<Map<string, string>> {
  const out = join(work, `run-${runs++}`);
  const r = await sim('run', scenario, '--no-wall-clock', '--allocator', allocator, '--out', out, ...more);
  expect(r.code, r.stderr).toBe(0);
  return files(out);
}

/** The result files (not the marker nor provenance.json, which name the invocation). */
function files(dir: string): Map<string, string> {
  return new Map([...resultFiles(dir)].map(([f, bytes]) => [f, bytes.toString('utf8')]));
}

/** summary.json without what names the policy (allocator, policy, and the sha256 of the resolved scenario, which names it). */
function summaryWithoutPolicy(text: string): unknown {
  const { allocator: _a, policy: _p, scenario_sha256: _h, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return rest;
}

/** scenario.resolved.yaml without the policy's name. */
function resolvedWithoutPolicy(text: string): unknown {
  const { master, ...rest } = parseYaml(text) as { master: Record<string, unknown> };
  const { allocator: _a, ...others } = master;
  return { ...rest, master: others };
}

/** The two runs' files are identical, summary.json and scenario.resolved.yaml apart from the policy's name and figures. */
function expectSameResults(a: Map<string, string>, b: Map<string, string>): void {
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [name, text] of a) {
    if (name === 'summary.json') expect(summaryWithoutPolicy(b.get(name)!), name).toEqual(summaryWithoutPolicy(text));
    else if (name === 'scenario.resolved.yaml') expect(resolvedWithoutPolicy(b.get(name)!), name).toEqual(resolvedWithoutPolicy(text));
    else expect(b.get(name) === text, `${name} differs`).toBe(true);
  }
}

describe('the Python examples give the built-ins\' results', () => {
  it(
    'fifo_policy.py and fifo on the quickstart scenario (filters, a late framework, a backlog beyond the first requests sent)',
    async () => {
      const builtin = await run('scenarios/quickstart.yaml', 'fifo');
      const python = await run('scenarios/quickstart.yaml', FIFO);
      expectSameResults(builtin, python);
      const policy = JSON.parse(python.get('summary.json')!).policy;
      expect(policy).toMatchObject({ command: 'python3 examples/python/fifo_policy.py', policy: 'fifo.py', version: '1', protocol: 1, preempt_calls: 0 });
      expect(policy.calls).toBe(JSON.parse(builtin.get('summary.json')!).allocation_runs.count);
    },
  );

  it('fifo_policy.py and fifo on gang jobs (all tasks of a job at once)', async () => {
    expectSameResults(await run('scenarios/frameworks/mpi-gang.yaml', 'fifo'), await run('scenarios/frameworks/mpi-gang.yaml', FIFO));
  });

  it('drf_policy.py and drf on the quickstart scenario (weighted roles, decline filters, a late framework)', async () => {
    expectSameResults(await run('scenarios/quickstart.yaml', 'drf'), await run('scenarios/quickstart.yaml', DRF));
  });

  it('drf_policy.py and drf with GPU agents (the GPU rule, a resource left out of shares)', async () => {
    const options = ['--set', 'master.allocator_options={filter_gpu_resources: true, fair_sharing_excluded_resource_names: [gpus]}'];
    const gpus = 'scenarios/complaints/gpu-distortion.yaml';
    expectSameResults(await run(gpus, 'drf', ...options), await run(gpus, DRF, ...options));
  });
});

describe('determinism: the same seed gives the same bytes, whatever the policy\'s speed', () => {
  it('a policy that sleeps a random while at each call gives the bytes of the quick one', async () => {
    const slow = 'exec:python3 test/fixtures/policies/slow_fifo.py';
    const quick = await run('scenarios/quickstart.yaml', FIFO, '--set', 'until=120');
    expectSameResults(quick, await run('scenarios/quickstart.yaml', slow, '--set', 'until=120'));
    // And the same command twice: every file the same, summary.json included.
    expect(await run('scenarios/quickstart.yaml', FIFO, '--set', 'until=120')).toEqual(quick);
  });
});

describe('every context sim runs simulations in', () => {
  it('this thread (runScenario, as sim bench does) gives the bytes of sim run\'s worker thread', async () => {
    const s = loadScenario(join(root, 'scenarios', 'quickstart.yaml'), [`master.allocator=${DRF}`, 'until=120']);
    const summary = runScenario(s, { tasks: nullTable, offers: nullTable, utilization: nullTable }, { allocatorFactory: await loadPlugin(DRF, root), wallClock: false });
    const viaWorker = await run('scenarios/quickstart.yaml', DRF, '--set', 'until=120');
    // summary.json adds the resolved scenario's sha256 and the simulator's version to the summary.
    const { scenario_sha256: sha, simulator: _v, ...written } = JSON.parse(viaWorker.get('summary.json')!) as Record<string, unknown>;
    expect(sha).toBe(createHash('sha256').update(viaWorker.get('scenario.resolved.yaml')!).digest('hex'));
    expect(JSON.parse(JSON.stringify(summary))).toEqual(written);
  });

  it('sim compare (its worker thread) and sim sweep (piscina workers) give the built-in\'s figures', async () => {
    const out = join(work, 'compare');
    const c = await sim('compare', 'scenarios/quickstart.yaml', '--allocators', `drf,${DRF}`, '--seeds', '1..2', '--set', 'until=120', '--no-wall-clock', '--no-tables', '--out', out);
    expect(c.code, c.stderr).toBe(0);
    for (const seed of [1, 2]) {
      const builtin = readFileSync(join(out, 'runs', 'drf', `seed-${seed}`, 'summary.json'), 'utf8');
      const python = readFileSync(join(out, 'runs', DRF.replace(/\//g, '%2F'), `seed-${seed}`, 'summary.json'), 'utf8');
      expect(summaryWithoutPolicy(python)).toEqual(summaryWithoutPolicy(builtin));
    }
    const sweepFile = join(work, 'sweep.yaml');
    writeFileSync(sweepFile, ['sweep: exec', `scenario: ${join(root, 'scenarios', 'quickstart.yaml')}`, 'set: [until=120]', 'matrix:', `  allocator: [drf, '${DRF}']`, 'seeds: 1..2', 'metrics: [wait_mean, util_cpus, offers_declined]', ''].join('\n'));
    const sweepOut = join(work, 'sweep-out');
    // The sweep file names the command: it runs only with --allow-plugins, in the folder of the sweep file.
    const refused = await sim('sweep', sweepFile, '--out', sweepOut, '--workers', '2');
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toContain(`matrix.allocator: '${DRF}' is a policy command; a sweep file alone never runs code (expected --allow-plugins to run it)`);
    writeFileSync(sweepFile, readFileSync(sweepFile, 'utf8').replace('python3 examples', `python3 ${root}/examples`));
    const s = await sim('sweep', sweepFile, '--out', sweepOut, '--workers', '2', '--allow-plugins');
    expect(s.code, s.stderr).toBe(0);
    const rows = readFileSync(join(sweepOut, 'results.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const figures = (exec: boolean, seed: string) => rows.find((r) => r[2]!.startsWith('exec:') === exec && r[3] === seed)!.slice(4);
    for (const seed of ['1', '2']) expect(figures(true, seed)).toEqual(figures(false, seed));
  });
});

describe('a policy command named by a file', () => {
  it('runs only with --allow-plugins, in the folder of the scenario file; sim validate never runs it', async () => {
    const mark = join(work, 'ran-here');
    const scenario = join(work, 'names-exec.yaml');
    const text = readFileSync(join(root, 'scenarios', 'quickstart.yaml'), 'utf8')
      .replace('until: drained', 'until: 30')
      .replace('allocator: drf', `allocator: 'exec:touch ran-here && python3 ${root}/examples/python/drf_policy.py'`);
    writeFileSync(scenario, text);
    const out = join(work, 'names-exec-out');
    const refused = await sim('run', scenario, '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toMatch(/^[^:]+:\d+:\d+: master\.allocator: /);
    expect(refused.stderr.trim().replace(/:\d+:\d+:/, ':')).toBe(
      `${scenario}: master.allocator: 'exec:touch ran-here && python3 ${root}/examples/python/drf_policy.py' is a policy command; a scenario file alone never runs code (expected --allow-plugins to run it, or name it with --allocator)`,
    );
    expect((await sim('validate', scenario)).code).toBe(0);
    expect(existsSync(mark)).toBe(false);
    const r = await sim('run', scenario, '--out', out, '--allow-plugins');
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(mark)).toBe(true);
  });
});
