/**
 * What an actor implements to be saved in a checkpoint and restored from it
 * (snapshot.ts). Its own file, importing nothing, so that any actor may
 * implement it without importing the codec.
 *
 * @module
 */

/** An actor whose state can be saved as data and restored from it. */
export interface Snapshotting<S> {
  /** Its state now, as data (plain objects, arrays, Maps, Sets, typed arrays, numbers, strings; tasks and built objects by reference). */
  saveState(): S;
  /** Takes `state`, a saveState() of the same actor in the same scenario, in place of its own; throws when it cannot be its state. */
  loadState(state: S): void;
  /** Why its state cannot be saved after all (a part it holds has no snapshot), or undefined when it can; absent: it can. */
  whyNotSaved?(): string | undefined;
}
