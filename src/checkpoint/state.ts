/**
 * What a checkpoint records of a run's state at T (format.ts): the events
 * handled and queued, each random stream's Alea state, and each result
 * table's rows so far (their number and sha256). Built from outside the
 * actors: a random source that can tell its streams' states, and sinks that
 * hash the rows passing through them on their way to the real ones. Neither
 * changes a number drawn or a row written.
 *
 * @module
 */
import { createHash, type Hash } from 'node:crypto';
import seedrandom from 'seedrandom';
import { streamSeed, type DrawState, type Random, type RandomSource } from '../core/random.js';
import type { Snapshotting } from './snapshotting.js';
import { nullTable, type Cell, type RunSinks, type TableSink } from '../metrics/sinks.js';
import { InvariantError } from '../errors.js';
import type { RunState } from './format.js';
import type { TableRows } from './snapshot-run.js';

/** randomSource's streams (the same numbers), each of which can tell its state. */
export class RecordingRandom implements RandomSource {
  readonly #streams: { readonly name: string; prng: seedrandom.StatefulPRNG<seedrandom.State.Alea> }[] = [];

  /** The saved run's streams' states, once restored: a stream made after the restore starts from its saved state. */
  #saved: RunState['random'] | undefined;

  constructor(readonly seed: number) {}

  stream(name: string): Random {
    const saved = this.#saved?.[this.#streams.length];
    if (saved !== undefined && saved.stream !== name) throw new InvariantError(`random streams: stream ${this.#streams.length} of the saved run is ${saved.stream}, this run's ${name}`);
    const entry = { name, prng: saved === undefined ? seedrandom.alea(streamSeed(this.seed, name), { state: true }) : aleaAt(saved) };
    this.#streams.push(entry);
    return { next: () => entry.prng(), track: (state) => this.#track(state) };
  }

  /** What the streams' users keep between draws, in the order they handed it over (a Box-Muller spare each). */
  readonly #tracked: DrawState[] = [];
  /** The saved run's, once restored: one handed over after the restore starts from its saved value. */
  #savedDraws: readonly unknown[] | undefined;

  #track(state: DrawState): void {
    const i = this.#tracked.length;
    this.#tracked.push(state);
    if (this.#savedDraws !== undefined && i < this.#savedDraws.length) state.load(this.#savedDraws[i]);
  }

  /** The state the streams' users keep between draws, as a run actor (src/checkpoint/snapshot-run.ts). */
  readonly draws: Snapshotting<unknown[]> = {
    saveState: () => this.#tracked.map((t) => t.save()),
    loadState: (saved) => {
      if (!Array.isArray(saved) || saved.length < this.#tracked.length) throw new RangeError(`${this.#tracked.length} or more draw states`);
      this.#tracked.forEach((t, i) => t.load(saved[i]));
      this.#savedDraws = saved;
    },
  };

  /**
   * Sets each stream to its state in `states` (a states() of a run of the
   * same scenario: the same streams, made in the same order), so that each
   * draws from there on what it would have drawn; a stream the saved run had
   * made and this one has not yet starts from its saved state when made.
   * Throws when the streams differ.
   */
  restore(states: RunState['random']): void {
    const made = this.#streams;
    if (states.length < made.length || states.some((s, i) => i < made.length && s.stream !== made[i]!.name)) {
      throw new InvariantError(`random streams: the saved run made ${states.map((s) => s.stream).join(', ')}; this one ${made.map((s) => s.name).join(', ')}`);
    }
    states.forEach((state, i) => {
      if (i < made.length) made[i]!.prng = aleaAt(state);
    });
    this.#saved = states;
  }

  /** Each stream's state now, in the order they were made. */
  states(): RunState['random'] {
    return this.#streams.map(({ name, prng }) => ({ stream: name, ...prng.state() }));
  }
}

/** An Alea generator at a saved state (stateful: it can tell its state again). */
const aleaAt = ({ c, s0, s1, s2 }: RunState['random'][number]): seedrandom.StatefulPRNG<seedrandom.State.Alea> => seedrandom.alea('', { state: { c, s0, s1, s2 } });

/** A sink that hashes every row's text before passing it on, and keeps its rows when asked (a checkpoint holding the state writes them). */
class HashingTable implements TableSink {
  readonly #hash: Hash = createHash('sha256');
  /** False after the run's last moment: no digest is asked for any more. */
  hashing = true;
  rows = 0;
  header_: readonly string[] | null = null;
  kept: (readonly Cell[])[] | undefined;
  constructor(
    readonly inner: TableSink,
    keep: boolean,
  ) {
    this.kept = keep ? [] : undefined;
  }
  header(columns: readonly string[]): void {
    this.header_ = [...columns];
    this.#hash.update(columns.join(',') + '\n');
    this.inner.header(columns);
  }
  row(cells: readonly Cell[]): void {
    this.rows++;
    this.kept?.push([...cells]);
    if (this.hashing) this.#hash.update(cells.join(',') + '\n');
    this.inner.row(cells);
  }
  /** sha256 of the text so far (the hash goes on). */
  digest(): string {
    if (!this.hashing) throw new InvariantError('a table digest asked for after the last moment');
    return this.#hash.copy().digest('hex');
  }
}

/** Every table of a run. */
const TABLES = ['tasks', 'offers', 'utilization', 'prices', 'events', 'jobs', 'shares', 'fairness', 'queues', 'waits'] as const satisfies readonly (keyof RunSinks)[];
// A table added to RunSinks and not listed above does not compile.
type Unlisted = Exclude<keyof RunSinks, (typeof TABLES)[number]>;
const everyTableListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyTableListed;

/**
 * The run's sinks, each behind a hashing one. Every table is made, a table
 * the run does not keep (`sim compare --no-tables`, a sweep's cell) into
 * nothing: its rows are hashed all the same, so that the state at T is the
 * same whichever tables a run writes. With `keep`, each table's rows are
 * kept too (a run that saves checkpoints holding the state).
 */
export class HashingSinks {
  readonly #tables: [string, HashingTable][] = [];
  readonly sinks: RunSinks;

  constructor(sinks: RunSinks, keep = false) {
    const wrapped: Record<string, TableSink> = {};
    for (const name of TABLES) {
      const table = new HashingTable(sinks[name] ?? nullTable, keep);
      this.#tables.push([name, table]);
      wrapped[name] = table;
    }
    this.sinks = wrapped as unknown as RunSinks;
  }

  /** Each table's rows so far, in a fixed order (by name). */
  tables(): RunState['tables'] {
    return this.#sorted().map(([table, t]) => ({ table, rows: t.rows, sha256: t.digest() }));
  }

  /** Each table's header and rows so far, in the order of tables() (made with `keep`). */
  rows(): TableRows[] {
    return this.#sorted().map(([table, t]) => {
      if (t.kept === undefined) throw new InvariantError(`table ${table}: its rows were not kept`);
      return { table, header: t.header_, rows: t.kept };
    });
  }

