/**
 * The checkpoint file: what `sim run --checkpoint-at T` saves and `--from`
 * reads (docs/checkpoints.md). A checkpoint is untrusted input: it is parsed
 * as JSON and checked with the zod schema below, never executed; a plug-in
 * allocator it names loads only under --allow-plugins, as from a scenario.
 *
 * Format version 1 continues by deterministic re-execution: the file holds
 * the resolved scenario (its text, seed and data files by sha256), the moment
 * T, the simulator's version, and the state at T as a record (`RunState`,
 * state.ts) with its digest. `--from` runs the scenario again to T, checks
 * that it reached the same state, then applies the fork's changes and goes
 * on: continuing costs the prefix's time.
 *
 * Format version 2 (`restore: 'state'`) holds the same, and the state itself
 * (`snapshot`): every actor's snapshot as one encoded graph (snapshot.ts) and
 * the rows of each table so far. `--from` builds the world and restores it,
 * without running the events up to T again, then checks the restored state
 * against the digest as version 1 does. A run whose actors cannot all be
 * restored saves version 1.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The `format` field of every checkpoint file. */
export const CHECKPOINT_FORMAT = 'mesos-sim-checkpoint';

/** The version of the layout below that continues by replay; a file of a version not listed in CHECKPOINT_FORMAT_VERSIONS is refused. */
export const CHECKPOINT_FORMAT_VERSION = 1;

/** The version that holds the state and continues by restoring it. */
export const STATE_FORMAT_VERSION = 2;

/** The versions this simulator reads. */
export const CHECKPOINT_FORMAT_VERSIONS: readonly number[] = [CHECKPOINT_FORMAT_VERSION, STATE_FORMAT_VERSION];

const sha256 = () => z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in 64 lowercase hex digits');
const count = () => z.int().min(0).max(Number.MAX_SAFE_INTEGER);
const finite = () => z.number().refine(Number.isFinite, 'a finite number');

/** The state of a run at T, as recorded (state.ts makes it). */
export const RunStateSchema = z.strictObject({
  /** Events handled up to T (every event due at or before T). */
  events: count(),
  /** Events queued after T. */
  pending: count(),
  /** Each random stream's Alea state, in the order the streams were made. */
  random: z.array(
    z.strictObject({
      stream: z.string().max(1000),
      c: finite(),
      s0: finite(),
      s1: finite(),
      s2: finite(),
    }),
  ),
  /** Each result table's rows written up to T: how many, and the sha256 of their text. */
  tables: z.array(z.strictObject({ table: z.string().max(100), rows: count(), sha256: sha256() })),
});

export type RunState = z.output<typeof RunStateSchema>;

/** The first fields, read alone so that a file of another version is named as such, whatever else it holds. */
export const CheckpointHeadSchema = z.looseObject({
  format: z.literal(CHECKPOINT_FORMAT),
  format_version: z.int(),
  simulator: z.looseObject({ name: z.literal('mesos-sim'), version: z.string().max(100) }),
});

const ReplayCheckpointSchema = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  format_version: z.literal(CHECKPOINT_FORMAT_VERSION),
  simulator: z.strictObject({ name: z.literal('mesos-sim'), version: z.string().max(100) }),
  /** Simulated seconds: the state after every event due at or before `at`. */
  at: finite().min(0),
  /** How `--from` continues: 'replay' (run again to `at` and check the state). */
  restore: z.literal('replay'),
  scenario: z.strictObject({
    name: z.string().max(1000),
    seed: count(),
    /** The resolved scenario's YAML, as in the run folder's scenario.resolved.yaml. */
    resolved: z.string().max(64 * 2 ** 20),
    /** sha256 of `resolved`. */
    sha256: sha256(),
    /** The data files `resolved` names, relative to the checkpoint's folder, with their sha256. */
    data: z.array(z.strictObject({ name: z.string().max(4096).regex(/^data\/[0-9a-f]{16}\/(?!\.\.?$)[^/\\]+$/, 'data/<16 hex digits>/<file name>'), sha256: sha256() })),
  }),
  state: RunStateSchema,
  /** sha256 of the canonical JSON of { at, scenario sha256, state } (`stateDigest`). */
  digest: sha256(),
});

/** The state itself (format 2): what restoring it needs. */
export const SnapshotSchema = z.strictObject({
  /** The actors saved, in the order they are restored (snapshot-run.ts). */
  parts: z.array(z.string().max(100)).max(1000),
  /**
   * Their snapshots as one graph, encoded by devalue (snapshot.ts): a flat
   * JSON array, whose entries decoding checks (and each actor what it takes).
   */
  graph: z.array(z.unknown()).min(1),
  /**
   * Each table's header and rows up to T (written again, first thing, by the
   * continued run, which checks each cell is a string or a number: a
   * schema walk of every cell of a long run's rows cost more than the rest;
   * each row is checked to be a list here, and taken as it is, not copied).
   */
  tables: z.array(z.strictObject({ table: z.string().max(100), header: z.array(z.string().max(1000)).nullable(), rows: z.array(z.custom<unknown[]>((r) => Array.isArray(r), 'a row: a list of cells')) })),
  /** sha256 of the canonical JSON of { parts, graph, tables } (`snapshotSha256`). */
  sha256: sha256(),
});

export type Snapshot = z.output<typeof SnapshotSchema>;

const StateCheckpointSchema = ReplayCheckpointSchema.extend({
  format_version: z.literal(STATE_FORMAT_VERSION),
  /** How `--from` continues: 'state' (build the world and restore it). */
  restore: z.literal('state'),
  snapshot: SnapshotSchema,
});

export const CheckpointSchema = z.discriminatedUnion('format_version', [ReplayCheckpointSchema, StateCheckpointSchema]);

export type Checkpoint = z.output<typeof CheckpointSchema>;

/** The sha256 of a snapshot's content (what its `sha256` field must be). */
export function snapshotSha256(s: Omit<Snapshot, 'sha256'>): string {
  return createHash('sha256').update(JSON.stringify([s.parts, s.graph, s.tables])).digest('hex');
}

/** The digest of the state at `at` of the scenario whose resolved text has sha256 `scenarioSha256`. */
export function stateDigest(at: number, scenarioSha256: string, state: RunState): string {
  // Written field by field: the digest does not depend on the order of keys in the file.
  const canonical = {
    at,
    scenario: scenarioSha256,
    events: state.events,
    pending: state.pending,
    random: state.random.map((r) => [r.stream, r.c, r.s0, r.s1, r.s2]),
    tables: state.tables.map((t) => [t.table, t.rows, t.sha256]),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** Where in a result folder the checkpoint at `at` is written: `checkpoint-<at>.json`. */
export const checkpointName = (at: number): string => `checkpoint-${at}.json`;
