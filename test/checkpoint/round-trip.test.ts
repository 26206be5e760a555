/**
 * The checkpoint round trip over the bundled scenarios (docs/checkpoints.md):
 * a run that saves its state at a moment T in the middle writes the same
 * bytes as the run without it, and a run continued from that state (a fork
 * with no change) writes the same bytes again, every result file: by replay
 * (format 1), and, for every scenario whose actors all have a snapshot, by
 * restoring the saved state (format 3) without handling any event before T
 * again. The scenarios that fall back to replay are named with the reason
 * (RESTORE_FALLBACK below): a scenario that restores, or falls back for
 * another reason, fails until the list says so. Run in
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
import type { RunState, Snapshot } from '../../src/checkpoint/format.js';
import type { SimTime } from '../../src/core/event-queue.js';
import { forwarding, type RunObserver } from '../../src/master/observer.js';
import type { World } from '../../src/world.js';
import { runIntoFolder } from '../../src/cli/run-files.js';
import { tablePrefixes } from '../../src/cli/table-prefix.js';
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

/** The moments, counting the events the run handles. */
class Counting extends RunMoments {
  handled = 0;
  override observer(inner: RunObserver, world: () => World): RunObserver {
    const outer = super.observer(inner, world);
    return forwarding(outer, {
      beforeEvent: (now: SimTime) => {
        this.handled++;
        outer.beforeEvent?.(now);
      },
    });
  }
}

/** The bundled scenarios whose checkpoints continue by replay, with the reason (docs/checkpoints.md); every other one restores. */
const RESTORE_FALLBACK: Readonly<Record<string, string>> = {
  'scenarios/pools-preemption.yaml': 'no snapshot of allocator (the allocator pools)',
  'scenarios/two-pool-example.yaml': 'no snapshot of allocator (the allocator bidding)',
};

describe('checkpoint round trip', () => {
  const all = bundled();
  const scenarios = all.filter((f) => SOAK || (loadScenario(join(root, f)).quick && !SOAK_ONLY.has(f)));
  it('covers the bundled scenarios', () => {
    expect(all.length).toBeGreaterThanOrEqual(60);
    for (const f of SOAK_ONLY) expect(all).toContain(f);
    expect(scenarios).toContain('scenarios/quickstart.yaml');
    expect(scenarios).toContain('scenarios/what-if/saturated-recovery.yaml');
    for (const f of Object.keys(RESTORE_FALLBACK)) expect(all).toContain(f);
    // Every other bundled scenario restores: 67 of 69.
    expect([all.length - Object.keys(RESTORE_FALLBACK).length, all.length]).toEqual([67, 69]);
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
    const saved: { at: number; state: RunState; digest: string; snapshot: Snapshot | undefined }[] = [];
    const checkpointed = new RunMoments({ checkpointAt: [at], scenarioSha256: SHA, save: (t, state, digest, snapshot) => saved.push({ at: t, state, digest, snapshot }) });
    runIntoFolder(scenario(), folder('saved'), { wallClock: false, moments: checkpointed }, SHA);
    expect(saved.map((s) => s.at)).toEqual([at]);
    const { state, digest, snapshot } = saved[0]!;
    const replayed = new Counting({ checkpointAt: [], scenarioSha256: SHA, fork: { at, digest, checkpoint: 'test' } });
    runIntoFolder(scenario(), folder('continued'), { wallClock: false, moments: replayed }, SHA);
    expect(replayed.handled).toBe(plain.events);
    // A checkpoint that holds the state, or the reason it does not.
    expect(snapshot === undefined ? checkpointed.whyNotRestorable() : 'restores').toBe(RESTORE_FALLBACK[file] ?? 'restores');
    const compared = ['saved', 'continued'];
    if (snapshot !== undefined) {
      // Through JSON, as from the file; none of the events before T is handled again.
      const fromFile = JSON.parse(JSON.stringify(snapshot)) as Snapshot;
      const restored = new Counting({ checkpointAt: [], scenarioSha256: SHA, fork: { at, digest, checkpoint: 'test', state: { random: state.random, tables: state.tables, snapshot: fromFile, prefix: tablePrefixes(join(work, 'saved', 'checkpoint.json')) } } });
      runIntoFolder(scenario(), folder('restored'), { wallClock: false, moments: restored }, SHA);
      expect(restored.handled).toBe(plain.events - state.events);
      compared.push('restored');
    }
    const expected = resultFiles(join(work, 'plain'));
    expect(expected.size).toBeGreaterThanOrEqual(9);
    for (const name of compared) {
      const got = resultFiles(join(work, name));
      expect([...got.keys()], name).toEqual([...expected.keys()]);
      for (const [f, bytes] of expected) expect(got.get(f)!.equals(bytes), `${name}/${f}`).toBe(true);
    }
  });
});
