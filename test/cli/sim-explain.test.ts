/**
 * sim explain on a scenario worked out by hand (test/fixtures/explain-story.yaml).
 *
 * Agents a-0 (2 cpus, 2048 MB) and b-0 (1 cpu, 1024 MB); allocation every
 * second from t = 1; no latencies; refuse_seconds 5.
 * - t = 0: `long` submits hog (2 cpus, 2048 MB, 9.5 s). The triggered run
 *   offers it both agents: it accepts a-0 (offer 1) and declines b-0
 *   (offer 2, filtered 5 s). hog runs on a-0 from 0 to 9.5.
 * - t = 2: `short` submits q (2 cpus, 1024 MB; decision 0.5 s per task) and
 *   revives: the run offers it b-0 (offer 3), too small for q (1 cpu), which
 *   it declines at once (no task fits, nothing to consider). From then no
 *   agent has room for q, and nothing is on offer: cluster full.
 * - t = 3: `other` submits side (1 cpu, 1024 MB, 100 s): offered b-0 (offer
 *   4), runs there from 3 to 103. Still no room for q: cluster full.
 * - t = 9.5: hog ends and a-0 is free: q waits for the next run (0.5 s).
 * - t = 10: the run offers a-0 to short (offer 5); deciding about q takes
 *   0.5 s; accepted at 10.5, q starts on a-0 at 10.5 and ends at 15.5.
 * So q waited 8.5 s: 7.5 cluster full (2 to 9.5), 0.5 waiting for the
 * allocation run (9.5 to 10), 0.5 its framework's decision (10 to 10.5).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root, sim } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const scenario = join(root, 'test', 'fixtures', 'explain-story.yaml');
let work: string;

beforeAll(() => {
  work = tempDir('sim-explain-');
  expect(sim('run', scenario, '--no-wall-clock', '--out', join(work, 'r')).code).toBe(0);
  expect(sim('run', scenario, '--no-wall-clock', '--set', 'output.offers=false', '--out', join(work, 'no-offers')).code).toBe(0);
  expect(sim('run', scenario, '--no-wall-clock', '--set', 'output.waits=false', '--out', join(work, 'no-waits')).code).toBe(0);
});

describe('sim explain', () => {
  it('tells the story worked out by hand', () => {
    const r = sim('explain', join(work, 'r'), 'short/q/0');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'task short/q/0: framework short, role *, job short/q; needs cpus 2, mem 1024',
      'attempt 0:',
      '  submitted at 2 s',
      '  first offered at 2 s: offer 3 of agent b-0 (declined)',
      '  offered to others meanwhile: other 1 offer',
      '  meanwhile its framework had 1 offer declined as too small for it (agent b-0)',
      '  launched from offer 5 of agent a-0, made at 10 s and accepted at 10.5 s',
      '  started on agent a-0 at 10.5 s, after waiting 8.5 s',
      "  its wait by cause: 7.5 s cluster full, 0.5 s waiting for the next allocation run, 0.5 s its framework's decision",
      '  ended finished at 15.5 s',
      '',
    ]);
  });

  it('says how to record offers when the run did not', () => {
    const r = sim('explain', join(work, 'no-offers'), 'short/q/0');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(offers were not recorded in this run: run it again with --set output.offers=true to see them)');
    expect(r.stdout).toContain('  started on agent a-0 at 10.5 s, after waiting 8.5 s');
    expect(r.stdout).not.toContain('first offered');
  });

  it('leaves the waits out with output.waits: false (no waits.csv, no summary waits, no causes in the story)', () => {
    expect(existsSync(join(work, 'r', 'waits.csv'))).toBe(true);
    expect(existsSync(join(work, 'no-waits', 'waits.csv'))).toBe(false);
    expect(JSON.parse(readFileSync(join(work, 'no-waits', 'summary.json'), 'utf8')).waits).toBeUndefined();
    expect(JSON.parse(readFileSync(join(work, 'r', 'summary.json'), 'utf8')).waits.frameworks.short.causes.cluster_full).toEqual({ seconds: 7.5, share: 7.5 / 8.5 });
    const r = sim('explain', join(work, 'no-waits'), 'short/q/0');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('its wait by cause');
    expect(r.stdout).toContain('  started on agent a-0 at 10.5 s, after waiting 8.5 s');
  });

  it('refuses an unknown task in one line, exit 2', () => {
    const r = sim('explain', join(work, 'r'), 'short/q/7');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`sim explain: task short/q/7: not in ${join(work, 'r', 'tasks.csv')} (expected a task_id of its first column, such as long/hog/0)\n`);
  });

  it('refuses a folder that is not a run\'s results in one line, exit 2, writing nothing', () => {
    const empty = tempDir('sim-explain-empty-');
    const r = sim('explain', empty, 'short/q/0');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`sim explain: ${empty}: not a results folder of sim run (expected summary.json and tasks.csv in it)\n`);
    expect(readdirSync(empty)).toEqual([]);
    const missing = sim('explain', join(work, 'nowhere'), 'short/q/0');
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(work, 'nowhere'))).toBe(false);
  });
});
