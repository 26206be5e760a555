/**
 * A run's actors, by name, for its snapshot (format 3, snapshot.ts): the
 * kernel, the master, agents, frameworks, the allocator, fault models,
 * workload sources and the metrics. The run (run.ts) lists every object that
 * holds state; an actor that implements `Snapshotting` is saved and restored,
 * one that does not makes the whole run not restorable, named (`whyNot`): its
 * checkpoints are format 1 and continue by replay.
 *
 * Restoring happens in a world built from the scenario as any run's is:
 * every actor listed takes its saved state in place of its own, in the order
 * listed; objects made when the world is built are shared by key
 * (`BuiltKind`), so the restored actors keep referring to one another.
 *
 * @module
 */
import { InputError } from '../errors.js';
import type { TablePrefix } from './state.js';
import { snapshotSha256, type Snapshot } from './format.js';
import { decodeSnapshot, encodeSnapshot, type BuiltKind, type Snapshotting } from './snapshot.js';

/** The objects of a run that hold state, by name (undefined: the run has none of that kind). */
export type RunActors = Readonly<Record<string, unknown>>;

export interface RunParts {
  readonly actors: RunActors;
  readonly built: readonly BuiltKind[];
}

const snapshotting = (x: unknown): x is Snapshotting<unknown> =>
  typeof x === 'object' && x !== null && typeof (x as Snapshotting<unknown>).saveState === 'function' && typeof (x as Snapshotting<unknown>).loadState === 'function';

/** The actors present, by name, in order. */
const present = (actors: RunActors): [string, unknown][] => Object.entries(actors).filter(([, a]) => a !== undefined);

/** Why the run cannot be saved as its state: the actors that have no snapshot; undefined when every one has. */
export function whyNot(actors: RunActors): string | undefined {
  const missing = present(actors).flatMap(([name, a]) => {
    const why = (a as Partial<Snapshotting<unknown>>).whyNotSaved?.();
    if (!snapshotting(a)) return [why === undefined ? name : `${name} (${why})`];
    return why === undefined ? [] : [`${name} (${why})`];
  });
  return missing.length === 0 ? undefined : `no snapshot of ${missing.join(', ')}`;
}

/** Every actor's state now, and each table's header and bytes so far: the snapshot a format-3 checkpoint holds. */
export function saveRun(parts: RunParts, tables: readonly TablePrefix[]): Snapshot {
  const entries = present(parts.actors) as [string, Snapshotting<unknown>][];
  const state = Object.fromEntries(entries.map(([name, a]) => [name, a.saveState()]));
  const content = {
    parts: entries.map(([name]) => name),
    graph: encodeSnapshot(state, { built: parts.built }) as Snapshot['graph'],
    tables: tables.map((t) => ({ table: t.table as Snapshot['tables'][number]['table'], header: t.header === null ? null : [...t.header], bytes: t.bytes })),
  };
  return { ...content, sha256: snapshotSha256(content) };
}

/**
 * Every actor of `parts` takes its state in `snapshot`, after `first` (the
 * random streams and tables, restored by their owner). `where` names the
 * checkpoint for messages: a snapshot of other actors, or one that cannot be
 * decoded or taken, is an input error (one line).
 */
export function restoreRun(parts: RunParts, snapshot: Snapshot, where: string, first: () => void): void {
  const entries = present(parts.actors);
  const names = entries.map(([name]) => name);
  const refuse = (why: string): never => {
    throw new InputError(`sim: checkpoint ${where}: its state cannot be restored: ${why} (expected a checkpoint that sim run --checkpoint-at wrote for this scenario)`);
  };
  if (names.join(',') !== snapshot.parts.join(',')) refuse(`it saved ${snapshot.parts.join(', ')}; this run has ${names.join(', ')}`);
  const why = whyNot(parts.actors);
  if (why !== undefined) refuse(why);
  try {
    first();
  } catch (e) {
    // A saved table's file that changed says so itself (cli/table-prefix.ts).
    if (e instanceof InputError) throw e;
    refuse(oneLine(e));
  }
  let state: Record<string, unknown>;
  try {
    state = decodeSnapshot(snapshot.graph, { built: parts.built }) as Record<string, unknown>;
  } catch (e) {
    return refuse(oneLine(e));
  }
  if (typeof state !== 'object' || state === null) refuse('its graph holds no actors');
  for (const [name, actor] of entries as [string, Snapshotting<unknown>][]) {
    if (!Object.hasOwn(state, name)) refuse(`no state of ${name}`);
    try {
      actor.loadState(state[name]);
    } catch (e) {
      refuse(`${name}: ${oneLine(e)}`);
    }
  }
}

const oneLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').slice(0, 300);
