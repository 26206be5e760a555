/**
 * The checkpoint round trip of one scenario (docs/checkpoints.md), run in
 * process through the same functions as the simulation thread of `sim run`
 * (run-files.ts, with the moments of src/checkpoint): the run without a
 * checkpoint, the run that saves one at T, the run continued from it by
 * replay and, when the checkpoint holds the state (format 3), by restoring
 * it. Used by test/checkpoint/round-trip.test.ts (the bundled scenarios) and
 * baselines-round-trip.test.ts (the baseline allocators).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { RunMoments, type ForkPlan } from '../../src/checkpoint/moments.js';
import type { RunState, Snapshot } from '../../src/checkpoint/format.js';
import type { SimTime } from '../../src/core/event-queue.js';
import { forwarding, type RunObserver } from '../../src/master/observer.js';
import type { Scenario } from '../../src/scenario/schema.js';
import type { World } from '../../src/world.js';
import { runIntoFolder } from '../../src/cli/run-files.js';
import { tablePrefixes } from '../../src/cli/table-prefix.js';
import { resultFiles } from './result-files.js';
import { tempDir } from './temp.js';

const SHA = 'f'.repeat(64);

/** The moments, counting the events the run handles. */
export class Counting extends RunMoments {
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

/** A checkpoint saved in process: its moment, recorded state, digest and snapshot (undefined: format 1). */
export interface Saved {
  readonly at: SimTime;
  readonly state: RunState;
  readonly digest: string;
  readonly snapshot: Snapshot | undefined;
  /** The saved run's folder (its result files hold the tables' text up to `at`). */
  readonly folder: string;
}

/** What a round trip found: the checkpoint, why it does not hold the state ('restores' when it does), and the events of the uninterrupted run. */
export interface RoundTrip {
  readonly saved: Saved;
  readonly restores: string;
  readonly events: number;
  /** The folder holding `plain/`, `saved/`, `continued/` and (format 3) `restored/`. */
  readonly work: string;
}

/** Every result file of each of `names` under `work` is the same bytes as `expected`'s. */
export function expectSameFiles(work: string, expected: string, names: readonly string[]): void {
  const want = resultFiles(join(work, expected));
  expect(want.size).toBeGreaterThanOrEqual(9);
  for (const name of names) {
    const got = resultFiles(join(work, name));
    expect([...got.keys()], name).toEqual([...want.keys()]);
    for (const [f, bytes] of want) expect(got.get(f)!.equals(bytes), `${name}/${f}`).toBe(true);
  }
}

/** Runs `scenario()` into `work/name` under `moments` (none: as any run); its summary. */
export function runInto(work: string, name: string, scenario: Scenario, moments?: RunMoments): ReturnType<typeof runIntoFolder> {
  const folder = join(work, name);
  mkdirSync(folder);
  return runIntoFolder(scenario, folder, { wallClock: false, ...(moments !== undefined ? { moments } : {}) }, SHA);
}

/** A fork plan from `saved`: by restoring its state when `restore` (format 3), else by replay; `allocator`: the fork's policy. */
export function forkOf(saved: Saved, restore: boolean, allocator?: ForkPlan['allocator']): ForkPlan {
  const { at, digest, state, snapshot } = saved;
  // Through JSON, as from the file.
  const fromFile = restore && snapshot !== undefined ? (JSON.parse(JSON.stringify(snapshot)) as Snapshot) : undefined;
  const prefix = tablePrefixes(join(saved.folder, 'checkpoint.json'));
  return { at, digest, checkpoint: 'test', ...(allocator !== undefined ? { allocator } : {}), ...(fromFile !== undefined ? { state: { random: state.random, tables: state.tables, snapshot: fromFile, prefix } } : {}) };
}

/**
 * Saving at `at` (of the run's end and the work folder; default: the middle
 * of the run, in whole seconds when the run is long enough to have one) and continuing from it give the
 * uninterrupted run byte for byte: the run that saves, the run continued by
 * replay (which handles every event again), and, for a checkpoint that holds
 * the state, the run continued by restoring it, which handles none of the
 * events before `at` again.
 */
export function roundTrip(scenario: () => Scenario, at?: (end: SimTime, work: string) => SimTime): RoundTrip {
  const work = tempDir('cp-round-');
  const plain = runInto(work, 'plain', scenario());
  const end = plain.simulated.end;
  const t = at?.(end, work) ?? (end >= 2 ? Math.floor(end / 2) : end / 2);
  const checkpoints: Saved[] = [];
  const checkpointed = new RunMoments({ checkpointAt: [t], scenarioSha256: SHA, save: (when, state, digest, snapshot) => checkpoints.push({ at: when, state, digest, snapshot, folder: join(work, 'saved') }) });
  runInto(work, 'saved', scenario(), checkpointed);
  expect(checkpoints.map((s) => s.at)).toEqual([t]);
  const saved = checkpoints[0]!;
  const replayed = new Counting({ checkpointAt: [], scenarioSha256: SHA, fork: forkOf(saved, false) });
  runInto(work, 'continued', scenario(), replayed);
  expect(replayed.handled).toBe(plain.events);
  const compared = ['saved', 'continued'];
  if (saved.snapshot !== undefined) {
    const restored = new Counting({ checkpointAt: [], scenarioSha256: SHA, fork: forkOf(saved, true) });
    runInto(work, 'restored', scenario(), restored);
    expect(restored.handled).toBe(plain.events - saved.state.events);
    compared.push('restored');
  }
  expectSameFiles(work, 'plain', compared);
  return { saved, restores: saved.snapshot === undefined ? (checkpointed.whyNotRestorable() ?? 'no reason') : 'restores', events: plain.events, work };
}

export { SHA };
