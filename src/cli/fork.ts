/**
 * `sim run --from CHECKPOINT`: continues a saved run (docs/checkpoints.md),
 * unchanged or under another policy (`--allocator`, `--set
 * master.allocator_options...`). Also what `sim compare --from` plans each
 * policy with (`planFork`), and the checks of `--checkpoint-at`.
 *
 * A fork's folder holds what `sim run` writes (scenario.resolved.yaml is
 * the saved run's, byte for byte) and `fork.json`: the checkpoint it
 * continued (its sha256, moment and digest) and the fields changed.
 * Unchanged, every other file is the same bytes as the run from the start.
 *
 * @module
 */
import { join, resolve } from 'node:path';
import { isExecName } from '../allocator/exec/command.js';
import { forkChanges, refusedChanges, type ForkChange } from '../checkpoint/fork-rules.js';
import { STATE_FORMAT_VERSION } from '../checkpoint/format.js';
import { InputError, InputErrors } from '../errors.js';
import type { Scenario } from '../scenario/schema.js';
import { checkpointScenario, checkpointTables, dataPath, readCheckpoint, type LoadedCheckpoint } from './checkpoint-file.js';
import { allocatorSets } from './checked-scenario.js';
import type { MomentsTask } from './fork-task.js';
import { pluginOf, type Plugin } from './plugins.js';
import { Provenance } from './provenance.js';
import { ResultDir } from './result-dir.js';
import { runIntoDir } from './run-into-dir.js';
import { tableFile } from './table-prefix.js';
import { workerPlugin } from './run-thread.js';
import { writeWhole } from './sweep-folder.js';

/** A fork's record in its folder. */
export const FORK_FILE = 'fork.json';

