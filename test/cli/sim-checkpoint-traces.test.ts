/**
 * Checkpoints of a run that replays a trace, through the compiled bin
 * (docs/checkpoints.md, docs/traces.md): the checkpoint holds the reader's
 * place in the file (format 3), `--from` continues to the uninterrupted
 * run's bytes from the copy of the trace beside the checkpoint, and a copy
 * changed since the checkpoint is refused in one line, exit 2, nothing
 * written.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { simBatch } from '../helpers/sim-batch.js';
import { resultFiles } from '../helpers/result-files.js';
import { expectRefused } from '../helpers/problems.js';
import { tempDir } from '../helpers/temp.js';

const sim = simBatch();

let work: string;
let checkpoint: string;

beforeAll(async () => {
  work = tempDir('sim-cp-trace-');
  // 3,000 one-task jobs, a second apart, with recorded waits: about 130 KB, two chunks of the reader.
  const rows = Array.from({ length: 3000 }, (_, i) => `job-${i},${i},${1 + (i % 3)},${2 + (i % 7)},1,${512 * (1 + (i % 4))},${i % 5},${i % 2 === 0 ? 'alice' : 'bob'}`);
  writeFileSync(join(work, 'trace.csv'), `id,submit,tasks,duration,cpus,mem,wait,user\n${rows.join('\n')}\n`);
  writeFileSync(
    join(work, 'scenario.yaml'),
    ['name: trace-checkpoint', 'seed: 3', 'until: drained', 'cluster:', '  agents:', '    - { name: node, count: 4, resources: { cpus: 4, mem: 16384 } }', 'frameworks:',
      '  - name: alice', '    workload:', '      trace: { format: csv, file: trace.csv, match: { user: [alice] } }',
      '  - name: bob', '    workload:', '      trace: { format: csv, file: trace.csv, match: { user: [bob] } }', ''].join('\n'),
  );
  const r = await sim('run', join(work, 'scenario.yaml'), '--checkpoint-at', '1500', '--no-wall-clock', '--out', join(work, 'saved'));
  expect(r.code, r.stderr).toBe(0);
  checkpoint = join(work, 'saved', 'checkpoint-1500.json');
});

/** The checkpoint's copy of the trace, beside it. */
function traceCopy(): string {
  const c = JSON.parse(readFileSync(checkpoint, 'utf8'));
  expect(c.scenario.data).toHaveLength(1);
  return join(work, 'saved', ...(c.scenario.data[0].name as string).split('/'));
}

/** Runs `sim` expecting a refusal: exit 2, one line on stderr matching `line`, no output folder. */
async function refused(line: RegExp, ...args: string[]): Promise<void> {
  const out = join(work, `refused-${Math.random().toString(36).slice(2)}`);
  expectRefused(await sim(...args, '--out', out), line, out);
}

describe('a checkpoint of a trace replay', () => {
  it('holds the readers’ place in the file and the replay figures, and continues from them to the same bytes', async () => {
    const c = JSON.parse(readFileSync(checkpoint, 'utf8'));
    expect([c.format_version, c.restore]).toEqual([3, 'state']);
    expect(c.snapshot.parts).toContain('traces');
    const continued = join(work, 'continued');
    const r = await sim('run', '--from', checkpoint, '--no-wall-clock', '--out', continued);
    expect(r.code, r.stderr).toBe(0);
    const expected = resultFiles(join(work, 'saved'));
    const got = resultFiles(continued);
    const summary = JSON.parse(readFileSync(join(continued, 'summary.json'), 'utf8'));
    expect(summary.traces.alice.rows).toBe(3000);
    expect(summary.traces.alice.jobs + summary.traces.bob.jobs).toBe(3000);
    expect(summary.traces.bob.replay.jobs).toBe(1500);
    for (const [f, bytes] of expected) if (!f.startsWith('checkpoint-')) expect(got.get(f)?.equals(bytes), f).toBe(true);
  });

  it('refuses a trace copy changed since the checkpoint, of the same size or not, in one line, writing nothing', async () => {
    const copy = traceCopy();
    // The run folder's own copy (never a link to the scenario's trace, which must stay as it is).
    expect(statSync(copy).nlink).toBe(1);
    const original = readFileSync(copy);
    const sameSize = Buffer.from(original);
    sameSize[sameSize.length - 10] = sameSize[sameSize.length - 10] === 0x31 ? 0x32 : 0x31;
    const expectedLine = /^sim: checkpoint .*checkpoint-1500\.json: data file data\/[0-9a-f]{16}\/trace\.csv changed since the checkpoint was made \(expected sha256 [0-9a-f]{64}\)\n$/;
    try {
      writeFileSync(copy, sameSize);
      await refused(expectedLine, 'run', '--from', checkpoint);
      writeFileSync(copy, Buffer.concat([original, Buffer.from('job-x,4000,1,1,1,1,0,alice\n')]));
      await refused(expectedLine, 'run', '--from', checkpoint);
      await refused(expectedLine, 'compare', '--from', checkpoint, '--allocators', 'drf,fifo');
    } finally {
      writeFileSync(copy, original);
    }
  });
});
