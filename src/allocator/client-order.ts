/**
 * A persistent order of sort clients, as Mesos's DRFSorter keeps one: the
 * clients are sorted once, then a client whose share or grants changed is
 * moved to its new place (found by binary search) and no other moves. For a
 * deterministic sorter's `compare`, the order is at every moment exactly the
 * one that sorting the clients afresh would give: the stable sort of the
 * clients in the order first given (ties on `compare` keep that order).
 *
 * Moves are deferred: `changed` marks a client, and the next `current` moves
 * the marked ones. So a caller may go on iterating the array `current`
 * returned while it records changes, and sees the order as it was when the
 * iteration began, as it would with a fresh sort.
 *
 * @module
 */
import type { SortClient } from './sorter.js';

/** A client in a ClientOrder: its share and grants as last placed. */
export interface OrderedClient<T> extends SortClient<T> {
  share: number;
  grants: number;
  /** Position in the order first given (the final tie-break, as a stable sort keeps it). */
  readonly rank: number;
  /** Marked by `changed`, not moved yet. */
  stale: boolean;
}

/** Sets a client's `share` and `grants` to what they are now (after `changed`). */
export type Measure<T> = (client: OrderedClient<T>) => void;

export class ClientOrder<T> {
  readonly #clients: OrderedClient<T>[];
  readonly #stale: OrderedClient<T>[] = [];
  readonly #compare: (a: OrderedClient<T>, b: OrderedClient<T>) => number;

  /** `compare` is the sorter's total order on share, grants and key. */
  constructor(
    clients: readonly SortClient<T>[],
    compare: (a: SortClient<T>, b: SortClient<T>) => number,
    private readonly measure: Measure<T>,
  ) {
    this.#compare = (a, b) => compare(a, b) || a.rank - b.rank;
    this.#clients = clients.map((c, rank) => ({ item: c.item, share: c.share, grants: c.grants, key: c.key, weight: c.weight, rank, stale: false }));
    this.#clients.sort(this.#compare);
  }

  /** The clients in order, marked ones moved first. The array is this order's own: read it, do not keep it past the next `current`. */
  current(): readonly OrderedClient<T>[] {
    if (this.#clients.length === 1) {
      // Nothing to order: a lone client is not measured again (its share and grants go stale).
      for (const c of this.#stale) c.stale = false;
    } else {
      for (const c of this.#stale) this.#move(c);
    }
    this.#stale.length = 0;
    return this.#clients;
  }

  /** Marks `client`: its share or grants changed; it moves at the next `current`. */
  changed(client: OrderedClient<T>): void {
    if (client.stale) return;
    client.stale = true;
    this.#stale.push(client);
  }

  #move(client: OrderedClient<T>): void {
    const list = this.#clients;
    const from = this.#indexOf(client); // (found by its old share and grants)
    this.measure(client);
    client.stale = false;
    // Where it belongs among the others (the order without it): the first position whose client comes after it.
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compare(list[mid < from ? mid : mid + 1]!, client) < 0) lo = mid + 1;
      else hi = mid;
    }
    // Shift the clients between its old place and its new one by one, toward the old.
    if (lo > from) for (let i = from; i < lo; i++) list[i] = list[i + 1]!;
    else for (let i = from; i > lo; i--) list[i] = list[i - 1]!;
    list[lo] = client;
  }

  /** Its position, by binary search on the values it was placed with. */
  #indexOf(client: OrderedClient<T>): number {
    const list = this.#clients;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const other = list[mid]!;
      if (other === client) return mid;
      if (this.#compare(other, client) < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    throw new Error(`client '${client.key}' is not in its order (its share or grants changed without changed())`);
  }
}
