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
 * trace replays) but the eight slowest, named below: all 67 cost 58 s of CPU
 * (the three runs each), the first five 35 s of it (measured at a load of 20
 * on 2 cores, 121 s of wall-clock time in all); the three added later cost
 * 2.6-4.7 s each once every scenario restored (four runs each).
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { root } from '../helpers/cli.js';
import { SOAK } from '../helpers/property.js';
import { roundTrip } from '../helpers/round-trip.js';

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

/** The quick scenarios whose runs cost the most (each 2.6-10 s of CPU): in the soak only. */
const SOAK_ONLY = new Set([
  'scenarios/applications/customer-service.yaml',
  'scenarios/applications/financial-sentiment.yaml',
  'scenarios/diurnal-heavy-tail.yaml',
  'scenarios/mesos-benchmark-mix.yaml',
  'scenarios/applications/recommendation.yaml',
  'scenarios/faults/master-failover.yaml',
  'scenarios/google2011-shard.yaml',
  'scenarios/validation/mmc.yaml',
]);

/** The bundled scenarios whose checkpoints continue by replay, with the reason (docs/checkpoints.md); every other one restores. */
const RESTORE_FALLBACK: Readonly<Record<string, string>> = {};

describe('checkpoint round trip', () => {
  const all = bundled();
  const scenarios = all.filter((f) => SOAK || (loadScenario(join(root, f)).quick && !SOAK_ONLY.has(f)));
  it('covers the bundled scenarios', () => {
    expect(all.length).toBeGreaterThanOrEqual(60);
    for (const f of SOAK_ONLY) expect(all).toContain(f);
    expect(scenarios).toContain('scenarios/quickstart.yaml');
    expect(scenarios).toContain('scenarios/what-if/saturated-recovery.yaml');
    for (const f of Object.keys(RESTORE_FALLBACK)) expect(all).toContain(f);
    // Every bundled scenario restores: 69 of 69.
    expect([all.length - Object.keys(RESTORE_FALLBACK).length, all.length]).toEqual([69, 69]);
  });

  it.each(scenarios)('%s: saving at T and continuing from T give the uninterrupted run byte for byte', (file) => {
    // A checkpoint that holds the state, or the reason it does not.
    expect(roundTrip(() => loadScenario(join(root, file))).restores).toBe(RESTORE_FALLBACK[file] ?? 'restores');
  });
});
