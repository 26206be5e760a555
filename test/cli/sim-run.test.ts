/**
 * The `sim` command end to end, through the compiled bin: exit codes, files,
 * columns, atomic output and byte-identical determinism.
 */
import { root } from '../helpers/cli.js';
import { simBatch } from '../helpers/sim-batch.js';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';

let work: string;
// Command lines run in one process (helpers/sim-batch.ts); test/cli/sim-version.test.ts spawns the bin itself.
const sim = simBatch();

beforeAll(async () => {
  // The bin runs compiled code, built by test/global-setup.ts.
  work = tempDir('sim-cli-');
});


describe('sim run', () => {
  it('writes the result files with the documented columns', async () => {
    const out = join(work, 'qs');
    const r = await sim('run', 'scenarios/quickstart.yaml', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/scenario quickstart/);
    expect(readdirSync(out).sort()).toEqual(['.mesos-sim.json', 'events.csv', 'fairness.csv', 'jobs.csv', 'offers.csv', 'provenance.json', 'queues.csv', 'scenario.resolved.yaml', 'shares.csv', 'summary.json', 'tasks.csv', 'utilization.csv', 'waits.csv']);
    const header = (f: string) => readFileSync(join(out, f), 'utf8').split('\n')[0];
    expect(header('tasks.csv')).toBe('task_id,job_id,framework,role,agent,submit_time,start_time,end_time,state,pool,attempt,draws_from,paid,cpus,mem,disk');
    expect(header('utilization.csv')).toBe('time,resource,allocated,total,offered');
    expect(header('offers.csv')).toBe('time,offer_id,framework,agent,outcome,tasks_launched,response_time,cpus,mem,disk');
    expect(header('events.csv')).toBe('time,kind,agent,framework,task_id,value,detail');
    expect(header('jobs.csv')).toBe('job_id,framework,submit_time,start_time,end_time,state,completion_time,slowdown,bounded_slowdown');
    expect(header('shares.csv')).toBe('time,kind,name,dominant_share');
    expect(header('queues.csv')).toBe('time,framework,pending,running');
    expect(header('fairness.csv')).toBe('time,jain,active_frameworks');
    expect(header('waits.csv')).toBe('task_id,attempt,stage_parents,retry_backoff,allocation_interval,offers_elsewhere,filtered,suppressed,cluster_full,fragmentation,held_back,decision,gang_siblings,agent_unavailable,launching,wait');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ scenario: 'quickstart', seed: 42, allocator: 'drf' });
    for (const key of ['simulated', 'events', 'wall_seconds', 'tasks', 'utilization', 'wait_time', 'job_completion_time', 'slowdown', 'bounded_slowdown', 'makespan', 'throughput', 'fairness', 'queues', 'window', 'faults']) {
      expect(summary).toHaveProperty(key);
    }
    for (const key of ['submitted', 'started', 'finished', 'failed', 'killed', 'lost']) expect(summary.tasks).toHaveProperty(key);
    for (const key of ['mean', 'p50', 'p95', 'p99', 'max']) expect(summary.wait_time).toHaveProperty(key);
    // Every task row is a task; every task that started has a wait >= 0.
    const rows = readFileSync(join(out, 'tasks.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(summary.tasks.submitted);
  });

  it('gives byte-identical files for the same scenario and seed (wall-clock fields off)', async () => {
    const a = join(work, 'a');
    const b = join(work, 'b');
    expect((await sim('run', 'scenarios/quickstart.yaml', '--out', a, '--no-wall-clock')).code).toBe(0);
    expect((await sim('run', 'scenarios/quickstart.yaml', '--out', b, '--no-wall-clock')).code).toBe(0);
    for (const f of ['summary.json', 'tasks.csv', 'offers.csv', 'utilization.csv']) {
      expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    }
    const summary = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8'));
    expect(summary.wall_seconds).toBeNull();
  });

  it('changes the results with --seed, and --allocator and --set take effect', async () => {
    const s1 = join(work, 's1');
    const s2 = join(work, 's2');
    expect((await sim('run', 'scenarios/quickstart.yaml', '--out', s1, '--seed', '7', '--allocator', 'random')).code).toBe(0);
    expect((await sim('run', 'scenarios/quickstart.yaml', '--out', s2, '--set', 'master.allocation_interval=0.5')).code).toBe(0);
    const sum1 = JSON.parse(readFileSync(join(s1, 'summary.json'), 'utf8'));
    expect(sum1).toMatchObject({ seed: 7, allocator: 'random' });
    expect(readFileSync(join(s1, 'tasks.csv'), 'utf8')).not.toBe(readFileSync(join(s2, 'tasks.csv'), 'utf8'));
  });

  it('rejects a bad scenario with one line per problem, exit 2, no stack, and writes nothing', async () => {
    const bad = join(work, 'bad.yaml');
    writeFileSync(bad, 'name: bad\ncluster:\n  agents:\n    - { count: 0, resources: { cpus: 1 } }\nframeworks: []\n');
    const out = join(work, 'bad-out');
    const r = await sim('run', bad, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.trim().split('\n')[0]).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+: cluster\\.agents\\.0\\.count: `));
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work).filter((f) => f.startsWith('.sim-tmp'))).toEqual([]);
  });

  it('rejects an unknown allocator or bad allocator options with exit 2', async () => {
    const r = await sim('run', 'scenarios/quickstart.yaml', '--out', join(work, 'x'), '--allocator', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/master\.allocator: unknown allocator 'nope' \(expected one of: drf, random/);
    const v = await sim('validate', 'scenarios/quickstart.yaml', '--set', 'master.allocator=nope');
    expect(v.code).toBe(2);
  });

  it('stops a policy that needs what the scenario lacks, naming what is missing, with exit 2', async () => {
    const pools = await sim('run', 'scenarios/quickstart.yaml', '--out', join(work, 'y'), '--allocator', 'pools');
    expect(pools.code).toBe(2);
    expect(pools.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^--set master\.allocator: allocator 'pools' needs resource pools \(expected /),
    ]);
    const bids = await sim('run', 'scenarios/pools-preemption.yaml', '--out', join(work, 'y'), '--allocator', 'bidding');
    expect(bids.code).toBe(2);
    expect(bids.stderr).toMatch(/allocator 'bidding' needs bids/);
    expect(existsSync(join(work, 'y'))).toBe(false);
    // The same scenario runs under a policy that needs nothing more.
    expect((await sim('run', 'scenarios/pools-preemption.yaml', '--out', join(work, 'y'), '--allocator', 'drf')).code).toBe(0);
    // A file's allocator_options belong to its own allocator: another one named with --allocator
    // runs with its defaults, and says so.
    const other = await sim('run', 'scenarios/two-pool-example.yaml', '--out', join(work, 'z'), '--allocator', 'pools');
    expect(other.code).toBe(0);
    expect(other.stderr).toMatch(/note: master\.allocator_options are for 'bidding'; 'pools' runs with its defaults/);
  });

  it('keeps an earlier result in place, and leaves no staging folder, when a run fails midway', async () => {
    const out = join(work, 'keep');
    expect((await sim('run', 'scenarios/quickstart.yaml', '--out', out)).code).toBe(0);
    const before = readFileSync(join(out, 'summary.json'), 'utf8');
    // An allocator that behaves until t=100, then grants more than an agent has: the master stops
    // the run after result files have been partly written. The plug-in's mistake is the user's
    // to fix (exit 2), named by its module.
    const broken = join(work, 'broken-allocator.mjs');
    writeFileSync(
      broken,
      `export default { create: () => ({ name: 'broken', allocate(view, candidates) {
        if (view.now < 100) return [];
        return candidates.slice(0, 1).map((a) => ({ framework: 0, agent: a.index, resources: a.total.map((v) => v * 2) }));
      } }) };`,
    );
    const r = await sim('run', 'scenarios/quickstart.yaml', '--out', out, '--allocator', broken);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`allocator ${broken}: made an invalid grant: cpus:16,mem:65536,disk:400000 to analytics on node-6, which has only cpus:8,mem:32768,disk:200000 available\n`);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(before);
    expect(readdirSync(work).filter((f) => f.startsWith('.sim-tmp'))).toEqual([]);
  });

  it('stops, under --verify, a plug-in that writes to the view it is shown, naming it and what it changed', async () => {
    const meddler = join(work, 'meddler-allocator.mjs');
    writeFileSync(meddler, `export default { create: () => ({ name: 'meddler', allocate(view) { view.frameworks[0].grants += 1; return []; } }) };`);
    const r = await sim('run', 'scenarios/quickstart.yaml', '--out', join(work, 'meddled'), '--allocator', meddler, '--verify');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/allocator 'meddler' changed the view it was shown \(in allocate at t=0 s\): framework 'analytics' › grants was 0, now 1; an allocator must treat the view as read-only/);
    expect(existsSync(join(work, 'meddled'))).toBe(false);
  });
});

describe('sim validate and sim allocators', () => {
  it('validates every bundled scenario', async () => {
    const files = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${f}`);
    const r = await sim('validate', ...files);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(files.length);
  });

  it('lists the built-in allocators', async () => {
    const r = await sim('allocators');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^drf\s+/m);
    expect(r.stdout).toMatch(/^random\s+/m);
  });
});

