/**
 * docs/sweeps/slurm-array.sh, the Slurm example of docs/sweeps.md, run
 * against a stand-in `sbatch` that records its arguments and prints a job
 * id. Run with bash, the script creates its results and log folder before it
 * submits (Slurm does not create the folder of a job's --output file), then
 * submits itself as the array with its logs there and the merge after it.
 * Each array task, run as Slurm would run it, writes its shard, and the merge
 * job's command joins them.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';

const script = 'docs/sweeps/slurm-array.sh';
let work: string;
let out: string;
let calls: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sim-slurm-'));
  const bin = join(work, 'bin');
  mkdirSync(bin);
  calls = join(work, 'sbatch-calls.jsonl');
  // The stand-in: one JSON line of arguments per call; job ids 101, 102, ... as "id;cluster".
  writeFileSync(
    join(bin, 'sbatch'),
    [
      '#!/usr/bin/env node',
      "const fs = require('node:fs');",
      `const log = ${JSON.stringify(calls)};`,
      "const n = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\\n').filter(Boolean).length : 0;",
      "fs.appendFileSync(log, JSON.stringify(process.argv.slice(2)) + '\\n');",
      "process.stdout.write(`${101 + n};cluster\\n`);",
      '',
    ].join('\n'),
  );
  chmodSync(join(bin, 'sbatch'), 0o755);
  // Two cells, one a shard.
  const sweep = join(work, 'two.yaml');
  writeFileSync(
    sweep,
    [
      'sweep: two',
      `scenario: ${join(root, 'scenarios', 'quickstart.yaml')}`,
      'set: [until=120]',
      'matrix:',
      '  allocator: [drf]',
      'seeds: 1..2',
      'metrics: [wait_mean]',
      '',
    ].join('\n'),
  );
  out = join(work, 'not', 'yet', 'there');
  env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, SWEEP: sweep, OUT: out, SHARDS: '2' };
  for (const k of Object.keys(env)) if (k.startsWith('SLURM_') || k === 'TASKS') delete env[k];
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function bash(args: string[], extra: NodeJS.ProcessEnv = {}) {
  return spawnSync('bash', args, { cwd: root, env: { ...env, ...extra }, encoding: 'utf8' });
}

describe('docs/sweeps/slurm-array.sh', () => {
  it('creates its log folder, then submits the array logging there and the merge after it', () => {
    const r = bash([script, '--partition=short']);
    expect(r.status, r.stderr).toBe(0);
    expect(statSync(out).isDirectory()).toBe(true);
    const [array, merge, ...more] = readFileSync(calls, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]);
    expect(more).toEqual([]);
    expect(array).toEqual(['--parsable', '--array=1-2', `--output=${out}/slurm-%A_%a.log`, '--partition=short', script]);
    expect(merge).toEqual([
      '--parsable',
      '--job-name=sim-sweep-merge',
      '--dependency=afterok:101',
      `--output=${out}/merge-%j.log`,
      '--wrap',
      `node dist/src/cli/main.js merge ${out}/shard-* --out ${out}/merged`,
    ]);
    expect(r.stdout.trim()).toBe(`submitted: array 101 (shards), merge 102 (after the array); logs in ${out}/`);
  });

  it('submits only the tasks named by TASKS', () => {
    rmSync(calls);
    expect(bash([script], { TASKS: '2' }).status).toBe(0);
    const first = JSON.parse(readFileSync(calls, 'utf8').split('\n')[0]!) as string[];
    expect(first[1]).toBe('--array=2');
  });

  it("runs its task's shard inside the array, and the merge job's command joins the shards", () => {
    for (const task of ['1', '2']) {
      const r = bash([script], { SLURM_ARRAY_TASK_ID: task, SLURM_CPUS_PER_TASK: '1' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`shard ${task}/2: 1 of 2 cells`);
    }
    const wrap = (JSON.parse(readFileSync(calls, 'utf8').split('\n')[1]!) as string[])[5]!;
    const m = spawnSync('sh', ['-c', wrap], { cwd: root, encoding: 'utf8' });
    expect(m.status, m.stderr).toBe(0);
    expect(readFileSync(join(out, 'merged', 'results.csv'), 'utf8').trim().split('\n')).toHaveLength(3); // header + 2 cells
    expect(existsSync(join(out, 'shard-1', 'sweep.json')) && existsSync(join(out, 'shard-2', 'sweep.json'))).toBe(true);
  });
});
