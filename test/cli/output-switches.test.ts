/**
 * The `output` switches of tables (docs/scenario-format.md#metrics-and-output):
 * a table turned off is an empty file, every other file is the same bytes,
 * and summary.json has the same figures (only the scenario's sha256 differs,
 * the scenario being another one).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root, sim } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

// A scenario with rows in every table turned off here: tasks, jobs and offers.
const scenario = join(root, 'scenarios', 'quickstart.yaml');
let work: string;

const SWITCHES = {
  'no-tasks': ['output.tasks=false'],
  'no-jobs': ['output.jobs=false'],
  'no-tables': ['output.tasks=false', 'output.jobs=false', 'output.offers=false'],
} as const;

beforeAll(() => {
  work = tempDir('sim-output-');
  expect(sim('run', scenario, '--no-wall-clock', '--out', join(work, 'all')).code).toBe(0);
  for (const [name, sets] of Object.entries(SWITCHES)) {
    expect(sim('run', scenario, '--no-wall-clock', ...sets.flatMap((s) => ['--set', s]), '--out', join(work, name)).code).toBe(0);
  }
});

/** summary.json without the scenario's sha256. */
function figures(folder: string): unknown {
  const { scenario_sha256: sha, ...rest } = JSON.parse(readFileSync(join(work, folder, 'summary.json'), 'utf8')) as Record<string, unknown>;
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  return rest;
}

describe('output switches', () => {
  it.each(Object.keys(SWITCHES))('%s: the tables turned off are empty, the rest and the summary figures unchanged', (name) => {
    const off = new Set(SWITCHES[name as keyof typeof SWITCHES].map((s) => s.slice('output.'.length, -'=false'.length) + '.csv'));
    const files = readdirSync(join(work, 'all')).sort();
    expect(readdirSync(join(work, name)).sort()).toEqual(files);
    for (const file of files) {
      if (['summary.json', 'scenario.resolved.yaml', 'provenance.json', '.mesos-sim.json'].includes(file)) continue;
      const before = readFileSync(join(work, 'all', file), 'utf8');
      const after = readFileSync(join(work, name, file), 'utf8');
      if (off.has(file)) {
        expect(before.split('\n').length).toBeGreaterThan(10);
        expect(after).toBe('');
      } else expect(after, file).toBe(before);
    }
    expect(off.size).toBe(SWITCHES[name as keyof typeof SWITCHES].length);
    expect(figures(name)).toEqual(figures('all'));
  });

  it('sim explain on a run without tasks.csv says how to get it (exit 2)', () => {
    expect(statSync(join(work, 'no-tasks', 'tasks.csv')).size).toBe(0);
    const r = sim('explain', join(work, 'no-tasks'), 'analytics/job-1/0');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`sim explain: ${join(work, 'no-tasks')}: its tasks were not recorded (output.tasks: false; expected a run with tasks.csv: run it again with --set output.tasks=true)`);
  });
});
