/**
 * summary.json `groups` (issue 16 item 3): task wait, job completion time and
 * slowdown per role, framework and pool. Each figure is recomputed here from
 * the run's own tables (tasks.csv per attempt, jobs.csv per job, the roles
 * from scenario.resolved.yaml), so the observer and the tables must agree,
 * inside the measurement window too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { mean, quantileSorted } from 'd3-array';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { sim } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

let work: string;
beforeAll(() => {
  work = tempDir('sim-groups-');
});

type Row = Record<string, string>;
const table = (dir: string, file: string): Row[] => parseCsv(readFileSync(join(dir, file), 'utf8'), { columns: true }) as Row[];

interface Figures {
  count: number;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

function describeValues(values: number[]): Figures {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return { count: 0, mean: null, p50: null, p95: null, p99: null, max: null };
  return { count: s.length, mean: mean(s)!, p50: quantileSorted(s, 0.5)!, p95: quantileSorted(s, 0.95)!, p99: quantileSorted(s, 0.99)!, max: s[s.length - 1]! };
}

function expectSame(actual: Figures, expected: Figures, what: string): void {
  expect(actual.count, what).toBe(expected.count);
  for (const k of ['mean', 'p50', 'p95', 'p99', 'max'] as const) {
    if (expected[k] === null) expect(actual[k], `${what} ${k}`).toBeNull();
    else expect(actual[k], `${what} ${k}`).toBeCloseTo(expected[k]!, 9);
  }
}

/** Runs `scenario` and checks every group's figures against its tables, for the window [from, to]. */
function checkGroups(scenario: string, name: string, sets: string[], from: number, to: number): Record<string, any> {
  const out = join(work, name);
  const r = sim('run', scenario, '--no-wall-clock', '--out', out, ...sets.flatMap((s) => ['--set', s]));
  expect(r.code, r.stderr).toBe(0);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const resolved = parse(readFileSync(join(out, 'scenario.resolved.yaml'), 'utf8')) as { frameworks: { name: string; role: string; count?: number }[] };
  const tasks = table(out, 'tasks.csv');
  const jobs = table(out, 'jobs.csv');
  const roleOf = new Map(tasks.map((t) => [t.framework!, t.role!]));
  const inWindow = (t: number): boolean => t >= from && t <= to;

  const started = tasks.filter((t) => t.start_time !== '' && inWindow(Number(t.start_time)));
  const wait = (t: Row): number => Number(t.start_time) - Number(t.submit_time);
  const completed = jobs.filter((j) => j.state === 'completed' && inWindow(Number(j.end_time)));
  const jobPools = new Map<string, Set<string>>();
  for (const t of tasks) if (t.start_time !== '' && t.draws_from !== '') jobPools.set(t.job_id!, (jobPools.get(t.job_id!) ?? new Set()).add(t.draws_from!));
  const jobRole = (j: Row): string => roleOf.get(j.framework!) ?? resolved.frameworks.find((f) => f.name === j.framework)!.role;

  const check = (kind: string, names: string[], taskIn: (t: Row, g: string) => boolean, jobIn: (j: Row, g: string) => boolean): void => {
    expect(Object.keys(summary.groups[kind]).sort(), kind).toEqual([...names].sort());
    for (const g of names) {
      const figures = summary.groups[kind][g];
      const mine = completed.filter((j) => jobIn(j, g));
      expectSame(figures.wait_time, describeValues(started.filter((t) => taskIn(t, g)).map(wait)), `${kind} ${g} wait`);
      expectSame(figures.job_completion_time, describeValues(mine.map((j) => Number(j.completion_time))), `${kind} ${g} completion`);
      expectSame(figures.slowdown, describeValues(mine.filter((j) => j.slowdown !== '').map((j) => Number(j.slowdown))), `${kind} ${g} slowdown`);
    }
  };
  const frameworks = [...new Set(jobs.map((j) => j.framework!))];
  const roles = [...new Set(resolved.frameworks.map((f) => f.role))];
  check('frameworks', frameworks, (t, g) => t.framework === g, (j, g) => j.framework === g);
  check('roles', roles, (t, g) => t.role === g, (j, g) => jobRole(j) === g);
  const pools = Object.keys((parse(readFileSync(join(out, 'scenario.resolved.yaml'), 'utf8')) as { pools?: object }).pools ?? {});
  check('pools', pools, (t, g) => t.draws_from === g, (j, g) => jobPools.get(j.job_id!)?.has(g) === true);

  // Each started task has one role: the roles' counts add up to the run's.
  const roleWaits = Object.values(summary.groups.roles as Record<string, { wait_time: Figures }>).reduce((n, g) => n + g.wait_time.count, 0);
  expect(roleWaits).toBe(summary.wait_time.count);
  return summary;
}