  /** Hashes no more rows (after the run's last moment: about a tenth of the CPU time of writing them). */
  stopHashing(): void {
    for (const [, t] of this.#tables) t.hashing = false;
  }

  /** Keeps no more rows (after the last checkpoint), and lets go of those kept. */
  stopKeeping(): void {
    for (const [, t] of this.#tables) t.kept = undefined;
  }

  /**
   * Writes `saved` (a rows() of the run being continued) through: each
   * table's rows, and its header unless the run wrote it already (when its
   * actors were built), in which case it must be the same.
   */
  replay(saved: readonly (Omit<TableRows, 'rows'> & { readonly rows: readonly (readonly unknown[])[] })[]): void {
    const byName = new Map(this.#tables);
    if (saved.length !== byName.size || saved.some((s) => !byName.has(s.table))) throw new InvariantError(`tables: ${saved.map((s) => s.table).join(', ')} saved`);
    for (const s of saved) {
      const t = byName.get(s.table)!;
      if (t.rows > 0) throw new InvariantError(`table ${s.table}: rows written before the restore`);
      if (s.header !== null && t.header_ === null) t.header(s.header);
      else if ((s.header ?? []).join(',') !== (t.header_ ?? []).join(',')) throw new InvariantError(`table ${s.table}: its columns differ from the saved run's`);
      for (const r of s.rows) {
        if (!Array.isArray(r) || !r.every((c) => typeof c === 'string' || typeof c === 'number')) throw new InvariantError(`table ${s.table}: a row of cells other than strings and numbers`);
        t.row(r as readonly Cell[]);
      }
    }
  }

  #sorted(): [string, HashingTable][] {
    return [...this.#tables].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}
