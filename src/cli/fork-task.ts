/**
 * The moments of a run task (run-thread.ts) as data that crosses to the
 * simulation thread: the checkpoints to save into the run's folder, and the
 * fork to make. The worker turns them into the run's `RunMoments`
 * (src/checkpoint/moments.ts), loading the fork's plug-in, if any.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlugin } from '../allocator/plugin.js';
import { RunMoments } from '../checkpoint/moments.js';
import type { Scenario } from '../scenario/schema.js';
import { writeCheckpoint } from './checkpoint-file.js';
import { RESOLVED_FILE } from './resolved-scenario.js';

export interface MomentsTask {
  /** Simulated times to save a checkpoint at, into the run's folder. */
  readonly checkpointAt: readonly number[];
  /** The data files the run's resolved scenario names (the checkpoints record them). */
  readonly data: readonly { readonly name: string; readonly sha256: string }[];
  readonly fork?: {
    readonly at: number;
    readonly digest: string;
    /** The checkpoint file as given, for messages. */
    readonly checkpoint: string;
    /** The policy from `at` on: a scenario under it, and its plug-in module; absent: unchanged. */
    readonly allocator?: { readonly scenario: Scenario; readonly plugin?: { readonly name: string; readonly base: string } | undefined } | undefined;
  };
}

/** The run's moments, saving checkpoints into `folder` (whose scenario.resolved.yaml, of sha256 `scenarioSha256`, is the run's). */
export async function runMoments(task: MomentsTask, scenario: Scenario, folder: string, scenarioSha256: string): Promise<RunMoments> {
  const target = task.fork?.allocator;
  const factory = target?.plugin === undefined ? undefined : await loadPlugin(target.plugin.name, target.plugin.base);
  const recorded = { name: scenario.name, seed: scenario.seed, sha256: scenarioSha256, data: task.data };
  return new RunMoments({
    checkpointAt: task.checkpointAt,
    scenarioSha256,
    save: (at, state, digest) => writeCheckpoint(folder, { ...recorded, resolved: readFileSync(join(folder, RESOLVED_FILE), 'utf8') }, at, state, digest),
    fork: task.fork === undefined ? undefined : { ...task.fork, allocator: target === undefined ? undefined : { scenario: target.scenario, factory } },
  });
}