describe('results staging', () => {
  it('removes a staging folder left by a killed run (its process is gone, it has the marker) when the next run starts', async () => {
    const { ResultDir } = await import('../../src/cli/result-dir.js');
    const { mkdirSync } = await import('node:fs');
    const stale = join(work, '.sim-tmp-target-2147483646');
    mkdirSync(stale);
    writeFileSync(join(stale, '.mesos-sim.json'), JSON.stringify({ tool: 'mesos-sim', command: 'run', version: '0.1.0' }));
    const dir = new ResultDir(join(work, 'target'), { command: 'run', inputs: [], force: false });
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(dir.staging)).toBe(true);
    dir.commit();
    expect(existsSync(join(work, 'target'))).toBe(true);
  });
});

describe('allocator plug-ins', () => {
  it('runs a plug-in named on the command line', async () => {
    const out = join(work, 'plugin');
    const r = await sim('run', 'scenarios/quickstart.yaml', '--out', out, '--allocator', './examples/first-come-allocator.js');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).allocator).toBe('./examples/first-come-allocator.js');
  });

  it('never loads a plug-in named only by a scenario file without --allow-plugins', async () => {
    const file = join(root, 'scenarios', `.plugin-test-${process.pid}.yaml`);
    writeFileSync(file, readFileSync(join(root, 'scenarios', 'quickstart.yaml'), 'utf8').replace('allocator: drf', 'allocator: ../examples/first-come-allocator.js'));
    try {
      const denied = await sim('run', file, '--out', join(work, 'denied'));
      expect(denied.code).toBe(2);
      expect(denied.stderr).toMatch(/a scenario file alone never loads code \(expected --allow-plugins/);
      expect(existsSync(join(work, 'denied'))).toBe(false);
      const allowed = await sim('run', file, '--out', join(work, 'allowed'), '--allow-plugins');
      expect(allowed.code, allowed.stderr).toBe(0);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('reports a missing plug-in module with exit 2', async () => {
    const r = await sim('run', 'scenarios/quickstart.yaml', '--out', join(work, 'missing'), '--allocator', './no-such.js');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plug-in module '\.\/no-such\.js' not found/);
  });
});
