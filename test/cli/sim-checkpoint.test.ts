/**
 * `sim run --checkpoint-at`, `sim run --from` and `sim compare --from`
 * through the compiled bin (docs/checkpoints.md): the checkpoint file, the
 * byte-identical continuation, forks under another policy, and every
 * refusal (one line, exit 2, nothing written).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { simBatch } from '../helpers/sim-batch.js';
import { resultFiles } from '../helpers/result-files.js';
import { expectRefused } from '../helpers/problems.js';
import { tempDir } from '../helpers/temp.js';

/** sim's command lines, in one process for this file (helpers/sim-batch.ts). */
const sim = simBatch();

let work: string;
let checkpoint: string;
const QS = 'scenarios/quickstart.yaml';

beforeAll(async () => {
  work = tempDir('sim-cp-');
  // Before the scenario too: each --checkpoint-at takes one value, never the scenario after it.
  const r = await sim('run', '--checkpoint-at', '300', QS, '--no-wall-clock', '--out', join(work, 'saved'), '--checkpoint-at', '100');
  expect(r.code, r.stderr).toBe(0);
  checkpoint = join(work, 'saved', 'checkpoint-300.json');
});

/** The checkpoint with `edit` applied, written to a new file. */
function edited(name: string, edit: (c: Record<string, any>) => void): string {
  const c = JSON.parse(readFileSync(checkpoint, 'utf8'));
  edit(c);
  const file = join(work, 'saved', name);
  writeFileSync(file, JSON.stringify(c));
  return file;
}

/** Runs `sim` expecting a refusal: exit 2, one line on stderr matching `line`, no output folder. */
async function refused(line: RegExp, ...args: string[]): Promise<void> {
  const out = join(work, `refused-${Math.random().toString(36).slice(2)}`);
  expectRefused(await sim(...args, '--out', out), line, out);
}

