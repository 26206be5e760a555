/**
 * `sim compare` and `sim bench` on worker threads (`--workers N`): the same
 * bytes for any N, plug-in policies loaded in the workers, compare's
 * runs.csv, and progress lines with `--progress` (only with it).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';
import { simBatch } from '../helpers/sim-batch.js';
import { resultFiles } from '../helpers/result-files.js';
import { tempDir } from '../helpers/temp.js';

// Command lines run in one process (helpers/sim-batch.ts).
const sim = simBatch();

let work: string;
beforeAll(async () => {
  work = tempDir('sim-workers-');
});

const plugin = join(root, 'examples', 'first-come-allocator.js');

/**
 * The result files of `sim ARGS --workers 1` and of `--workers 2`, each into work/NAME-N,
 * checked to be the same bytes; returns the first folder's.
 */
const sameOnOneAndTwo = async (name: string, ...args: string[]): Promise<Map<string, Buffer>> => {
  const files: Map<string, Buffer>[] = [];
  for (const workers of ['1', '2']) {
    const out = join(work, `${name}-${workers}`);
    const r = await sim(...args, '--workers', workers, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    files.push(resultFiles(out));
  }
  const [one, two] = files as [Map<string, Buffer>, Map<string, Buffer>];
  expect([...two.keys()]).toEqual([...one.keys()]);
  for (const [file, bytes] of one) expect(two.get(file)!.equals(bytes), file).toBe(true);
  return one;
};

describe('sim compare --workers', () => {
  it('writes the same bytes on 1 and 2 workers, with a plug-in policy among them', async () => {
    const files = await sameOnOneAndTwo('compare', 'compare', 'scenarios/quickstart.yaml', '--allocators', `drf,${plugin}`, '--seeds', '1..3', '--set', 'until=300', '--no-wall-clock');
    // Every run's tables are there: 2 policies x 3 seeds.
    expect([...files.keys()].filter((f) => f.endsWith('/tasks.csv'))).toHaveLength(6);
  });

  it('runs a policy command (exec:) in the workers, with the same bytes on 1 and 2 workers', async () => {
    const policy = 'exec:python3 examples/python/fifo_policy.py';
    const files = await sameOnOneAndTwo('exec', 'compare', 'scenarios/quickstart.yaml', '--allocators', `drf,${policy}`, '--seeds', '1,2', '--set', 'until=120', '--no-wall-clock', '--no-tables');
    const summary = JSON.parse(files.get('runs/exec:python3 examples%2Fpython%2Ffifo_policy.py/seed-2/summary.json')!.toString('utf8'));
    // The policy's process answered every allocation run.
    expect(summary.policy.command).toBe('python3 examples/python/fifo_policy.py');
    expect(summary.policy.calls).toBe(summary.allocation_runs.count);
  });

  it('writes runs.csv: policy, seed, then every metric of compare.csv, a row per run, the values of compare.json', async () => {
    const out = join(work, 'compare-2');
    const json = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    const [header, ...rows] = readFileSync(join(out, 'runs.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const names: string[] = json.metrics.map((m: { name: string }) => m.name);
    expect(header).toEqual(['policy', 'seed', ...names]);
    expect(names).toContain('wait_mean[role=ml]');
    expect(rows.map((r) => `${r[0]}:${r[1]}`)).toEqual(['drf:1', 'drf:2', 'drf:3', `${plugin}:1`, `${plugin}:2`, `${plugin}:3`]);
    json.metrics.forEach((m: { by_allocator: Record<string, { values: (number | null)[] }> }, j: number) => {
      const column = rows.map((r) => (r[2 + j] === '' ? null : Number(r[2 + j])));
      expect(column).toEqual([...m.by_allocator.drf!.values, ...m.by_allocator[plugin]!.values]);
    });
    // A value is the run's own summary figure.
    const summary = JSON.parse(readFileSync(join(out, 'runs', 'drf', 'seed-2', 'summary.json'), 'utf8'));
    expect(Number(rows[1]![names.indexOf('wait_mean') + 2])).toBe(summary.wait_time.mean);
  });

  it('stops every run when one fails on another worker, and leaves nothing behind', async () => {
    const dir = join(work, 'failing');
    mkdirSync(dir);
    const failing = join(dir, 'failing.js');
    writeFileSync(failing, `export default { description: 'throws', create() { return { name: 'throws', allocate() { throw new Error('failing on purpose'); } }; } };\n`);
    const out = join(dir, 'out');
    const r = await sim('compare', 'scenarios/quickstart.yaml', '--allocators', `drf,${failing}`, '--seeds', '1..4', '--workers', '2', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('failing on purpose');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir).sort()).toEqual(['failing.js']);
  });

  it('refuses a number of workers that is not one, in one line, writing nothing', async () => {
    const out = join(work, 'bad-workers');
    const r = await sim('compare', 'scenarios/quickstart.yaml', '--allocators', 'drf', '--seeds', '1', '--workers', '0', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('--workers: 0 is not a number of workers (expected an integer >= 1)\n');
    expect(existsSync(out)).toBe(false);
  });
});

describe('sim bench --workers', () => {
  let suite: string;
  beforeAll(async () => {
    suite = join(work, 'suite.yaml');
    writeFileSync(
      suite,
      ['suite: workers', 'runs:', `  - scenario: ${join(root, 'scenarios', 'quickstart.yaml')}`, `    allocators: [drf, ${plugin}]`, '    seeds: 1..3', '    set: [until=300]'].join('\n'),
    );
  });

  it('gives the same bench.json, junit.xml and scenarios on 1 and 2 workers without timing, a plug-in among the policies', async () => {
    const baseline = join(work, 'baseline.json');
    const update = await sim('bench', suite, '--baseline', baseline, '--update-baseline', '--no-timing', '--allow-plugins', '--workers', '2');
    expect(update.code, update.stderr).toBe(0);
    const files = await sameOnOneAndTwo('bench', 'bench', suite, '--baseline', baseline, '--no-timing', '--allow-plugins');
    expect(files.has('junit.xml')).toBe(true);
    // Against the baseline written on 2 workers, every check is the same.
    const counts = JSON.parse(files.get('bench.json')!.toString('utf8')).counts;
    expect(counts).toMatchObject({ regression: 0, improvement: 0, changed: 0, new: 0 });
    // The baseline written on 2 workers holds every seed of both policies, and each of its metrics is checked.
    const entries = Object.values(JSON.parse(readFileSync(baseline, 'utf8')).entries) as { metrics: Record<string, unknown[]> }[];
    expect(counts.same).toBe(entries.reduce((n, e) => n + Object.keys(e.metrics).length, 0));
    expect(entries.map((e) => e.metrics.wait_mean!.length)).toEqual([3, 3]);
  });

  it('with timing, refuses more than one worker: the CPU clock counts every thread', async () => {
    const r = await sim('bench', suite, '--baseline', join(work, 'baseline.json'), '--allow-plugins', '--workers', '2', '--out', join(work, 'timed'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^--workers 2: timing figures need the runs made one at a time .*--no-timing/)]);
    expect(existsSync(join(work, 'timed'))).toBe(false);
  });
});

describe('--progress', () => {
  it('writes plain progress lines to a stderr that is not a terminal, and nothing without it', async () => {
    const line = /^quickstart: simulated [\d,]+ s of [\d,]+ to the last arrival \(\d+%\), [\d,]+ events, [\d,]+ tasks done; (time left unknown|about .+ left)$/;
    const shown = await sim('run', 'scenarios/quickstart.yaml', '--out', join(work, 'progress-run'), '--progress');
    expect(shown.code, shown.stderr).toBe(0);
    const lines = shown.stderr.trim().split('\n');
    // The first line is written at once, whatever the machine's speed; later ones every 5 s.
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const l of lines) expect(l).toMatch(line);
    expect(lines[0]).toBe('quickstart: simulated 0 s of 600 to the last arrival (0%), 0 events, 0 tasks done; time left unknown');
    const quiet = await sim('run', 'scenarios/quickstart.yaml', '--out', join(work, 'quiet-run'));
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    const compare = await sim('compare', 'scenarios/quickstart.yaml', '--allocators', 'drf,fifo', '--seeds', '1', '--set', 'until=300', '--no-tables', '--workers', '1', '--out', join(work, 'progress-compare'), '--progress');
    expect(compare.code, compare.stderr).toBe(0);
    expect(compare.stderr.split('\n')[0]).toBe('compare quickstart: 0 of 2 runs done, 1 running (drf seed 1 at simulated 0 s of 300 (0%)); 0 events, 0 tasks done; time left unknown');
    const sweep = await sim('sweep', 'scenarios/sweeps/interval-vs-policy.yaml', '--workers', '1', '--out', join(work, 'progress-sweep'), '--progress');
    expect(sweep.code, sweep.stderr).toBe(0);
    expect(sweep.stderr.split('\n')[0]).toBe('sweep interval-vs-policy: 0 of 18 cells done, 1 running (cell 0 at simulated 0 s of 600 (0%)); 0 events, 0 tasks done; time left unknown');
    for (const l of sweep.stderr.trim().split('\n')) expect(l).toMatch(/^sweep interval-vs-policy: \d+ of 18 cells done, \d running \(.*\); [\d,]+ events, [\d,]+ tasks done; (time left unknown|about .+ left)$/);
  });
});