describe('summary.json groups', () => {
  it('quick start: per role and framework, as tasks.csv and jobs.csv say; the weight-2 role waits less', () => {
    const summary = checkGroups('scenarios/quickstart.yaml', 'qs', [], 0, Infinity);
    expect(Object.keys(summary.groups.roles)).toEqual(['analytics', 'ml', 'reports']);
    expect(summary.groups.pools).toEqual({});
    expect(summary.groups.roles.ml.wait_time.mean).toBeLessThan(summary.groups.roles.analytics.wait_time.mean);
    expect(summary.groups.roles.analytics.wait_time.count).toBeGreaterThan(100);
  });

  it('only what falls in the measurement window', () => {
    const summary = checkGroups('scenarios/quickstart.yaml', 'qs-window', ['metrics.warmup=200', 'metrics.window=300'], 200, 500);
    expect(summary.window).toEqual({ from: 200, to: 500 });
  });

  it('per pool: a task under the pool it draws from, a job under each pool its tasks drew from', () => {
    const summary = checkGroups('scenarios/pools-preemption.yaml', 'pools', [], 0, Infinity);
    expect(Object.keys(summary.groups.pools)).toEqual(['prod', 'batch']);
    expect(summary.groups.pools.batch.wait_time.count).toBeGreaterThan(summary.groups.pools.batch.job_completion_time.count);
  });

  it('sim run prints the groups; sim compare has a row per group figure in compare.csv', () => {
    const r = sim('run', 'scenarios/quickstart.yaml', '--no-wall-clock', '--out', join(work, 'printed'));
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith('role '));
    expect(header, r.stdout).toBeGreaterThan(0);
    expect(lines.slice(header + 1, header + 4).map((l) => l.split(/\s+/)[0])).toEqual(['analytics', 'ml', 'reports']);

    const out = join(work, 'cmp');
    const c = sim('compare', 'scenarios/quickstart.yaml', '--allocators', 'drf,fifo', '--seeds', '1..2', '--no-tables', '--no-wall-clock', '--out', out, '--set', 'until=400');
    expect(c.code, c.stderr).toBe(0);
    const rows = table(out, 'compare.csv');
    const metrics = new Set(rows.map((row) => row.metric));
    for (const role of ['analytics', 'ml', 'reports']) {
      for (const f of ['wait', 'jct', 'slowdown']) for (const s of ['mean', 'p50', 'p95', 'p99']) expect(metrics.has(`${f}_${s}[role=${role}]`), `${f}_${s}[role=${role}]`).toBe(true);
    }
    // One framework per role: the framework groups would repeat the roles' figures.
    expect([...metrics].some((m) => m!.includes('[framework='))).toBe(false);
    const run = JSON.parse(readFileSync(join(out, 'runs', 'fifo', 'seed-2', 'summary.json'), 'utf8'));
    const row = rows.find((x) => x.metric === 'wait_mean[role=ml]' && x.allocator === 'fifo')!;
    const first = JSON.parse(readFileSync(join(out, 'runs', 'fifo', 'seed-1', 'summary.json'), 'utf8'));
    expect(Number(row.mean)).toBeCloseTo((first.groups.roles.ml.wait_time.mean + run.groups.roles.ml.wait_time.mean) / 2, 9);
    expect(c.stdout).toContain('wait_mean[role=ml]');
    expect(c.stdout).not.toContain('wait_p99[role=ml]');
  });
});
