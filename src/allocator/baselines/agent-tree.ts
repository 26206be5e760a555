/**
 * First-fit search over agents by index: a segment tree that keeps, under
 * each node, the entry-wise maximum of the free resources of the agents
 * below it, so a search skips every subtree that cannot hold a task. Two
 * ways to fill it (both give an allocator the same choices):
 *
 * - `runTree`: the free agents of one run, sorted by index, built afresh
 *   (O(free agents × log) a run);
 * - `FreeAgentIndex`: every agent of the view at its own index, kept across
 *   runs and brought up to date from what changed (ClusterView.watchAgents):
 *   O(changed agents × resources × log agents) a run. An agent that is not
 *   free holds −Infinity, which no request fits.
 *
 * Either way the search returns the free agent of lowest index with room for
 * the request that `ok` accepts, asking `ok` about the same agents in the same
 * order (those with room, by index), so the choice depends on the agents'
 * free resources only.
 *
 * @module
 */
import { MaxTree } from '../../core/max-tree.js';
import type { Quantities } from '../../model/resources.js';
import type { AgentChanges, AgentView, ClusterView } from '../types.js';

/** The free agents of a run, each at a position of a max tree (by agent index). */
export interface AgentPositions {
  /** The free agents by index. */
  readonly agents: readonly AgentView[];
  /** The agent at position `i` (one of `agents`). */
  at(i: number): AgentView;
  /** Its position, undefined when it is not free. */
  positionOf(agent: AgentView): number | undefined;
  /** Position `i` now holds `free` (copied). */
  set(i: number, free: Quantities): void;
  /** The leftmost position holding at least `need` whose agent `ok` accepts; −1 if none. */
  find(need: Quantities, ok: (agent: AgentView) => boolean): number;
}

/** The agents with free resources now, by index. Cost O(free agents × log). */
export function sortedFreeAgents(view: ClusterView): AgentView[] {
  return [...view.freeAgents].sort((a, b) => a.index - b.index);
}

/** `agents` (free, by index) at positions 0, 1, … of a tree built for this run. */
export function runTree(view: ClusterView, agents: readonly AgentView[]): AgentPositions {
  const tree = new MaxTree(agents.length, view.space.size);
  const position = new Map<AgentView, number>();
  agents.forEach((a, i) => {
    position.set(a, i);
    tree.load(i, a.unreservedAvailable);
  });
  tree.rebuild();
  return {
    agents,
    at: (i) => agents[i]!,
    positionOf: (a) => position.get(a),
    set: (i, q) => tree.set(i, q),
    find: (need, ok) => tree.find(need, (i) => ok(agents[i]!)),
  };
}

/**
 * Every agent of a view at its own index, kept across runs: at each run the
 * agents the view reports changed, and those this index was told to change
 * during the last run (`set`: a run's grants, which the master may not have
 * made), are read again. The first run of a view (or a view without
 * `watchAgents`, where every run reads every agent) costs O(agents × log).
 */
export class FreeAgentIndex {
  /** @param room What of an agent the tree holds (by default what is available outside reservations). */
  constructor(private readonly room: (agent: AgentView) => Quantities = (a) => a.unreservedAvailable) {}

  #view: ClusterView | undefined;
  #changes: AgentChanges | undefined;
  #tree: MaxTree | undefined;
  /** Positions set during the last run: read again at the next. */
  readonly #touched = new Set<number>();

  /** The free agents by index, this run (computed on first use). */
  #sorted: AgentView[] | undefined;
  /** The positions over #view (made once per view). */
  #positions: AgentPositions | undefined;

  /** The positions for a run over `view` as it is now. */
  positions(view: ClusterView): AgentPositions {
    const fresh = view !== this.#view || this.#positions === undefined;
    this.#sync(view);
    this.#sorted = undefined;
    if (!fresh) return this.#positions!;
    const index = this;
    return (this.#positions = {
      get agents() {
        return (index.#sorted ??= sortedFreeAgents(view));
      },
      at: (i) => view.agents[i]!,
      positionOf: (a) => (view.freeAgents.has(a) ? a.index : undefined),
      set: (i, q) => {
        this.#touched.add(i);
        this.#tree!.set(i, q);
      },
      find: (need, ok) => this.#tree!.find(need, (i) => ok(view.agents[i]!)),
    });
  }

  #sync(view: ClusterView): MaxTree {
    if (this.#tree !== undefined && view === this.#view && this.#changes !== undefined) {
      for (const a of this.#changes.take()) this.#read(view, this.#tree, a.index);
      for (const i of this.#touched) this.#read(view, this.#tree, i);
      this.#touched.clear();
      return this.#tree;
    }
    this.#view = view;
    this.#changes = view.watchAgents?.();
    this.#touched.clear();
    const tree = new MaxTree(view.agents.length, view.space.size);
    for (const a of view.freeAgents) tree.load(a.index, this.room(a));
    tree.rebuild();
    return (this.#tree = tree);
  }

  #read(view: ClusterView, tree: MaxTree, i: number): void {
    const agent = view.agents[i]!;
    if (view.freeAgents.has(agent)) tree.set(i, this.room(agent));
    else tree.set(i, undefined);
  }
}