describe('sim run --checkpoint-at', () => {
  it('saves one checkpoint per time and leaves every other file as the run without it', async () => {
    const plain = join(work, 'plain');
    expect((await sim('run', QS, '--no-wall-clock', '--out', plain)).code).toBe(0);
    const saved = resultFiles(join(work, 'saved'));
    const expected = resultFiles(plain);
    expect([...saved.keys()].filter((f) => f.startsWith('checkpoint-'))).toEqual(['checkpoint-100.json', 'checkpoint-300.json']);
    for (const [f, bytes] of expected) expect(saved.get(f)!.equals(bytes), f).toBe(true);
    expect(saved.size).toBe(expected.size + 2);
    const c = JSON.parse(readFileSync(checkpoint, 'utf8'));
    // Every actor of quickstart has a snapshot: the checkpoint holds the state (format 3).
    expect(c).toMatchObject({ format: 'mesos-sim-checkpoint', format_version: 3, at: 300, restore: 'state', scenario: { name: 'quickstart', seed: 42 } });
    expect(c.snapshot.parts).toEqual(['roles', 'agents', 'frameworkRecords', 'pools', 'master', 'network', 'allocator', 'frameworks', 'timeline', 'kernel', 'draws', 'collector', 'groups', 'waits']);
    // The rows up to T are not copied into it: tasks.csv's first bytes, whose sha256 and rows the state records.
    const tasks = c.snapshot.tables.find((t: { table: string }) => t.table === 'tasks');
    const recorded = c.state.tables.find((t: { table: string }) => t.table === 'tasks');
    const plainTasks = readFileSync(join(plain, 'tasks.csv'));
    const prefix = plainTasks.subarray(0, tasks.bytes);
    expect(tasks.header.join(',')).toBe(plainTasks.toString('utf8').split('\n')[0]);
    expect([prefix.toString('utf8').split('\n').length - 2, createHash('sha256').update(prefix).digest('hex')]).toEqual([recorded.rows, recorded.sha256]);
    expect(recorded.rows).toBeGreaterThan(100);
    expect(tasks.bytes).toBeLessThan(plainTasks.length);
    expect(c.scenario.resolved).toBe(readFileSync(join(plain, 'scenario.resolved.yaml'), 'utf8'));
    // Every stream the run drew from, and every table, at T.
    expect(c.state.random.map((r: { stream: string }) => r.stream)).toContain('network');
    expect(c.state.tables.map((t: { table: string }) => t.table)).toContain('tasks');
    const earlier = JSON.parse(readFileSync(join(work, 'saved', 'checkpoint-100.json'), 'utf8'));
    expect(earlier.state.events).toBeLessThan(c.state.events);
  });

  it('refuses a time at or after a timed run end before running, and a drained run that ends first after it', async () => {
    await refused(/--checkpoint-at 600: at or after the run's end \(until: 600 s/, 'run', QS, '--set', 'until=600', '--checkpoint-at', '600');
    await refused(/--checkpoint-at 99999: the run ended at [\d.]+ s, before it/, 'run', QS, '--checkpoint-at', '99999');
    await refused(/--checkpoint-at: not a simulated time in seconds >= 0 \(got -5\)/, 'run', QS, '--checkpoint-at', '-5');
  });
});

describe('sim run --from', () => {
  it('continues to the same bytes as the uninterrupted run, and records the fork', async () => {
    const out = join(work, 'continued');
    const r = await sim('run', '--from', checkpoint, '--no-wall-clock', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const got = resultFiles(out);
    const expected = resultFiles(join(work, 'plain'));
    for (const [f, bytes] of expected) expect(got.get(f)!.equals(bytes), f).toBe(true);
    expect([...got.keys()].filter((f) => !expected.has(f))).toEqual(['fork.json']);
    const fork = JSON.parse(readFileSync(join(out, 'fork.json'), 'utf8'));
    expect(fork.changes).toEqual([]);
    expect(fork.from.at).toBe(300);
    expect(fork.from.checkpoint_sha256).toBe(createHash('sha256').update(readFileSync(checkpoint)).digest('hex'));
  });

  it('forks under another policy: the same rows up to T, the new policy after', async () => {
    const out = join(work, 'fifo');
    const r = await sim('run', '--from', checkpoint, '--allocator', 'fifo', '--no-wall-clock', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.allocator).toBe('fifo');
    const fork = JSON.parse(readFileSync(join(out, 'fork.json'), 'utf8'));
    expect(fork.changes).toEqual([{ field: 'master.allocator', from: 'drf', to: 'fifo' }]);
    // utilization.csv: a row per sample and resource; those up to T are the saved run's.
    const rows = (dir: string) => readFileSync(join(dir, 'utilization.csv'), 'utf8').trim().split('\n').slice(1);
    const upTo = (lines: string[], t: number) => lines.filter((l) => Number(l.split(',')[0]) <= t);
    const original = rows(join(work, 'plain'));
    const forked = rows(out);
    expect(upTo(forked, 300)).toEqual(upTo(original, 300));
    // A sample every 10 s from 0 to 300, a row for each of cpus, mem and disk.
    expect(upTo(forked, 300)).toHaveLength(31 * 3);
    expect(forked).not.toEqual(original);
  });

  it('names the policy that decides now when a forked-to plug-in makes an invalid grant', async () => {
    // Grants twice an agent's size from its first run after the fork: the error is the new policy's.
    const broken = join(work, 'broken-after-fork.mjs');
    writeFileSync(
      broken,
      `export default { create: () => ({ name: 'broken', allocate(view, candidates) {
        return candidates.slice(0, 1).map((a) => ({ framework: 0, agent: a.index, resources: a.total.map((v) => v * 2) }));
      } }) };`,
    );
    const out = join(work, 'broken-fork');
    const r = await sim('run', '--from', checkpoint, '--allocator', broken, '--allow-plugins', '--no-wall-clock', '--out', out);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^allocator (?:${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|'broken'): made an invalid grant: `));
    expect(r.stderr).not.toMatch(/allocator '?drf'?/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a change a fork cannot make, naming the field', async () => {
    await refused(/^sim: seed: cannot change at a fork at 300 s: the random streams were drawn from it up to 300 s/, 'run', '--from', checkpoint, '--set', 'seed=3');
    await refused(/^sim: cluster\.agents\.0\.count: cannot change at a fork at 300 s: the agents are registered/, 'run', '--from', checkpoint, '--set', 'cluster.agents.0.count=5');
    await refused(/^sim: master\.allocation_interval: cannot change at a fork/, 'run', '--from', checkpoint, '--set', 'master.allocation_interval=5');
    await refused(/^sim: frameworks\.0\.tasks_per_offer: cannot change at a fork/, 'run', '--from', checkpoint, '--set', 'frameworks.0.tasks_per_offer=2');
    await refused(/^sim: --seed: cannot change at a fork/, 'run', '--from', checkpoint, '--seed', '3');
    await refused(/^sim: --checkpoint-at: not with --from/, 'run', '--from', checkpoint, '--checkpoint-at', '500');
    await refused(/^sim run: both a scenario/, 'run', QS, '--from', checkpoint);
  });

  it('refuses a checkpoint of another version, edited, corrupted, or not a checkpoint, in one line', async () => {
    await refused(/checkpoint format version 2 \(expected version 1 or 3/, 'run', '--from', edited('v2.json', (c) => (c.format_version = 2)));
    await refused(/made by mesos-sim 0\.0\.1 \(expected one made by this version/, 'run', '--from', edited('old.json', (c) => (c.simulator.version = '0.0.1')));
    await refused(/its digests do not match its content/, 'run', '--from', edited('events.json', (c) => (c.state.events += 1)));
    await refused(/its digests do not match its content/, 'run', '--from', edited('scenario.json', (c) => (c.scenario.resolved = c.scenario.resolved.replace('seed: 42', 'seed: 43'))));
    await refused(/field state\.pending: Invalid input: expected number, received string/, 'run', '--from', edited('pending.json', (c) => (c.state.pending = 'many')));
    await refused(/field scenario\.data\.0\.name: /, 'run', '--from', edited('escape.json', (c) => c.scenario.data.push({ name: '../../etc/passwd', sha256: 'a'.repeat(64) })));
    await refused(/not a mesos-sim checkpoint/, 'run', '--from', edited('other.json', (c) => (c.format = 'something-else')));
    const junk = join(work, 'saved', 'junk.json');
    writeFileSync(junk, '{"at": 3,\n oops');
    await refused(/^sim: checkpoint .*junk\.json: not JSON \(/, 'run', '--from', junk);
  });

  it('refuses a checkpoint whose run does not reach the state it records (edited with its digest redone)', async () => {
    const { stateDigest } = await import('../../src/checkpoint/format.js');
    const file = edited('forged.json', (c) => {
      c.state.events += 1;
      c.digest = stateDigest(c.at, c.scenario.sha256, c.state);
    });
    await refused(/the run does not reach the state it records at 300 s/, 'run', '--from', file);
  });
});

describe('sim run --from a checkpoint that holds the state (format 3)', () => {
  /** The checkpoint with its snapshot edited by `edit`, and its sha256 redone (as a forger would). */
  const forged = async (name: string, edit: (snapshot: Record<string, any>, c: Record<string, any>) => void): Promise<string> => {
    const { snapshotSha256 } = await import('../../src/checkpoint/format.js');
    return edited(name, (c) => {
      edit(c.snapshot, c);
      c.snapshot.sha256 = snapshotSha256(c.snapshot);
    });
  };

  it('continues by replay from a format-1 checkpoint (the same state without the snapshot): the same bytes', async () => {
    const v1 = edited('v1.json', (c) => {
      delete c.snapshot;
      c.format_version = 1;
      c.restore = 'replay';
    });
    const out = join(work, 'continued-v1');
    const r = await sim('run', '--from', v1, '--no-wall-clock', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const got = resultFiles(out);
    for (const [f, bytes] of resultFiles(join(work, 'plain'))) expect(got.get(f)!.equals(bytes), f).toBe(true);
  });

  /** A plug-in that offers each agent to the frameworks in turn, one further at each run: it keeps the count of runs, saved with `save` (absent: it has no saveState and loadState). */
  const rotating = (name: string, save?: string): string => {
    const file = join(work, name);
    const saving = save === undefined ? '' : `saveState: () => (${save}), loadState(s) { if (typeof s?.runs !== 'number') throw new TypeError('not its state'); runs = s.runs; },`;
    writeFileSync(
      file,
      `export default (ctx) => { let runs = 0; return { name: 'rotating', ${saving}
        allocate(view, candidates) {
          const grants = [];
          runs++;
          for (const agent of candidates) {
            for (let k = 0; k < view.frameworks.length; k++) {
              const fw = view.frameworks[(runs + k) % view.frameworks.length];
              const offer = agent.availableTo(fw.role);
              if (!fw.active || offer.every((q) => q === 0) || view.isFiltered(fw.index, agent.index, offer)) continue;
              grants.push({ framework: fw.index, agent: agent.index, resources: new Float64Array(offer) });
              break;
            }
          }
          return grants;
        } }; };\n`,
    );
    return file;
  };

  /** Runs quickstart to 120 s under the plug-in `module`, saving at 60 s; the checkpoint's content. */
  const savedUnder = async (module: string, out: string): Promise<Record<string, any>> => {
    const r = await sim('run', QS, '--allocator', module, '--set', 'until=120', '--checkpoint-at', '60', '--no-wall-clock', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(readFileSync(join(out, 'checkpoint-60.json'), 'utf8'));
  };

  /** Continues from the checkpoint in `out` into a new folder: every file of `out` but the checkpoint is the same bytes. */
  const continuesAsSaved = async (out: string): Promise<void> => {
    const continued = `${out}-continued`;
    const r = await sim('run', '--from', join(out, 'checkpoint-60.json'), '--allow-plugins', '--no-wall-clock', '--out', continued);
    expect(r.code, r.stderr).toBe(0);
    const got = resultFiles(continued);
    for (const [f, bytes] of resultFiles(out)) if (!f.startsWith('checkpoint-')) expect(got.get(f)!.equals(bytes), f).toBe(true);
  };

  it('saves format 1, continued by replay, for a run an actor of which has no snapshot (a plug-in without saveState and loadState)', async () => {
    const out = join(work, 'plugin-replay');
    const c = await savedUnder(rotating('no-state.mjs'), out);
    expect([c.format_version, c.restore, c.snapshot]).toEqual([1, 'replay', undefined]);
    await continuesAsSaved(out);
  });

  it("saves format 3 for a plug-in with saveState and loadState, restoring its state; one whose state is not data stops the run, naming it", async () => {
    const out = join(work, 'plugin-state');
    const c = await savedUnder(rotating('state.mjs', '{ runs }'), out);
    expect([c.format_version, c.restore, c.snapshot.parts]).toEqual([3, 'state', expect.arrayContaining(['allocator'])]);
    await continuesAsSaved(out);
    const bad = rotating('bad-state.mjs', '{ runs, later: () => runs }');
    await refused(/^allocator .*bad-state\.mjs: saveState\(\) returned what is not data: Cannot stringify a function at \.later \(expected plain objects/, 'run', QS, '--allocator', bad, '--set', 'until=120', '--checkpoint-at', '60', '--no-wall-clock');
  });

  it('refuses a snapshot that was edited, or that cannot be this run\'s state, in one line, writing nothing', async () => {
    await refused(/its digests do not match its content/, 'run', '--from', edited('graph.json', (c) => (c.snapshot.graph[0] = 7)));
    await refused(/its state cannot be restored: it saved waits, groups, .*; this run has roles, agents, /, 'run', '--from', await forged('parts.json', (s) => s.parts.reverse()));
    await refused(/its state cannot be restored: Invalid input/, 'run', '--from', await forged('dangling.json', (s) => (s.graph = [{ roles: 99 }])));
    await refused(/its state cannot be restored: no state of roles/, 'run', '--from', await forged('empty.json', (s) => (s.graph = [[1], -99])));
    await refused(/its state cannot be restored: table tasks: its columns differ/, 'run', '--from', await forged('columns.json', (s) => (s.tables.find((t: { table: string }) => t.table === 'tasks').header[0] = 'id')));
    // Another moment's state under this one's digest: its tables' text is not the text whose sha256 the state records.
    const earlier = JSON.parse(readFileSync(join(work, 'saved', 'checkpoint-100.json'), 'utf8'));
    await refused(/^sim: checkpoint .*swapped\.json: fairness\.csv changed since the checkpoint was saved \(expected its first \d+ bytes to have sha256 [0-9a-f]{64}\)/, 'run', '--from', await forged('swapped.json', (s, c) => (c.snapshot = { ...earlier.snapshot })));
    // The same graph with this moment's tables: restored, then found not to be the state the checkpoint records.
    await refused(/the run does not reach the state it records at 300 s/, 'run', '--from', await forged('swapped-graph.json', (s) => (s.graph = earlier.snapshot.graph)));
  });

  it('continues from the result files beside the checkpoint, and refuses them changed or missing, in one line, writing nothing', async () => {
    const copy = join(work, 'moved');
    mkdirSync(copy);
    copyFileSync(join(work, 'saved', 'checkpoint-300.json'), join(copy, 'checkpoint-300.json'));
    await refused(/^sim: checkpoint .*moved\/checkpoint-300\.json: (\w+)\.csv is missing \(expected it at .*, where sim run wrote it: a checkpoint continues from its result folder\)/, 'run', '--from', join(copy, 'checkpoint-300.json'));
    const tasks = readFileSync(join(work, 'saved', 'tasks.csv'));
    writeFileSync(join(copy, 'tasks.csv'), tasks.subarray(0, 100));
    for (const t of ['events', 'fairness', 'jobs', 'offers', 'queues', 'shares', 'utilization', 'waits']) {
      if (existsSync(join(work, 'saved', `${t}.csv`))) copyFileSync(join(work, 'saved', `${t}.csv`), join(copy, `${t}.csv`));
    }
    await refused(/^sim: checkpoint .*: tasks\.csv has 100 bytes \(expected at least the \d+ the run had written at the checkpoint: the file was cut or replaced\)/, 'run', '--from', join(copy, 'checkpoint-300.json'));
    // One byte of a row before T changed (a digit for another): found as the text is copied.
    const edited = Buffer.from(tasks);
    const at = edited.indexOf('\n') + 3;
    edited[at] = edited[at] === 0x31 ? 0x32 : 0x31;
    writeFileSync(join(copy, 'tasks.csv'), edited);
    await refused(/^sim: checkpoint .*: tasks\.csv changed since the checkpoint was saved \(expected its first \d+ bytes to have sha256 [0-9a-f]{64}\)/, 'run', '--from', join(copy, 'checkpoint-300.json'));
    // As saved, the copied folder continues as the original does.
    writeFileSync(join(copy, 'tasks.csv'), tasks);
    const out = join(work, 'from-moved');
    expect((await sim('run', '--from', join(copy, 'checkpoint-300.json'), '--no-wall-clock', '--out', out)).code).toBe(0);
    for (const [f, bytes] of resultFiles(join(work, 'plain'))) expect(resultFiles(out).get(f)!.equals(bytes), f).toBe(true);
  });
});

describe('sim compare --from', () => {
  it('runs every policy from the saved state; the saved run\'s own policy gives its bytes', async () => {
    const out = join(work, 'compare');
    const r = await sim('compare', '--from', checkpoint, '--allocators', 'drf,fifo', '--no-wall-clock', '--workers', '1', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/seeds 1 \(42\)/);
    expect(readdirSync(join(out, 'runs')).sort()).toEqual(['drf', 'fifo']);
    const drf = resultFiles(join(out, 'runs', 'drf', 'seed-42'));
    for (const [f, bytes] of resultFiles(join(work, 'plain'))) expect(drf.get(f)!.equals(bytes), f).toBe(true);
    const fifo = JSON.parse(readFileSync(join(out, 'runs', 'fifo', 'seed-42', 'fork.json'), 'utf8'));
    expect(fifo.changes).toEqual([{ field: 'master.allocator', from: 'drf', to: 'fifo' }]);
    const runs = readFileSync(join(out, 'runs.csv'), 'utf8').trim().split('\n');
    expect(runs.map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['policy,seed', 'drf,42', 'fifo,42']);
  });

  it('refuses --seeds and a scenario beside --from', async () => {
    await refused(/^sim: --seeds: cannot change at a fork/, 'compare', '--from', checkpoint, '--allocators', 'drf,fifo', '--seeds', '1..3');
    await refused(/^sim compare: both a scenario/, 'compare', QS, '--from', checkpoint, '--allocators', 'drf,fifo');
  });
});

describe('a sweep from a checkpoint', () => {
  it('runs each point as a fork under the checkpoint\'s seed; the saved run\'s policy gives its summary', async () => {
    const file = join(work, 'from.yaml');
    writeFileSync(file, `sweep: from-qs\nfrom: saved/checkpoint-300.json\nmatrix:\n  allocator: [drf, fifo]\nmetrics: [wait_mean]\n`);
    const out = join(work, 'sweep');
    const r = await sim('sweep', file, '--workers', '1', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const rows = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
    expect(rows.map((l) => l.split(',').filter((_, i) => i === 2 || i === 3).join(','))).toEqual(['allocator,seed', 'drf,42', 'fifo,42']);
    const plain = JSON.parse(readFileSync(join(work, 'plain', 'summary.json'), 'utf8'));
    const cells = readdirSync(join(out, 'cells')).map((f) => JSON.parse(readFileSync(join(out, 'cells', f), 'utf8')));
    const drf = cells.find((c) => c.point.allocator === 'drf');
    // The cell's summary is the saved run's (without tables: every figure but none of the rows).
    expect(drf.summary).toEqual(plain);
    const fifo = cells.find((c) => c.point.allocator === 'fifo');
    expect(fifo.summary.allocator).toBe('fifo');
    expect(fifo.summary.wait_time.mean).not.toBe(plain.wait_time.mean);
  });

  it('refuses a point a fork cannot make, and seeds beside from, at their place in the file', async () => {
    const bad = join(work, 'from-bad.yaml');
    writeFileSync(bad, `sweep: from-bad\nfrom: saved/checkpoint-300.json\nmatrix:\n  master.allocation_interval: [1, 5]\n`);
    await refused(/from-bad\.yaml:4:\d+: matrix\.master\.allocation_interval: point master\.allocation_interval=5: sim: master\.allocation_interval: cannot change at a fork at 300 s/, 'sweep', bad);
    const seeds = join(work, 'from-seeds.yaml');
    writeFileSync(seeds, `sweep: from-seeds\nfrom: saved/checkpoint-300.json\nseeds: 1..3\nmatrix:\n  allocator: [drf]\n`);
    await refused(/from-seeds\.yaml:3:\d+: seeds: seeds with from \(expected no 'seeds'/, 'sweep', seeds);
  });
});
