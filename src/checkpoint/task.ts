/**
 * A run's moments as data that crosses to a simulation thread (a run task
 * of `sim run` or `sim compare`, a sweep's cell): the checkpoints to save and
 * the fork to make. `momentsOf` turns it into the run's `RunMoments` on the
 * thread, loading the fork's plug-in, if any.
 *
 * @module
 */
import { loadPlugin } from '../allocator/plugin.js';
import type { Scenario } from '../scenario/schema.js';
import type { RunState, Snapshot } from './format.js';
import { RunMoments } from './moments.js';
import type { PrefixSource } from './state.js';

export interface MomentsTask {
  /** Simulated times to save a checkpoint at, into the run's folder. */
  readonly checkpointAt: readonly number[];
  /** The data files the run's resolved scenario names (the checkpoints record them). */
  readonly data: readonly { readonly name: string; readonly sha256: string }[];
  readonly fork?: ForkTask | undefined;
}

export interface ForkTask {
  readonly at: number;
  readonly digest: string;
  /** The checkpoint file as given, for messages. */
  readonly checkpoint: string;
  /** The policy from `at` on: a scenario under it, and its plug-in module; absent: unchanged. */
  readonly allocator?: { readonly scenario: Scenario; readonly plugin?: { readonly name: string; readonly base: string } | undefined } | undefined;
  /** The state at `at`, from a format-3 checkpoint (restored, not replayed): the random streams', the tables' (rows and sha256 each) and the snapshot; absent: replay. */
  readonly state?: { readonly random: RunState['random']; readonly tables: RunState['tables']; readonly snapshot: Snapshot } | undefined;
}

/**
 * The run's moments; `scenarioSha256` is its resolved scenario's, `save`
 * writes a checkpoint, `prefix` reads the saved run's tables (a fork that
 * restores the state and writes tables).
 */
export async function momentsOf(
  task: MomentsTask,
  scenarioSha256: string,
  save?: (at: number, state: RunState, digest: string, snapshot: Snapshot | undefined) => void,
  prefix?: PrefixSource,
): Promise<RunMoments> {
  const fork = task.fork;
  const target = fork?.allocator;
  const factory = target?.plugin === undefined ? undefined : await loadPlugin(target.plugin.name, target.plugin.base);
  return new RunMoments({
    checkpointAt: task.checkpointAt,
    scenarioSha256,
    ...(save !== undefined ? { save } : {}),
    fork: fork === undefined ? undefined : { ...fork, allocator: target === undefined ? undefined : { scenario: target.scenario, factory }, state: fork.state === undefined ? undefined : { ...fork.state, prefix } },
  });
}
