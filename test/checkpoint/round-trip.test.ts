/**
 * The checkpoint round trip over the bundled scenarios (docs/checkpoints.md):
 * a run that saves its state at a moment T in the middle writes the same
 * bytes as the run without it, and a run continued from that state (a fork
 * with no change) writes the same bytes again, every result file. Run in
 * process, through the same functions as the simulation thread of `sim run`
 * (run-files.ts, with the moments of src/checkpoint); the CLI's side
 * (the checkpoint file, fork.json, refusals) is test/cli/sim-checkpoint.test.ts.
 *
 * Every bundled scenario marked `quick: true` (all but the large benchmarks,
 * the sweeps and the two long trace replays); every one under SOAK=1.
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

describe('checkpoint round trip', () => {
  const all = bundled();
  const scenarios = all.filter((f) => SOAK || loadScenario(join(root, f)).quick);
  it('covers the bundled scenarios', () => {
    expect(all.length).toBeGreaterThanOrEqual(60);
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
