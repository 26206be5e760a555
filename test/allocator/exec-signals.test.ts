/**
 * The exec protocol's signals and notifications (docs/protocol.md, "Signals")
 * add up to the run's own figures: over a drained run, every task's submission,
 * start, end and wait, and every framework's share integrated over time. The
 * policy is test/fixtures/policies/signals_probe.py (the Python FIFO, adding up
 * what it is sent).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { root, sim } from '../helpers/cli.js';


let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sim-exec-signals-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Sums {
  readonly calls: number;
  readonly end: number;
  readonly frameworks: Record<string, Record<string, number>>;
  readonly events: Record<string, number>;
}

it('signals add up to the tasks of the run, and shares to their resources held over time', () => {
  // One resource, no latencies and no decision time: a framework's allocation is exactly
  // the cpus of its running tasks, so its share integral is Σ cpus × run time / total cpus.
  const scenario = join(work, 'cpus.yaml');
  writeFileSync(
    scenario,
    [
      'name: cpus',
      'seed: 3',
      'until: drained',
      'cluster:',
      '  agents:',
      '    - { name: node, count: 3, resources: { cpus: 4 } }',
      'master:',
      '  min_allocatable: [{ cpus: 1 }]',
      'frameworks:',
      '  - name: web',
      '    workload:',
      '      synthetic: { arrival: { process: poisson, rate: 0.2 }, end: 200, tasks_per_job: { dist: uniform, min: 1, max: 4 }, duration: { dist: exponential, mean: 30 }, resources: { cpus: 1 } }',
      '  - name: batch',
      '    workload:',
      '      synthetic: { arrival: { process: poisson, rate: 0.1 }, end: 200, tasks_per_job: 3, duration: { dist: exponential, mean: 60 }, resources: { cpus: 2 } }',
      '',
    ].join('\n'),
  );
  const report = join(work, 'sums.json');
  const out = join(work, 'out');
  const r = sim('run', scenario, '--out', out, '--no-wall-clock', '--allocator', `exec:python3 test/fixtures/policies/signals_probe.py ${report}`);
  expect(r.code, r.stderr).toBe(0);
  const sums = JSON.parse(readFileSync(report, 'utf8')) as Sums;
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const tasks = parse(readFileSync(join(out, 'tasks.csv')), { columns: true, cast: true }) as Record<string, number | string>[];
  expect(summary.simulated.end_reason).toBe('drained');
  expect(sums.end).toBe(summary.simulated.end);
  expect(sums.calls).toBe(summary.policy.calls);
  const frameworks = ['web', 'batch'];
  frameworks.forEach((name, i) => {
    const mine = tasks.filter((t) => t.framework === name);
    const got = sums.frameworks[String(i)]!;
    const waits = mine.reduce((s, t) => s + (Number(t.start_time) - Number(t.submit_time)), 0);
    const held = mine.reduce((s, t) => s + Number(t.cpus) * (Number(t.end_time) - Number(t.start_time)), 0) / 12;
    expect(mine.length).toBeGreaterThan(10);
    expect(got.submitted).toBe(mine.length);
    expect(got.started).toBe(mine.length);
    expect(got.ended).toBe(mine.length);
    expect(got.finished).toBe(mine.length);
    expect(got.queued).toBe(0);
    expect(got.waited).toBeCloseTo(waits, 6);
    // Drained: the waiting integrated over time is every task's wait.
    expect(got.wait_time).toBeCloseTo(waits, 6);
    expect(got.share_time).toBeCloseTo(held, 6);
  });
  const all = tasks.length;
  expect(sums.events).toEqual({ task_started: all, task_ended: all });
  expect(summary.tasks.started * summary.wait_time.mean).toBeCloseTo(sums.frameworks['0']!.wait_time! + sums.frameworks['1']!.wait_time!, 6);
});

it('examples/python/learn.py runs episodes of the same scenario and keeps the best weights', () => {
  const r = spawnSync('python3', ['examples/python/learn.py', '--episodes', '3', '--until', '120'], { cwd: root, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(4);
  const episodes = lines.slice(0, 3).map((l) => {
    const m = /^episode +(\d+) +weights (\S+) +return +(-?[\d.]+) +mean wait +([\d.]+) s +[\d.]+ s wall( +kept)?$/.exec(l);
    expect(m, l).not.toBeNull();
    return { weights: m![2]!, ret: Number(m![3]), kept: m![5] !== undefined };
  });
  // The first episode runs DRF-like weights, and is kept; a later one is kept only when its return is better.
  expect(episodes[0]).toMatchObject({ weights: '1.000,0.000,0.000', kept: true });
  let best = episodes[0]!;
  for (const e of episodes.slice(1)) {
    expect(e.kept).toBe(e.ret > best.ret);
    if (e.kept) best = e;
  }
  expect(lines[3]).toBe(`best weights ${best.weights}, return ${best.ret.toFixed(1)}`);
});

it('after the first request, deltas carry only agents and frameworks that changed', () => {
  const report = join(work, 'deltas.json');
  const out = join(work, 'deltas-out');
  const r = sim('run', 'scenarios/quickstart.yaml', '--out', out, '--no-wall-clock', '--allocator', `exec:python3 test/fixtures/policies/delta_probe.py ${report}`);
  expect(r.code, r.stderr).toBe(0);
  const counts = JSON.parse(readFileSync(report, 'utf8'));
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  expect(counts.requests).toBe(summary.policy.calls);
  expect(counts.first_agents).toBe(20);
  // No entry is sent unchanged (drf_policy.py asks for no tasks: a task event alone is no change to it).
  expect(counts.unchanged_agents).toBe(0);
  expect(counts.unchanged_frameworks).toBe(0);
  // Every agent and each of the 3 frameworks is offered something after the first request, so
  // each is resent at least once; that nothing is missed is exec-equivalence.test.ts's (drf_policy.py
  // against drf on this scenario, identical results).
  expect(counts.agents_resent).toBe(20);
  expect(counts.frameworks_resent).toBe(3);
  // The point of deltas: on average, under half the agents per request.
  expect(counts.agents).toBeLessThan(counts.requests * 20 * 0.5);
});
