/**
 * The hang bound and the replacement of a dead batch process (helpers/sim-batch.ts),
 * which the hostile runner relies on to judge a case that never ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';
import { SimBatch } from '../helpers/sim-batch.js';

describe('a batch process bounded in time', () => {
  const batch = new SimBatch({ heapMb: 1536 });
  const dir = mkdtempSync(join(tmpdir(), 'sim-batch-bounds-'));
  afterAll(async () => {
    await batch.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('kills a command line that outlives its bound, says so, and runs the next one in a fresh process', async () => {
    // The large benchmark takes tens of seconds of CPU on any machine: far beyond 0.3 s.
    const hung = await batch.runRaw(['run', join(root, 'scenarios/bench/large-synthetic.yaml'), '--no-wall-clock', '--out', 'r'], { cwd: dir, timeoutMs: 300 });
    expect(hung).toMatchObject({ code: null, timedOut: true, polluted: false, stdout: '' });
    const next = await batch.runRaw(['allocators'], { timeoutMs: 300_000, limit: 20 });
    expect(next).toMatchObject({ code: 0, timedOut: false, polluted: false });
    expect(next.stdout).toHaveLength(20);
  });
});