/** The times of `--checkpoint-at`, checked, in order, each once. */
export function checkpointTimes(values: readonly number[]): number[] {
  for (const t of values) {
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) throw new InputError(`sim: --checkpoint-at: not a simulated time in seconds >= 0 (got ${String(t)})`);
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

/** Refuses a checkpoint time at or after a timed run's end (a drained run's end is known only when it comes). */
export function checkBeforeEnd(times: readonly number[], s: Scenario): void {
  const late = s.until === 'drained' ? undefined : times.find((t) => t >= (s.until as number));
  if (late !== undefined) throw new InputError(`sim: --checkpoint-at ${late}: at or after the run's end (until: ${s.until} s; expected a time before it)`);
}

/** A fork planned: the saved run's scenario and plug-in, what changes, and the task's moments. */
export interface Fork {
  readonly checkpoint: LoadedCheckpoint;
  /** The saved run's scenario (what runs up to the moment). */
  readonly original: Scenario;
  /** Its plug-in, if its allocator is one. */
  readonly plugin: Plugin | undefined;
  /** The scenario from the moment on. */
  readonly forked: Scenario;
  readonly changes: readonly ForkChange[];
  /** The fork's policy's plug-in, if it changes to one. */
  readonly targetPlugin: Plugin | undefined;
  readonly moments: MomentsTask;
}

/**
 * Reads `checkpoint`, applies `sets` (and `allocator`: the policy from the
 * moment on) and checks that a fork can make every change; loads the plug-ins
 * (the saved run's only under --allow-plugins: a checkpoint alone never
 * loads code).
 */
export async function planFork(file: string, sets: readonly string[], allocator: string | undefined, allowPlugins: boolean, load = true): Promise<Fork> {
  const checkpoint = readCheckpoint(file);
  const { at, digest } = checkpoint.checkpoint;
  const original = checkpointScenario(checkpoint, []);
  const plugin = await pluginOf(original.master.allocator, { by: 'file', file, field: 'scenario: master.allocator', what: 'checkpoint' }, { allowPlugins, load });
  const all = [...sets, ...(allocator === undefined ? [] : allocatorSets((s) => checkpointScenario(checkpoint, s), allocator, sets))];
  const forked = checkpointScenario(checkpoint, all);
  const changes = forkChanges(original, forked);
  const refused = refusedChanges(changes, at);
  if (refused.length > 0) throw new InputErrors(refused);
  const changed = changes.length > 0;
  if (changed && (isExecName(original.master.allocator) || isExecName(forked.master.allocator))) {
    const exec = isExecName(original.master.allocator) ? original.master.allocator : forked.master.allocator;
    throw new InputError(`sim: master.allocator: cannot change at a fork at ${at} s to or from '${exec}' (a policy in another process follows the run from its start; expected built-in or plug-in policies on both sides)`);
  }
  const targetPlugin = changed ? await pluginOf(forked.master.allocator, { by: 'command line' }, { allowPlugins, load, allocatorFlag: '--allocator' }) : undefined;
  const moments: MomentsTask = {
    checkpointAt: [],
    data: [],
    fork: {
      at,
      digest,
      checkpoint: file,
      allocator: changed ? { scenario: forked, plugin: workerPlugin(targetPlugin) } : undefined,
      // Format 3 holds the state: restored rather than replayed.
      state: checkpoint.checkpoint.format_version === STATE_FORMAT_VERSION ? { random: checkpoint.checkpoint.state.random, tables: checkpoint.checkpoint.state.tables, snapshot: checkpoint.checkpoint.snapshot } : undefined,
    },
  };
  return { checkpoint, original, plugin, forked, changes, targetPlugin, moments };
}

/** The files a fork reads: the checkpoint, its data files, the saved run's tables it continues, and the plug-in modules. */
export function forkInputs(f: Fork): string[] {
  const modules = [f.plugin, f.targetPlugin].filter((p): p is Plugin => p !== undefined && !isExecName(p.name)).map((p) => resolve(p.base, p.name));
  const { file, checkpoint } = f.checkpoint;
  const tables = checkpointTables(f.checkpoint).map((t) => tableFile(file, t.table));
  return [resolve(file), ...checkpoint.scenario.data.map((d) => dataPath(file, d.name)), ...tables, ...modules];
}

/** Records `f` in a provenance: the checkpoint and the plug-in modules as inputs. */
export function forkProvenance(f: Fork, provenance: Provenance): void {
  provenance.input(f.checkpoint.file);
  for (const p of [f.plugin, f.targetPlugin]) if (p !== undefined && !isExecName(p.name)) provenance.input(resolve(p.base, p.name));
}

/**
 * Checks that the saved run's scenario resolved again to the text the
 * checkpoint records (sha256 `recorded`), and writes fork.json into `folder`.
 */
export function recordFork(f: Fork, folder: string, recorded: string): void {
  const { checkpoint } = f.checkpoint;
  if (recorded !== checkpoint.scenario.sha256) {
    throw new InputError(`sim: checkpoint ${f.checkpoint.file}: its scenario does not resolve to the text it records (expected a checkpoint as sim wrote it)`);
  }
  const record = {
    from: { checkpoint_sha256: f.checkpoint.sha256, at: checkpoint.at, digest: checkpoint.digest, scenario_sha256: checkpoint.scenario.sha256 },
    changes: f.changes.map((c) => ({ field: c.field, from: c.from ?? null, to: c.to ?? null })),
  };
  writeWhole(join(folder, FORK_FILE), JSON.stringify(record, null, 2) + '\n');
}

/** The flags of `sim run` that `--from` reads (commands.ts RunArgs). */
export interface ForkArgs {
  readonly from: string;
  /** A scenario beside --from is refused. */
  readonly scenario?: string | undefined;
  readonly seed?: number | undefined;
  readonly checkpointAt?: readonly number[] | undefined;
  readonly allocator?: string | undefined;
  readonly set: readonly string[];
  readonly out?: string | undefined;
  readonly wallClock: boolean;
  readonly verify: boolean;
  readonly allowPlugins: boolean;
  readonly force: boolean;
  readonly progress?: boolean | undefined;
}

/** `sim run --from`: returns the exit code. */
export async function forkCommand(args: ForkArgs): Promise<number> {
  if (args.scenario !== undefined) {
    throw new InputError(`sim run: both a scenario (${args.scenario}) and --from ${args.from} (expected one: a scenario runs from its start, a checkpoint continues a saved run)`);
  }
  if (args.seed !== undefined) throw new InputError('sim: --seed: cannot change at a fork: the random streams were drawn from the saved run\'s seed (expected no --seed with --from)');
  if ((args.checkpointAt ?? []).length > 0) throw new InputError('sim: --checkpoint-at: not with --from (expected checkpoints of a run from its start)');
  const fork = await planFork(args.from, args.set, args.allocator, args.allowPlugins);
  const { name } = fork.original;
  const dir = new ResultDir(args.out ?? `results/${name}-from-${fork.checkpoint.checkpoint.at}`, { command: 'run', inputs: forkInputs(fork), force: args.force });
  const provenance = new Provenance();
  forkProvenance(fork, provenance);
  return runIntoDir(dir, fork.original, {
    plugin: fork.plugin,
    provenance,
    wallClock: args.wallClock,
    verify: args.verify,
    progress: args.progress,
    moments: () => fork.moments,
    recorded: (staging, sha256) => recordFork(fork, staging, sha256),
  });
}
