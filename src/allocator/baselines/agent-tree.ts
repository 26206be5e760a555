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

/**
 * A segment tree over `n` positions of vectors of `r` entries: each node holds
 * the entry-wise maximum of the leaves under it. Leaves start at −Infinity
 * (nothing fits). A search costs O(r × log n) when the maximum does not
 * mislead, O(r × n) at worst (room in each resource but at different
 * positions, or `ok` refusing); a change O(r × log n).
 */
export class MaxTree {
  readonly #size: number;
  /** Node k's maximum is at [k × r, (k + 1) × r); the root is node 1, leaf i is node size + i. */
  readonly #max: Float64Array;

  constructor(
    readonly n: number,
    private readonly r: number,
  ) {
    let size = 1;
    while (size < n) size *= 2;
    this.#size = size;
    this.#max = new Float64Array(2 * size * r).fill(-Infinity);
  }

  /** Leaf `i` holds `q`, ancestors not yet updated (call `rebuild` after the last). */
  load(i: number, q: Quantities): void {
    this.#max.set(q, (this.#size + i) * this.r);
  }

  /** Every inner node from its children: O(n × r). */
  rebuild(): void {
    for (let k = this.#size - 1; k >= 1; k--) this.#pull(k);
  }

  /** Leaf `i` now holds `q`; its ancestors are brought up to date. */
  set(i: number, q: Quantities): void {
    let k = this.#size + i;
    this.#max.set(q, k * this.r);
    for (k >>= 1; k >= 1; k >>= 1) this.#pull(k);
  }

  /** Leaf `i` holds −Infinity (nothing fits). */
  clear(i: number): void {
    let k = this.#size + i;
    this.#max.fill(-Infinity, k * this.r, (k + 1) * this.r);
    for (k >>= 1; k >= 1; k >>= 1) this.#pull(k);
  }

  /** The leftmost leaf below `n` holding at least `need` that `ok` accepts; −1 if none. */
  find(need: Quantities, ok: (i: number) => boolean): number {
    return this.#find(1, need, ok);
  }

  #find(k: number, need: Quantities, ok: (i: number) => boolean): number {
    const r = this.r;
    for (let j = 0; j < r; j++) if (need[j]! > this.#max[k * r + j]!) return -1;
    if (k >= this.#size) {
      const i = k - this.#size;
      return i < this.n && ok(i) ? i : -1;
    }
    const left = this.#find(2 * k, need, ok);
    return left >= 0 ? left : this.#find(2 * k + 1, need, ok);
  }

  #pull(k: number): void {
    const r = this.r;
    const max = this.#max;
    for (let j = 0; j < r; j++) max[k * r + j] = Math.max(max[2 * k * r + j]!, max[(2 * k + 1) * r + j]!);
  }
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
    for (const a of view.freeAgents) tree.load(a.index, a.unreservedAvailable);
    tree.rebuild();
    return (this.#tree = tree);
  }

  #read(view: ClusterView, tree: MaxTree, i: number): void {
    const agent = view.agents[i]!;
    if (view.freeAgents.has(agent)) tree.set(i, agent.unreservedAvailable);
    else tree.clear(i);
  }
}
