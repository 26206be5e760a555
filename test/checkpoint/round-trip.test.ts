/**
 * The checkpoint round trip over the bundled scenarios (docs/checkpoints.md):
 * a run that saves its state at a moment T in the middle writes the same
 * bytes as the run without it, and a run continued from that state (a fork
 * with no change) writes the same bytes again, every result file. Run in
 * process, through the same functions as the simulation thread of `sim run`
 * (run-files.ts, with the moments of src/checkpoint); the CLI's side
 * (the checkpoint file, fork.json, refusals) is test/cli/sim-checkpoint.test.ts.
 *
 * Every bundled scenario under SOAK=1. In `npm test`, those marked
 * `quick: true` (all but the large benchmarks, the sweeps and the two long
 * trace replays) but the five slowest, named below: all 67 cost 58 s of CPU
 * (the three runs each), these five 35 s of it (measured at a load of 20 on
 * 2 cores, 121 s of wall-clock time in all).
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunMoments } from '../../src/checkpoint/moments.js';
import type { RunState } from '../../src/checkpoint/format.js';
import { runIntoFolder } from '../../src/cli/run-files.js';
import { loadScenario } from '../../src/scenario/load.js';
import { root } from '../helpers/cli.js';
import { SOAK } from '../helpers/property.js';
import { resultFiles } from '../helpers/result-files.js';
import { tempDir } from '../helpers/temp.js';

function bundled(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!['bench', 'sweeps'].includes(e.name)) walk(p);
      } else if (e.name.endsWith('.yaml')) found.push(relative(root, p));
    }
  };
  walk(join(root, 'scenarios'));
  return found.sort();
}

const SHA = 'f'.repeat(64);

/** The quick scenarios whose three runs cost the most (each 4-10 s of CPU): in the soak only. */
const SOAK_ONLY = new Set([
  'scenarios/applications/customer-service.yaml',
  'scenarios/applications/recommendation.yaml',
  'scenarios/faults/master-failover.yaml',
  'scenarios/google2011-shard.yaml',
  'scenarios/validation/mmc.yaml',
]);

describe('checkpoint round trip', () => {
  const all = bundled();
  const scenarios = all.filter((f) => SOAK || (loadScenario(join(root, f)).quick && !SOAK_ONLY.has(f)));
  it('covers the bundled scenarios', () => {
    expect(all.length).toBeGreaterThanOrEqual(60);
    for (const f of SOAK_ONLY) expect(all).toContain(f);
    expect(scenarios).toContain('scenarios/quickstart.yaml');
    expect(scenarios).toContain('scenarios/what-if/saturated-recovery.yaml');
  });

  it.each(scenarios)('%s: saving at T and continuing from T give the uninterrupted run byte for byte', (file) => {
    const work = tempDir('cp-round-');
    const folder = (name: string): string => {
      const f = join(work, name);
      mkdirSync(f);
      return f;
    };
    const scenario = () => loadScenario(join(root, file));
    const plain = runIntoFolder(scenario(), folder('plain'), { wallClock: false }, SHA);
    const end = plain.simulated.end;
    // The middle of the run, in whole seconds when the run is long enough to have one.
    const at = end >= 2 ? Math.floor(end / 2) : end / 2;
    const saved: { at: number; state: RunState; digest: string }[] = [];
    const checkpointed = new RunMoments({ checkpointAt: [at], scenarioSha256: SHA, save: (t, state, digest) => saved.push({ at: t, state, digest }) });
    runIntoFolder(scenario(), folder('saved'), { wallClock: false, moments: checkpointed }, SHA);
    expect(saved.map((s) => s.at)).toEqual([at]);
    const fork = new RunMoments({ checkpointAt: [], scenarioSha256: SHA, fork: { at, digest: saved[0]!.digest, checkpoint: 'test' } });
    runIntoFolder(scenario(), folder('continued'), { wallClock: false, moments: fork }, SHA);
    const expected = resultFiles(join(work, 'plain'));
    expect(expected.size).toBeGreaterThanOrEqual(9);
    for (const name of ['saved', 'continued']) {
      const got = resultFiles(join(work, name));
      expect([...got.keys()], name).toEqual([...expected.keys()]);
      for (const [f, bytes] of expected) expect(got.get(f)!.equals(bytes), `${name}/${f}`).toBe(true);
    }
  });
});
