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
import { aleaSkipped, streamSeed, type DrawState, type Random, type RandomSource } from '../core/random.js';
import type { Snapshotting } from './snapshotting.js';
import { csvLine } from '../metrics/csv-text.js';
import { nullTable, type Cell, type RunSinks, type TableSink } from '../metrics/sinks.js';
import { InvariantError } from '../errors.js';
import { RESULT_TABLES, type RunState } from './format.js';

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
    return {
      next: () => entry.prng(),
      track: (state) => this.#track(state),
      skip: (n) => {
        entry.prng = aleaSkipped(entry.prng, n);
      },
    };
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

/**
 * A sink that hashes every row's CSV text (the bytes a result file gets:
 * csvLine for a row of cells, the text itself for a row given as text) and
 * counts its rows and bytes, before passing the row on. Takes rows as text
 * (`line`) only when the sink behind it does.
 */
class HashingTable implements TableSink {
  readonly #hash: Hash = createHash('sha256');
  /** False after the run's last moment: no digest is asked for any more. */
  hashing = true;
  rows = 0;
  /** UTF-8 bytes of the text so far (the header's and the rows'). */
  bytes = 0;
  header_: readonly string[] | null = null;
  /** The saved table's sha256 once restored: the hash of what the saved run wrote, which this run did not see. */
  #restored: string | undefined;
  /** Rows given since the restore (after which no digest can be told). */
  #since = 0;
  readonly line?: (text: string) => void;

  constructor(readonly inner: TableSink) {
    const innerLine = inner.line?.bind(inner);
    if (innerLine !== undefined) {
      this.line = (text) => {
        this.#add(text);
        innerLine(text);
      };
    }
  }
  header(columns: readonly string[]): void {
    this.header_ = [...columns];
    const text = csvLine(columns);
    this.#hash.update(text);
    this.bytes += Buffer.byteLength(text);
    this.inner.header(columns);
  }
  row(cells: readonly Cell[]): void {
    if (!this.hashing && this.inner.line === undefined) {
      this.#add('');
      this.inner.row(cells);
      return;
    }
    const text = csvLine(cells);
    this.#add(text);
    if (this.inner.line !== undefined) this.inner.line(text);
    else this.inner.row(cells);
  }
  #add(text: string): void {
    this.rows++;
    this.#since++;
    if (!this.hashing) return;
    this.bytes += Buffer.byteLength(text);
    this.#hash.update(text);
  }
  /** sha256 of the text so far (the hash goes on). */
  digest(): string {
    if (!this.hashing) throw new InvariantError('a table digest asked for after the last moment');
    if (this.#restored === undefined) return this.#hash.copy().digest('hex');
    if (this.#since > 0) throw new InvariantError('a restored table has no digest once rows follow the restore');
    return this.#restored;
  }
  /** Takes the saved table's place: its `rows`, `bytes` and sha256, its text put in the sink behind (read through `prefix`). */
  restore(saved: TablePrefix, sha256: string, rows: number, prefix: PrefixSource | undefined): void {
    if (this.#since > 0) throw new InvariantError(`table ${saved.table}: rows written before the restore`);
    const mine = this.header_;
    if (mine !== null && (saved.header === null || csvLine(saved.header) !== csvLine(mine))) throw new InvariantError(`table ${saved.table}: its columns differ from the saved run's`);
    if (rows > 0) {
      // The saved run's text, header and rows, in place of whatever this run wrote: only a sink that writes a file takes it.
      if (this.inner.restoreText !== undefined) {
        if (prefix === undefined) throw new InvariantError(`table ${saved.table}: no file to continue it from`);
        this.inner.restoreText(prefix(saved.table, saved.bytes, sha256), rows);
      } else if (this.inner !== nullTable) throw new InvariantError(`table ${saved.table}: its sink cannot take the saved rows`);
    } else if (saved.header !== null && mine === null) this.inner.header(saved.header);
    this.header_ = saved.header;
    this.rows = rows;
    this.bytes = saved.bytes;
    this.#restored = sha256;
  }
}

/** One table's header and the bytes of its text (header and rows) so far: what a checkpoint that holds the state saves of it (the text is its result file's first bytes). */
export interface TablePrefix {
  readonly table: string;
  readonly header: readonly string[] | null;
  readonly bytes: number;
}

/**
 * The saved run's text of `table` (its first `bytes` bytes, whose sha256 must
 * be `sha256`), as chunks of bytes: the CLI reads it from the result file
 * beside the checkpoint (cli/table-prefix.ts) and throws an InputError when
 * the file is missing, shorter or changed.
 */
export type PrefixSource = (table: string, bytes: number, sha256: string) => Iterable<Uint8Array>;

/** Every table of a run. */
const TABLES = RESULT_TABLES satisfies readonly (keyof RunSinks)[];
// A table added to RunSinks and not listed above does not compile.
type Unlisted = Exclude<keyof RunSinks, (typeof TABLES)[number]>;
const everyTableListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyTableListed;

/**
 * The run's sinks, each behind a hashing one. Every table is made, a table
 * the run does not keep (`sim compare --no-tables`, a sweep's cell) into
 * nothing: its rows are hashed all the same, so that the state at T is the
 * same whichever tables a run writes. No row is kept: a checkpoint that
 * holds the state records each table's bytes so far, and a run continued
 * from it copies them from the saved run's result files.
 */
export class HashingSinks {
  readonly #tables: [string, HashingTable][] = [];
  readonly sinks: RunSinks;

  constructor(sinks: RunSinks) {
    const wrapped: Record<string, TableSink> = {};
    for (const name of TABLES) {
      const table = new HashingTable(sinks[name] ?? nullTable);
      this.#tables.push([name, table]);
      wrapped[name] = table;
    }
    this.sinks = wrapped as unknown as RunSinks;
  }

  /** Each table's rows so far, in a fixed order (by name). */
  tables(): RunState['tables'] {
    return this.#sorted().map(([table, t]) => ({ table, rows: t.rows, sha256: t.digest() }));
  }

  /** Hashes no more rows (after the run's last moment, when no digest is asked for again). */
  stopHashing(): void {
    for (const [, t] of this.#tables) t.hashing = false;
  }

  /** Each table's header and bytes so far, in the order of tables(). */
  prefixes(): TablePrefix[] {
    return this.#sorted().map(([table, t]) => ({ table, header: t.header_, bytes: t.bytes }));
  }

  /**
   * Each table takes its saved state: `saved` (a prefixes() of the run being
   * continued) with `state` (its tables(), the rows and sha256 of each), the
   * text read through `prefix` into every table that writes a file. A table
   * whose header this run wrote already (when its actors were built) must
   * have the saved run's columns.
   */
  restore(saved: readonly TablePrefix[], state: RunState['tables'], prefix: PrefixSource | undefined): void {
    const byName = new Map(this.#tables);
    const states = new Map(state.map((t) => [t.table, t]));
    if (saved.length !== byName.size || saved.some((s) => !byName.has(s.table) || !states.has(s.table))) throw new InvariantError(`tables: ${saved.map((s) => s.table).join(', ')} saved`);
    for (const s of saved) {
      const { rows, sha256 } = states.get(s.table)!;
      byName.get(s.table)!.restore(s, sha256, rows, prefix);
    }
  }

  #sorted(): [string, HashingTable][] {
    return [...this.#tables].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}
