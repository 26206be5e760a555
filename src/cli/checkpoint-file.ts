/**
 * Checkpoint files (src/checkpoint/format.ts): written into a run's folder
 * by the simulation thread, read back and checked by `--from`. A checkpoint
 * is untrusted input: JSON checked by a zod schema, its digests recomputed,
 * its data files checked by sha256, the tables it continues checked to be
 * beside it (table-prefix.ts); a problem is one line, exit 2.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  CHECKPOINT_FORMAT_VERSIONS,
  CheckpointHeadSchema,
  checkpointName,
  CheckpointSchema,
  snapshotSha256,
  STATE_FORMAT_VERSION,
  stateDigest,
  type Checkpoint,
  type RunState,
  type Snapshot,
} from '../checkpoint/format.js';
import { InputError, InputErrors } from '../errors.js';
import { loadScenarioText, readText } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { fileSha256, textSha256 } from './sha256.js';
import { writeWhole } from './sweep-folder.js';
import { checkTablePrefixes } from './table-prefix.js';
import { packageVersion } from './version.js';

/** What a run's checkpoints record of its scenario besides the text (the folder's scenario.resolved.yaml). */
export interface CheckpointScenario {
  readonly name: string;
  readonly seed: number;
  readonly resolved: string;
  readonly sha256: string;
  readonly data: readonly { readonly name: string; readonly sha256: string }[];
}

/** Writes the checkpoint at `at` into `folder` (whole, or not at all): format 3 with the state itself when `snapshot` is given, else format 1. */
export function writeCheckpoint(folder: string, scenario: CheckpointScenario, at: number, state: RunState, digest: string, snapshot?: Snapshot): void {
  const how = snapshot === undefined ? ({ format_version: CHECKPOINT_FORMAT_VERSION, restore: 'replay' } as const) : ({ format_version: STATE_FORMAT_VERSION, restore: 'state' } as const);
  const checkpoint = {
    format: CHECKPOINT_FORMAT,
    format_version: how.format_version,
    simulator: { name: 'mesos-sim', version: packageVersion() },
    at,
    restore: how.restore,
    scenario: { name: scenario.name, seed: scenario.seed, resolved: scenario.resolved, sha256: scenario.sha256, data: scenario.data.map((d) => ({ name: d.name, sha256: d.sha256 })) },
    state,
    digest,
  } satisfies Record<Exclude<keyof Checkpoint, 'snapshot'>, unknown>;
  // The fields above indented as format 1 writes them; the snapshot (the bulk of the file) on one line.
  const head = JSON.stringify(checkpoint, null, 2);
  const text = snapshot === undefined ? head : `${head.slice(0, -2)},\n  "snapshot": ${JSON.stringify(snapshot)}\n}`;
  writeWhole(join(folder, checkpointName(at)), text + '\n');
}

/** A checkpoint read and checked, with the file it came from. */
export interface LoadedCheckpoint {
  /** The file as given. */
  readonly file: string;
  /** sha256 of the file. */
  readonly sha256: string;
  readonly checkpoint: Checkpoint;
}

/** Reads `file` and checks it is a checkpoint this simulator continues: its format, version, schema, digests and data files. */
export function readCheckpoint(file: string): LoadedCheckpoint {
  const text = readText(file, 'checkpoint');
  const refuse = (what: string): never => {
    throw new InputError(`sim: checkpoint ${file}: ${what}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return refuse(`not JSON (${(e as Error).message.replace(/\s+/g, ' ')}; expected a checkpoint-<T>.json written by sim run --checkpoint-at)`);
  }
  const head = CheckpointHeadSchema.safeParse(json);
  if (!head.success) refuse(`not a mesos-sim checkpoint (expected a file written by sim run --checkpoint-at, with "format": "${CHECKPOINT_FORMAT}")`);
  const { format_version: version, simulator } = head.data!;
  if (!CHECKPOINT_FORMAT_VERSIONS.includes(version)) refuse(`checkpoint format version ${version} (expected version ${CHECKPOINT_FORMAT_VERSIONS.join(' or ')}, the ones mesos-sim ${packageVersion()} reads)`);
  if (simulator.version !== packageVersion()) {
    refuse(`made by mesos-sim ${simulator.version} (expected one made by this version, ${packageVersion()}: a run continues only on the simulator that saved it; run the scenario again from its start)`);
  }
  const parsed = CheckpointSchema.safeParse(json);
  if (!parsed.success) throw new InputErrors(parsed.error.issues.map((i) => `sim: checkpoint ${file}: ${fieldName(i)}: ${i.message}`));
  const checkpoint = parsed.data;
  const { scenario, state, at, digest } = checkpoint;
  const snapshotEdited = checkpoint.format_version === STATE_FORMAT_VERSION && snapshotSha256(checkpoint.snapshot) !== checkpoint.snapshot.sha256;
  if (textSha256(scenario.resolved) !== scenario.sha256 || stateDigest(at, scenario.sha256, state) !== digest || snapshotEdited) {
    refuse('its digests do not match its content (expected a checkpoint as sim wrote it: the file was edited or corrupted)');
  }
  for (const d of scenario.data) {
    const path = dataPath(file, d.name);
    if (!existsSync(path)) refuse(`data file ${d.name} is missing (expected it at ${path}, where sim run put it beside the checkpoint)`);
    if (fileSha256(path) !== d.sha256) refuse(`data file ${d.name} changed since the checkpoint was made (expected sha256 ${d.sha256})`);
  }
  const loaded = { file, sha256: textSha256(text), checkpoint };
  checkTablePrefixes(file, checkpointTables(loaded));
  return loaded;
}

/** The saved run's tables a format-3 checkpoint continues (those with rows: their text is the start of the result file beside it); none for format 1. */
export function checkpointTables(c: LoadedCheckpoint): { table: string; bytes: number }[] {
  const { checkpoint } = c;
  if (checkpoint.format_version !== STATE_FORMAT_VERSION) return [];
  const rows = new Map(checkpoint.state.tables.map((t) => [t.table, t.rows]));
  return checkpoint.snapshot.tables.filter((t) => (rows.get(t.table) ?? 0) > 0).map((t) => ({ table: t.table, bytes: t.bytes }));
}

/** A data file a checkpoint names, beside it. */
export const dataPath = (file: string, name: string): string => join(dirname(resolve(file)), ...name.split('/'));

/** The checkpoint's scenario with `sets` applied, loaded as from a file beside it (its data files are its run folder's copies). */
export function checkpointScenario(c: LoadedCheckpoint, sets: readonly string[]): Scenario {
  return loadScenarioText(c.checkpoint.scenario.resolved, `${c.file} (its scenario)`, dirname(resolve(c.file)), sets);
}

function fieldName(issue: z.core.$ZodIssue): string {
  return issue.path.length === 0 ? 'the file' : `field ${issue.path.map(String).join('.')}`;
}
